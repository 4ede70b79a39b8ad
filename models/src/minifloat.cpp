// Minifloat ExMy codes <-> values (minifloat.h): the binary-format core shared with the
// half / bfloat16 conversions of tensor.h, the NaN modes, saturation and enumeration.
#include "quasar/models/minifloat.h"

#include "quasar/config/error.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace quasar::models {

int64_t binaryMagnitudeCode(double magnitude, int manBits, int bias) {
  // Magnitude codes are consecutive along the value axis and the step from a code to the next
  // is the ulp of the lower one's binade (also across a binade boundary and from the largest
  // subnormal to the smallest normal). So: the code just below, plus one when the remainder
  // in ulps is above one half, or exactly one half and the upper code is the even one.
  // Scaling by powers of two is exact, so the remainder is exact too.
  const int minNormalExp = 1 - bias;
  double units;     // magnitude in ulps of its binade, counted from the binade's first code
  int64_t baseCode; // magnitude code of that first code
  if (magnitude < std::ldexp(1.0, minNormalExp)) {
    units = std::ldexp(magnitude, manBits - minNormalExp);
    baseCode = 0;
  } else {
    int exp2 = 0;
    std::frexp(magnitude, &exp2); // magnitude = f * 2^exp2, f in [0.5, 1)
    const int exponent = exp2 - 1;
    units = std::ldexp(magnitude, manBits - exponent) - std::ldexp(1.0, manBits);
    baseCode = int64_t(exponent + bias) << manBits;
  }
  const double whole = std::floor(units);
  const double remainder = units - whole;
  const int64_t lower = baseCode + int64_t(whole);
  if (remainder < 0.5) return lower;
  if (remainder > 0.5) return lower + 1;
  return (lower % 2 == 0) ? lower : lower + 1;
}

double binaryMagnitudeValue(int64_t magnitudeCode, int manBits, int bias) {
  const int64_t field = magnitudeCode >> manBits;
  const int64_t mantissa = magnitudeCode & ((int64_t(1) << manBits) - 1);
  if (field == 0) return std::ldexp(double(mantissa), 1 - bias - manBits);
  return std::ldexp(double((int64_t(1) << manBits) + mantissa), int(field) - bias - manBits);
}

void validateMinifloat(const MinifloatFormat &f) {
  if (f.expBits < 1 || f.expBits > 8)
    throw InputError("minifloat: exponent bits " + std::to_string(f.expBits) +
                     " out of range (allowed 1..8)");
  if (f.manBits < 0 || f.manBits > 7)
    throw InputError("minifloat: mantissa bits " + std::to_string(f.manBits) +
                     " out of range (allowed 0..7)");
  if (f.bias < -128 || f.bias > 255)
    throw InputError("minifloat: bias " + std::to_string(f.bias) +
                     " out of range (allowed -128..255)");
  if (f.nan != MinifloatNan::None && f.expBits == 1 && f.manBits == 0)
    throw InputError("minifloat: E1M0 with a NaN encoding has no positive finite value "
                     "(use nan: none)");
}

MinifloatFormat makeMinifloat(int expBits, int manBits, MinifloatNan nan, int bias) {
  MinifloatFormat f;
  f.expBits = expBits;
  f.manBits = manBits;
  f.nan = nan;
  f.bias = bias;
  validateMinifloat(f);
  return f;
}

MinifloatFormat makeMinifloat(int expBits, int manBits, MinifloatNan nan) {
  if (expBits < 1 || expBits > 8) return makeMinifloat(expBits, manBits, nan, 0); // throws
  return makeMinifloat(expBits, manBits, nan, (1 << (expBits - 1)) - 1);
}

MinifloatFormat e4m3() { return makeMinifloat(4, 3, MinifloatNan::AllOnes); }
MinifloatFormat e5m2() { return makeMinifloat(5, 2, MinifloatNan::Ieee); }
MinifloatFormat e3m2() { return makeMinifloat(3, 2, MinifloatNan::None); }
MinifloatFormat e2m3() { return makeMinifloat(2, 3, MinifloatNan::None); }
MinifloatFormat e2m1() { return makeMinifloat(2, 1, MinifloatNan::None); }

std::string describe(const MinifloatFormat &f) {
  const std::string ones = std::string(size_t(f.expBits), '1');
  std::string nan;
  switch (f.nan) {
  case MinifloatNan::None: nan = "no NaN"; break;
  case MinifloatNan::AllOnes: nan = "NaN S." + ones + "." + std::string(size_t(f.manBits), '1'); break;
  case MinifloatNan::Ieee: nan = "inf/NaN exponent " + ones; break;
  }
  return "E" + std::to_string(f.expBits) + "M" + std::to_string(f.manBits) + " (bias " +
         std::to_string(f.bias) + ", " + nan + ")";
}

