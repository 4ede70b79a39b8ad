// IEEE binary16 and bfloat16 conversions (used by the safetensors F16/BF16 reader): hand
// values, every one of the 65536 patterns against the textbook formula, and round to nearest
// even at every midpoint.
#include "quasar/models/tensor.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <limits>

using namespace quasar::models;

namespace {

// The textbook value of a 16-bit pattern with `man` mantissa bits: (-1)^s * 2^(e-bias) * 1.m
// for normals, (-1)^s * 2^(1-bias) * 0.m for subnormals, all-ones exponent inf/NaN. Written
// with pow and integer fields, independent of the library's ldexp-based code.
double textbook(uint16_t bits, int man) {
  const int expBits = 15 - man;
  const int bias = (1 << (expBits - 1)) - 1;
  const int s = bits >> 15;
  const int e = (bits >> man) & ((1 << expBits) - 1);
  const int m = bits & ((1 << man) - 1);
  const double sign = s ? -1.0 : 1.0;
  if (e == (1 << expBits) - 1)
    return m == 0 ? sign * std::numeric_limits<double>::infinity()
                  : std::numeric_limits<double>::quiet_NaN();
  if (e == 0) return sign * m * std::pow(2.0, 1 - bias - man);
  return sign * (1.0 + m / std::pow(2.0, man)) * std::pow(2.0, e - bias);
}

bool sameValue(double a, double b) {
  if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
  return a == b && std::signbit(a) == std::signbit(b);
}

} // namespace

TEST_CASE("float16: hand-computed half values", "[safetensors][float16]") {
  CHECK(halfToDouble(0x3C00) == 1.0);
  CHECK(halfToDouble(0xC000) == -2.0);
  CHECK(halfToDouble(0x3800) == 0.5);
  CHECK(halfToDouble(0x3555) == 0.333251953125); // 1365 / 4096
  CHECK(halfToDouble(0x0001) == std::pow(2.0, -24));
  CHECK(halfToDouble(0x03FF) == 1023 * std::pow(2.0, -24)); // largest subnormal
  CHECK(halfToDouble(0x0400) == std::pow(2.0, -14));        // smallest normal
  CHECK(halfToDouble(0x7BFF) == 65504.0);
  CHECK(halfToDouble(0xFBFF) == -65504.0);
  CHECK(halfToDouble(0x7C00) == std::numeric_limits<double>::infinity());
  CHECK(halfToDouble(0xFC00) == -std::numeric_limits<double>::infinity());
  CHECK(std::isnan(halfToDouble(0x7E00)));
  CHECK(std::isnan(halfToDouble(0x7C01)));
  CHECK(std::isnan(halfToDouble(0xFFFF)));
  CHECK(halfToDouble(0x8000) == 0.0);
  CHECK(std::signbit(halfToDouble(0x8000)));

  CHECK(halfFromDouble(1.0) == 0x3C00);
  CHECK(halfFromDouble(-2.0) == 0xC000);
  CHECK(halfFromDouble(65504.0) == 0x7BFF);
  CHECK(halfFromDouble(65519.0) == 0x7BFF);
  CHECK(halfFromDouble(65520.0) == 0x7C00); // midpoint to "65536": ties to even = inf
  CHECK(halfFromDouble(1e300) == 0x7C00);
  CHECK(halfFromDouble(-std::numeric_limits<double>::infinity()) == 0xFC00);
  CHECK(halfFromDouble(std::nan("")) == 0x7E00);
  CHECK(halfFromDouble(-std::nan("")) == 0xFE00);
  CHECK(halfFromDouble(std::pow(2.0, -25)) == 0x0000); // half the smallest subnormal: to even 0
  CHECK(halfFromDouble(std::nextafter(std::pow(2.0, -25), 1.0)) == 0x0001);
  CHECK(halfFromDouble(3 * std::pow(2.0, -25)) == 0x0002); // 1.5 units: to even 2
  CHECK(halfFromDouble(-1e-30) == 0x8000);
  CHECK(halfFromDouble(0.1) == 0x2E66); // 0.0999755859375
}

