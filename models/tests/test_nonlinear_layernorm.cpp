// I-LayerNorm: hand-worked rows and Newton sequences (arithmetic in the comments), the mean's
// exact half-even rounding, var = 0 ending at exactly k = 64, the 64-bit var limit, then the
// plain __int128 reference of test_nonlinear_reference.h on random rows.
#include "quasar/config/error.h"
#include "quasar/models/nonlinear.h"
#include "test_nonlinear_reference.h"

#include <catch2/catch.hpp>

#include <limits>
#include <random>
#include <vector>

using quasar::CheckError;
using quasar::InputError;
using quasar::models::IntMatrix;
using namespace quasar::models::nonlinear;
namespace ref = quasar_test::nonlinear_ref;

namespace {

using Row = std::vector<int64_t>;
constexpr uint64_t kSeed = 0x5eed'd7ad'1c00'0003ULL;
constexpr int64_t kI32Min = std::numeric_limits<int32_t>::min();
constexpr int64_t kI32Max = std::numeric_limits<int32_t>::max();

int64_t uniform(std::mt19937_64 &rng, int64_t lo, int64_t hi) {
  return lo + int64_t(rng() % uint64_t(hi - lo + 1));
}

void checkAgainstReference(const Row &row, const Row &bias) {
  const ref::LayerNormResult want = ref::layerNorm(row, bias);
  const LayerNormStats got = layerNormStats(row);
  REQUIRE(got.mean == want.mean);
  REQUIRE(got.var == want.var);
  REQUIRE(got.k == want.k);
  REQUIRE(got.f == want.f);
  REQUIRE(layerNorm(row, bias) == want.out);
}

} // namespace

TEST_CASE("layernorm: Newton steps from 2^16, hand-worked", "[nonlinear][layernorm]") {
  // var = 0: floor_div(0, k) = 0, so each step halves: 2^16 -> 2^15 -> ... -> 2^6 = 64 after
  // exactly 10 steps.
  CHECK(layerNormNewton(0) == 64);
  // var < 256: at steps 1..9 k >= 256 > var, so var / k = 0 and k halves to 128; step 10 adds
  // floor(var / 128) <= 1: (128 + 0 or 1) >> 1 = 64.
  for (int64_t var = 0; var < 256; ++var) CHECK(layerNormNewton(var) == 64);
  // var = 256: steps 1..8 halve to 256; step 9: (256 + 1) >> 1 = 128; step 10:
  // (128 + 2) >> 1 = 65.
  CHECK(layerNormNewton(256) == 65);
  // var = 1000: halving to 512 (7 steps); (512 + 1) >> 1 = 256; (256 + 3) >> 1 = 129;
  // (129 + 7) >> 1 = 68 -- not sqrt(1000) ~ 31.6, as the spec warns for small variances.
  CHECK(layerNormNewton(1000) == 68);
  // var = 2^40: 2^16 -> (2^16 + 2^24) >> 1 = 8421376 -> ... converges to the exact root 2^20.
  CHECK(layerNormNewton(int64_t(1) << 40) == int64_t(1) << 20);
  CHECK_THROWS_AS(layerNormNewton(-1), InputError);
}

TEST_CASE("layernorm: Newton equals the reference and never goes below 64",
          "[nonlinear][layernorm]") {
  std::mt19937_64 rng(kSeed);
  INFO("seed " << kSeed);
  for (int i = 0; i < 100000; ++i) {
    const int64_t var = int64_t(rng() >> 1) >> int(rng() % 63);
    INFO("var " << var);
    ref::I k = ref::pow2(16);
    for (int step = 0; step < 10; ++step) k = ref::floorDiv(k + ref::floorDiv(var, k), 2);
    const int64_t got = layerNormNewton(var);
    REQUIRE(got == int64_t(k));
    REQUIRE(got >= 64);
  }
  // The largest var: still finite, far from the root (10 steps are not enough), f = 0.
  const int64_t varMax = std::numeric_limits<int64_t>::max();
  ref::I k = ref::pow2(16);
  for (int step = 0; step < 10; ++step) k = ref::floorDiv(k + ref::floorDiv(varMax, k), 2);
  CHECK(layerNormNewton(varMax) == int64_t(k));
  CHECK(k < ref::pow2(47));
}

