// IEEE binary16 and bfloat16 <-> double (tensor.h), on the binary-format core of minifloat.h.
#include "quasar/models/minifloat.h"
#include "quasar/models/tensor.h"

#include <cmath>
#include <limits>

namespace quasar::models {

namespace {

// An IEEE-style 16-bit format: 1 sign bit, E exponent bits, M mantissa bits, bias 2^(E-1)-1,
// all-ones exponent for infinity (mantissa 0) and NaN.
struct Binary16Layout {
  int manBits;     // 10 for half, 7 for bfloat16
  int bias;        // 15, 127
  uint16_t inf;    // magnitude code of infinity: 0x7C00, 0x7F80
  uint16_t quietNan; // 0x7E00, 0x7FC0
};

constexpr Binary16Layout kHalf{10, 15, 0x7C00, 0x7E00};
constexpr Binary16Layout kBfloat16{7, 127, 0x7F80, 0x7FC0};

double toDouble(uint16_t bits, const Binary16Layout &layout) {
  const bool negative = (bits & 0x8000) != 0;
  const uint16_t mag = bits & 0x7FFF;
  double value;
  if (mag > layout.inf) {
    value = std::numeric_limits<double>::quiet_NaN();
  } else if (mag == layout.inf) {
    value = std::numeric_limits<double>::infinity();
  } else {
    value = binaryMagnitudeValue(mag, layout.manBits, layout.bias);
  }
  return negative ? -value : value;
}

uint16_t fromDouble(double value, const Binary16Layout &layout) {
  const uint16_t sign = std::signbit(value) ? 0x8000 : 0;
  if (std::isnan(value)) return uint16_t(sign | layout.quietNan);
  if (std::isinf(value)) return uint16_t(sign | layout.inf);
  const int64_t mag = binaryMagnitudeCode(std::fabs(value), layout.manBits, layout.bias);
  // Rounding up past the largest finite value lands exactly on the infinity code (or beyond).
  return uint16_t(sign | (mag >= layout.inf ? layout.inf : uint16_t(mag)));
}

} // namespace

double halfToDouble(uint16_t bits) { return toDouble(bits, kHalf); }
double bfloat16ToDouble(uint16_t bits) { return toDouble(bits, kBfloat16); }
uint16_t halfFromDouble(double value) { return fromDouble(value, kHalf); }
uint16_t bfloat16FromDouble(double value) { return fromDouble(value, kBfloat16); }

} // namespace quasar::models
