// The row-wise units applied to every row of a matrix.
#include "quasar/models/nonlinear.h"

namespace quasar::models::nonlinear {
namespace {

template <class Unit> IntMatrix rowWise(const IntMatrix &x, Unit unit) {
  IntMatrix y(x.rows(), x.cols());
  std::vector<int64_t> row(size_t(x.cols()));
  for (Eigen::Index r = 0; r < x.rows(); ++r) {
    for (Eigen::Index c = 0; c < x.cols(); ++c) row[size_t(c)] = x(r, c);
    const std::vector<int64_t> out = unit(row);
    for (Eigen::Index c = 0; c < x.cols(); ++c) y(r, c) = out[size_t(c)];
  }
  return y;
}

} // namespace

IntMatrix shiftmax(const IntMatrix &x, int64_t x0) {
  return rowWise(x, [x0](const std::vector<int64_t> &row) { return shiftmax(row, x0); });
}

IntMatrix shiftGelu(const IntMatrix &x, int64_t x0) {
  return rowWise(x, [x0](const std::vector<int64_t> &row) { return shiftGelu(row, x0); });
}

IntMatrix layerNorm(const IntMatrix &x, const std::vector<int64_t> &biasInt) {
  return rowWise(x,
                 [&biasInt](const std::vector<int64_t> &row) { return layerNorm(row, biasInt); });
}

} // namespace quasar::models::nonlinear
