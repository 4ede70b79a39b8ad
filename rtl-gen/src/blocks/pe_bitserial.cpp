// qsr_pe_bitserial: the bit-serial PE (docs/bitserial-array.md): one weight term per cycle,
// psum/acc += nz ? +-(a << shift) : 0.
//
// The term {nz, neg, shift} comes from an edge term generator (qsr_bitserial_termgen), so the
// PE holds no code logic: a barrel shift of the activation by at most the largest term shift,
// a conditional negate and the accumulate. Like the int PE there is exactly one register stage
// before the accumulate (arch::peProductStages = 1), so the array's wavefront timing is the
// int array's. The shifted activation is exact in ProdBits; the config validates acc_bits
// against k_max times the largest |a * w|, so extending or truncating to acc_bits is exact.
#include "pe_bitserial.h"
#include "blocks.h"

#include "quasar/arch/timing.h"
#include "quasar/models/bitserial.h"

#include <algorithm>
#include <stdexcept>

namespace quasar::blocks {
namespace {

using config::BitmodMode;
using ir::build::assign;
using ir::build::ifThen;

namespace bs = models::bitserial;

bs::Mode goldenMode(BitmodMode m) {
  switch (m) {
  case BitmodMode::Fp4:
    return bs::Mode::Fp4;
  case BitmodMode::Fp3:
    return bs::Mode::Fp3;
  case BitmodMode::Int8:
    return bs::Mode::Int8;
  case BitmodMode::Int6:
    return bs::Mode::Int6;
  case BitmodMode::Int4:
    return bs::Mode::Int4;
  }
  throw std::logic_error("bitmod mode");
}

int modeTerms(BitmodMode m) { return bs::termsPerWeight(goldenMode(m)); }

// Largest shift of a non-zero term over every code and special index of the mode, from the
// golden term tables (fp4: the special 16 = 2^4; int8: Booth digit +-2 at the top, 7).
int modeMaxShift(BitmodMode m) {
  const bs::Mode mode = goldenMode(m);
  const int specials = bs::isFloatMode(mode) ? 4 : 1;
  int largest = 0;
  for (uint32_t code = 0; code < (1u << bs::codeBits(mode)); ++code)
    for (int index = 0; index < specials; ++index)
      for (const bs::Term &t : bs::bitmodTerms(code, mode, index))
        if (t.sign != 0)
          largest = std::max(largest, t.shift);
  return largest;
}

template <typename F> int maxOverModes(const config::AccelConfig &cfg, F f) {
  int m = 0;
  for (BitmodMode mode : cfg.pe.bitserial.modes)
    m = std::max(m, f(mode));
  return m;
}

int aBitsBitserial(const config::AccelConfig &cfg) { return cfg.pe.a_bits; }
int wBitsBitserial(const config::AccelConfig &cfg) { return bitserialTermBits(cfg); }
bool hasResetBitserial(const config::AccelConfig &cfg) {
  return cfg.array.dataflow == config::Dataflow::OutputStationary;
}

ir::Module buildPeBitserial(const BlockContext &ctx) {
  const config::AccelConfig &cfg = ctx.cfg;
  const bool ws = cfg.array.dataflow == config::Dataflow::WeightStationary;
  const int aBits = cfg.pe.a_bits, accBits = cfg.pe.acc_bits;
  const int aExt = aBits + (cfg.pe.a_signed ? 0 : 1);
  const int shiftBits = bitserialShiftBits(cfg), termBits = bitserialTermBits(cfg);
  const int prodBits = aExt + bitserialMaxShift(cfg) + 1; // +-(a << shift), negation included
  if (arch::peProductStages(cfg) != 1)
    throw std::logic_error("qsr_pe_bitserial is built with exactly one product register");

  ModuleBuilder b(ctx, "qsr_pe_bitserial",
                  std::string("bit-serial PE (") + (cfg.pe.a_signed ? "signed " : "unsigned ") +
                      std::to_string(aBits) + "-bit activations x one weight term per cycle, " +
                      std::to_string(accBits) + "-bit accumulation, " + (ws ? "weight" : "output") +
                      "-stationary)");
  std::vector<std::string> lines = {
      "A term {nz, neg, shift} from the edge term generator contributes nz ? +-(a << shift) : 0.",
      "Register stage: that value (a negative one as ~(a << shift) plus a carry-in bit); then",
      "it is added: one term per cycle per PE."};
  if (ws) {
    lines.push_back("Holds one stationary term (term j of its weight during pass j);");
    lines.push_back("psum_o = psum_i + term * a two cycles after a_i. No reset (datapath only).");
  } else {
    lines.push_back("Accumulates while a_valid says the pair is real; drain_i loads acc_i (the PE");
    lines.push_back("above) instead, as qsr_pe_int.");
  }
  b.describe(lines);
  b.localInt("ABits", aBits, ctx.cite("pe.a_bits"));
  b.localInt("ShiftBits", shiftBits,
             "largest term shift " + std::to_string(bitserialMaxShift(cfg)));
  b.localInt("WBits", termBits, "term {nz, neg, shift}");
  b.localInt("AccBits", accBits, ctx.cite("pe.acc_bits"));
  b.localInt("ProdBits", prodBits, "a (signed) << largest shift, negated: exact");

  addPePorts(b, ctx, ws, aBits, termBits, accBits);

  b.banner("Term fields");
  b.net("a_q", aBits, "ABits", "activation to the right");
  b.net("w_q", termBits, "WBits", ws ? "stationary term" : "term to below");
  b.net("w_use", termBits, "WBits", "the term this cycle uses");
  b.assign("w_use", ws ? "w_q" : "w_i");
  b.net("t_nz", 1, {}, "term is not zero");
  b.net("t_neg", 1, {}, "term is negative");
  b.net("t_shift", shiftBits, "ShiftBits");
  b.assign("t_nz", "w_use[WBits-1]");
  b.assign("t_neg", "w_use[WBits-2]");
  b.assign("t_shift", "w_use[ShiftBits-1:0]");

  b.banner("Shift and sign");
  b.net("a_ext", prodBits, "ProdBits", "the activation as a signed ProdBits number");
  b.net("a_shift", prodBits, "ProdBits", "a << shift");
  b.net("term_d", prodBits, "ProdBits", "nz ? (neg ? ~(a << shift) : a << shift) : 0");
  b.assign("a_ext", cfg.pe.a_signed ? ir::build::signExtend("a_i", aBits, prodBits)
                                    : ir::build::zeroExtend("a_i", aBits, prodBits));
  b.assign("a_shift", "a_ext << t_shift");
  // -x = ~x + 1: the register holds ~x and the +1 enters the accumulate as a carry-in, so no
  // separate negation adder (qsr_pe_bitserial ws alone: 74 -> 58 LUTs, synth_xilinx).
  b.comb(
      {assign("term_d", "'0"), ifThen("t_nz", {assign("term_d", "t_neg ? ~a_shift : a_shift")})});
  b.net("neg_d", 1, {}, "the +1 of a negative term's two's complement");
  b.assign("neg_d", "t_nz & t_neg");
  b.net("term_q", prodBits, "ProdBits", "registered term, ones' complement when negative");
  b.net("neg_q", 1, {}, "registered +1 of a negative term");
  b.net("neg_acc", accBits, "AccBits", "neg_q as an addend");
  b.assign("neg_acc", ir::build::zeroExtend("neg_q", 1, accBits));
  b.net("term_acc", accBits, "AccBits", "the same in acc_bits");
  addToAccWidth(b, "term_acc", "term_q", prodBits, "ProdBits", accBits, "unused_term_hi");

  addPeAccumulate(b, ws, accBits,
                  {{assign("term_q", "term_d"), assign("neg_q", "neg_d")}, "term_valid_q",
                   "term_acc + neg_acc"});
  return b.take();
}

} // namespace

bool isBitplane(const config::AccelConfig &cfg) {
  return cfg.pe.bitserial.encoding == config::BitEncoding::Bitplane;
}

int bitserialCodeBits(const config::AccelConfig &cfg) {
  // The stream's weight lane (arch::weightWordFormat): the config derives it as w_bits_max
  // (bitplane) or 8 (bitmod, the int8 code; narrower codes sit in the low bits).
  return cfg.pe.w_bits;
}

int bitserialMaxShift(const config::AccelConfig &cfg) {
  return isBitplane(cfg) ? cfg.pe.bitserial.w_bits_max - 1 : maxOverModes(cfg, modeMaxShift);
}

int bitserialShiftBits(const config::AccelConfig &cfg) {
  return ir::build::bitsFor(bitserialMaxShift(cfg));
}

int bitserialTermBits(const config::AccelConfig &cfg) { return 2 + bitserialShiftBits(cfg); }

int bitserialMaxTerms(const config::AccelConfig &cfg) {
  return isBitplane(cfg) ? cfg.pe.bitserial.w_bits_max : maxOverModes(cfg, modeTerms);
}

int bitserialTermIndexBits(const config::AccelConfig &cfg) {
  return ir::build::bitsFor(bitserialMaxTerms(cfg) - 1);
}

bool bitserialPadNeedsValid(const config::AccelConfig &cfg) {
  return isBitplane(cfg) && cfg.pe.bitserial.binary == config::BitBinary::PlusMinusOne;
}

int bitserialPrecBits(const config::AccelConfig &cfg) {
  return ir::build::bitsFor(cfg.pe.bitserial.w_bits_max);
}

int bitserialColumnSumBits(const config::AccelConfig &cfg) {
  const int aExt = cfg.pe.a_bits + (cfg.pe.a_signed ? 0 : 1);
  // |term value| <= 2^(aExt-1) << max shift; rows of them; one more bit for the sign.
  const long long maxAbs = (long long)cfg.array.rows << (aExt - 1 + bitserialMaxShift(cfg));
  return ir::build::bitsFor(maxAbs) + 1;
}

const PeFamily &bitserialPeFamily() {
  static const PeFamily family{"bitserial",      aBitsBitserial, wBitsBitserial, hasResetBitserial,
                               buildPeBitserial, nullptr,        nullptr,        nullptr};
  return family;
}

} // namespace quasar::blocks