int codeCount(const MinifloatFormat &f) { return 1 << (1 + f.expBits + f.manBits); }

namespace {

uint16_t magnitudeMask(const MinifloatFormat &f) {
  return uint16_t((1 << (f.expBits + f.manBits)) - 1);
}

uint16_t signBit(const MinifloatFormat &f) { return uint16_t(1 << (f.expBits + f.manBits)); }

void checkCode(const MinifloatFormat &f, uint16_t code) {
  if (int(code) >= codeCount(f))
    throw InputError("minifloat: code " + std::to_string(code) + " out of range for " +
                     describe(f) + " (allowed 0.." + std::to_string(codeCount(f) - 1) + ")");
}

} // namespace

bool isSpecialCode(const MinifloatFormat &f, uint16_t code) {
  const uint16_t mag = code & magnitudeMask(f);
  switch (f.nan) {
  case MinifloatNan::None: return false;
  case MinifloatNan::AllOnes: return mag == magnitudeMask(f);
  case MinifloatNan::Ieee: return (mag >> f.manBits) == (1 << f.expBits) - 1;
  }
  return false;
}

bool isNanCode(const MinifloatFormat &f, uint16_t code) {
  if (!isSpecialCode(f, code)) return false;
  // Ieee: mantissa 0 is infinity.
  return f.nan != MinifloatNan::Ieee || (code & ((1 << f.manBits) - 1)) != 0;
}

uint16_t maxFiniteCode(const MinifloatFormat &f) {
  switch (f.nan) {
  case MinifloatNan::None: return magnitudeMask(f);
  case MinifloatNan::AllOnes: return uint16_t(magnitudeMask(f) - 1);
  case MinifloatNan::Ieee: return uint16_t((((1 << f.expBits) - 1) << f.manBits) - 1);
  }
  return 0;
}

double decodeMinifloat(const MinifloatFormat &f, uint16_t code) {
  validateMinifloat(f);
  checkCode(f, code);
  const bool negative = (code & signBit(f)) != 0;
  double value;
  if (isNanCode(f, code)) {
    value = std::numeric_limits<double>::quiet_NaN();
  } else if (isSpecialCode(f, code)) {
    value = std::numeric_limits<double>::infinity();
  } else {
    value = binaryMagnitudeValue(code & magnitudeMask(f), f.manBits, f.bias);
  }
  return negative ? -value : value;
}

uint16_t encodeMinifloat(const MinifloatFormat &f, double value) {
  validateMinifloat(f);
  const uint16_t sign = std::signbit(value) ? signBit(f) : uint16_t(0);
  if (std::isnan(value)) {
    if (f.nan == MinifloatNan::None)
      throw InputError("minifloat: cannot encode NaN in " + describe(f));
    return uint16_t(sign | magnitudeMask(f));
  }
  const uint16_t maxCode = maxFiniteCode(f);
  const double magnitude = std::fabs(value);
  // Anything at or beyond the largest finite value saturates; checking first also keeps
  // infinity away from frexp.
  if (magnitude >= binaryMagnitudeValue(maxCode, f.manBits, f.bias)) return uint16_t(sign | maxCode);
  const int64_t mag = binaryMagnitudeCode(magnitude, f.manBits, f.bias);
  return uint16_t(sign | uint16_t(std::min<int64_t>(mag, maxCode)));
}

double roundToMinifloat(const MinifloatFormat &f, double value) {
  return decodeMinifloat(f, encodeMinifloat(f, value));
}

std::vector<double> decodeAll(const MinifloatFormat &f) {
  validateMinifloat(f);
  std::vector<double> values(size_t(codeCount(f)));
  for (int c = 0; c < codeCount(f); ++c) values[size_t(c)] = decodeMinifloat(f, uint16_t(c));
  return values;
}

std::vector<double> finiteValues(const MinifloatFormat &f) {
  std::vector<double> values;
  for (int c = 0; c < codeCount(f); ++c)
    if (!isSpecialCode(f, uint16_t(c))) values.push_back(decodeMinifloat(f, uint16_t(c)));
  std::sort(values.begin(), values.end());
  // -0.0 == 0.0, so unique keeps a single zero.
  values.erase(std::unique(values.begin(), values.end()), values.end());
  return values;
}

double maxFinite(const MinifloatFormat &f) {
  validateMinifloat(f);
  return binaryMagnitudeValue(maxFiniteCode(f), f.manBits, f.bias);
}

double minPositive(const MinifloatFormat &f) {
  validateMinifloat(f);
  return binaryMagnitudeValue(1, f.manBits, f.bias);
}

} // namespace quasar::models
