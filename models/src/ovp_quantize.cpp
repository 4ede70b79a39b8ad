// OVP-4 encoder (specs/ovp.md "Quantizing a real tensor"): nearest grid value, pair
// resolution, byte packing; and dequantization.
#include "quasar/models/ovp.h"

#include "quasar/config/error.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <string>

namespace quasar::models::ovp {

namespace {

std::vector<int64_t> combinedGrid(NormalType type) {
  std::vector<int64_t> grid = normalValues(type);
  const std::vector<int64_t> outliers = outlierValues(type);
  grid.insert(grid.end(), outliers.begin(), outliers.end());
  std::sort(grid.begin(), grid.end());
  return grid;
}

const std::vector<int64_t> &grid(NormalType type) {
  static const std::vector<int64_t> kInt4 = combinedGrid(NormalType::Int4);
  static const std::vector<int64_t> kFlint4 = combinedGrid(NormalType::Flint4);
  return type == NormalType::Int4 ? kInt4 : kFlint4;
}

void checkScale(double scale, const std::string &where) {
  if (!(scale > 0) || !std::isfinite(scale)) {
    throw InputError("ovp: " + where + ": scale " + std::to_string(scale) +
                     " must be finite and > 0");
  }
}

} // namespace

int64_t roundToGrid(double y, NormalType type) {
  if (!std::isfinite(y)) throw InputError("ovp: cannot quantize a non-finite value");
  const std::vector<int64_t> &g = grid(type);
  if (y <= double(g.front())) return g.front();
  if (y >= double(g.back())) return g.back();
  const auto above = std::upper_bound(g.begin(), g.end(), y,
                                      [](double a, int64_t b) { return a < double(b); });
  const int64_t hi = *above;       // first grid value > y
  const int64_t lo = *(above - 1); // lo <= y < hi
  // The midpoint of two integers is exact in double, so this comparison is the exact
  // comparison of the two distances.
  const double mid = (double(lo) + double(hi)) / 2.0;
  if (y < mid) return lo;
  if (y > mid) return hi;
  const bool loOutlier = isOutlier(lo, type);
  if (loOutlier != isOutlier(hi, type)) return loOutlier ? lo : hi; // normal/outlier: outlier
  return hi; // otherwise toward +infinity
}

std::vector<int64_t> quantizeRowValues(const double *x, int64_t n, double scale,
                                       NormalType type, PairPolicy policy) {
  if (n % 2 != 0) {
    throw InputError("ovp: quantizeRowValues: row length " + std::to_string(n) +
                     " must be even (pairs along K)");
  }
  checkScale(scale, "quantizeRowValues");
  const int largestNormal = maxNormal(type);
  std::vector<int64_t> q(size_t(n), 0);
  for (int64_t k = 0; k < n; k += 2) {
    int64_t q0 = roundToGrid(x[k] / scale, type);
    int64_t q1 = roundToGrid(x[k + 1] / scale, type);
    const bool out0 = std::abs(q0) > largestNormal;
    const bool out1 = std::abs(q1) > largestNormal;
    if (out0 && out1) {
      const bool keepFirst = policy == PairPolicy::First || std::abs(q0) >= std::abs(q1);
      (keepFirst ? q1 : q0) = 0;
    } else if (out0) {
      q1 = 0;
    } else if (out1) {
      q0 = 0;
    }
    q[size_t(k)] = q0;
    q[size_t(k + 1)] = q1;
  }
  return q;
}

Quantized quantize(const Eigen::MatrixXd &x, const Eigen::VectorXd &rowScales, NormalType type,
                   PairPolicy policy) {
  if (rowScales.size() != x.rows()) {
    throw InputError("ovp: quantize: " + std::to_string(rowScales.size()) + " scales for " +
                     std::to_string(x.rows()) + " rows (need one per row)");
  }
  Quantized out;
  out.normal = type;
  out.pairPolicy = policy;
  out.cols = x.cols();
  out.padded = x.cols() % 2 != 0;
  out.scales = rowScales;
  const int64_t kp = x.cols() + (out.padded ? 1 : 0);
  out.bytes.resize(x.rows(), kp / 2);
  const int largestNormal = maxNormal(type);
  std::vector<double> row(size_t(kp), 0.0);
  for (Eigen::Index r = 0; r < x.rows(); ++r) {
    checkScale(rowScales(r), "quantize, row " + std::to_string(r));
    for (Eigen::Index k = 0; k < x.cols(); ++k) row[size_t(k)] = x(r, k);
    const std::vector<int64_t> q = quantizeRowValues(row.data(), kp, rowScales(r), type, policy);
    for (int64_t p = 0; p < kp / 2; ++p) {
      const int64_t v0 = q[size_t(2 * p)], v1 = q[size_t(2 * p + 1)];
      const double y0 = row[size_t(2 * p)] / rowScales(r), y1 = row[size_t(2 * p + 1)] / rowScales(r);
      uint8_t lo = 0, hi = 0;
      if (std::abs(v0) > largestNormal) {
        lo = encodeOutlier(v0, type);
        hi = kVictimCode;
      } else if (std::abs(v1) > largestNormal) {
        lo = kVictimCode;
        hi = encodeOutlier(v1, type);
      } else {
        lo = encodeNormal(v0, type);
        hi = encodeNormal(v1, type);
      }
      out.bytes(r, p) = uint8_t(lo | (hi << 4));
      const bool outlierPair = lo == kVictimCode || hi == kVictimCode;
      out.outlierCount += outlierPair ? 1 : 0;
      // Both rounded to outliers: the victim was an outlier too.
      if (outlierPair && isOutlier(roundToGrid(y0, type), type) &&
          isOutlier(roundToGrid(y1, type), type)) {
        ++out.droppedOutliers;
      }
    }
  }
  out.values = decodeValues(out.bytes, type);
  const int64_t elements = int64_t(x.rows()) * x.cols();
  out.outlierFraction = elements > 0 ? double(out.outlierCount) / double(elements) : 0.0;
  return out;
}

Quantized quantize(const Eigen::MatrixXd &x, double tensorScale, NormalType type,
                   PairPolicy policy) {
  return quantize(x, Eigen::VectorXd::Constant(x.rows(), tensorScale), type, policy);
}

Eigen::MatrixXd dequantize(const Quantized &q) {
  Eigen::MatrixXd x(q.values.rows(), q.cols);
  for (Eigen::Index r = 0; r < x.rows(); ++r) {
    for (Eigen::Index k = 0; k < x.cols(); ++k) x(r, k) = double(q.values(r, k)) * q.scales(r);
  }
  return x;
}

} // namespace quasar::models::ovp
