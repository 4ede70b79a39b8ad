// OVP-4 quantizer/encoder against the test's brute-force reference and hand-worked cases.
#include "quasar/config/error.h"
#include "quasar/models/ovp.h"
#include "test_ovp_reference.h"

#include <catch2/catch.hpp>

#include <random>

using namespace quasar::models::ovp;

namespace {

// Gaussian rows with a few large outliers, so that every branch of the pair rule occurs.
Eigen::MatrixXd sample(int rows, int cols, unsigned seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> normal(0.0, 1.0);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  Eigen::MatrixXd x(rows, cols);
  for (int r = 0; r < rows; ++r) {
    for (int k = 0; k < cols; ++k) {
      x(r, k) = normal(rng);
      if (uniform(rng) < 0.15) x(r, k) *= 12.0 + 20.0 * uniform(rng);
    }
  }
  return x;
}

int64_t quantizeOne(double y, NormalType t) {
  return quantize(Eigen::MatrixXd::Constant(1, 1, y), 1.0, t).values(0, 0);
}

} // namespace

TEST_CASE("ovp: nearest-value tie rules", "[ovp]") {
  const NormalType i4 = NormalType::Int4, f4 = NormalType::Flint4;
  struct Case {
    double y;
    NormalType type;
    int64_t want;
  };
  const Case cases[] = {
      // Normal/normal ties go toward +infinity.
      {0.5, i4, 1},     {-0.5, i4, 0},    {-1.5, i4, -1},  {6.5, i4, 7},    {-6.5, i4, -6},
      {5.0, f4, 6},     {-5.0, f4, -4},   {12.0, f4, 16},  {-12.0, f4, -8}, {-3.5, f4, -3},
      // Outlier/outlier ties go toward +infinity.
      {14.0, i4, 16},   {-14.0, i4, -12}, {80.0, i4, 96},  {-80.0, i4, -64}, {28.0, f4, 32},
      {-28.0, f4, -24}, {-160.0, f4, -128},
      // Normal/outlier ties go to the outlier, also below zero.
      {9.5, i4, 12},    {-9.5, i4, -12},  {20.0, f4, 24},  {-20.0, f4, -24},
      // Off-tie and clamping.
      {9.49, i4, 7},    {-9.51, i4, -12}, {1000.0, i4, 96}, {-1e9, f4, -192}, {0.0, f4, 0},
  };
  for (const Case &c : cases) {
    INFO("y = " << c.y << (c.type == f4 ? " flint4" : " int4"));
    CHECK(roundToGrid(c.y, c.type) == c.want);
    CHECK(quantizeOne(c.y, c.type) == c.want);
    CHECK(ovp_ref::nearest(c.y, c.type == f4) == c.want); // the reference agrees too
  }
}

TEST_CASE("ovp: pair policies", "[ovp]") {
  struct Case {
    double x0, x1;
    NormalType type;
    PairPolicy policy;
    int64_t v0, v1;
    uint8_t byte;
  };
  const NormalType i4 = NormalType::Int4, f4 = NormalType::Flint4;
  const PairPolicy larger = PairPolicy::Larger, first = PairPolicy::First;
  // abfloat codes: int4 12 = 0001, 16 = 0010, -16 = 1010, 24 = 0011, -24 = 1011;
  // flint4 -192 = 1111, 128 = 0110, 24 = 0001.
  const Case cases[] = {
      {3, -2, i4, larger, 3, -2, 0xE3},      // two normals: 3 = 0011, -2 = 1110
      {12, 3, i4, larger, 12, 0, 0x81},      // one outlier: the other is the victim
      {-5, -16, i4, first, 0, -16, 0xA8},
      {12, -16, i4, larger, 0, -16, 0xA8},   // both outliers: the larger one is kept
      {12, -16, i4, first, 12, 0, 0x81},     // ... or the first one
      {16, -16, i4, larger, 16, 0, 0x82},    // equal magnitudes: keep x[2k]
      {-24, 24, i4, larger, -24, 0, 0x8B},
      {-24, 24, i4, first, -24, 0, 0x8B},
      {24, -192, f4, larger, 0, -192, 0xF8},
      {24, -192, f4, first, 24, 0, 0x81},
      {128, -128, f4, larger, 128, 0, 0x86},
      {16, -16, f4, larger, 16, -16, 0xC4},  // 16 is a flint4 normal: 0100 and 1100
  };
  for (const Case &c : cases) {
    INFO(c.x0 << ", " << c.x1);
    Eigen::MatrixXd x(1, 2);
    x << c.x0, c.x1;
    const Quantized q = quantize(x, 1.0, c.type, c.policy);
    CHECK(q.values(0, 0) == c.v0);
    CHECK(q.values(0, 1) == c.v1);
    CHECK(int(q.bytes(0, 0)) == int(c.byte));
  }
  Eigen::MatrixXd x(1, 4);
  x << 12, -16, 16, -16;
  const Quantized q = quantize(x, 1.0, NormalType::Int4, PairPolicy::Larger);
  CHECK(q.outlierCount == 2);
  CHECK(q.droppedOutliers == 2);
  CHECK(q.outlierFraction == 0.5);
}

