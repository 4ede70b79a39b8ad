// Integer quantizer against hand-worked examples (chosen so that every scale and x / s is
// exact), a brute-force nearest-code search, an independent re-implementation of the MSE grid
// search written from the header's definition, and percentile by rank counting.
#include "quasar/config/error.h"
#include "quasar/models/quant_int.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <random>

using namespace quasar::models;
using Catch::Matchers::Contains;

namespace {

Eigen::MatrixXd mat(Eigen::Index rows, Eigen::Index cols, std::vector<double> v) {
  Eigen::MatrixXd m(rows, cols);
  for (Eigen::Index r = 0; r < rows; ++r)
    for (Eigen::Index c = 0; c < cols; ++c) m(r, c) = v[size_t(r * cols + c)];
  return m;
}

IntMatrix imat(Eigen::Index rows, Eigen::Index cols, std::vector<int64_t> v) {
  IntMatrix m(rows, cols);
  for (Eigen::Index r = 0; r < rows; ++r)
    for (Eigen::Index c = 0; c < cols; ++c) m(r, c) = v[size_t(r * cols + c)];
  return m;
}

IntQuantConfig config(int bits, bool isSigned, bool symmetric) {
  IntQuantConfig c;
  c.bits = bits;
  c.isSigned = isSigned;
  c.symmetric = symmetric;
  return c;
}

// Uniform reals in [lo, hi) from a seeded engine, with a few large outliers.
Eigen::MatrixXd randomMatrix(uint64_t seed, Eigen::Index rows, Eigen::Index cols, double lo,
                             double hi) {
  std::mt19937_64 gen(seed);
  Eigen::MatrixXd m(rows, cols);
  for (Eigen::Index r = 0; r < rows; ++r)
    for (Eigen::Index c = 0; c < cols; ++c) {
      const double u = double(gen() >> 11) * std::ldexp(1.0, -53);
      m(r, c) = lo + (hi - lo) * u;
      if (gen() % 23 == 0) m(r, c) *= 8; // outlier
    }
  return m;
}

// Which unit an element belongs to, written out per granularity.
std::pair<Eigen::Index, Eigen::Index> unitOf(const IntQuantConfig &c, Eigen::Index r,
                                             Eigen::Index col) {
  switch (c.granularity) {
  case QuantGranularity::PerTensor: return {0, 0};
  case QuantGranularity::PerRow: return {r, 0};
  case QuantGranularity::PerColumn: return {0, col};
  case QuantGranularity::PerGroup: return {r, col / Eigen::Index(c.groupSize)};
  }
  return {0, 0};
}

// Nearest code by trying every code: argmin_q |x - (q - z) s|; ties -> even q (the half-even
// rule); returns -1 in `ambiguous` when two codes are within rounding noise of a tie.
int64_t bruteNearest(double x, double s, int64_t z, int64_t qmin, int64_t qmax, bool &ambiguous) {
  int64_t best = qmin;
  long double bestErr = std::numeric_limits<long double>::infinity();
  ambiguous = false;
  for (int64_t q = qmin; q <= qmax; ++q) {
    const long double err = std::fabs((long double)x - (long double)(q - z) * s);
    if (err < bestErr - 1e-12L * s) {
      best = q;
      bestErr = err;
    } else if (std::fabs(err - bestErr) <= 1e-12L * s) {
      ambiguous = true; // a tie (or a near tie): decided by the rounding rule, checked elsewhere
    }
  }
  return best;
}

} // namespace

