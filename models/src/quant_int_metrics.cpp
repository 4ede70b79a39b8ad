// Percentile, MSE and SQNR helpers of the integer quantizer (quant_int.h).
#include "quasar/config/error.h"
#include "quasar/models/quant_int.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

namespace quasar::models {

double percentileOf(std::vector<double> values, double p) {
  if (!(p >= 0.0 && p <= 100.0))
    throw InputError("percentile " + std::to_string(p) + " out of range (allowed 0..100)");
  if (values.empty()) return 0.0;
  std::sort(values.begin(), values.end());
  const double h = double(values.size() - 1) * p / 100.0;
  const size_t i = size_t(std::floor(h));
  if (i + 1 >= values.size()) return values.back();
  return values[i] + (h - double(i)) * (values[i + 1] - values[i]);
}

namespace {

void checkSameShape(const Eigen::MatrixXd &a, const Eigen::MatrixXd &b, const char *what) {
  if (a.rows() != b.rows() || a.cols() != b.cols())
    throw InputError(std::string(what) + ": shapes " + std::to_string(a.rows()) + "x" +
                     std::to_string(a.cols()) + " and " + std::to_string(b.rows()) + "x" +
                     std::to_string(b.cols()) + " differ");
}

} // namespace

double meanSquaredError(const Eigen::MatrixXd &reference, const Eigen::MatrixXd &approx) {
  checkSameShape(reference, approx, "meanSquaredError");
  if (reference.size() == 0) return 0.0;
  return (reference - approx).squaredNorm() / double(reference.size());
}

double sqnrDb(const Eigen::MatrixXd &reference, const Eigen::MatrixXd &approx) {
  checkSameShape(reference, approx, "sqnrDb");
  const double noise = (reference - approx).squaredNorm();
  if (noise == 0.0) return std::numeric_limits<double>::infinity();
  const double signal = reference.squaredNorm();
  if (signal == 0.0) return -std::numeric_limits<double>::infinity();
  return 10.0 * std::log10(signal / noise);
}

} // namespace quasar::models
