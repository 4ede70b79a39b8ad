// quantizeMultiplier(): published TFLite QuantizeMultiplier vectors (mult_bits 31) and hand-worked
// values for other widths; the m == 2^mult_bits renormalisation; every rejected input.
//
// TFLite reports (quantized_multiplier, shift) with M ~ q * 2^(shift - 31), so e = 31 - shift.
// The vectors are from tensorflow/lite/kernels/internal/quantization_util_test.cc
// (QuantizeMultiplierSmallerThanOneExp, QuantizeMultiplierGreaterThanOne,
// QuantizeMultiplierUnderflow, QuantizeMultiplierArray), which use the same frexp +
// round-half-away rule as the spec for M in their range.
#include "quasar/config/error.h"
#include "quasar/models/dyadic.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <string>

using quasar::InputError;
using namespace quasar::models::dyadic;

namespace {

struct Published {
  double m;
  int64_t q;
  int shift; // TFLite's shift
};

std::string errorOf(double m, int bits, const std::string &where = "layer fc1 channel 3") {
  try {
    quantizeMultiplier(m, bits, where);
  } catch (const InputError &e) {
    return e.what();
  }
  return "";
}

} // namespace

TEST_CASE("dyadic: quantizeMultiplier matches published TFLite QuantizeMultiplier vectors",
          "[dyadic]") {
  const Published table[] = {
      {0.125, 1073741824, -2},
      {0.25, 1073741824, -1},
      {0.5, 1073741824, 0},
      {1.0, 1073741824, 1},
      {2.0, 1073741824, 2},
      {4.0, 1073741824, 3},
      {0.50 - 5e-9, 2147483627, -1},
      {0.50 - 1e-10, 1073741824, 0}, // mant * 2^31 rounds to 2^31: renormalised
      {0.75, 1610612736, 0},
      {1 - 1e-9, 2147483646, 0},
      {1 + 1e-11, 1073741824, 1},
      {1.25, 1342177280, 1},
      {1.50, 1610612736, 1},
      {1.75, 1879048192, 1},
      {2 - 1e-9, 2147483647, 1},
      {2 - 1e-11, 1073741824, 2}, // renormalised
      {std::ldexp(1.0f, -31), 1073741824, -30},
      {std::ldexp(1.0f, -32), 1073741824, -31},
  };
  for (const Published &p : table) {
    INFO("M = " << p.m);
    const Multiplier got = quantizeMultiplier(p.m, 31, "t");
    CHECK(got.m == p.q);
    CHECK(got.e == 31 - p.shift);
  }
  // The brief's two anchors, spelled out: M = 0.5 -> m = 2^30, e = 31; M = 0.25 -> e = 32.
  CHECK(quantizeMultiplier(0.5, 31, "t") == Multiplier{int64_t(1) << 30, 31});
  CHECK(quantizeMultiplier(0.25, 31, "t") == Multiplier{int64_t(1) << 30, 32});
}

TEST_CASE("dyadic: quantizeMultiplier keeps e up to 63 where TFLite flushes to zero", "[dyadic]") {
  // TFLite turns shifts below -31 (e > 62) into a zero multiplier; the spec allows e = 63.
  // 0.99f = 4152361 / 2^22 exactly (0.99 * 2^22 = 4152360.96 -> 4152361 in float), so
  // frexp(0.99f * 2^-32) = (4152361 / 2^22, -32): m = 4152361 * 2^9 = 2126008832 exactly,
  // e = 31 + 32 = 63.
  CHECK(quantizeMultiplier(std::ldexp(0.99f, -32), 31, "t") == Multiplier{2126008832, 63});
  // 2^-33 = 0.5 * 2^-32: m = 2^30, e = 31 + 32 = 63; 2^-34 needs e = 64.
  CHECK(quantizeMultiplier(std::ldexp(1.0, -33), 31, "t") == Multiplier{int64_t(1) << 30, 63});
  CHECK_THROWS_AS(quantizeMultiplier(std::ldexp(1.0, -34), 31, "t"), InputError);
}