TEST_CASE("quant_int: code ranges and validation", "[quant_int]") {
  CHECK(codeMin(config(8, true, true)) == -128);
  CHECK(codeMax(config(8, true, true)) == 127);
  CHECK(codeMin(config(4, false, true)) == 0);
  CHECK(codeMax(config(4, false, true)) == 15);
  CHECK(codeMax(config(16, false, false)) == 65535);
  CHECK(codeMin(config(2, true, true)) == -2);

  const Eigen::MatrixXd x = mat(1, 2, {1, 2});
  IntQuantConfig c;
  c.bits = 1;
  CHECK_THROWS_WITH(quantizeInt(x, c), Contains("bits 1") && Contains("2..16"));
  c.bits = 17;
  CHECK_THROWS_AS(quantizeInt(x, c), quasar::InputError);
  c = IntQuantConfig{};
  c.granularity = QuantGranularity::PerGroup;
  c.groupSize = 0;
  CHECK_THROWS_WITH(quantizeInt(x, c), Contains("group size 0"));
  c = IntQuantConfig{};
  c.method = ScaleMethod::Percentile;
  c.percentile = 49;
  CHECK_THROWS_WITH(quantizeInt(x, c), Contains("percentile") && Contains("50..100"));
  c.percentile = 100.5;
  CHECK_THROWS_AS(quantizeInt(x, c), quasar::InputError);
  c = IntQuantConfig{};
  c.method = ScaleMethod::Mse;
  c.mseGridSize = 0;
  CHECK_THROWS_WITH(quantizeInt(x, c), Contains("MSE grid size 0"));
  CHECK_THROWS_WITH(quantizeInt(mat(1, 2, {1, std::nan("")}), IntQuantConfig{}),
                    Contains("element (0, 1)") && Contains("finite"));
  CHECK_THROWS_AS(quantizeInt(mat(1, 1, {std::numeric_limits<double>::infinity()}),
                              IntQuantConfig{}),
                  quasar::InputError);
}

TEST_CASE("quant_int: symmetric per tensor, every rounding mode", "[quant_int]") {
  // 3-bit signed: codes -4..3; max |x| = 3 -> s = 1, so x / s = x and the ties are exact.
  const Eigen::MatrixXd x = mat(2, 3, {3, 1.5, -0.5, 0.5, 2.5, -3});
  IntQuantConfig c = config(3, true, true);
  const std::pair<RealRounding, std::vector<int64_t>> cases[] = {
      {RealRounding::HalfEven, {3, 2, 0, 0, 2, -3}},
      {RealRounding::HalfAway, {3, 2, -1, 1, 3, -3}},
      {RealRounding::HalfUp, {3, 2, 0, 1, 3, -3}},
      {RealRounding::Floor, {3, 1, -1, 0, 2, -3}},
  };
  for (const auto &[mode, codes] : cases) {
    c.rounding = mode;
    const IntQuantized q = quantizeInt(x, c);
    CHECK(q.codes == imat(2, 3, codes));
    CHECK(q.scales.rows() == 1);
    CHECK(q.scales.cols() == 1);
    CHECK(q.scales(0, 0) == 1.0);
    CHECK(q.zeroPoints(0, 0) == 0);
    CHECK(q.dequantized == q.codes.cast<double>());
  }
  // 8-bit, max 254 -> s = 2: 7 / 2 = 3.5 -> 4, 5 / 2 = 2.5 -> 2, -254 -> -127 (not -128).
  const IntQuantized q8 = quantizeInt(mat(1, 4, {7, 5, -254, 0.9}), config(8, true, true));
  CHECK(q8.scales(0, 0) == 2.0);
  CHECK(q8.codes == imat(1, 4, {4, 2, -127, 0}));
  CHECK(q8.dequantized == mat(1, 4, {8, 4, -254, 0}));
}

TEST_CASE("quant_int: symmetric unsigned clamps negatives to 0", "[quant_int]") {
  // Range over max(x, 0): 255 -> s = 1 for 8 bits.
  const IntQuantized q = quantizeInt(mat(1, 4, {-500, 100.5, 255, 101.5}), config(8, false, true));
  CHECK(q.scales(0, 0) == 1.0);
  CHECK(q.codes == imat(1, 4, {0, 100, 255, 102}));
  CHECK(q.dequantized == mat(1, 4, {0, 100, 255, 102}));
}

