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
  int weightAddrBits = 0, actAddrBits = 0, accAddrBits = 0; // K-step addresses (compute unit)
  // The RAMs: one word per stream word. An OVP pair word (arch::kStepsPerWord = 2) holds two
  // K steps, so those RAMs have half the words, read at K-step address >> 1; else as above.
  int wStepsPerWord = 1, aStepsPerWord = 1;
  int weightRamDepth = 0, actRamDepth = 0;
  int weightRamBankWords = 0, actRamBankWords = 0;
  int weightRamAddrBits = 0, actRamAddrBits = 0;
  int macIncBits = 0;                  // MACs one feed cycle adds (<= rows * cols)
  int wordCountBits = 0;               // loader/compute word counters
};

Widths widthsOf(const config::AccelConfig &cfg);

} // namespace quasar::blocks
