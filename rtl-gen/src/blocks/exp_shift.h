// The spec's exp_shift (specs/dyadic.md, Shiftmax; models::nonlinear::expShift) in hardware,
// shared by qsr_shiftmax (n = 15) and qsr_shiftgelu (n = 23), for x0 in -(2^16 - 1)..-1
// (arch::kShiftmaxX0Bits):
//   t = d + (d >>> 1) - (d >>> 4)   d = x - max <= 0 as a signed kExpDBits-bit net
//   c = max(t, n * x0);  a = -c in 0..n |x0|
//   q = floor(a / |x0|) = floor_div(c, x0) by restoring compares (a <= n |x0| < 2^bits(n) |x0|)
//   rr = a - q |x0| = -r;  r - 2 x0 = 2 |x0| - rr
//   e = ((2 |x0| - rr) << (n - q)) >> 1 = {2 |x0| - rr, n zeros} >> (q + 1), below 2^(16 + n)
#pragma once

#include "module_builder.h"

#include <string>

namespace quasar::blocks {

constexpr int kExpDBits = 35; // x - max of 32-bit values (33 bits) plus t's growth

// Bits of e for a given n: 16 + n (31 for Shiftmax, 39 for ShiftGELU).
int expShiftBits(int n);

// Module-level nets from the x0_i port: x0_ext, clamp_lo (= n * x0), ax0 (= -x0).
void addExpShiftConstants(ModuleBuilder &b, int n);

// The nets of exp_shift(d) for one element, named with `prefix`; `d` is a signed kExpDBits-bit
// net. Returns the name of the expShiftBits(n)-bit result net.
std::string addExpShift(ModuleBuilder &b, const std::string &prefix, const std::string &d, int n);

} // namespace quasar::blocks
