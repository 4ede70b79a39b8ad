// Minifloat ExMy formats: every code of every format (E 1..8, M 0..7, each NaN mode, default
// and custom biases) against the textbook formula computed here with integer fields and pow;
// encode(decode(c)) == c; ties to the even code at every midpoint; saturation; and the
// published OCP FP8 / MX facts.
#include "quasar/config/error.h"
#include "quasar/models/minifloat.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <limits>

using namespace quasar::models;
using Catch::Matchers::Contains;

namespace {

// The value of a code by the formula of minifloat.h, written from the fields; NaN for NaN
// codes and +-inf for the Ieee infinity codes.
double textbook(const MinifloatFormat &f, int code) {
  const int s = (code >> (f.expBits + f.manBits)) & 1;
  const int e = (code >> f.manBits) & ((1 << f.expBits) - 1);
  const int m = code & ((1 << f.manBits) - 1);
  const int eMax = (1 << f.expBits) - 1, mMax = (1 << f.manBits) - 1;
  const double sign = s ? -1.0 : 1.0;
  if (f.nan == MinifloatNan::AllOnes && e == eMax && m == mMax)
    return std::numeric_limits<double>::quiet_NaN();
  if (f.nan == MinifloatNan::Ieee && e == eMax)
    return m == 0 ? sign * std::numeric_limits<double>::infinity()
                  : std::numeric_limits<double>::quiet_NaN();
  const int significand = e == 0 ? m : (1 << f.manBits) + m;
  const int exponent = (e == 0 ? 1 : e) - f.bias - f.manBits;
  return sign * significand * std::pow(2.0, exponent);
}

bool sameValue(double a, double b) {
  if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
  return a == b && std::signbit(a) == std::signbit(b);
}

// Every valid format: E 1..8, M 0..7, three NaN modes, biases default, 0, default + 3, -2.
std::vector<MinifloatFormat> allFormats() {
  std::vector<MinifloatFormat> formats;
  for (int e = 1; e <= 8; ++e)
    for (int m = 0; m <= 7; ++m)
      for (MinifloatNan nan : {MinifloatNan::None, MinifloatNan::AllOnes, MinifloatNan::Ieee}) {
        if (e == 1 && m == 0 && nan != MinifloatNan::None) continue;
        const int def = (1 << (e - 1)) - 1;
        for (int bias : {def, 0, def + 3, -2}) {
          MinifloatFormat f;
          f.expBits = e;
          f.manBits = m;
          f.nan = nan;
          f.bias = bias;
          formats.push_back(f);
        }
      }
  return formats;
}

std::string name(const MinifloatFormat &f) { return describe(f); }

} // namespace

TEST_CASE("minifloat: OCP FP8 E4M3 and E5M2 facts", "[minifloat]") {
  const MinifloatFormat a = e4m3();
  CHECK(a.bias == 7);
  CHECK(maxFinite(a) == 448.0);
  CHECK(decodeMinifloat(a, 0x7E) == 448.0);
  CHECK(decodeMinifloat(a, 0xFE) == -448.0);
  CHECK(std::isnan(decodeMinifloat(a, 0x7F)));
  CHECK(std::isnan(decodeMinifloat(a, 0xFF)));
  CHECK(decodeMinifloat(a, 0x78) == 256.0); // all-ones exponent is a normal binade
  CHECK(minPositive(a) == std::pow(2.0, -9));
  CHECK(decodeMinifloat(a, 0x08) == std::pow(2.0, -6)); // smallest normal
  CHECK(decodeMinifloat(a, 0x38) == 1.0);
  CHECK(encodeMinifloat(a, 1e9) == 0x7E);
  CHECK(encodeMinifloat(a, -std::numeric_limits<double>::infinity()) == 0xFE);
  CHECK(encodeMinifloat(a, std::nan("")) == 0x7F);
  CHECK(encodeMinifloat(a, -std::nan("")) == 0xFF);
  CHECK(finiteValues(a).size() == 253); // 256 codes - 2 NaN - one duplicate zero

  const MinifloatFormat b = e5m2();
  CHECK(b.bias == 15);
  CHECK(maxFinite(b) == 57344.0);
  CHECK(decodeMinifloat(b, 0x7B) == 57344.0);
  CHECK(decodeMinifloat(b, 0x7C) == std::numeric_limits<double>::infinity());
  CHECK(decodeMinifloat(b, 0xFC) == -std::numeric_limits<double>::infinity());
  for (uint16_t c : {0x7D, 0x7E, 0x7F, 0xFD, 0xFE, 0xFF}) CHECK(std::isnan(decodeMinifloat(b, c)));
  CHECK(minPositive(b) == std::pow(2.0, -16));
  CHECK(decodeMinifloat(b, 0x04) == std::pow(2.0, -14));
  CHECK(decodeMinifloat(b, 0x3C) == 1.0);
  CHECK(encodeMinifloat(b, std::numeric_limits<double>::infinity()) == 0x7B); // no inf made
  CHECK(encodeMinifloat(b, 1e6) == 0x7B);
  CHECK(finiteValues(b).size() == 247); // 256 - 8 special - one duplicate zero
  CHECK(isSpecialCode(b, 0x7C));
  CHECK_FALSE(isNanCode(b, 0x7C));
  CHECK(isNanCode(b, 0x7D));
}

