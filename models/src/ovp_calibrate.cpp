// OVP-4 scale calibration `ovp_mse` and `normal: auto` (specs/ovp.md "Scale search").
#include "quasar/models/ovp.h"

#include "quasar/config/error.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace quasar::models::ovp {

namespace {

// Sum of squared errors of x quantized with one scale; rows are paired independently and the
// pad column of an odd K never counts (it is zero and quantizes to zero).
double sumSquaredError(const Eigen::MatrixXd &x, double scale, NormalType type,
                       PairPolicy policy) {
  const int64_t kp = x.cols() + (x.cols() % 2);
  std::vector<double> row(size_t(kp), 0.0);
  double sse = 0;
  for (Eigen::Index r = 0; r < x.rows(); ++r) {
    for (Eigen::Index k = 0; k < x.cols(); ++k) row[size_t(k)] = x(r, k);
    const std::vector<int64_t> q = quantizeRowValues(row.data(), kp, scale, type, policy);
    for (Eigen::Index k = 0; k < x.cols(); ++k) {
      const double diff = double(q[size_t(k)]) * scale - x(r, k);
      sse += diff * diff;
    }
  }
  return sse;
}

std::vector<NormalType> candidates(NormalChoice choice) {
  switch (choice) {
  case NormalChoice::Int4: return {NormalType::Int4};
  case NormalChoice::Flint4: return {NormalType::Flint4};
  case NormalChoice::Auto: break;
  }
  return {NormalType::Int4, NormalType::Flint4}; // int4 first: it wins a tie
}

} // namespace

ScaleSearch searchScale(const Eigen::MatrixXd &x, NormalType type, PairPolicy policy) {
  ScaleSearch best;
  const Eigen::Index n = x.size();
  if (n == 0) return best;
  double sum = 0;
  for (Eigen::Index r = 0; r < x.rows(); ++r) {
    for (Eigen::Index k = 0; k < x.cols(); ++k) sum += x(r, k);
  }
  const double mu = sum / double(n);
  double squares = 0;
  for (Eigen::Index r = 0; r < x.rows(); ++r) {
    for (Eigen::Index k = 0; k < x.cols(); ++k) squares += (x(r, k) - mu) * (x(r, k) - mu);
  }
  // Unbiased standard deviation; a single element has none, take 0.
  const double sigma = n > 1 ? std::sqrt(squares / double(n - 1)) : 0.0;
  const double xmax = std::max(std::fabs(mu + 3 * sigma), std::fabs(mu - 3 * sigma));
  if (!std::isfinite(xmax)) {
    throw InputError("ovp: calibration: the tensor holds non-finite values");
  }
  if (xmax == 0) { // all zero: any scale is exact
    best.scale = 1;
    return best;
  }
  bool found = false;
  for (int i = 75; i <= 249; i += 2) {
    const double alpha = xmax * i / 100;
    const double scale = alpha / maxNormal(type);
    const double sse = sumSquaredError(x, scale, type, policy);
    const double mse = sse / double(n);
    if (!found || mse < best.meanSquaredError) { // strictly smaller: the first one wins
      found = true;
      best = {scale, i, mse, sse};
    }
  }
  return best;
}

Calibration calibrateRows(const Eigen::MatrixXd &w, NormalChoice normal, PairPolicy policy) {
  Calibration best;
  bool found = false;
  for (NormalType type : candidates(normal)) {
    Calibration c;
    c.normal = type;
    c.scales.resize(w.rows());
    c.percents.resize(w.rows());
    for (Eigen::Index r = 0; r < w.rows(); ++r) {
      const ScaleSearch s = searchScale(w.row(r), type, policy);
      c.scales(r) = s.scale;
      c.percents(r) = s.percent;
      c.totalSquaredError += s.sumSquaredError;
    }
    if (!found || c.totalSquaredError < best.totalSquaredError) {
      found = true;
      best = c;
    }
  }
  return best;
}

Calibration calibrateTensor(const Eigen::MatrixXd &a, NormalChoice normal, PairPolicy policy) {
  Calibration best;
  bool found = false;
  for (NormalType type : candidates(normal)) {
    const ScaleSearch s = searchScale(a, type, policy);
    Calibration c;
    c.normal = type;
    c.scales = Eigen::VectorXd::Constant(1, s.scale);
    c.percents = Eigen::VectorXi::Constant(1, s.percent);
    c.totalSquaredError = s.sumSquaredError;
    if (!found || c.totalSquaredError < best.totalSquaredError) {
      found = true;
      best = c;
    }
  }
  return best;
}

} // namespace quasar::models::ovp