TEST_CASE("quant_int: asymmetric zero points", "[quant_int]") {
  // Unsigned 2 bits: lo = -1, hi = 2, s = 3 / 3 = 1, z = 0 - round(-1) = 1.
  const IntQuantized u = quantizeInt(mat(1, 4, {-1, 0, 0.5, 2}), config(2, false, false));
  CHECK(u.scales(0, 0) == 1.0);
  CHECK(u.zeroPoints(0, 0) == 1);
  CHECK(u.codes == imat(1, 4, {0, 1, 1, 3}));
  CHECK(u.dequantized == mat(1, 4, {-1, 0, 0, 2}));
  // Signed 4 bits, all >= 0: lo = 0, hi = 7.5, s = 7.5 / 15 = 0.5, z = -8.
  const IntQuantized s = quantizeInt(mat(1, 4, {0, 1.5, 3, 7.5}), config(4, true, false));
  CHECK(s.scales(0, 0) == 0.5);
  CHECK(s.zeroPoints(0, 0) == -8);
  CHECK(s.codes == imat(1, 4, {-8, -5, -2, 7}));
  CHECK(s.dequantized == mat(1, 4, {0, 1.5, 3, 7.5}));
  // All <= 0, unsigned 3 bits: lo = -14, hi = 0, s = 2, z = 0 - round(-7) = 7.
  const IntQuantized n = quantizeInt(mat(1, 3, {-14, -3, 0}), config(3, false, false));
  CHECK(n.scales(0, 0) == 2.0);
  CHECK(n.zeroPoints(0, 0) == 7);
  CHECK(n.codes == imat(1, 3, {0, 5, 7})); // -3 / 2 = -1.5 -> -2 (even)
  CHECK(n.dequantized == mat(1, 3, {-14, -4, 0}));
  // The zero point's rounding follows the mode: lo = -1.5, hi = 1.5 on 0..3 -> s = 1,
  // z = -round(-1.5) = 2 (half even) or 1 (half up: round(-1.5) = -1).
  IntQuantConfig c = config(2, false, false);
  CHECK(quantizeInt(mat(1, 2, {-1.5, 1.5}), c).zeroPoints(0, 0) == 2);
  c.rounding = RealRounding::HalfUp;
  CHECK(quantizeInt(mat(1, 2, {-1.5, 1.5}), c).zeroPoints(0, 0) == 1);
}

TEST_CASE("quant_int: per row, per column and per group (short last group)", "[quant_int]") {
  IntQuantConfig c = config(3, true, true); // qmax 3
  const Eigen::MatrixXd x = mat(2, 5, {1, -3, 1.5, -0.75, -6,   //
                                       0.75, 0.375, -1.5, 0, 3});
  c.granularity = QuantGranularity::PerRow;
  const IntQuantized r = quantizeInt(x, c);
  CHECK(r.scales == mat(2, 1, {2, 1}));
  CHECK(r.codes == imat(2, 5, {0, -2, 1, 0, -3, /**/ 1, 0, -2, 0, 3}));
  CHECK(r.zeroPoints == IntMatrix::Zero(2, 1));

  c.granularity = QuantGranularity::PerColumn;
  const IntQuantized col = quantizeInt(x, c);
  CHECK(col.scales == mat(1, 5, {1.0 / 3, 1, 0.5, 0.25, 2}));
  CHECK(col.codes.col(1) == imat(2, 1, {-3, 0}));
  CHECK(col.codes.col(2) == imat(2, 1, {3, -3}));
  CHECK(col.codes.col(3) == imat(2, 1, {-3, 0}));
  CHECK(col.codes.col(4) == imat(2, 1, {-3, 2})); // 3 / 2 = 1.5 -> 2

  // G = 2 on K = 5: groups {0,1}, {2,3}, {4}.
  c.granularity = QuantGranularity::PerGroup;
  c.groupSize = 2;
  const IntQuantized g = quantizeInt(x, c);
  CHECK(g.scales == mat(2, 3, {1, 0.5, 2, /**/ 0.25, 0.5, 1}));
  CHECK(g.codes == imat(2, 5, {1, -3, 3, -2, -3, /**/ 3, 2, -3, 0, 3}));
  CHECK(g.dequantized == mat(2, 5, {1, -3, 1.5, -1, -6, /**/ 0.75, 0.5, -1.5, 0, 3}));
  // G larger than K: one group per row.
  c.groupSize = 64;
  CHECK(quantizeInt(x, c).scales == mat(2, 1, {2, 1}));
  CHECK(scaleShape(c, 7, 130) == std::pair<Eigen::Index, Eigen::Index>{7, 3});
}

TEST_CASE("quant_int: zero units get scale 1", "[quant_int]") {
  IntQuantConfig c = config(4, true, true);
  c.granularity = QuantGranularity::PerRow;
  const IntQuantized q = quantizeInt(mat(2, 2, {0, 0, 7, -7}), c);
  CHECK(q.scales == mat(2, 1, {1, 1}));
  CHECK(q.codes == imat(2, 2, {0, 0, 7, -7}));
  c.symmetric = false;
  const IntQuantized a = quantizeInt(mat(2, 2, {0, 0, 7, -8}), c);
  CHECK(a.scales(0, 0) == 1.0);
  CHECK(a.zeroPoints(0, 0) == -8);
  CHECK(a.codes.row(0) == imat(1, 2, {-8, -8}));
  CHECK(a.dequantized.row(0) == mat(1, 2, {0, 0}));
  // Unsigned symmetric with only negatives: range 0 -> scale 1, everything to code 0.
  const IntQuantized u = quantizeInt(mat(1, 2, {-1, -2}), config(4, false, true));
  CHECK(u.scales(0, 0) == 1.0);
  CHECK(u.codes == imat(1, 2, {0, 0}));
  // Empty input.
  const IntQuantized e = quantizeInt(Eigen::MatrixXd(0, 3), IntQuantConfig{});
  CHECK(e.codes.size() == 0);
  CHECK(e.scales(0, 0) == 1.0);
}