TEST_CASE("minifloat: OCP MX FP6 and FP4 facts", "[minifloat]") {
  CHECK(finiteValues(e2m1()) ==
        std::vector<double>{-6, -4, -3, -2, -1.5, -1, -0.5, 0, 0.5, 1, 1.5, 2, 3, 4, 6});
  std::vector<double> fp4;
  for (uint16_t c = 0; c < 8; ++c) fp4.push_back(decodeMinifloat(e2m1(), c));
  CHECK(fp4 == std::vector<double>{0, 0.5, 1, 1.5, 2, 3, 4, 6});
  CHECK(maxFinite(e3m2()) == 28.0);
  CHECK(minPositive(e3m2()) == 0.0625);
  CHECK(decodeMinifloat(e3m2(), 0x04) == 0.25); // smallest normal 2^-2
  CHECK(maxFinite(e2m3()) == 7.5);
  CHECK(minPositive(e2m3()) == 0.125);
  CHECK(decodeMinifloat(e2m3(), 0x08) == 1.0); // smallest normal 2^0
  CHECK(codeCount(e2m1()) == 16);
  CHECK(codeCount(e3m2()) == 64);
  CHECK_THROWS_WITH(encodeMinifloat(e2m1(), std::nan("")), Contains("NaN") && Contains("E2M1"));
}

TEST_CASE("minifloat: every code of every format decodes to the textbook value",
          "[minifloat][exhaustive]") {
  for (const MinifloatFormat &f : allFormats()) {
    const std::vector<double> all = decodeAll(f);
    REQUIRE(int(all.size()) == 1 << (1 + f.expBits + f.manBits));
    for (int c = 0; c < int(all.size()); ++c) {
      const double want = textbook(f, c);
      if (!sameValue(all[size_t(c)], want) || !sameValue(decodeMinifloat(f, uint16_t(c)), want))
        FAIL_CHECK(name(f) << " code " << c << " decodes to " << all[size_t(c)] << ", want "
                           << want);
      if (isSpecialCode(f, uint16_t(c)) != (std::isnan(want) || std::isinf(want)))
        FAIL_CHECK(name(f) << " code " << c << " special flag");
    }
  }
}

TEST_CASE("minifloat: encode(decode(c)) == c for every finite code", "[minifloat][exhaustive]") {
  for (const MinifloatFormat &f : allFormats()) {
    for (int c = 0; c < codeCount(f); ++c) {
      const double v = textbook(f, c);
      if (std::isnan(v) || std::isinf(v)) continue;
      if (encodeMinifloat(f, v) != c) FAIL_CHECK(name(f) << " code " << c);
    }
  }
}

TEST_CASE("minifloat: midpoints between adjacent codes go to the even code",
          "[minifloat][exhaustive]") {
  for (const MinifloatFormat &f : allFormats()) {
    const int sign = 1 << (f.expBits + f.manBits);
    // Positive finite codes are 0..maxFiniteCode in increasing value (checked here too).
    const int top = maxFiniteCode(f);
    for (int c = 0; c < top; ++c) {
      const double lo = textbook(f, c), hi = textbook(f, c + 1);
      if (!(lo < hi)) FAIL_CHECK(name(f) << " codes not increasing at " << c);
      const double mid = (lo + hi) / 2; // exact: at most 9 significant bits
      const int even = c % 2 == 0 ? c : c + 1;
      if (encodeMinifloat(f, mid) != even || encodeMinifloat(f, -mid) != (even | sign))
        FAIL_CHECK(name(f) << " tie between codes " << c << " and " << c + 1);
      if (encodeMinifloat(f, std::nextafter(mid, 0.0)) != c ||
          encodeMinifloat(f, std::nextafter(mid, 1e300)) != c + 1)
        FAIL_CHECK(name(f) << " near-tie between codes " << c << " and " << c + 1);
    }
  }
}

