// bitmod group quantizer against hand-worked groups and a brute-force search written in the
// test from specs/bitserial.md "From real weights".
#include "quasar/config/error.h"
#include "quasar/models/bitserial.h"
#include "test_bitserial_reference.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <random>

using namespace quasar::models::bitserial;
using quasar::models::IntMatrix;

namespace {

Eigen::MatrixXd row(std::initializer_list<double> values) {
  Eigen::MatrixXd m(1, Eigen::Index(values.size()));
  Eigen::Index k = 0;
  for (double v : values) m(0, k++) = v;
  return m;
}

std::vector<long> codeValues(const BitmodWeights &q, int r) {
  std::vector<long> v;
  for (Eigen::Index k = 0; k < q.codes.cols(); ++k) {
    v.push_back(bitserial_ref::value(unsigned(q.codes(r, k)), q.mode,
                                     int(q.specialIndex(r, k / q.group))));
  }
  return v;
}

struct RefGroup {
  int index = 0;
  double scale = 0;
  std::vector<long> values;
};

// Brute force over every code: V in real units from the hand tables, nearest by distance,
// ties to the smaller value; first index with the strictly smallest mean squared error.
RefGroup refGroup(const std::vector<double> &wg, Mode mode) {
  const int codes = 1 << codeBits(mode);
  const bool fp = mode == Mode::Fp4 || mode == Mode::Fp3;
  double maxW = 0;
  for (double w : wg) maxW = std::max(maxW, std::fabs(w));
  RefGroup best;
  double bestErr = INFINITY;
  for (int index = 0; index < 4; ++index) {
    double maxV = 0;
    for (int c = 0; c < codes; ++c) {
      maxV = std::max(maxV, std::fabs(bitserial_ref::value(unsigned(c), mode, index) / (fp ? 2.0 : 1.0)));
    }
    const double scale = maxW / maxV;
    RefGroup g{index, scale, {}};
    double err = 0;
    for (double w : wg) {
      long q = 0;
      if (scale > 0) {
        double bestD = INFINITY;
        for (int c = 0; c < codes; ++c) {
          const long u = bitserial_ref::value(unsigned(c), mode, index);
          const double d = std::fabs(w / scale - u / (fp ? 2.0 : 1.0));
          if (d < bestD || (d == bestD && u < q)) {
            bestD = d;
            q = u;
          }
        }
      }
      g.values.push_back(q);
      const double diff = q / (fp ? 2.0 : 1.0) * scale - w;
      err += diff * diff;
    }
    err /= double(wg.size());
    if (err < bestErr) {
      bestErr = err;
      best = g;
    }
  }
  return best;
}

} // namespace

TEST_CASE("bitmod: hand-worked fp4 groups pick the special value", "[bitmod]") {
  struct Case {
    Eigen::MatrixXd w;
    int index;
    std::vector<long> halfUnits;
    std::vector<int64_t> codes;
    double scale;
  };
  const Case cases[] = {
      // ER+ (5): 0.75 and 0.25 are ties, resolved to the smaller value (0.5, 0).
      {row({-6, 0.75, 0.25, 5}), 0, {-12, 1, 0, 10}, {0xF, 0x1, 0x0, 0x8}, 1.0},
      {row({-5, 6, 0, 0}), 1, {-10, 12, 0, 0}, {0x8, 0x7, 0x0, 0x0}, 1.0},  // ER-
      {row({8, 1, 0, 0}), 2, {16, 2, 0, 0}, {0x8, 0x2, 0x0, 0x0}, 1.0},    // EA+
      {row({-8, 1, 0, 0}), 3, {-16, 2, 0, 0}, {0x8, 0x2, 0x0, 0x0}, 1.0},  // EA-
  };
  for (const Case &c : cases) {
    const BitmodWeights q = quantizeBitmod(c.w, Mode::Fp4, 4);
    INFO("w0 " << c.w(0, 0));
    REQUIRE(q.groups() == 1);
    CHECK(q.specialIndex(0, 0) == c.index);
    CHECK(q.groupScale(0, 0) == c.scale);
    CHECK(codeValues(q, 0) == c.halfUnits);
    for (int k = 0; k < 4; ++k) CHECK(q.codes(0, k) == c.codes[size_t(k)]);
    CHECK(q.scales(0, 0) == 255); // the only group is the channel's largest
    CHECK(q.delta(0) == c.scale / 255);
  }
}

TEST_CASE("bitmod: int4 group uses max|V| = 8 and ties to the smaller value", "[bitmod]") {
  const BitmodWeights q = quantizeBitmod(row({8, 0.5, -0.5, 1.5}), Mode::Int4, 4);
  CHECK(q.groupScale(0, 0) == 1.0);
  CHECK(q.specialIndex(0, 0) == 0);
  CHECK(codeValues(q, 0) == std::vector<long>{7, 0, -1, 1});
  CHECK(q.codes(0, 2) == 0xF);
}