TEST_CASE("layernorm: mean rounds the exact rational half to even", "[nonlinear][layernorm]") {
  struct Case {
    Row row;
    int64_t mean;
  };
  const Case cases[] = {
      {{1, 2}, 2},          //  1.5 -> 2
      {{2, 3}, 2},          //  2.5 -> 2
      {{-1, -2}, -2},       // -1.5 -> -2
      {{-2, -3}, -2},       // -2.5 -> -2
      {{0, -1}, 0},         // -0.5 -> 0
      {{0, 1}, 0},          //  0.5 -> 0
      {{1, 2, 3, 5}, 3},    // 11/4 = 2.75 -> 3
      {{-1, -2, -3, -5}, -3},
      {{1, 1, 2}, 1},       // 4/3 -> 1
      {{-1, -1, -2}, -1},   // -4/3 -> -1
      {{7, 7, 7, 7, 9, 9}, 8}, // 46/6 = 7.67 -> 8
      {{kI32Min, kI32Max}, 0}, // -1/2 -> 0
      {{kI32Max, kI32Max - 1}, kI32Max - 1}, // (2^32 - 3) / 2 = 2^31 - 1.5 -> even 2^31 - 2
  };
  for (const Case &c : cases) {
    INFO("row of " << c.row.size() << ", first " << c.row[0]);
    CHECK(layerNormStats(c.row).mean == c.mean);
  }
}

TEST_CASE("layernorm: hand-worked rows", "[nonlinear][layernorm]") {
  // [1, 2, 3, 6]: sum 12, mean 3; y = [-2, -1, 0, 3]; var = 4 + 1 + 0 + 9 = 14;
  // k = 64 (var < 256); f = floor(2147483647 / 64) = 33554431;
  // (y * f) >> 1 = [-67108862 >> 1, -33554431 >> 1, 0, 100663293 >> 1]
  //             = [-33554431, -16777216, 0, 50331646]  (floors: -16777215.5 -> -16777216,
  //               50331646.5 -> 50331646); plus bias [0, 1, -1, 10].
  const LayerNormStats st = layerNormStats(Row{1, 2, 3, 6});
  CHECK(st.mean == 3);
  CHECK(st.var == 14);
  CHECK(st.k == 64);
  CHECK(st.f == 33554431);
  CHECK(layerNorm(Row{1, 2, 3, 6}, Row{0, 1, -1, 10}) ==
        Row{-33554431, -16777215, -1, 50331656});
  CHECK(layerNorm(Row{1, 2, 3, 6}, Row{}) == Row{-33554431, -16777216, 0, 50331646});
  // All equal: var = 0, k = 64 exactly, y = 0, out = bias.
  const LayerNormStats eq = layerNormStats(Row{-7, -7, -7});
  CHECK(eq.var == 0);
  CHECK(eq.k == 64);
  CHECK(eq.f == 33554431);
  CHECK(layerNorm(Row{-7, -7, -7}, Row{5, -6, 0}) == Row{5, -6, 0});
  // Single element: mean = x, var = 0, k = 64, out = bias.
  CHECK(layerNormStats(Row{kI32Min}).k == 64);
  CHECK(layerNorm(Row{kI32Min}, Row{42}) == Row{42});
  // [0, 2^20]: mean 2^19, y = -+2^19, var = 2 * 2^38 = 2^39; Newton from 2^16 reaches
  // floor(sqrt(2^39)) = 741455 (2^19.5 = 741455.2); f = floor(2147483647 / 741455) = 2896;
  // (-2^19 * 2896) >> 1 = -759169024, (2^19 * 2896) >> 1 = 759169024.
  const LayerNormStats big = layerNormStats(Row{0, 1 << 20});
  CHECK(big.var == int64_t(1) << 39);
  CHECK(big.k == 741455);
  CHECK(big.f == 2896);
  CHECK(layerNorm(Row{0, 1 << 20}, Row{}) == Row{-759169024, 759169024});
}

