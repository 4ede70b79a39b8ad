// exp_shift in hardware (see exp_shift.h).
#include "exp_shift.h"

#include "quasar/arch/post_timing.h"

namespace quasar::blocks {
namespace {

constexpr int kAx0Bits = arch::kShiftmaxX0Bits - 1; // |x0| <= 2^16 - 1

std::string range(int hi, int lo) { return "[" + std::to_string(hi) + ":" + std::to_string(lo) + "]"; }

} // namespace

int expShiftBits(int n) { return kAx0Bits + n; }

void addExpShiftConstants(ModuleBuilder &b, int n) {
  b.banner("Constants from x0");
  b.netSigned("x0_ext", kExpDBits);
  b.assign("x0_ext", ir::build::signExtend("x0_i", arch::kShiftmaxX0Bits, kExpDBits));
  b.netSigned("clamp_lo", kExpDBits);
  b.assign("clamp_lo", "x0_ext * " + std::to_string(kExpDBits) + "'sd" + std::to_string(n),
           "n * x0");
  b.net("x0_neg", kExpDBits);
  b.assign("x0_neg", "-x0_ext");
  b.net("ax0", kAx0Bits, {}, "-x0, 1..2^16 - 1");
  b.assign("ax0", "x0_neg" + range(kAx0Bits - 1, 0));
  b.net("unused_x0", kExpDBits - kAx0Bits);
  b.assign("unused_x0", "x0_neg" + range(kExpDBits - 1, kAx0Bits));
}

std::string addExpShift(ModuleBuilder &b, const std::string &p, const std::string &d, int n) {
  const int ab = ir::build::bitsFor(((1LL << kAx0Bits) - 1) * n); // a = -c
  const int qb = ir::build::bitsFor(n);
  b.netSigned(p + "t", kExpDBits); // ~ d * log2(e), floor shifts
  b.assign(p + "t", d + " + (" + d + " >>> 1) - (" + d + " >>> 4)");
  b.netSigned(p + "c", kExpDBits); // max(t, n * x0)
  b.assign(p + "c", "(" + p + "t < clamp_lo) ? clamp_lo : " + p + "t");
  b.net(p + "c_neg", kExpDBits);
  b.assign(p + "c_neg", "-" + p + "c");
  b.net(p + "unused_c", kExpDBits - ab);
  b.assign(p + "unused_c", p + "c_neg" + range(kExpDBits - 1, ab));
  std::string rem = p + "a0";
  b.net(rem, ab, {}, "-c, 0..n |x0|");
  b.assign(rem, p + "c_neg" + range(ab - 1, 0));
  std::string qcat;
  for (int k = qb - 1; k >= 0; --k) {
    const std::string dk = p + "dv" + std::to_string(k), qk = p + "q" + std::to_string(k);
    const std::string nx = p + "a" + std::to_string(qb - k);
    b.net(dk, ab, {}, "|x0| << " + std::to_string(k));
    b.assign(dk, ir::build::zeroExtend("ax0", kAx0Bits, ab) + " << " + std::to_string(k));
    b.net(qk, 1, {}, "quotient bit " + std::to_string(k));
    b.assign(qk, rem + " >= " + dk);
    qcat += (qcat.empty() ? "" : ", ") + qk;
    b.net(nx, ab);
    b.assign(nx, qk + " ? " + rem + " - " + dk + " : " + rem);
    rem = nx;
  }
  b.net(p + "q", qb, {}, "floor_div(c, x0), 0..n");
  b.assign(p + "q", "{" + qcat + "}");
  b.net(p + "rr", kAx0Bits, {}, "a - q |x0| = -r, below |x0|");
  b.assign(p + "rr", rem + range(kAx0Bits - 1, 0));
  b.net(p + "unused_rr", ab - kAx0Bits);
  b.assign(p + "unused_rr", rem + range(ab - 1, kAx0Bits));
  b.net(p + "v", kAx0Bits + 1, {}, "r - 2 x0 = 2 |x0| - rr");
  b.assign(p + "v", "{ax0, 1'b0} - {1'b0, " + p + "rr}");
  const int wide = kAx0Bits + 1 + n;
  b.net(p + "e_wide", wide, {}, "(v << (n - q)) >> 1 = {v, n zeros} >> (q + 1)");
  b.assign(p + "e_wide", "{" + p + "v, " + ir::build::lit(n, 0) + "} >> (" +
                             ir::build::zeroExtend(p + "q", qb, qb + 1) + " + " +
                             ir::build::lit(qb + 1, 1) + ")");
  const int eb = expShiftBits(n);
  b.net(p + "e", eb, {}, "exp_shift: the top bit of e_wide is 0 (shift >= 1)");
  b.assign(p + "e", p + "e_wide" + range(eb - 1, 0));
  b.net(p + "unused_e", wide - eb);
  b.assign(p + "unused_e", p + "e_wide" + range(wide - 1, eb));
  return p + "e";
}

} // namespace quasar::blocks
