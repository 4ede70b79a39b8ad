// OVP-4 `ovp_mse` calibration against a brute-force search written in the test from the spec.
#include "quasar/models/ovp.h"
#include "test_ovp_reference.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <random>

using namespace quasar::models::ovp;

namespace {

using Rows = std::vector<std::vector<double>>;

struct RefSearch {
  int percent = 0;
  double scale = 1;
  double sse = 0;
};

// Spec: xmax = max(|mu + 3 sigma|, |mu - 3 sigma|) with the unbiased sigma over the set;
// i = 75, 77, ..., 249; alpha = xmax * i / 100; s = alpha / max_normal; error = mean squared
// error of dequant(quant(x, s)) including victim zeroing; the first strictly smallest wins.
RefSearch refSearch(const Rows &rows, bool flint, bool firstPolicy) {
  double sum = 0;
  int n = 0;
  for (const auto &row : rows) {
    for (double v : row) {
      sum += v;
      ++n;
    }
  }
  const double mu = sum / n;
  double sq = 0;
  for (const auto &row : rows) {
    for (double v : row) sq += (v - mu) * (v - mu);
  }
  const double sigma = std::sqrt(sq / (n - 1));
  const double xmax = std::max(std::fabs(mu + 3 * sigma), std::fabs(mu - 3 * sigma));
  RefSearch best;
  double bestMse = INFINITY;
  for (int i = 75; i <= 249; i += 2) {
    const double alpha = xmax * i / 100;
    const double s = alpha / (flint ? 16 : 7);
    double sse = 0;
    for (const auto &row : rows) {
      const std::vector<long> q = ovp_ref::quantizeRow(row, s, flint, firstPolicy);
      for (size_t k = 0; k < row.size(); ++k) sse += (double(q[k]) * s - row[k]) * (double(q[k]) * s - row[k]);
    }
    if (sse / n < bestMse) {
      bestMse = sse / n;
      best = {i, s, sse};
    }
  }
  return best;
}

Eigen::MatrixXd toMatrix(const Rows &rows) {
  Eigen::MatrixXd m(rows.size(), rows[0].size());
  for (size_t r = 0; r < rows.size(); ++r) {
    for (size_t k = 0; k < rows[r].size(); ++k) m(Eigen::Index(r), Eigen::Index(k)) = rows[r][k];
  }
  return m;
}

// Fixed data: row 0 is nearly uniform, row 1 has two outliers in one pair (victim zeroing
// matters), row 2 is heavy-tailed, row 3 has odd-looking magnitudes. K = 7 is odd.
const Rows kData = {
    {0.31, -0.62, 0.15, 0.9, -0.44, 0.07, -0.81},
    {0.12, -0.05, 4.2, -3.9, 0.33, -0.21, 0.08},
    {0.01, 0.02, -0.015, 0.03, 2.4, -0.01, 0.005},
    {1.7, -2.2, 0.35, 0.6, -0.9, 5.1, -0.25},
};

} // namespace

TEST_CASE("ovp: per-row calibration finds the brute-force alpha", "[ovp][calibration]") {
  const Eigen::MatrixXd w = toMatrix(kData);
  std::vector<int> seen;
  for (NormalChoice choice : {NormalChoice::Int4, NormalChoice::Flint4}) {
    const bool flint = choice == NormalChoice::Flint4;
    for (PairPolicy p : {PairPolicy::Larger, PairPolicy::First}) {
      const Calibration c = calibrateRows(w, choice, p);
      CHECK(c.normal == (flint ? NormalType::Flint4 : NormalType::Int4));
      REQUIRE(c.scales.size() == 4);
      double total = 0;
      for (int r = 0; r < 4; ++r) {
        const RefSearch want = refSearch({kData[size_t(r)]}, flint, p == PairPolicy::First);
        INFO("row " << r << (flint ? " flint4" : " int4"));
        CHECK(c.percents(r) == want.percent);
        CHECK(c.scales(r) == Approx(want.scale).epsilon(1e-14));
        total += want.sse;
        seen.push_back(want.percent);
      }
      CHECK(c.totalSquaredError == Approx(total).epsilon(1e-12));
    }
  }
  // The data exercise more than one alpha, away from the ends of the range.
  std::sort(seen.begin(), seen.end());
  CHECK(std::unique(seen.begin(), seen.end()) - seen.begin() > 2);
}

