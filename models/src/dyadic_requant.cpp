// Integer side of the dyadic pipeline: the rounding shift R(v, e), requantization with bias and
// activation clamp, and the residual add (specs/dyadic.md).
#include "quasar/config/error.h"
#include "quasar/models/dyadic.h"

#include <algorithm>

namespace quasar::models::dyadic {
namespace {

constexpr int kMaxRoundShift = 126;

void checkMultiplier(Multiplier mult, const char *what) {
  if (mult.m < 0 || mult.m >= (int64_t(1) << kMaxMultBits) || mult.e < 0 || mult.e > kMaxShift)
    throw InputError(std::string(what) + ": dyadic pair (m " + std::to_string(mult.m) + ", e " +
                     std::to_string(mult.e) + ") not allowed; allowed: 0 <= m < 2^31, 0 <= e <= " +
                     std::to_string(kMaxShift));
}

void checkRange(int64_t lo, int64_t hi, const char *what) {
  if (lo > hi)
    throw InputError(std::string(what) + ": clamp lo " + std::to_string(lo) + " > hi " +
                     std::to_string(hi));
}

// The two clamps of the spec, in 128 bits so that nothing wraps before it is clamped.
int64_t clampTwice(__int128 y, ClampRange act, ClampRange out) {
  y = std::min<__int128>(std::max<__int128>(y, act.lo), act.hi);
  y = std::min<__int128>(std::max<__int128>(y, out.lo), out.hi);
  return int64_t(y);
}

// R(z * m, e) without argument checks; |z * m| < 2^63 * 2^31 = 2^94.
__int128 scaleRound(int64_t z, Multiplier mult, Rounding mode) {
  return roundShift(__int128(z) * mult.m, mult.e, mode);
}

// Per-tensor (1 entry) or per-channel (cols entries); `allowEmpty` for the bias.
template <class T> void checkSize(const std::vector<T> &v, Eigen::Index cols, const char *what,
                                  bool allowEmpty) {
  const size_t n = v.size();
  if (n == 1 || n == size_t(cols) || (allowEmpty && n == 0)) return;
  throw InputError(std::string(what) + " has " + std::to_string(n) + " entries; allowed: " +
                   (allowEmpty ? "0 (none), " : "") + "1 (per tensor) or " +
                   std::to_string(cols) + " (one per output channel)");
}

template <class T> const T &channel(const std::vector<T> &v, Eigen::Index c) {
  return v.size() == 1 ? v[0] : v[size_t(c)];
}

} // namespace

__int128 roundShift(__int128 v, int e, Rounding mode) {
  if (e < 0 || e > kMaxRoundShift)
    throw InputError("roundShift: shift " + std::to_string(e) + " not allowed; allowed: 0.." +
                     std::to_string(kMaxRoundShift));
  if (e == 0) return v;
  // Add-then-shift, the way the hardware does it: `>>` on a negative __int128 is an
  // arithmetic shift (floor) with GCC and Clang.
  const __int128 half = __int128(1) << (e - 1);
  switch (mode) {
  case Rounding::HalfUp: return (v + half) >> e;
  case Rounding::Floor: return v >> e;
  case Rounding::HalfEven: {
    // half - 1 + (bit e of v): a tie rounds up exactly when the floor result is odd.
    const __int128 odd = (v >> e) & 1;
    return (v + half - 1 + odd) >> e;
  }
  case Rounding::HalfAway:
    // Negative ties must go down: adding one less than half keeps them on the floor side.
    return (v + half - (v < 0 ? 1 : 0)) >> e;
  }
  throw InputError("roundShift: unknown rounding mode");
}

ClampRange outRange(int outBits, bool outSigned) {
  if (outBits < 2 || outBits > 32)
    throw InputError("out_bits " + std::to_string(outBits) + " not allowed; allowed: 2..32");
  if (outSigned) return {-(int64_t(1) << (outBits - 1)), (int64_t(1) << (outBits - 1)) - 1};
  return {0, (int64_t(1) << outBits) - 1};
}

ClampRange activationRange(Activation act, int64_t zeroPoint, int outBits, bool outSigned,
                           int64_t clipLo, int64_t clipHi) {
  const ClampRange out = outRange(outBits, outSigned);
  if (zeroPoint < out.lo || zeroPoint > out.hi)
    throw InputError("zero point " + std::to_string(zeroPoint) + " outside the out range [" +
                     std::to_string(out.lo) + ", " + std::to_string(out.hi) + "]");
  switch (act) {
  case Activation::None: return out;
  case Activation::Relu: return {zeroPoint, out.hi};
  case Activation::Relu6:
  case Activation::Clip:
    checkRange(clipLo, clipHi, act == Activation::Relu6 ? "relu6" : "clip");
    return {clipLo, clipHi};
  }
  throw InputError("unknown activation");
}

int64_t requantize(int64_t z, Multiplier mult, int64_t zeroPoint, int64_t lo, int64_t hi,
                   int outBits, bool outSigned, Rounding mode) {
  checkMultiplier(mult, "requantize");
  checkRange(lo, hi, "requantize");
  const ClampRange out = outRange(outBits, outSigned);
  return clampTwice(scaleRound(z, mult, mode) + zeroPoint, {lo, hi}, out);
}

int64_t residual(int64_t z1, Multiplier mult1, int64_t z2, Multiplier mult2, int64_t zeroPoint,
                 int64_t lo, int64_t hi, int outBits, bool outSigned, Rounding mode) {
  checkMultiplier(mult1, "residual branch 1");
  checkMultiplier(mult2, "residual branch 2");
  checkRange(lo, hi, "residual");
  const ClampRange out = outRange(outBits, outSigned);
  return clampTwice(scaleRound(z1, mult1, mode) + scaleRound(z2, mult2, mode) + zeroPoint,
                    {lo, hi}, out);
}

IntMatrix requantize(const IntMatrix &acc, const RequantParams &p) {
  const Eigen::Index cols = acc.cols();
  checkSize(p.multipliers, cols, "requantize: multipliers", false);
  checkSize(p.zeroPoints, cols, "requantize: zero points", false);
  checkSize(p.bias, cols, "requantize: bias", true);
  for (const Multiplier &mult : p.multipliers) checkMultiplier(mult, "requantize");
  if (p.accBits < 2 || p.accBits > 64)
    throw InputError("requantize: acc_bits " + std::to_string(p.accBits) +
                     " not allowed; allowed: 2..64");
  const ClampRange out = outRange(p.outBits, p.outSigned);
  std::vector<ClampRange> act;
  for (int64_t zp : p.zeroPoints)
    act.push_back(activationRange(p.activation, zp, p.outBits, p.outSigned, p.clipLo, p.clipHi));
  const __int128 accMax = (__int128(1) << (p.accBits - 1)) - 1;
  const __int128 accMin = -(__int128(1) << (p.accBits - 1));

  IntMatrix y(acc.rows(), cols);
  for (Eigen::Index r = 0; r < acc.rows(); ++r)
    for (Eigen::Index c = 0; c < cols; ++c) {
      const int64_t bias = p.bias.empty() ? 0 : channel(p.bias, c);
      const __int128 z = __int128(acc(r, c)) + bias;
      if (z < accMin || z > accMax)
        throw CheckError("requantize: acc + bias at row " + std::to_string(r) + ", column " +
                         std::to_string(c) + " (" + std::to_string(acc(r, c)) + " + " +
                         std::to_string(bias) + ") does not fit acc_bits " +
                         std::to_string(p.accBits));
      const Multiplier mult = channel(p.multipliers, c);
      const __int128 scaled = roundShift(z * mult.m, mult.e, p.rounding);
      y(r, c) = clampTwice(scaled + channel(p.zeroPoints, c), channel(act, c), out);
    }
  return y;
}

IntMatrix residual(const IntMatrix &z1, const IntMatrix &z2, const ResidualParams &p) {
  if (z1.rows() != z2.rows() || z1.cols() != z2.cols())
    throw InputError("residual: branch shapes differ (" + std::to_string(z1.rows()) + "x" +
                     std::to_string(z1.cols()) + " and " + std::to_string(z2.rows()) + "x" +
                     std::to_string(z2.cols()) + ")");
  const Eigen::Index cols = z1.cols();
  checkSize(p.multipliers1, cols, "residual: branch 1 multipliers", false);
  checkSize(p.multipliers2, cols, "residual: branch 2 multipliers", false);
  checkSize(p.zeroPoints, cols, "residual: zero points", false);
  for (const Multiplier &mult : p.multipliers1) checkMultiplier(mult, "residual branch 1");
  for (const Multiplier &mult : p.multipliers2) checkMultiplier(mult, "residual branch 2");
  const ClampRange out = outRange(p.outBits, p.outSigned);
  std::vector<ClampRange> act;
  for (int64_t zp : p.zeroPoints)
    act.push_back(activationRange(p.activation, zp, p.outBits, p.outSigned, p.clipLo, p.clipHi));

  IntMatrix y(z1.rows(), cols);
  for (Eigen::Index r = 0; r < z1.rows(); ++r)
    for (Eigen::Index c = 0; c < cols; ++c) {
      const __int128 sum = scaleRound(z1(r, c), channel(p.multipliers1, c), p.rounding) +
                           scaleRound(z2(r, c), channel(p.multipliers2, c), p.rounding) +
                           channel(p.zeroPoints, c);
      y(r, c) = clampTwice(sum, channel(act, c), out);
    }
  return y;
}

} // namespace quasar::models::dyadic