TEST_CASE("quant_int: percentile interpolation", "[quant_int]") {
  const std::vector<double> v = {5, 1, 4, 2, 3};
  CHECK(percentileOf(v, 100) == 5);
  CHECK(percentileOf(v, 0) == 1);
  CHECK(percentileOf(v, 50) == 3);
  CHECK(percentileOf(v, 75) == 4);    // h = 3
  CHECK(percentileOf(v, 87.5) == 4.5); // h = 3.5
  CHECK(percentileOf({7}, 99) == 7);
  CHECK(percentileOf({}, 99) == 0);
  CHECK(percentileOf({0, 8}, 62.5) == 5); // h = 0.625
  CHECK_THROWS_AS(percentileOf(v, 101), quasar::InputError);

  // Against rank counting: P lies between the k-th and (k+1)-th smallest values, where
  // k = floor(h), with weight h - k; the k-th smallest found by counting, not sorting.
  const Eigen::MatrixXd r = randomMatrix(7, 1, 37, -3, 5);
  std::vector<double> values(r.data(), r.data() + r.size());
  for (double p : {50.0, 90.0, 99.0, 99.9, 100.0}) {
    auto kth = [&](size_t k) { // k-th smallest (0-based), by counting
      for (double cand : values) {
        size_t less = 0, equal = 0;
        for (double w : values) less += w < cand, equal += w == cand;
        if (less <= k && k < less + equal) return cand;
      }
      return 0.0;
    };
    const double h = 36 * p / 100;
    const size_t k = size_t(std::floor(h));
    const double want = k + 1 < 37 ? kth(k) + (h - double(k)) * (kth(k + 1) - kth(k)) : kth(k);
    CHECK(percentileOf(values, p) == want);
  }
}

TEST_CASE("quant_int: percentile scales", "[quant_int]") {
  // Symmetric: |x| sorted 1 2 3 4 100, P75 = 4 -> s = 4 / 127; 100 clips to 127.
  IntQuantConfig c = config(8, true, true);
  c.method = ScaleMethod::Percentile;
  c.percentile = 75;
  const IntQuantized q = quantizeInt(mat(1, 5, {1, -2, 3, -4, 100}), c);
  CHECK(q.scales(0, 0) == 4.0 / 127);
  CHECK(q.codes == imat(1, 5, {32, -64, 95, -127, 127})); // 31.75, 63.5 (-> 64 even), 95.25
  // Asymmetric unsigned 3 bits: sorted -10 -3 0 4 20, P25 = -3, P75 = 4 -> s = 1, z = 3.
  c = config(3, false, false);
  c.method = ScaleMethod::Percentile;
  c.percentile = 75;
  const IntQuantized a = quantizeInt(mat(1, 5, {20, -3, 0, 4, -10}), c);
  CHECK(a.scales(0, 0) == 1.0);
  CHECK(a.zeroPoints(0, 0) == 3);
  CHECK(a.codes == imat(1, 5, {7, 0, 3, 7, 0}));
  CHECK(a.dequantized == mat(1, 5, {4, -3, 0, 4, -3}));
  // Percentile 100 is MaxAbs.
  const Eigen::MatrixXd x = randomMatrix(3, 4, 9, -2, 2);
  IntQuantConfig p100 = config(6, true, false);
  p100.granularity = QuantGranularity::PerRow;
  p100.method = ScaleMethod::Percentile;
  p100.percentile = 100;
  IntQuantConfig maxAbs = p100;
  maxAbs.method = ScaleMethod::MaxAbs;
  CHECK(quantizeInt(x, p100).scales == quantizeInt(x, maxAbs).scales);
  CHECK(quantizeInt(x, p100).codes == quantizeInt(x, maxAbs).codes);
}