TEST_CASE("bitmod: per-channel scales s_g", "[bitmod]") {
  // int4 groups of 2: maxima 8, 2, 4, 0.001, 0 -> scale_g 1, 0.25, 0.5, 0.000125, 0.
  // delta = 1/255; s_g = round_half_away(255 * scale_g): 255, 63.75 -> 64, 127.5 -> 128,
  // 0.031875 -> 0 -> clamped to 1, 0 -> 1.
  const BitmodWeights q =
      quantizeBitmod(row({8, 1, -2, 0.5, 4, 1, 0.001, 0, 0, 0}), Mode::Int4, 2);
  REQUIRE(q.groups() == 5);
  CHECK(q.delta(0) == 1.0 / 255);
  const int64_t want[5] = {255, 64, 128, 1, 1};
  for (int g = 0; g < 5; ++g) CHECK(q.scales(0, g) == want[g]);
  CHECK(q.groupScale(0, 4) == 0.0);
  // An all-zero channel: delta 1, every s_g 1, every code 0.
  const BitmodWeights z = quantizeBitmod(Eigen::MatrixXd::Zero(1, 6), Mode::Fp3, 4);
  CHECK(z.delta(0) == 1.0);
  CHECK(z.scales == IntMatrix::Ones(1, 2));
  CHECK(z.codes == IntMatrix::Zero(1, 8));
}

TEST_CASE("bitmod: quantizer matches the brute-force search", "[bitmod]") {
  std::mt19937 rng(7);
  std::student_t_distribution<double> heavy(3.0);
  const int rows = 5, cols = 45, group = 8; // K not a multiple of G: the last group is padded
  Eigen::MatrixXd w(rows, cols);
  for (int r = 0; r < rows; ++r) {
    for (int k = 0; k < cols; ++k) w(r, k) = heavy(rng) * (0.1 + 0.05 * r);
  }
  for (Mode mode : {Mode::Fp4, Mode::Fp3, Mode::Int8, Mode::Int6, Mode::Int4}) {
    const BitmodWeights q = quantizeBitmod(w, mode, group);
    REQUIRE(q.groups() == 6);
    REQUIRE(q.paddedCols() == 48);
    CHECK(q.cols == cols);
    int indicesSeen = 0;
    for (int r = 0; r < rows; ++r) {
      double maxScale = 0;
      std::vector<double> scales;
      for (int g = 0; g < 6; ++g) {
        std::vector<double> wg;
        for (int k = 0; k < group; ++k) wg.push_back(g * group + k < cols ? w(r, g * group + k) : 0.0);
        const RefGroup want = refGroup(wg, mode);
        INFO("mode " << int(mode) << " row " << r << " group " << g);
        CHECK(q.specialIndex(r, g) == want.index);
        CHECK(q.groupScale(r, g) == want.scale);
        indicesSeen |= 1 << want.index;
        const std::vector<long> got = codeValues(q, r);
        for (int k = 0; k < group; ++k) CHECK(got[size_t(g * group + k)] == want.values[size_t(k)]);
        maxScale = std::max(maxScale, want.scale);
        scales.push_back(want.scale);
      }
      CHECK(q.delta(r) == maxScale / 255);
      for (int g = 0; g < 6; ++g) {
        const double s = std::round(scales[size_t(g)] / (maxScale / 255));
        CHECK(q.scales(r, g) == int64_t(std::min(255.0, std::max(1.0, s))));
      }
      for (int k = cols; k < 48; ++k) CHECK(q.codes(r, k) == 0);
    }
    if (mode == Mode::Fp4 || mode == Mode::Fp3) CHECK(indicesSeen > 1); // specials matter
    // Dequantization: value (/2 for fp) * s_g * delta_c.
    const Eigen::MatrixXd d = dequantizeBitmod(q);
    REQUIRE(d.cols() == cols);
    const double unit = (mode == Mode::Fp4 || mode == Mode::Fp3) ? 0.5 : 1.0;
    for (int r = 0; r < rows; ++r) {
      const std::vector<long> v = codeValues(q, r);
      for (int k = 0; k < cols; ++k) {
        CHECK(d(r, k) == double(v[size_t(k)]) * unit * double(q.scales(r, k / group)) * q.delta(r));
      }
    }
    CHECK(bitmodValues(q).cols() == 48);
  }
}

TEST_CASE("bitmod: quantizer rejects bad input", "[bitmod]") {
  CHECK_THROWS_AS(quantizeBitmod(Eigen::MatrixXd::Ones(2, 4), Mode::Fp4, 0), quasar::InputError);
  Eigen::MatrixXd w = Eigen::MatrixXd::Ones(2, 4);
  w(0, 1) = INFINITY;
  CHECK_THROWS_AS(quantizeBitmod(w, Mode::Int8, 2), quasar::InputError);
}
