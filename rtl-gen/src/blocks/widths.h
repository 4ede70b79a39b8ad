// Every derived width, depth and count the blocks share, computed once from the config and
// arch/ (tile shape, banks, word formats), so that two blocks never compute one number twice.
#pragma once

#include "quasar/arch/schedule.h"
#include "quasar/config/accel.h"

namespace quasar::blocks {

struct Widths {
  int rows = 0, cols = 0;
  int banks = 0;                       // arch::bankCount
  arch::TileShape tile;                // arch::tileShape
  int dimMBits = 0, dimNBits = 0, dimKBits = 0; // GEMM dimensions 0..limits.x_max
  int lenMBits = 0, lenNBits = 0, lenKBits = 0; // tile extents 1..tile.x
  int remMBits = 0, remNBits = 0, remKBits = 0; // remaining extents (walker)
  int aWordBits = 0, wWordBits = 0, oWordBits = 0; // one word of each stream
  int accWordBits = 0;                 // one accumulator buffer word (cols x acc_bits)
  int inBeatBits = 0, outBeatBits = 0;
  int aBeats = 0, wBeats = 0, oBeats = 0;          // beats per word
  int weightDepth = 0, actDepth = 0, accBankDepth = 0;
  int weightBankWords = 0, actBankWords = 0;
  int weightAddrBits = 0, actAddrBits = 0, accAddrBits = 0;
  int macIncBits = 0;                  // MACs one feed cycle adds (<= rows * cols)
  int wordCountBits = 0;               // loader/compute word counters
};

Widths widthsOf(const config::AccelConfig &cfg);

} // namespace quasar::blocks
