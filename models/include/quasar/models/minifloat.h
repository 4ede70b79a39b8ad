// Minifloat formats ExMy (sign, E exponent bits, M mantissa bits): the FP8 / FP6 / FP4 element
// types of the OCP 8-bit floating point and Microscaling (MX) specifications, and any other
// E in 1..8, M in 0..7.
//
// A code is the bit pattern S.EEEE.MMM in the low 1 + E + M bits of a uint16_t (sign on top).
// With the biased exponent field e and the mantissa field m:
//   e == 0 : (-1)^S * 2^(1 - bias) * (m / 2^M)        (zero and subnormals)
//   e >  0 : (-1)^S * 2^(e - bias) * (1 + m / 2^M)    (normals)
// unless the NaN mode reserves the code (below). There is no infinity in any of our formats:
// values beyond the largest finite one saturate to it.
//
// Choices where the brief was silent (also in docs/golden-model.md, "## Minifloat"):
// - NaN modes:
//   None     every code is a finite number (OCP MX FP6 E3M2/E2M3 and FP4 E2M1).
//   AllOnes  only S.1..1.1..1 (both signs) is NaN, every other code is finite, also those with
//            the all-ones exponent (OCP FP8 E4M3, "fn" in ML frameworks: max 448).
//   Ieee     the whole all-ones exponent binade is special, as in OCP FP8 E5M2: mantissa 0
//            decodes to +-infinity, any other mantissa to NaN (max 57344). The encoder never
//            produces these codes, infinity included: it saturates.
//   Presets: e4m3() AllOnes, e5m2() Ieee, e3m2() / e2m3() / e2m1() None, all with the default
//   bias 2^(E-1) - 1. A custom format defaults to None.
// - Encoding: round to nearest, ties to the even code, over the finite values. For M >= 1
//   the code's last bit is the mantissa's, so this is IEEE's ties-to-even; for M = 0 it is the
//   exponent field's last bit (1.5 * 2^k goes to whichever of 2^k, 2^(k+1) has the even
//   code, and half the smallest normal goes to 0); |x| beyond the largest finite value (and +-inf) saturates to +-max. The
//   sign is kept, so a negative value that rounds to zero (and -0.0) gives the -0 code.
//   NaN encodes to the format's NaN code with the input's sign bit: S.1..1.1..1 (AllOnes and
//   Ieee); a format without NaN rejects NaN with an InputError.
// - Decoding -0 gives -0.0; a NaN code gives a quiet NaN with the code's sign.
// - Bias: any integer in [-128, 255] (keeps every value a normal double).
// - A format must have a positive finite value (E1M0 with AllOnes or Ieee has none and is
//   rejected).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace quasar::models {

enum class MinifloatNan { None, AllOnes, Ieee };

struct MinifloatFormat {
  int expBits = 4;                            // E, 1..8
  int manBits = 3;                            // M, 0..7
  int bias = 7;                               // exponent bias
  MinifloatNan nan = MinifloatNan::AllOnes;   // which codes are not finite numbers
};

// A format with the default bias 2^(E-1) - 1 (or the given one); validates everything
// (InputError naming the parameter and its allowed range).
MinifloatFormat makeMinifloat(int expBits, int manBits, MinifloatNan nan = MinifloatNan::None);
MinifloatFormat makeMinifloat(int expBits, int manBits, MinifloatNan nan, int bias);
// Throws InputError when a format built by hand is out of range.
void validateMinifloat(const MinifloatFormat &format);

// OCP presets.
MinifloatFormat e4m3();
MinifloatFormat e5m2();
MinifloatFormat e3m2();
MinifloatFormat e2m3();
MinifloatFormat e2m1();

// "E4M3 (bias 7, NaN S.1111.111)" style description for messages and reports.
std::string describe(const MinifloatFormat &format);

// 2^(1 + E + M).
int codeCount(const MinifloatFormat &format);
// True for NaN codes (and, in Ieee mode, the infinity codes): codes the encoder never makes.
bool isSpecialCode(const MinifloatFormat &format, uint16_t code);
bool isNanCode(const MinifloatFormat &format, uint16_t code);

// Code -> value; InputError for a code >= codeCount.
double decodeMinifloat(const MinifloatFormat &format, uint16_t code);
// Value -> code, round to nearest even, saturating (see above).
uint16_t encodeMinifloat(const MinifloatFormat &format, double value);
// The value the encoder rounds to: decode(encode(x)).
double roundToMinifloat(const MinifloatFormat &format, double value);

// Every code's value, indexed by code (NaN / inf where isSpecialCode says so).
std::vector<double> decodeAll(const MinifloatFormat &format);
// The distinct finite values, ascending (one zero).
std::vector<double> finiteValues(const MinifloatFormat &format);
// Largest finite value and smallest positive (subnormal when M > 0) value.
double maxFinite(const MinifloatFormat &format);
double minPositive(const MinifloatFormat &format);
// Code of the largest finite value (sign bit clear).
uint16_t maxFiniteCode(const MinifloatFormat &format);

// ---- shared core of every binary floating format (minifloats, IEEE half, bfloat16) ----
// The magnitude part (biased exponent << manBits | mantissa) of the nearest value to a finite
// magnitude >= 0, ties to even, with subnormals, and WITHOUT any upper limit: the caller
// saturates or makes infinity. Monotone in the magnitude; ties go to the even code.
int64_t binaryMagnitudeCode(double magnitude, int manBits, int bias);
// The value of a magnitude part under the formula above (no special codes).
double binaryMagnitudeValue(int64_t magnitudeCode, int manBits, int bias);

} // namespace quasar::models