TEST_CASE("layernorm: var at the 64-bit limit", "[nonlinear][layernorm]") {
  // [-2^31, 2^31 - 1]: mean = round_half_even(-1/2) = 0; var = 2^62 + (2^31 - 1)^2
  // = 2^63 - 2^32 + 1, the largest var two 32-bit inputs can make: fits.
  const Row edge{kI32Min, kI32Max};
  const LayerNormStats st = layerNormStats(edge);
  CHECK(st.mean == 0);
  CHECK(st.var == std::numeric_limits<int64_t>::max() - (int64_t(1) << 32) + 2);
  checkAgainstReference(edge, Row{});
  // A third extreme element pushes the sum of squares past 2^63 - 1.
  CHECK_THROWS_AS(layerNormStats(Row{kI32Min, kI32Max, kI32Min}), CheckError);
  CHECK_THROWS_AS(layerNorm(Row{kI32Min, kI32Max, kI32Min}, Row{}), CheckError);
}

TEST_CASE("layernorm: equals the reference on random rows", "[nonlinear][layernorm]") {
  std::mt19937_64 rng(kSeed + 1);
  INFO("seed " << kSeed + 1);
  const int64_t spans[] = {3, 100, 1 << 12, 1 << 20, int64_t(1) << 28};
  for (int i = 0; i < 20000; ++i) {
    const int kind = int(rng() % 5);
    const size_t len = kind == 3 ? 1 : 1 + size_t(rng() % 64);
    const int64_t s = spans[rng() % 5];
    Row row(len);
    const int64_t v0 = uniform(rng, -s, s);
    for (auto &v : row) {
      switch (kind) {
      case 0: v = uniform(rng, -s, s); break;          // random
      case 1: v = v0; break;                           // all equal (var = 0)
      case 2: v = uniform(rng, -s - 1, -1); break;     // all negative
      case 3: v = uniform(rng, kI32Min, kI32Max); break; // single element
      default: v = (rng() & 1) ? kI32Max - uniform(rng, 0, 3) : kI32Min + uniform(rng, 0, 3);
      }
    }
    if (kind == 4) row.resize(2); // two extremes: var just below 2^63
    Row bias;
    if (rng() & 1) {
      for (size_t c = 0; c < row.size(); ++c) bias.push_back(uniform(rng, -(1 << 30), 1 << 30));
    }
    INFO("kind " << kind << " length " << row.size() << " row[0] " << row[0]);
    checkAgainstReference(row, bias);
    if (kind == 1 || kind == 3) CHECK(layerNormStats(row).k == 64);
  }
}

TEST_CASE("layernorm: rejects bad rows and bias", "[nonlinear][layernorm]") {
  CHECK_THROWS_AS(layerNorm(Row{}, Row{}), InputError);
  CHECK_THROWS_AS(layerNorm(Row{1, 2}, Row{1}), InputError);
  CHECK_THROWS_AS(layerNorm(Row{1, 2}, Row{1, (int64_t(1) << 62) + 1}), InputError);
  CHECK(layerNorm(Row{1, 1}, Row{-(int64_t(1) << 62), int64_t(1) << 62}) ==
        Row{-(int64_t(1) << 62), int64_t(1) << 62});
  CHECK_THROWS_AS(layerNorm(Row{kI32Max + 1, 0}, Row{}), CheckError);
  IntMatrix x(2, 4);
  x << 1, 2, 3, 6, -7, -7, -7, -7;
  const IntMatrix y = layerNorm(x, Row{0, 1, -1, 10});
  CHECK(y(0, 3) == 50331656);
  CHECK(y(1, 0) == 0);
  CHECK(y(1, 3) == 10);
}

