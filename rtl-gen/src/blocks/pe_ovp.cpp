// qsr_pe_ovp: the exp-int PE of the OVP array (docs/ovp-array.md): acc += (i_a * i_w) <<
// (e_a + e_w), specs/ovp.md "Decoding for the MAC".
//
// Operands arrive already decoded by the edge decoders (qsr_ovp_decoder), as {exp, int} with
// the int in the low bits: an OVP-4 operand is 7 bits ({exp[2:0], int[3:0]}), an int8
// activation (pe.ovp.mode w4a8) is the plain 8-bit integer with exponent 0. Like the int PE
// there is exactly one register stage before the accumulate (arch::peProductStages = 1): it
// holds the small signed product and the exponent sum; the barrel shift sits in front of the
// adder. The shifted product's true value always fits acc_bits (the config validates acc_bits
// against k_max times the largest product, two outliers), so truncating it is exact.
#include "blocks.h"
#include "pe_ovp.h"

#include "quasar/arch/timing.h"

#include <stdexcept>

namespace quasar::blocks {
namespace {

using ir::build::assign;

bool w4a4(const config::AccelConfig &cfg) { return cfg.pe.ovp.mode == config::OvpMode::W4A4; }

int aBitsOvp(const config::AccelConfig &cfg) { return ovpOperandBits(cfg, true); }
int wBitsOvp(const config::AccelConfig &cfg) { return ovpOperandBits(cfg, false); }
// The array takes 5-bit tagged codes {outlier, nibble} (qsr_ovp_unpack_*, after the buffer
// read); int8 activations (w4a8) are not decoded.
int aLaneBitsOvp(const config::AccelConfig &cfg) { return w4a4(cfg) ? kOvpCodeBits : 0; }
int wLaneBitsOvp(const config::AccelConfig &) { return kOvpCodeBits; }
bool hasResetOvp(const config::AccelConfig &cfg) {
  return cfg.array.dataflow == config::Dataflow::OutputStationary;
}

ir::Module buildPeOvp(const BlockContext &ctx) {
  const config::AccelConfig &cfg = ctx.cfg;
  const bool ws = cfg.array.dataflow == config::Dataflow::WeightStationary;
  const bool both = w4a4(cfg);
  const int aBits = ovpOperandBits(cfg, true), wBits = ovpOperandBits(cfg, false);
  const int aIntBits = both ? kOvpIntBits : 8, wIntBits = kOvpIntBits;
  const int prodBits = aIntBits + wIntBits;       // exact signed product
  const int esumBits = both ? kOvpExpBits + 1 : kOvpExpBits; // e_a + e_w <= 12, or e_w <= 6
  const int accBits = cfg.pe.acc_bits;
  if (arch::peProductStages(cfg) != 1)
    throw std::logic_error("qsr_pe_ovp is built with exactly one product register");

  ModuleBuilder b(ctx, "qsr_pe_ovp",
                  std::string("exp-int PE (") + (both ? "OVP-4 activations" : "int8 activations") +
                      " x OVP-4 weights, " + std::to_string(accBits) + "-bit accumulation, " +
                      (ws ? "weight" : "output") + "-stationary)");
  std::vector<std::string> lines = {
      "Operands are decoded (exp, int) pairs from the edge decoders: value = int << exp.",
      "Register stage: the signed product i_a * i_w and the shift e_a + e_w; then the",
      "product is sign-extended, shifted and added: acc += (i_a * i_w) << (e_a + e_w)."};
  if (ws) {
    lines.push_back("Holds one stationary decoded weight; psum_o = psum_i + a * w two cycles after");
    lines.push_back("a_i. Only datapath registers, so no reset (as qsr_pe_int).");
  } else {
    lines.push_back("Accumulates while a_valid says the pair is real; drain_i loads acc_i (the PE");
    lines.push_back("above) instead, as qsr_pe_int.");
  }
  b.describe(lines);

  b.localInt("ABits", aBits, both ? "{exp[2:0], int[3:0]} (cfg: pe.ovp.mode)" : "int8 (cfg: pe.ovp.mode)");
  b.localInt("WBits", wBits, "{exp[2:0], int[3:0]}");
  b.localInt("AccBits", accBits, ctx.cite("pe.acc_bits"));
  b.localInt("ProdBits", prodBits, "exact product of the two ints");
  b.localInt("ESumBits", esumBits, "exponent sum");

  addPePorts(b, ctx, ws, aBits, wBits, accBits);

  b.banner("Operand fields");
  b.net("a_q", aBits, "ABits", "activation to the right");
  b.net("w_q", wBits, "WBits", ws ? "stationary weight" : "weight to below");
  b.net("w_use", wBits, "WBits", "the weight this cycle's product uses");
  b.assign("w_use", ws ? "w_q" : "w_i");
  b.netSigned("a_ext", prodBits, "ProdBits");
  b.netSigned("w_ext", prodBits, "ProdBits");
  b.net("w_exp", kOvpExpBits);
  b.net("a_int", aIntBits, {}, both ? "int field of the activation" : "the int8 activation");
  b.net("w_int", wIntBits, {}, "int field of the weight");
  b.assign("a_int", both ? "a_i[" + std::to_string(aIntBits - 1) + ":0]" : "a_i");
  b.assign("w_int", "w_use[" + std::to_string(wIntBits - 1) + ":0]");
  b.assign("a_ext", ir::build::signExtend("a_int", aIntBits, prodBits));
  b.assign("w_ext", ir::build::signExtend("w_int", wIntBits, prodBits));
  b.assign("w_exp", "w_use[WBits-1 -: " + std::to_string(kOvpExpBits) + "]");
  b.net("esum", esumBits, "ESumBits", both ? "e_a + e_w" : "e_w (int8 activations: e_a = 0)");
  if (both) {
    b.net("a_exp", kOvpExpBits);
    b.assign("a_exp", "a_i[ABits-1 -: " + std::to_string(kOvpExpBits) + "]");
    b.assign("esum", "{1'b0, a_exp} + {1'b0, w_exp}");
  } else {
    b.assign("esum", "w_exp");
  }

  b.banner("Multiply and shift");
  b.netSigned("prod_q", prodBits, "ProdBits");
  b.net("esum_q", esumBits, "ESumBits");
  // Shift in the narrowest width that holds every shifted product exactly (any esum the
  // register can hold, not only the decoder's), then sign-extend: a 32-bit barrel shifter
  // in front of every adder would cost LUTs for bits that are copies of the sign.
  const int shiftBits = prodBits + (1 << esumBits) - 1;
  b.localInt("ShiftBits", shiftBits, "ProdBits + largest ESum: the shifted product, exact");
  b.net("prod_wide", shiftBits, "ShiftBits", "sign-extended product");
  b.net("shifted_n", shiftBits, "ShiftBits", "(i_a * i_w) << (e_a + e_w)");
  b.net("shifted", accBits, "AccBits", "the same in acc_bits");
  b.assign("prod_wide", ir::build::signExtend("prod_q", prodBits, shiftBits));
  b.assign("shifted_n", "prod_wide << esum_q");
  addToAccWidth(b, "shifted", "shifted_n", shiftBits, "ShiftBits", accBits, "unused_shift_hi");

  addPeAccumulate(
      b, ws, accBits,
      {{assign("prod_q", "a_ext * w_ext"), assign("esum_q", "esum")}, "prod_valid_q", "shifted"});
  return b.take();
}

} // namespace

int ovpOperandBits(const config::AccelConfig &cfg, bool activation) {
  if (activation && !w4a4(cfg)) return 8;
  return kOvpExpBits + kOvpIntBits;
}

const PeFamily &ovpPeFamily() {
  static const PeFamily family{"ovp",      aBitsOvp,        wBitsOvp,     hasResetOvp,
                               buildPeOvp, buildOvpDecoder, aLaneBitsOvp, wLaneBitsOvp};
  return family;
}

} // namespace quasar::blocks
