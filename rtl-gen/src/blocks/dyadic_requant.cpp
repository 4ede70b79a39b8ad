// qsr_dyadic_requant: the requantizer of specs/dyadic.md on `lanes` elements per word, and
// qsr_dyadic_residual, the same datapath with a second branch (res_i, own m and e) whose
// separately rounded result joins in stage 4.
//
//   stage 1  z = acc + bias                         (acc_bits, wraps like the golden model's
//                                                    CheckError says the hardware adder would)
//   stage 2  p = z * m                              (acc_bits + mult_bits + 1 bits: exact)
//   stage 3  q = floor(p / 2^e), inc from the dropped bits and the rounding mode
//   stage 4  y = clamp(q + inc + zero_point, lo, hi) (lo, hi inside the out_bits range)
//
// Per-lane parameters (m, e, zero point, bias) enter with each word and travel with it, so a
// word may hold any mix of channels; the clip bounds of relu6/clip are per tensor and must be
// stable while words are in flight. The rounding shift works on the product sign-extended to
// WideBits = max(ProdBits, 64) + 1 bits, wider than any shift (e <= 63), so the dropped part is
// simply the low e bits (guard bit e-1, sticky bits below) and no shift amount is special.
//
// Flow control: one global enable, en = !valid_o || ready_i; every stage advances together, so
// back-pressure holds every word in place and loses nothing (ready_o = en combinationally).
#include "dyadic.h"

#include "quasar/arch/post_params.h"
#include "quasar/arch/post_timing.h"

#include <algorithm>
#include <stdexcept>