TEST_CASE("nonlinear: software constants from scales", "[nonlinear]") {
  // x0 = floor(-1 / s): s = 0.25 -> -4; 0.3 -> floor(-3.33) = -4; 1/16 -> -16; 2 -> -1.
  CHECK(shiftmaxX0(0.25, "t") == -4);
  CHECK(shiftmaxX0(0.3, "t") == -4);
  CHECK(shiftmaxX0(1.0 / 16, "t") == -16);
  CHECK(shiftmaxX0(2.0, "t") == -1);
  CHECK(shiftmaxX0(1.0, "t") == -1);
  // 2^-31 -> exactly -2^31, the largest allowed magnitude; a smaller scale is refused.
  CHECK(shiftmaxX0(std::ldexp(1.0, -31), "t") == kI32Min);
  CHECK_THROWS_AS(shiftmaxX0(1e-10, "attn.softmax"), InputError);
  for (double bad : {0.0, -1.0, std::numeric_limits<double>::infinity(),
                     std::numeric_limits<double>::quiet_NaN()})
    CHECK_THROWS_AS(shiftmaxX0(bad, "t"), InputError);
  // GELU: s' = 1.702 s. s = 0.1 -> -1 / 0.1702 = -5.875 -> -6; s = 0.01 -> -58.75 -> -59;
  // s = 1 -> -0.5875 -> -1.
  CHECK(shiftGeluX0(0.1, "t") == -6);
  CHECK(shiftGeluX0(0.01, "t") == -59);
  CHECK(shiftGeluX0(1.0, "t") == -1);
  CHECK_THROWS_AS(shiftGeluX0(-0.1, "t"), InputError);
  // bias_int = floor((beta / gamma) / (sqrt(C) / 2^30)):
  // beta 0.5, gamma 2, C 4: 0.25 / (2 / 2^30) = 2^27 = 134217728; negated: -134217728.
  CHECK(layerNormBiasInt(0.5, 2.0, 4, "t") == 134217728);
  CHECK(layerNormBiasInt(-0.5, 2.0, 4, "t") == -134217728);
  // beta 1, gamma 3, C 1: 2^30 / 3 = 357913941.33 -> 357913941; negative -> -357913942.
  CHECK(layerNormBiasInt(1.0, 3.0, 1, "t") == 357913941);
  CHECK(layerNormBiasInt(-1.0, 3.0, 1, "t") == -357913942);
  // beta 0.5, gamma 1, C 2: 2^29 / sqrt(2) = 2^28.5 = 379625062.497 -> 379625062.
  CHECK(layerNormBiasInt(0.5, 1.0, 2, "t") == 379625062);
  CHECK(layerNormBiasInt(std::vector<double>{0.5, -0.5, 0.0, 1.0},
                         std::vector<double>{2.0, 2.0, 5.0, 0.5}, "ln1") ==
        Row{134217728, -134217728, 0, 1073741824}); // last: 2 / (2 / 2^30) = 2^30
  CHECK_THROWS_AS(layerNormBiasInt(1.0, 0.0, 4, "t"), InputError);
  CHECK_THROWS_AS(layerNormBiasInt(1e20, 1.0, 4, "t"), InputError);
  CHECK_THROWS_AS(layerNormBiasInt(1.0, 1.0, 0, "t"), InputError);
  CHECK_THROWS_AS(layerNormBiasInt(std::vector<double>{1.0}, std::vector<double>{}, "t"),
                  InputError);
  // Output scales.
  CHECK(shiftmaxOutScale() == std::ldexp(1.0, -15));
  CHECK(shiftGeluOutScale(0.5) == std::ldexp(1.0, -8));
  CHECK(layerNormOutScale(2.0, 4) == std::ldexp(1.0, -28));
}