TEST_CASE("quant_int: MSE search, hand-worked", "[quant_int]") {
  // 2-bit signed (codes -2..1), N = 2: alpha 1 (s = 4) or 0.5 (s = 2).
  IntQuantConfig c = config(2, true, true);
  c.method = ScaleMethod::Mse;
  c.mseGridSize = 2;
  // [4, 2, 2, 2]: s = 4 -> 4, 0, 0, 0 (SSE 12); s = 2 -> 2, 2, 2, 2 (SSE 4): s = 2 wins.
  CHECK(quantizeInt(mat(1, 4, {4, 2, 2, 2}), c).scales(0, 0) == 2.0);
  // [4, 1, 1, 1]: s = 4 -> SSE 3; s = 2 -> 4 + 3 = 7: s = 4.
  CHECK(quantizeInt(mat(1, 4, {4, 1, 1, 1}), c).scales(0, 0) == 4.0);
  // [4, 2]: both SSE 4, the larger alpha wins the tie.
  CHECK(quantizeInt(mat(1, 2, {4, 2}), c).scales(0, 0) == 4.0);
  // N = 1 is MaxAbs.
  c.mseGridSize = 1;
  CHECK(quantizeInt(mat(1, 4, {4, 2, 2, 2}), c).scales(0, 0) == 4.0);
}

TEST_CASE("quant_int: MSE search equals an exhaustive search of the documented grid",
          "[quant_int]") {
  for (int trial = 0; trial < 24; ++trial) {
    IntQuantConfig c = config(2 + trial % 7, trial % 3 != 0, trial % 2 == 0);
    c.method = ScaleMethod::Mse;
    c.mseGridSize = 10 + 7 * (trial % 4);
    c.granularity = QuantGranularity(trial % 4);
    c.groupSize = 3;
    c.rounding = trial % 5 == 0 ? RealRounding::HalfAway : RealRounding::HalfEven;
    const Eigen::MatrixXd x = randomMatrix(100 + uint64_t(trial), 4, 11, -1.5, 3);
    const IntQuantized got = quantizeInt(x, c);
    const double qmin = double(codeMin(c)), qmax = double(codeMax(c));
    INFO("trial " << trial << " bits " << c.bits << " signed " << c.isSigned << " symmetric "
                  << c.symmetric << " granularity " << int(c.granularity));
    for (Eigen::Index ur = 0; ur < got.scales.rows(); ++ur)
      for (Eigen::Index uc = 0; uc < got.scales.cols(); ++uc) {
        // The unit's elements in row-major order.
        std::vector<double> v;
        for (Eigen::Index r = 0; r < x.rows(); ++r)
          for (Eigen::Index col = 0; col < x.cols(); ++col)
            if (unitOf(c, r, col) == std::make_pair(ur, uc)) v.push_back(x(r, col));
        double lo0 = 0, hi0 = 0;
        for (double e : v) {
          if (c.symmetric) hi0 = std::max(hi0, c.isSigned ? std::fabs(e) : std::max(e, 0.0));
          else lo0 = std::min(lo0, e), hi0 = std::max(hi0, e);
        }
        double bestErr = 0, bestScale = 0;
        int64_t bestZero = 0;
        for (int i = c.mseGridSize; i >= 1; --i) {
          const double alpha = double(i) / double(c.mseGridSize);
          const double s = c.symmetric ? (alpha * hi0) / qmax
                                       : (alpha * hi0 - alpha * lo0) / (qmax - qmin);
          const int64_t z = c.symmetric ? 0
                                        : int64_t(std::clamp(
                                              qmin - roundReal(alpha * lo0 / s, c.rounding),
                                              qmin, qmax));
          double err = 0;
          for (double e : v) {
            const double q = std::clamp(roundReal(e / s, c.rounding) + double(z), qmin, qmax);
            const double d = e - (q - double(z)) * s;
            err += d * d;
          }
          if (i == c.mseGridSize || err < bestErr) bestErr = err, bestScale = s, bestZero = z;
        }
        CHECK(got.scales(ur, uc) == bestScale);
        CHECK(got.zeroPoints(ur, uc) == bestZero);
      }
  }
}