TEST_CASE("dyadic: quantizeMultiplier hand-worked values for other widths", "[dyadic]") {
  // 0.1 = 0.8 * 2^-3 (the double is 0.1000000000000000055..., mantissa 0.8000000000000000444):
  // 0.8 * 2^31 = 1717986918.4 -> 1717986918, e = 31 + 3 = 34.
  CHECK(quantizeMultiplier(0.1, 31, "t") == Multiplier{1717986918, 34});
  // 1/3 (double 0.33333333333333331483) = (2/3) * 2^-1: (2/3) * 2^31 = 1431655765.33 ->
  // 1431655765, e = 32; with 12 bits (2/3) * 4096 = 2730.67 -> 2731, e = 13.
  CHECK(quantizeMultiplier(1.0 / 3.0, 31, "t") == Multiplier{1431655765, 32});
  CHECK(quantizeMultiplier(1.0 / 3.0, 12, "t") == Multiplier{2731, 13});
  // 0.3 (double 0.29999999999999998890) = 0.6 * 2^-1: 0.6 * 256 = 153.6 -> 154, e = 9.
  CHECK(quantizeMultiplier(0.3, 8, "t") == Multiplier{154, 9});
  // 3 = 0.75 * 2^2: 0.75 * 2^16 = 49152, e = 16 - 2 = 14.
  CHECK(quantizeMultiplier(3.0, 16, "t") == Multiplier{49152, 14});
  // Exact tie: 257/512 = 0.501953125 is its own mantissa; * 256 = 128.5 -> away -> 129, e = 8.
  CHECK(quantizeMultiplier(257.0 / 512.0, 8, "t") == Multiplier{129, 8});
  // Negative-side of a tie does not exist (M > 0), but a tie just below a power of two:
  // 255.5/256 * 256 = 255.5 -> 256 = 2^8 -> renormalised to m = 128, ex = 1, e = 7 (M ~ 1).
  CHECK(quantizeMultiplier(255.5 / 256.0, 8, "t") == Multiplier{128, 7});
  // Just below the tie: 255.25 -> 255, no renormalisation, e = 8.
  CHECK(quantizeMultiplier(255.25 / 256.0, 8, "t") == Multiplier{255, 8});
}

TEST_CASE("dyadic: quantizeMultiplier renormalises m == 2^mult_bits for every width",
          "[dyadic]") {
  for (int bits = 8; bits <= 31; ++bits) {
    INFO("mult_bits " << bits);
    // mant = 1 - 2^-(bits+1) is the smallest mantissa that rounds (half away) to 2^bits:
    // mant * 2^bits = 2^bits - 0.5. Expected (2^(bits-1), bits - 1) for M = mant (ex = 0 -> 1).
    const double tie = 1.0 - std::ldexp(1.0, -(bits + 1));
    CHECK(quantizeMultiplier(tie, bits, "t") == Multiplier{int64_t(1) << (bits - 1), bits - 1});
    // One ulp (of the scaled value, 2^-(bits+2)) below the tie rounds down to 2^bits - 1.
    const double below = tie - std::ldexp(1.0, -(bits + 2));
    CHECK(quantizeMultiplier(below, bits, "t") == Multiplier{(int64_t(1) << bits) - 1, bits});
    // Powers of two: M = 2^k = 0.5 * 2^(k+1) -> m = 2^(bits-1), e = bits - k - 1.
    CHECK(quantizeMultiplier(std::ldexp(1.0, -5), bits, "t") ==
          Multiplier{int64_t(1) << (bits - 1), bits + 4});
  }
}

