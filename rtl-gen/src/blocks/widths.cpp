#include "widths.h"

#include "quasar/arch/ovp_stream.h"
#include "quasar/arch/stream.h"
#include "quasar/arch/timing.h"
#include "quasar/rtlgen/ir.h"

#include <algorithm>

namespace quasar::blocks {

Widths widthsOf(const config::AccelConfig &cfg) {
  using ir::build::addrBits;
  using ir::build::bitsFor;
  Widths w;
  w.rows = cfg.array.rows;
  w.cols = cfg.array.cols;
  w.banks = arch::bankCount(cfg);
  w.tile = arch::tileShape(cfg);
  w.dimMBits = bitsFor(cfg.limits.m_max);
  // top: pipeline: N is the row length, up to post.row_max.
  w.dimNBits = bitsFor(cfg.top == config::TopKind::Pipeline ? cfg.post.row_max : cfg.limits.n_max);
  w.dimKBits = bitsFor(cfg.limits.k_max);
  w.lenMBits = bitsFor(w.tile.m);
  w.lenNBits = bitsFor(w.tile.n);
  w.lenKBits = bitsFor(w.tile.k);
  w.remMBits = std::max(w.dimMBits, w.lenMBits);
  w.remNBits = std::max(w.dimNBits, w.lenNBits);
  w.remKBits = std::max(w.dimKBits, w.lenKBits);
  const arch::WordFormat af = arch::activationWordFormat(cfg), wf = arch::weightWordFormat(cfg),
                         of = arch::outputWordFormat(cfg);
  w.aWordBits = af.lanes * af.laneBits;
  w.wWordBits = wf.lanes * wf.laneBits;
  w.oWordBits = of.lanes * of.laneBits;
  w.accWordBits = cfg.array.cols * cfg.pe.acc_bits;
  w.inBeatBits = cfg.interfaces.axis_in_bits;
  w.outBeatBits = cfg.interfaces.axis_out_bits;
  w.aBeats = af.beatsPerWord();
  w.wBeats = wf.beatsPerWord();
  w.oBeats = of.beatsPerWord();
  w.weightDepth = cfg.buffers.weight_depth;
  w.actDepth = cfg.buffers.act_depth;
  w.accBankDepth = arch::accBankWords(cfg);
  w.weightBankWords = arch::weightBankWords(cfg);
  w.actBankWords = arch::actBankWords(cfg);
  w.weightAddrBits = addrBits(w.weightDepth);
  w.actAddrBits = addrBits(w.actDepth);
  w.accAddrBits = addrBits(w.accBankDepth);
  w.wStepsPerWord = arch::kStepsPerWord(cfg, arch::Operand::Weights);
  w.aStepsPerWord = arch::kStepsPerWord(cfg, arch::Operand::Activations);
  w.weightRamDepth = w.weightDepth / w.wStepsPerWord;
  w.actRamDepth = w.actDepth / w.aStepsPerWord;
  w.weightRamBankWords = w.weightBankWords / w.wStepsPerWord;
  w.actRamBankWords = w.actBankWords / w.aStepsPerWord;
  w.weightRamAddrBits = addrBits(w.weightRamDepth);
  w.actRamAddrBits = addrBits(w.actRamDepth);
  w.macIncBits = bitsFor(int64_t(w.rows) * w.cols);
  // Words per phase: ws rows weight words or tile.m activation words; os tile.k of each.
  w.wordCountBits = bitsFor(std::max<int64_t>({w.rows, w.tile.m, w.tile.k}));
  return w;
}

} // namespace quasar::blocks
