// Dyadic requantization, activation clamp and residual add (specs/dyadic.md), golden-model side.
//
// A real multiplier M becomes a dyadic pair (m, e), M ~ m / 2^e; an accumulator z becomes
// R(z * m, e) + zero_point, clamped. Everything after quantizeMultiplier() is integer-only and
// exact: z * m is formed in __int128 (64-bit z times a multiplier below 2^31 needs up to 95
// bits), so no product is ever truncated, whatever acc_bits is.
//
// Choices where the spec is silent (also in docs/golden-model.md, "## Dyadic pipeline"):
// - Rounding and Activation are the configuration's enumerations (quasar/config/enums.h), so
//   their YAML spellings (half_up, half_even, half_away, floor; none, relu, relu6, clip) are
//   written once, in config.
// - quantizeMultiplier rejects, with an InputError naming `where`: mult_bits outside 8..31,
//   M <= 0, M not finite, e < 0, e > 63. Unlike TFLite, which flushes shifts below -31 to a
//   zero multiplier, e up to 63 is accepted (the spec's range), and nothing is clamped.
// - A Multiplier handed to the integer functions must have 0 <= m < 2^31 and 0 <= e <= 63
//   (InputError otherwise); m = 0 is allowed (output = zero point) though quantizeMultiplier
//   never produces it.
// - Clamping: y = min(max(y, lo), hi), then the same with the out_bits range; lo > hi is an
//   InputError. The activation range may extend beyond the out range (the second clamp
//   settles it).
// - relu: lo = zero_point, hi = the top of the out range. relu6 and clip both take explicit
//   integer lo, hi (the software computes relu6's hi = zero_point + round(6 / scale)).
//   A zero point outside the out range is an InputError.
// - out_bits is 2..32 for both signednesses (the configuration allows 4..16).
// - Bias: z = acc + bias is formed exactly; it must fit a signed acc_bits register
//   (RequantParams::accBits, default 64), else CheckError naming the element: the hardware
//   adder would wrap there.
// - Per-tensor or per-channel: every parameter vector has 1 entry (per tensor) or one per
//   column of the matrix (channel = last axis); bias may also be empty (no bias). Any other
//   size is an InputError. lo/hi of relu6/clip are per tensor.
#pragma once

#include "quasar/config/enums.h"
#include "quasar/models/gemm.h"

#include <cstdint>
#include <string>
#include <vector>

namespace quasar::models::dyadic {

// half_up (TFLite, ruy), half_even (torch.round), half_away (std::round), floor (v >> e).
using Rounding = quasar::config::Rounding;
// none (out range), relu (lo = zero point), relu6 / clip (explicit lo, hi).
using Activation = quasar::config::Activation;

// Parses "half_up", "half_even", "half_away", "floor"; InputError naming `where` and the
// allowed values otherwise.
Rounding parseRounding(const std::string &text, const std::string &where = "rounding");
std::string toString(Rounding mode);
// Parses "none", "relu", "relu6", "clip".
Activation parseActivation(const std::string &text, const std::string &where = "activation");
std::string toString(Activation act);

constexpr int kMinMultBits = 8;
constexpr int kMaxMultBits = 31;
constexpr int kMaxShift = 63;

// M ~ m / 2^e; m has multBits bits (2^(multBits-1) <= m < 2^multBits when it came from
// quantizeMultiplier), 0 <= e <= 63.
struct Multiplier {
  int64_t m;
  int e;
};
inline bool operator==(Multiplier a, Multiplier b) { return a.m == b.m && a.e == b.e; }
inline bool operator!=(Multiplier a, Multiplier b) { return !(a == b); }

// Spec steps 1-4: (mant, ex) = frexp(M); m = round_half_away(mant * 2^multBits), renormalised
// when it reaches 2^multBits; e = multBits - ex. With multBits = 31 this is TFLite's
// QuantizeMultiplier (shift = 31 - e). `where` names the layer/channel in errors, e.g.
// "layer fc1 channel 3".
Multiplier quantizeMultiplier(double realMultiplier, int multBits, const std::string &where);

// R(v, e): v / 2^e rounded by `mode`, exactly; e = 0 returns v. Valid for 0 <= e <= 126 and
// |v| < 2^126 (the requantizer uses |v| < 2^95, e <= 63); InputError for e outside 0..126.
__int128 roundShift(__int128 v, int e, Rounding mode);

struct ClampRange {
  int64_t lo;
  int64_t hi;
};
inline bool operator==(ClampRange a, ClampRange b) { return a.lo == b.lo && a.hi == b.hi; }

// [-2^(outBits-1), 2^(outBits-1) - 1] or [0, 2^outBits - 1]; InputError for outBits outside
// 2..32.
ClampRange outRange(int outBits, bool outSigned);
// The activation's (lo, hi): none -> out range, relu -> (zeroPoint, out max), relu6 / clip ->
// (clipLo, clipHi). InputError when zeroPoint is outside the out range or clipLo > clipHi.
ClampRange activationRange(Activation act, int64_t zeroPoint, int outBits, bool outSigned,
                           int64_t clipLo = 0, int64_t clipHi = 0);

// y = clamp(clamp(R(z * m, e) + zeroPoint, lo, hi), out range), exact.
int64_t requantize(int64_t z, Multiplier mult, int64_t zeroPoint, int64_t lo, int64_t hi,
                   int outBits, bool outSigned, Rounding mode);

// y = clamp(clamp(R(z1 * m1, e1) + R(z2 * m2, e2) + zeroPoint, lo, hi), out range): two
// separately rounded terms, each with its own dyadic pair.
int64_t residual(int64_t z1, Multiplier mult1, int64_t z2, Multiplier mult2, int64_t zeroPoint,
                 int64_t lo, int64_t hi, int outBits, bool outSigned, Rounding mode);

// The parameters of a requantizer over an [M x N] accumulator matrix, channel = column.
struct RequantParams {
  std::vector<Multiplier> multipliers;     // 1 (per tensor) or N (per channel)
  std::vector<int64_t> zeroPoints{0};      // 1 or N
  std::vector<int64_t> bias;               // empty (no bias), 1 or N; at the acc scale
  Activation activation = Activation::None;
  int64_t clipLo = 0;                      // relu6 / clip only
  int64_t clipHi = 0;
  int outBits = 8;
  bool outSigned = true;
  Rounding rounding = Rounding::HalfUp;
  int accBits = 64;                        // z = acc + bias must fit (CheckError); 2..64
};

// Bias add, requantization, activation and out range on every element.
IntMatrix requantize(const IntMatrix &acc, const RequantParams &params);

// The parameters of a residual add over two [M x N] matrices, channel = column.
struct ResidualParams {
  std::vector<Multiplier> multipliers1;    // branch 1: 1 or N
  std::vector<Multiplier> multipliers2;    // branch 2: 1 or N
  std::vector<int64_t> zeroPoints{0};      // 1 or N
  Activation activation = Activation::None;
  int64_t clipLo = 0;
  int64_t clipHi = 0;
  int outBits = 8;
  bool outSigned = true;
  Rounding rounding = Rounding::HalfUp;
};

IntMatrix residual(const IntMatrix &z1, const IntMatrix &z2, const ResidualParams &params);

} // namespace quasar::models::dyadic