TEST_CASE("ovp: per-tensor calibration and normal auto", "[ovp][calibration]") {
  const Eigen::MatrixXd a = toMatrix(kData);
  double totals[2];
  for (int flint = 0; flint < 2; ++flint) {
    const RefSearch want = refSearch(kData, flint == 1, false);
    const Calibration c =
        calibrateTensor(a, flint ? NormalChoice::Flint4 : NormalChoice::Int4, PairPolicy::Larger);
    REQUIRE(c.scales.size() == 1);
    CHECK(c.percents(0) == want.percent);
    CHECK(c.scales(0) == Approx(want.scale).epsilon(1e-14));
    totals[flint] = want.sse;
  }
  const Calibration autoTensor = calibrateTensor(a, NormalChoice::Auto, PairPolicy::Larger);
  CHECK(autoTensor.normal == (totals[1] < totals[0] ? NormalType::Flint4 : NormalType::Int4));

  // Auto for weights compares the summed per-row errors.
  for (const Rows &rows : {kData, Rows{kData[0], kData[0]}, Rows{kData[2], kData[2]}}) {
    double rowTotals[2] = {0, 0};
    for (int flint = 0; flint < 2; ++flint) {
      for (const auto &row : rows) rowTotals[flint] += refSearch({row}, flint == 1, false).sse;
    }
    const Calibration c = calibrateRows(toMatrix(rows), NormalChoice::Auto, PairPolicy::Larger);
    INFO("int4 " << rowTotals[0] << " flint4 " << rowTotals[1]);
    CHECK(c.normal == (rowTotals[1] < rowTotals[0] ? NormalType::Flint4 : NormalType::Int4));
  }
}

TEST_CASE("ovp: auto picks each type on data made for it", "[ovp][calibration]") {
  // 64 Gaussian samples (Box-Muller on mt19937, whose output the standard fixes) suit int4's
  // even grid; a spike among tiny values suits flint4's wide range.
  Rows even(1);
  std::mt19937 rng(1);
  for (int k = 0; k < 32; ++k) {
    const double u1 = (double(rng()) + 1.0) / 4294967296.0, u2 = double(rng()) / 4294967296.0;
    even[0].push_back(std::sqrt(-2 * std::log(u1)) * std::cos(2 * M_PI * u2));
    even[0].push_back(std::sqrt(-2 * std::log(u1)) * std::sin(2 * M_PI * u2));
  }
  const Rows spiky = {{0.01, -0.02, 0.04, 0.0, 1.0, -0.03, 0.02, 0.05}};
  double e[2], s[2];
  for (int flint = 0; flint < 2; ++flint) {
    e[flint] = refSearch(even, flint == 1, false).sse;
    s[flint] = refSearch(spiky, flint == 1, false).sse;
  }
  INFO("even " << e[0] << " " << e[1] << " spiky " << s[0] << " " << s[1]);
  REQUIRE(e[0] < e[1]);
  REQUIRE(s[1] < s[0]);
  CHECK(calibrateRows(toMatrix(even), NormalChoice::Auto).normal == NormalType::Int4);
  CHECK(calibrateRows(toMatrix(spiky), NormalChoice::Auto).normal == NormalType::Flint4);
}

TEST_CASE("ovp: calibration of an all-zero row", "[ovp][calibration]") {
  const Calibration c = calibrateRows(Eigen::MatrixXd::Zero(2, 4), NormalChoice::Auto);
  CHECK(c.normal == NormalType::Int4); // tie: int4
  CHECK(c.scales(0) == 1.0);
  CHECK(c.percents(1) == 0);
  CHECK(c.totalSquaredError == 0.0);
}