TEST_CASE("ovp: quantize matches the brute-force reference and round-trips", "[ovp]") {
  const int rows = 7, cols = 33; // odd K: padded
  const Eigen::MatrixXd x = sample(rows, cols, 17);
  Eigen::VectorXd scales(rows);
  for (int r = 0; r < rows; ++r) scales(r) = 0.15 + 0.05 * r;
  for (NormalType t : {NormalType::Int4, NormalType::Flint4}) {
    for (PairPolicy p : {PairPolicy::Larger, PairPolicy::First}) {
      const bool flint = t == NormalType::Flint4;
      const Quantized q = quantize(x, scales, t, p);
      REQUIRE(q.padded);
      REQUIRE(q.cols == cols);
      REQUIRE(q.bytes.rows() == rows);
      REQUIRE(q.bytes.cols() == (cols + 1) / 2);
      REQUIRE(q.values.cols() == cols + 1);
      int64_t outliers = 0;
      for (int r = 0; r < rows; ++r) {
        std::vector<double> row;
        for (int k = 0; k < cols; ++k) row.push_back(x(r, k));
        const std::vector<long> want =
            ovp_ref::quantizeRow(row, scales(r), flint, p == PairPolicy::First);
        for (int k = 0; k < cols + 1; ++k) {
          INFO("row " << r << " col " << k);
          CHECK(q.values(r, k) == want[size_t(k)]);
          outliers += ovp_ref::isOutlier(want[size_t(k)], flint) ? 1 : 0;
        }
        // The bytes decode to the same values through the hand tables.
        for (int b = 0; b < q.bytes.cols(); ++b) {
          const auto pair = ovp_ref::decodeByte(q.bytes(r, b), flint);
          CHECK(ovp_ref::valueOf(pair.first) == want[size_t(2 * b)]);
          CHECK(ovp_ref::valueOf(pair.second) == want[size_t(2 * b + 1)]);
          CHECK(int(q.bytes(r, b)) != 0x88); // never produced
        }
      }
      CHECK(q.outlierCount == outliers);
      CHECK(outliers > 0);
      CHECK(q.outlierFraction == double(outliers) / double(rows * cols));
      CHECK(decodeValues(q.bytes, t) == q.values);
      // Dequantize is value * scale, pad column dropped.
      const Eigen::MatrixXd d = dequantize(q);
      REQUIRE(d.cols() == cols);
      for (int r = 0; r < rows; ++r) {
        for (int k = 0; k < cols; ++k) CHECK(d(r, k) == double(q.values(r, k)) * scales(r));
      }
      // Quantizing the dequantized tensor again gives the same bytes.
      CHECK(quantize(d, scales, t, p).bytes == q.bytes);
    }
  }
}

TEST_CASE("ovp: per-tensor scale and even K", "[ovp]") {
  const Eigen::MatrixXd x = sample(3, 8, 5);
  const Quantized q = quantize(x, 0.25, NormalType::Flint4);
  CHECK_FALSE(q.padded);
  CHECK(q.values.cols() == 8);
  for (int r = 0; r < 3; ++r) {
    CHECK(q.scales(r) == 0.25);
    std::vector<double> row;
    for (int k = 0; k < 8; ++k) row.push_back(x(r, k));
    const std::vector<long> want = ovp_ref::quantizeRow(row, 0.25, true, false);
    for (int k = 0; k < 8; ++k) CHECK(q.values(r, k) == want[size_t(k)]);
  }
}

TEST_CASE("ovp: quantize rejects bad input", "[ovp]") {
  const Eigen::MatrixXd x = Eigen::MatrixXd::Ones(2, 4);
  CHECK_THROWS_AS(quantize(x, 0.0, NormalType::Int4), quasar::InputError);
  CHECK_THROWS_AS(quantize(x, -1.0, NormalType::Int4), quasar::InputError);
  CHECK_THROWS_AS(quantize(x, Eigen::VectorXd::Ones(3), NormalType::Int4), quasar::InputError);
  Eigen::MatrixXd bad = x;
  bad(1, 2) = std::nan("");
  CHECK_THROWS_AS(quantize(bad, 1.0, NormalType::Int4), quasar::InputError);
  const double odd[3] = {1, 2, 3};
  CHECK_THROWS_AS(quantizeRowValues(odd, 3, 1.0, NormalType::Int4, PairPolicy::Larger),
                  quasar::InputError);
}