TEST_CASE("quant_int: codes are the nearest code (brute force over all codes)", "[quant_int]") {
  for (int trial = 0; trial < 16; ++trial) {
    IntQuantConfig c = config(2 + trial % 6, trial % 4 != 1, trial % 3 != 0);
    c.granularity = QuantGranularity(trial % 4);
    c.groupSize = 4;
    c.method = ScaleMethod(trial % 3);
    c.percentile = 95;
    const Eigen::MatrixXd x = randomMatrix(500 + uint64_t(trial), 5, 13, -2, 2.5);
    const IntQuantized q = quantizeInt(x, c);
    const auto [sr, sc] = scaleShape(c, x.rows(), x.cols());
    REQUIRE(q.scales.rows() == sr);
    REQUIRE(q.scales.cols() == sc);
    int checked = 0;
    for (Eigen::Index r = 0; r < x.rows(); ++r)
      for (Eigen::Index col = 0; col < x.cols(); ++col) {
        const auto [ur, uc] = unitOf(c, r, col);
        const double s = q.scales(ur, uc);
        const int64_t z = q.zeroPoints(ur, uc);
        bool ambiguous = false;
        const int64_t want = bruteNearest(x(r, col), s, z, codeMin(c), codeMax(c), ambiguous);
        if (ambiguous) continue;
        ++checked;
        INFO("trial " << trial << " element " << r << "," << col);
        CHECK(q.codes(r, col) == want);
        CHECK(q.dequantized(r, col) == double(want - z) * s);
      }
    CHECK(checked > 50);
  }
}

TEST_CASE("quant_int: quantizeIntWith and dequantizeInt", "[quant_int]") {
  IntQuantConfig c = config(4, false, false);
  c.granularity = QuantGranularity::PerColumn;
  const Eigen::MatrixXd scales = mat(1, 2, {0.5, 2});
  const IntMatrix zeros = imat(1, 2, {3, 8});
  const IntQuantized q = quantizeIntWith(mat(2, 2, {1, -4, -10, 100}), c, scales, zeros);
  CHECK(q.codes == imat(2, 2, {5, 6, 0, 15})); // 2+3, -2+8, clamp(-20+3), clamp(50+8)
  CHECK(q.dequantized == mat(2, 2, {1, -4, -1.5, 14}));
  CHECK(dequantizeInt(q.codes, c, scales, zeros) == q.dequantized);
  CHECK_THROWS_WITH(quantizeIntWith(mat(2, 2, {1, 2, 3, 4}), c, mat(1, 1, {1}), imat(1, 1, {0})),
                    Contains("must be 1x2"));
  CHECK_THROWS_WITH(quantizeIntWith(mat(2, 2, {1, 2, 3, 4}), c, mat(1, 2, {1, 0}), zeros),
                    Contains("scale") && Contains("> 0"));
  CHECK_THROWS_WITH(quantizeIntWith(mat(2, 2, {1, 2, 3, 4}), c, scales, imat(1, 2, {0, 16})),
                    Contains("zero point 16") && Contains("0..15"));
  c.symmetric = true;
  CHECK_THROWS_WITH(quantizeIntWith(mat(2, 2, {1, 2, 3, 4}), c, scales, zeros),
                    Contains("0 when symmetric"));
}

TEST_CASE("quant_int: MSE and SQNR helpers", "[quant_int]") {
  const Eigen::MatrixXd ref = mat(1, 2, {1, 2});
  CHECK(meanSquaredError(ref, mat(1, 2, {1, 1})) == 0.5);
  CHECK(sqnrDb(ref, mat(1, 2, {1, 1})) == Approx(10 * std::log10(5.0)).epsilon(1e-15));
  CHECK(sqnrDb(mat(1, 2, {3, 4}), mat(1, 2, {3, 3})) == Approx(10 * std::log10(25.0)));
  CHECK(sqnrDb(ref, ref) == std::numeric_limits<double>::infinity());
  CHECK(sqnrDb(mat(1, 2, {0, 0}), ref) == -std::numeric_limits<double>::infinity());
  CHECK(meanSquaredError(Eigen::MatrixXd(0, 2), Eigen::MatrixXd(0, 2)) == 0);
  CHECK_THROWS_WITH(meanSquaredError(ref, mat(2, 1, {1, 2})), Contains("differ"));
  CHECK_THROWS_AS(sqnrDb(ref, mat(1, 1, {1})), quasar::InputError);
  // More bits, less noise: 8-bit SQNR of a uniform tensor is about 6 dB per bit above 4-bit.
  const Eigen::MatrixXd x = randomMatrix(11, 32, 32, -1, 1);
  const double s4 = sqnrDb(x, quantizeInt(x, config(4, true, true)).dequantized);
  const double s8 = sqnrDb(x, quantizeInt(x, config(8, true, true)).dequantized);
  CHECK(s8 - s4 > 20);
  CHECK(s8 - s4 < 28);
}