namespace quasar::blocks {
namespace {

using ir::build::assign;
using ir::build::ifThen;
using ir::build::lit;
using ir::build::signExtend;
using ir::build::zeroExtend;

constexpr int kShiftBits = 6; // e in 0..63

std::string roundingName(config::Rounding r) {
  switch (r) {
  case config::Rounding::HalfUp: return "half_up";
  case config::Rounding::HalfEven: return "half_even";
  case config::Rounding::HalfAway: return "half_away";
  case config::Rounding::Floor: return "floor";
  }
  return "?";
}

std::string activationName(config::Activation a) {
  switch (a) {
  case config::Activation::None: return "none";
  case config::Activation::Relu: return "relu";
  case config::Activation::Relu6: return "relu6";
  case config::Activation::Clip: return "clip";
  }
  return "?";
}

// Stages 2 and 3 of one branch (prefix "" or "r_"): the exact product of the stage-1 registers
// <p>z_q and <p>m_q, then the rounding shift by <p>e_q into <p>q_q and <p>inc_q. With
// satBits > 0, q_q is floor(v / 2^e) saturated to satBits signed bits (see stage 4).
void roundingBranch(ModuleBuilder &b, const RequantShape &s, const std::string &p, int prodBits,
                    int wide, int satBits) {
  const int a = s.accBits, mb = s.multBits;
  b.banner(std::string("Stage 2: exact product") + (p.empty() ? "" : " (residual branch)"));
  b.netSigned(p + "z_ext", prodBits);
  b.netSigned(p + "m_ext", prodBits);
  b.assign(p + "z_ext", signExtend(p + "z_q", a, prodBits));
  b.assign(p + "m_ext", zeroExtend(p + "m_q", mb, prodBits));
  b.netSigned(p + "prod_q", prodBits);
  b.net(p + "e2_q", kShiftBits);
  b.ffNoReset({ifThen("en", {assign(p + "prod_q", p + "z_ext * " + p + "m_ext"),
                             assign(p + "e2_q", p + "e_q")})});

  b.banner(std::string("Stage 3: rounding shift") + (p.empty() ? "" : " (residual branch)"));
  b.netSigned(p + "v", wide);
  b.assign(p + "v", signExtend(p + "prod_q", prodBits, wide));
  b.netSigned(p + "floor_v", wide);
  b.assign(p + "floor_v", p + "v >>> " + p + "e2_q", "floor(v / 2^e)");
  b.net(p + "inc", 1, {}, "1: round the floor up by one");
  if (s.rounding == config::Rounding::Floor) {
    b.assign(p + "inc", "1'b0");
  } else {
    // rem > half  <=>  guard && sticky;  rem == half  <=>  guard && !sticky, where guard is
    // bit e-1 of v and sticky the OR of the bits below it: a bit select and a thermometer mask
    // (one LUT per bit) instead of 65-bit remainder arithmetic and compares.
    // half_up needs no sticky bit: (v + 2^(e-1)) >> e rounds up exactly when guard is set.
    const bool needSticky = s.rounding != config::Rounding::HalfUp;
    b.net(p + "guard", 1, {}, "bit e-1 of v: the dropped part is at least half");
    b.assign(p + "guard", "(" + p + "e2_q != 6'd0) && " + p + "v[{1'b0, " + p + "e2_q - 6'd1}]",
             "e = 0: v itself");
    if (needSticky) {
      b.net(p + "below", wide, {}, "bit i set when i < e - 1");
      b.beginFor("i", "WideBits", "g_" + p + "below");
      b.assign(p + "below[i]", "i + 1 < {26'd0, " + p + "e2_q}");
      b.endFor();
      b.net(p + "sticky", 1, {}, "a bit below e-1 of v is set: more than half (with guard)");
      b.assign(p + "sticky", "|(" + p + "v & " + p + "below)");
    }
    std::string tie;
    switch (s.rounding) {
    case config::Rounding::HalfUp: tie = "1'b1"; break;                     // + 1/2, then floor
    case config::Rounding::HalfEven: tie = p + "floor_v[0]"; break;         // odd floor: to even
    case config::Rounding::HalfAway: tie = "!" + p + "v[WideBits-1]"; break; // positive ties up
    case config::Rounding::Floor: break;
    }
    b.assign(p + "inc", needSticky ? p + "guard && (" + p + "sticky || " + tie + ")" : p + "guard");
  }
  std::string q = p + "floor_v";
  if (satBits > 0) {
    const std::string sb = std::to_string(satBits);
    b.net(p + "fits", 1, {}, "floor_v fits SatBits signed bits: its top bits all equal its sign");
    b.assign(p + "fits", "(" + p + "floor_v[WideBits-1:SatBits-1] == {(WideBits-SatBits+1){1'b0}}) || (" +
                             p + "floor_v[WideBits-1:SatBits-1] == {(WideBits-SatBits+1){1'b1}})");
    q = p + "fits ? " + p + "floor_v[SatBits-1:0] : " + p + "floor_v[WideBits-1] ? {1'b1, {(SatBits-1){1'b0}}} : {1'b0, {(SatBits-1){1'b1}}}";
  }
  b.netSigned(p + "q_q", satBits > 0 ? satBits : wide);
  b.net(p + "inc_q");
  b.ffNoReset({ifThen("en", {assign(p + "q_q", q), assign(p + "inc_q", p + "inc")})});
}

} // namespace

RequantShape requantShapeOf(const config::AccelConfig &cfg, int lanes) {
  RequantShape s;
  s.lanes = lanes;
  s.accBits = cfg.pe.acc_bits;
  s.multBits = cfg.post.requant.mult_bits;
  s.outBits = cfg.post.requant.out_bits;
  s.outSigned = cfg.post.requant.out_signed;
  s.bias = cfg.post.bias;
  s.rounding = cfg.post.requant.rounding;
  s.activation = cfg.post.activation;
  return s;
}

std::string requantLaneVector(const config::AccelConfig &cfg, bool perChannel,
                              const std::string &ramWord, int lsb, int bits,
                              const std::string &tensorValue) {
  const int lanes = arch::postLanes(cfg);
  if (!perChannel) return "{" + std::to_string(lanes) + "{" + tensorValue + "}}";
  const int laneBits = arch::paramLaneLayout(cfg).ramLaneBits; // the RAM word's lanes
  std::string v = "{";
  for (int c = lanes - 1; c >= 0; --c) {
    const int lo = c * laneBits + lsb;
    v += ramWord + "[" + std::to_string(lo + bits - 1) + ":" + std::to_string(lo) + "]";
    if (c) v += ", ";
  }
  return v + "}";
}

namespace {

ir::Module buildDyadic(const BlockContext &ctx, const RequantShape &s, bool residual) {
  if (arch::kRequantStages != 4)
    throw std::logic_error("qsr_dyadic_requant is built with exactly four stages");
  const int a = s.accBits, mb = s.multBits, o = s.outBits;
  const int prodBits = a + mb + 1;
  const int wide = std::max(prodBits, 64) + 1;
  const bool clipIn = s.activation == config::Activation::Relu6 ||
                      s.activation == config::Activation::Clip;
  const auto ext = [&](const std::string &sig, int from, int to) {
    return s.outSigned ? signExtend(sig, from, to) : zeroExtend(sig, from, to);
  };

  if (residual && s.bias) throw std::logic_error("the residual add has no bias");
  ModuleBuilder b(ctx, residual ? "qsr_dyadic_residual" : "qsr_dyadic_requant",
                  std::to_string(s.lanes) + " lane(s): " + (s.bias ? "bias, " : "") +
                      (residual ? "residual add of two requantized branches (" : "dyadic requantization (") + roundingName(s.rounding) + "), " +
                      activationName(s.activation) + ", " + (s.outSigned ? "int" : "uint") +
                      std::to_string(o) + " out");
  b.describe({"Four register stages (arch::kRequantStages): bias add, exact product z * m,",
              "rounding shift by e, zero point + clamp + saturation. One word per cycle; a",
              "global enable (!valid_o || ready_i) stalls every stage together. Per-lane",
              "parameters travel with their word; clip bounds must not change in flight."});
  b.localInt("Lanes", s.lanes, ctx.cite(s.lanesKey));
  b.localInt("AccBits", a, ctx.cite("pe.acc_bits"));
  b.localInt("MultBits", mb, ctx.cite("post.requant.mult_bits"));
  b.localInt("OutBits", o, ctx.cite("post.requant.out_bits"));
  b.localInt("ProdBits", prodBits, "exact z * m: AccBits + MultBits + 1");
  b.localInt("WideBits", wide, "product sign-extended past the largest shift (63)");
  const long long outMin = s.outSigned ? -(1LL << (o - 1)) : 0;
  const long long outMax = s.outSigned ? (1LL << (o - 1)) - 1 : (1LL << o) - 1;
  b.localBits("OutMax", o, outMax, "largest out_bits value");
  b.localRaw("OutMin", "logic [" + std::to_string(o - 1) + ":0]",
             s.outSigned ? std::to_string(o) + "'b1" + std::string(o - 1, '0') : lit(o, 0),
             "smallest out_bits value (" + std::to_string(outMin) + ")");

  b.clockAndReset();
  b.group("Input words (ready/valid)");
  b.in("valid_i");
  b.out("ready_o");
  b.in("last_i", 1, {}, "passed through with the word");
  b.in("acc_i", s.lanes * a, {}, "Lanes x AccBits, lane 0 in the LSBs");
  if (s.bias) b.in("bias_i", s.lanes * a, {}, "Lanes x AccBits, at the accumulator scale");
  b.in("mult_i", s.lanes * mb, {}, "Lanes x MultBits: m, unsigned");
  b.in("shift_i", s.lanes * kShiftBits, {}, "Lanes x 6: e in 0..63");
  if (residual) {
    b.in("res_i", s.lanes * a, {}, "Lanes x AccBits: the residual branch z2");
    b.in("res_mult_i", s.lanes * mb, {}, "Lanes x MultBits: m2");
    b.in("res_shift_i", s.lanes * kShiftBits, {}, "Lanes x 6: e2");
  }
  b.in("zp_i", s.lanes * o, {}, "Lanes x OutBits: zero point, out_bits signedness");
  if (clipIn) {
    b.group("Clip bounds (per tensor, inside the out_bits range, lo <= hi)");
    b.in("clip_lo_i", o);
    b.in("clip_hi_i", o);
  }
  b.group("Output words (ready/valid)");
  b.out("valid_o");
  b.in("ready_i");
  b.out("last_o");
  b.out("y_o", s.lanes * o, {}, "Lanes x OutBits");

  b.banner("Flow control");
  b.net("en", 1, {}, "every stage advances");
  b.net("valid_q", arch::kRequantStages, {}, "valid of stages 1..4");
  b.net("last_q", arch::kRequantStages);
  b.assign("en", "!valid_q[3] || ready_i");
  b.assign("ready_o", "en");
  b.assign("valid_o", "valid_q[3]");
  b.assign("last_o", "last_q[3]");
  b.ff({assign("valid_q", lit(arch::kRequantStages, 0)), assign("last_q", lit(arch::kRequantStages, 0))},
       {ifThen("en", {assign("valid_q", "{valid_q[2:0], valid_i}"),
                      assign("last_q", "{last_q[2:0], last_i}")})});

  b.beginFor("l", "Lanes", "g_lane");
  b.banner("Stage 1: bias add");
  b.net("acc", a);
  b.assign("acc", "acc_i[l*AccBits +: AccBits]");
  if (s.bias) {
    b.net("bias", a);
    b.assign("bias", "bias_i[l*AccBits +: AccBits]");
  }
  b.net("z_q", a, {}, "acc + bias, wraps at AccBits");
  b.net("m_q", mb);
  b.net("e_q", kShiftBits);
  b.net("zp_q", o);
  std::vector<ir::Stmt> stage1 = {assign("z_q", s.bias ? "acc + bias" : "acc"),
                                  assign("m_q", "mult_i[l*MultBits +: MultBits]"),
                                  assign("e_q", "shift_i[l*6 +: 6]"),
                                  assign("zp_q", "zp_i[l*OutBits +: OutBits]")};
  if (residual) {
    b.net("r_z_q", a, {}, "residual branch");
    b.net("r_m_q", mb);
    b.net("r_e_q", kShiftBits);
    stage1.push_back(assign("r_z_q", "res_i[l*AccBits +: AccBits]"));
    stage1.push_back(assign("r_m_q", "res_mult_i[l*MultBits +: MultBits]"));
    stage1.push_back(assign("r_e_q", "res_shift_i[l*6 +: 6]"));
  }
  b.ffNoReset({ifThen("en", stage1)},
              "Datapath registers: no reset (valid_q says which hold words).");
  b.net("zp2_q", o);
  b.net("zp3_q", o);
  b.ffNoReset({ifThen("en", {assign("zp2_q", "zp_q"), assign("zp3_q", "zp2_q")})},
              "The zero point follows its word.");
  // The requantizer saturates q to SatBits = out_bits + 3 already in stage 3: a saturated q
  // (>= 2^(out_bits+2) - 1 or <= -2^(out_bits+2)) plus inc and any zero point still lies beyond
  // every clamp bound, so stage 4 works on SumBits = SatBits + 2 bits instead of WideBits. The
  // residual add cannot (two saturated branches could cancel) and keeps WideBits.
  const int satBits = residual ? 0 : o + 3;
  const int sumBits = residual ? wide : satBits + 2;
  if (!residual) {
    b.localInt("SatBits", satBits, "q saturated in stage 3: OutBits + 3");
  }
  roundingBranch(b, s, "", prodBits, wide, satBits);
  if (residual) roundingBranch(b, s, "r_", prodBits, wide, 0);

  b.banner("Stage 4: zero point, activation clamp, out_bits saturation");
  b.netSigned("sum", sumBits);
  b.assign("sum", (residual ? std::string("q_q") : signExtend("q_q", satBits, sumBits)) + " + " +
                      ext("zp3_q", o, sumBits) + " + " + zeroExtend("inc_q", 1, sumBits) +
                      (residual ? " + r_q_q + " + zeroExtend("r_inc_q", 1, wide) : ""));
  b.net("lo", o);
  b.net("hi", o);
  switch (s.activation) {
  case config::Activation::None: b.assign("lo", "OutMin"); b.assign("hi", "OutMax"); break;
  case config::Activation::Relu: b.assign("lo", "zp3_q"); b.assign("hi", "OutMax"); break;
  case config::Activation::Relu6:
  case config::Activation::Clip: b.assign("lo", "clip_lo_i"); b.assign("hi", "clip_hi_i"); break;
  }
  b.netSigned("lo_ext", sumBits);
  b.netSigned("hi_ext", sumBits);
  b.assign("lo_ext", ext("lo", o, sumBits));
  b.assign("hi_ext", ext("hi", o, sumBits));
  b.net("y_q", o);
  b.ffNoReset({ifThen("en", {assign("y_q", "(sum < lo_ext) ? lo : (sum > hi_ext) ? hi : sum[OutBits-1:0]")})});
  b.assign("y_o[l*OutBits +: OutBits]", "y_q");
  b.endFor();
  return b.take();
}

} // namespace

ir::Module buildDyadicRequant(const BlockContext &ctx, const RequantShape &shape) {
  return buildDyadic(ctx, shape, false);
}

ir::Module buildDyadicResidual(const BlockContext &ctx, const RequantShape &shape) {
  return buildDyadic(ctx, shape, true);
}

} // namespace quasar::blocks