TEST_CASE("dyadic: quantizeMultiplier e range edges", "[dyadic]") {
  // e = mult_bits - ex. Largest: M = 2^(bits-1) = 0.5 * 2^bits -> e = 0.
  CHECK(quantizeMultiplier(128.0, 8, "t") == Multiplier{128, 0});
  CHECK(quantizeMultiplier(std::ldexp(1.0, 30), 31, "t") == Multiplier{int64_t(1) << 30, 0});
  // M = 2^bits needs e = -1; so does a value just below it that rounds up to 2^bits.
  CHECK_THROWS_AS(quantizeMultiplier(256.0, 8, "t"), InputError);
  CHECK_THROWS_AS(quantizeMultiplier(255.9, 8, "t"), InputError);
  CHECK(quantizeMultiplier(255.0, 8, "t") == Multiplier{255, 0});
  // Smallest: M = 2^(bits-64) = 0.5 * 2^(bits-63) -> e = 63; half of it needs e = 64.
  CHECK(quantizeMultiplier(std::ldexp(1.0, -56), 8, "t") == Multiplier{128, 63});
  CHECK_THROWS_AS(quantizeMultiplier(std::ldexp(1.0, -57), 8, "t"), InputError);
  // Just below 2^-56 the exponent alone would give e = 64, but (1 - 2^-10) * 2^-56 has
  // mant = 1 - 2^-10, ex = -56: mant * 256 = 255.75 -> 256 -> renormalised m = 128, ex = -55,
  // e = 63. With 1 - 2^-8 the scaled mantissa is exactly 255: no carry, e = 64, rejected.
  CHECK(quantizeMultiplier(std::ldexp(1.0 - std::ldexp(1.0, -10), -56), 8, "t") ==
        Multiplier{128, 63});
  CHECK_THROWS_AS(quantizeMultiplier(std::ldexp(1.0 - std::ldexp(1.0, -8), -56), 8, "t"),
                  InputError);
}

TEST_CASE("dyadic: quantizeMultiplier errors name the place and the allowed values",
          "[dyadic]") {
  const std::string tooLarge = errorOf(std::ldexp(1.0, 40), 31);
  CHECK(tooLarge.find("layer fc1 channel 3") != std::string::npos);
  CHECK(tooLarge.find("too large") != std::string::npos);
  CHECK(tooLarge.find("e = -10") != std::string::npos);
  CHECK(tooLarge.find("0..63") != std::string::npos);
  const std::string tooSmall = errorOf(1e-30, 31);
  CHECK(tooSmall.find("layer fc1 channel 3") != std::string::npos);
  CHECK(tooSmall.find("too small") != std::string::npos);
  CHECK(tooSmall.find("0..63") != std::string::npos);
  for (double bad : {0.0, -0.0, -0.5, std::numeric_limits<double>::infinity(),
                     -std::numeric_limits<double>::infinity(),
                     std::numeric_limits<double>::quiet_NaN()}) {
    const std::string msg = errorOf(bad, 31);
    INFO(msg);
    CHECK(msg.find("layer fc1 channel 3") != std::string::npos);
    CHECK(msg.find("finite and > 0") != std::string::npos);
  }
  for (int bits : {0, 7, 32, 64}) {
    const std::string msg = errorOf(0.5, bits, "layer x channel 0");
    INFO(msg);
    CHECK(msg.find("layer x channel 0") != std::string::npos);
    CHECK(msg.find("8..31") != std::string::npos);
  }
  CHECK(errorOf(0.5, 8).empty());
  CHECK(errorOf(0.5, 31).empty());
}

TEST_CASE("dyadic: rounding and activation spellings", "[dyadic]") {
  CHECK(parseRounding("half_up") == Rounding::HalfUp);
  CHECK(parseRounding("half_even") == Rounding::HalfEven);
  CHECK(parseRounding("half_away") == Rounding::HalfAway);
  CHECK(parseRounding("floor") == Rounding::Floor);
  CHECK(toString(Rounding::HalfEven) == "half_even");
  CHECK(toString(Rounding::Floor) == "floor");
  try {
    parseRounding("nearest", "layer fc1 rounding");
    FAIL("no error");
  } catch (const InputError &e) {
    CHECK(std::string(e.what()) == "layer fc1 rounding: invalid rounding 'nearest'; allowed: "
                                   "half_up, half_even, half_away or floor");
  }
  CHECK(parseActivation("relu6") == Activation::Relu6);
  CHECK(toString(Activation::Clip) == "clip");
  CHECK_THROWS_AS(parseActivation("gelu"), InputError);
}