TEST_CASE("float16: hand-computed bfloat16 values", "[safetensors][float16]") {
  CHECK(bfloat16ToDouble(0x3F80) == 1.0);
  CHECK(bfloat16ToDouble(0xC000) == -2.0);
  CHECK(bfloat16ToDouble(0x4049) == 3.140625);
  CHECK(bfloat16ToDouble(0x0001) == std::pow(2.0, -133));
  CHECK(bfloat16ToDouble(0x007F) == 127 * std::pow(2.0, -133));
  CHECK(bfloat16ToDouble(0x0080) == std::pow(2.0, -126));
  CHECK(bfloat16ToDouble(0x7F7F) == 255 * std::pow(2.0, 120)); // 3.3895313892515355e38
  CHECK(bfloat16ToDouble(0x7F80) == std::numeric_limits<double>::infinity());
  CHECK(bfloat16ToDouble(0xFF80) == -std::numeric_limits<double>::infinity());
  CHECK(std::isnan(bfloat16ToDouble(0x7FC0)));
  CHECK(std::isnan(bfloat16ToDouble(0xFF81)));
  CHECK(std::signbit(bfloat16ToDouble(0x8000)));

  CHECK(bfloat16FromDouble(1.0) == 0x3F80);
  CHECK(bfloat16FromDouble(3.14159265) == 0x4049);
  CHECK(bfloat16FromDouble(1e39) == 0x7F80);
  CHECK(bfloat16FromDouble(std::nan("")) == 0x7FC0);
  // Every float32 bit pattern's upper half is its bfloat16 truncation; 1 + 2^-8 is a tie.
  CHECK(bfloat16FromDouble(1 + std::pow(2.0, -8)) == 0x3F80);
  CHECK(bfloat16FromDouble(1 + 3 * std::pow(2.0, -8)) == 0x3F82);
}

TEST_CASE("float16: every pattern decodes to the textbook value and re-encodes", "[safetensors][float16]") {
  for (int kind = 0; kind < 2; ++kind) {
    const int man = kind == 0 ? 10 : 7;
    for (uint32_t b = 0; b < 65536; ++b) {
      const uint16_t bits = uint16_t(b);
      const double got = kind == 0 ? halfToDouble(bits) : bfloat16ToDouble(bits);
      const double want = textbook(bits, man);
      if (!sameValue(got, want)) FAIL_CHECK("pattern " << b << (kind ? " bf16" : " f16"));
      if (std::isnan(want)) continue;
      const uint16_t back = kind == 0 ? halfFromDouble(got) : bfloat16FromDouble(got);
      if (back != bits) FAIL_CHECK("re-encode of " << b << (kind ? " bf16" : " f16"));
    }
  }
}

TEST_CASE("float16: midpoints round to the even pattern", "[safetensors][float16]") {
  for (int kind = 0; kind < 2; ++kind) {
    const int man = kind == 0 ? 10 : 7;
    const uint16_t inf = kind == 0 ? 0x7C00 : 0x7F80;
    auto encode = [&](double v) { return kind == 0 ? halfFromDouble(v) : bfloat16FromDouble(v); };
    // Adjacent positive patterns c, c + 1 up to (largest finite, inf); the "value" of inf for
    // the midpoint is where the next binade would start, 2^(emax + 1) (65536 for f16).
    for (uint16_t c = 0; c < inf; ++c) {
      const double lo = textbook(c, man);
      // Below inf: lo plus one ulp of the top binade (lo minus its lower neighbour).
      const double hi = c + 1 == inf ? 2 * lo - textbook(uint16_t(c - 1), man)
                                     : textbook(uint16_t(c + 1), man);
      const double mid = (lo + hi) / 2; // exact: few significant bits
      const uint16_t even = (c % 2 == 0) ? c : uint16_t(c + 1);
      if (encode(mid) != even || encode(-mid) != uint16_t(even | 0x8000))
        FAIL_CHECK("tie above " << c << (kind ? " bf16" : " f16"));
      if (encode(std::nextafter(mid, 0.0)) != c ||
          encode(std::nextafter(mid, 1e300)) != uint16_t(c + 1))
        FAIL_CHECK("near tie above " << c << (kind ? " bf16" : " f16"));
    }
  }
}
