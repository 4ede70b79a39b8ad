// qsr_pe_int: the integer PE, a_bits x w_bits (each signed or unsigned) into acc_bits.
//
// Operand decode: each operand becomes a signed number one bit wider when it is unsigned, so a
// single signed multiplier serves every signedness mix; the product register makes the
// multiplier a pipelined DSP (arch::peProductStages = 1). The product's true value always fits
// acc_bits (the config validates acc_bits against k_max products), so truncating a wider
// product to acc_bits is exact in two's complement.
#include "blocks.h"
#include "pe_ovp.h"

#include "pe_bitserial.h"
#include "quasar/arch/bitserial_timing.h"
#include "quasar/arch/timing.h"
#include "quasar/config/error.h"

namespace quasar::blocks {
namespace {

using ir::build::assign;

int aBitsInt(const config::AccelConfig &cfg) { return cfg.pe.a_bits; }
int wBitsInt(const config::AccelConfig &cfg) { return cfg.pe.w_bits; }
bool hasResetInt(const config::AccelConfig &cfg) {
  // ws PEs hold only datapath registers; os PEs hold accumulators and valid bits.
  return cfg.array.dataflow == config::Dataflow::OutputStationary;
}

// Signed operand of `ext` bits from an input of `bits` bits.
std::string decode(const std::string &sig, int bits, bool isSigned, int ext) {
  if (isSigned) return ir::build::signExtend(sig, bits, ext);
  return ir::build::zeroExtend(sig, bits, ext);
}

ir::Module buildPeInt(const BlockContext &ctx) {
  const config::AccelConfig &cfg = ctx.cfg;
  const bool ws = cfg.array.dataflow == config::Dataflow::WeightStationary;
  const int aBits = cfg.pe.a_bits, wBits = cfg.pe.w_bits, accBits = cfg.pe.acc_bits;
  const int aExt = aBits + (cfg.pe.a_signed ? 0 : 1);
  const int wExt = wBits + (cfg.pe.w_signed ? 0 : 1);
  const int prodBits = aExt + wExt; // exact product of the decoded operands
  if (arch::peProductStages(cfg) != 1)
    throw std::logic_error("qsr_pe_int is built with exactly one product register");

  ModuleBuilder b(ctx, "qsr_pe_int",
                  std::string("integer PE (") + (cfg.pe.a_signed ? "signed " : "unsigned ") +
                      std::to_string(aBits) + "-bit activations x " +
                      (cfg.pe.w_signed ? "signed " : "unsigned ") + std::to_string(wBits) +
                      "-bit weights, " + std::to_string(accBits) + "-bit accumulation, " +
                      (ws ? "weight" : "output") + "-stationary)");
  if (ws) {
    b.describe({"Holds one stationary weight. Each cycle it passes the activation to the right",
                "(one register) and adds its product to the partial sum coming from above:",
                "psum_o = psum_i + a * w, two cycles after a_i (product register, psum register).",
                "Only datapath registers, so no reset (the controller ignores results until the",
                "first valid activation has passed)."});
  } else {
    b.describe({"Accumulates a * w into its accumulator while a_valid says the operand pair is",
                "real (product register, then accumulate: two cycles after a_i). With drain_i",
                "the accumulator loads acc_i (the PE above) instead, so the array shifts its",
                "results down one row per cycle and zeros in from the top."});
  }

  b.localInt("ABits", aBits, ctx.cite("pe.a_bits"));
  b.localInt("WBits", wBits, ctx.cite("pe.w_bits"));
  b.localInt("AccBits", accBits, ctx.cite("pe.acc_bits"));
  b.localInt("ProdBits", prodBits, "exact product of the decoded operands");

  addPePorts(b, ctx, ws, aBits, wBits, accBits);

  b.banner("Operand decode");
  b.net("a_q", aBits, "ABits", "activation to the right");
  b.net("w_q", wBits, "WBits", ws ? "stationary weight" : "weight to below");
  b.netSigned("a_ext", prodBits, "ProdBits");
  b.netSigned("w_ext", prodBits, "ProdBits");
  b.assign("a_ext", decode("a_i", aBits, cfg.pe.a_signed, prodBits));
  b.assign("w_ext", decode(ws ? "w_q" : "w_i", wBits, cfg.pe.w_signed, prodBits));

  b.banner("Multiply");
  b.netSigned("prod_q", prodBits, "ProdBits");
  b.net("prod_acc", accBits, "AccBits");
  addToAccWidth(b, "prod_acc", "prod_q", prodBits, "ProdBits", accBits, "unused_prod_hi");

  addPeAccumulate(b, ws, accBits, {{assign("prod_q", "a_ext * w_ext")}, "prod_valid_q", "prod_acc"});
  return b.take();
}

} // namespace

const PeFamily &intPeFamily() {
  static const PeFamily family{"int", aBitsInt, wBitsInt, hasResetInt, buildPeInt, nullptr,
                               nullptr, nullptr};
  return family;
}

const PeFamily &peFamily(const config::AccelConfig &cfg) {
  switch (cfg.pe.type) {
  case config::PeType::Int: return intPeFamily();
  case config::PeType::Ovp: return ovpPeFamily();
  case config::PeType::Bitserial:
    arch::bitserialCheckLayout(cfg); // InputError naming the key (bitmod: ws, group % rows)
    return bitserialPeFamily();
  }
  throw InputError("pe.type: unknown");
}

} // namespace quasar::blocks