TEST_CASE("minifloat: saturation at both ends and signed zero", "[minifloat]") {
  const double inf = std::numeric_limits<double>::infinity();
  for (const MinifloatFormat &f : allFormats()) {
    const int sign = 1 << (f.expBits + f.manBits);
    const int top = maxFiniteCode(f);
    const double max = textbook(f, top);
    // Everything at or beyond max saturates, including where a next binade would round to.
    for (double v : {max, std::nextafter(max, inf), max * 1.03125, max * 1.5, max * 2, 1e300, inf}) {
      if (encodeMinifloat(f, v) != top || encodeMinifloat(f, -v) != (top | sign))
        FAIL_CHECK(name(f) << " saturation of " << v);
    }
    // Toward zero: half the smallest positive is a tie to the even code 0; the sign stays.
    const double tiny = textbook(f, 1);
    if (encodeMinifloat(f, tiny / 2) != 0 || encodeMinifloat(f, -tiny / 2) != sign ||
        encodeMinifloat(f, std::nextafter(tiny / 2, inf)) != 1 ||
        encodeMinifloat(f, 1e-300) != 0 || encodeMinifloat(f, -0.0) != sign ||
        encodeMinifloat(f, 0.0) != 0)
      FAIL_CHECK(name(f) << " underflow");
    if (!std::signbit(decodeMinifloat(f, uint16_t(sign)))) FAIL_CHECK(name(f) << " -0");
    CHECK(roundToMinifloat(f, 1e300) == max);
  }
}

TEST_CASE("minifloat: the M = 0 formats round ties to the even code", "[minifloat]") {
  // E3M0, bias 3: values 2^(e-3) for e = 1..7, code = e. 1.5 lies between 1 (code 3) and
  // 2 (code 4): to 2. 3 lies between 2 (code 4) and 4 (code 5): to 2.
  const MinifloatFormat f = makeMinifloat(3, 0);
  CHECK(decodeMinifloat(f, 3) == 1.0);
  CHECK(encodeMinifloat(f, 1.5) == 4);
  CHECK(encodeMinifloat(f, 3.0) == 4);
  CHECK(encodeMinifloat(f, 6.0) == 6);
  CHECK(encodeMinifloat(f, 0.125) == 0); // half of 2^-2 (code 1): to 0
  CHECK(maxFinite(f) == 16.0);
}

TEST_CASE("minifloat: parameters are validated", "[minifloat][errors]") {
  CHECK_THROWS_WITH(makeMinifloat(0, 3), Contains("exponent bits 0") && Contains("1..8"));
  CHECK_THROWS_WITH(makeMinifloat(9, 3), Contains("1..8"));
  CHECK_THROWS_WITH(makeMinifloat(4, 8), Contains("mantissa bits 8") && Contains("0..7"));
  CHECK_THROWS_WITH(makeMinifloat(4, -1), Contains("0..7"));
  CHECK_THROWS_WITH(makeMinifloat(4, 3, MinifloatNan::None, 256), Contains("bias 256"));
  CHECK_THROWS_WITH(makeMinifloat(4, 3, MinifloatNan::None, -129), Contains("-128..255"));
  CHECK_THROWS_WITH(makeMinifloat(1, 0, MinifloatNan::AllOnes), Contains("E1M0"));
  CHECK_THROWS_WITH(decodeMinifloat(e4m3(), 256), Contains("out of range") && Contains("0..255"));
  MinifloatFormat bad;
  bad.manBits = 9;
  CHECK_THROWS_AS(encodeMinifloat(bad, 1.0), quasar::InputError);
  CHECK(makeMinifloat(4, 3, MinifloatNan::AllOnes, 8).bias == 8);
  CHECK(maxFinite(makeMinifloat(4, 3, MinifloatNan::AllOnes, 8)) == 224.0);
  CHECK(describe(e4m3()) == "E4M3 (bias 7, NaN S.1111.111)");
  CHECK(describe(e5m2()) == "E5M2 (bias 15, inf/NaN exponent 11111)");
}
