// Integer quantizer (quant_int.h): units of shared scale, scale choice by max-abs,
// percentile or MSE grid, quantization and dequantization.
#include "quasar/models/quant_int.h"

#include "quasar/config/error.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

namespace quasar::models {

namespace {

// The scale and zero point of one unit.
struct UnitParams {
  double scale;
  int64_t zero;
};

Eigen::Index unitRow(const IntQuantConfig &c, Eigen::Index r) {
  return (c.granularity == QuantGranularity::PerRow || c.granularity == QuantGranularity::PerGroup)
             ? r
             : 0;
}

Eigen::Index unitCol(const IntQuantConfig &c, Eigen::Index col) {
  switch (c.granularity) {
  case QuantGranularity::PerColumn: return col;
  case QuantGranularity::PerGroup: return Eigen::Index(int64_t(col) / c.groupSize);
  default: return 0;
  }
}

// Scale and zero point from a range: symmetric uses hi as r (lo is ignored), asymmetric
// [lo, hi] with lo <= 0 <= hi. A zero range gives scale 1.
UnitParams paramsFromRange(const IntQuantConfig &c, double lo, double hi) {
  const double qmin = double(codeMin(c)), qmax = double(codeMax(c));
  UnitParams p{1.0, 0};
  if (c.symmetric) {
    if (hi > 0) p.scale = hi / qmax;
  } else {
    if (hi > lo) p.scale = (hi - lo) / (qmax - qmin);
  }
  // A range so small that the scale underflows carries no information: treat it as zero.
  if (!(p.scale > 0)) p.scale = 1.0;
  if (!std::isfinite(p.scale))
    throw InputError("quant_int: value range [" + std::to_string(lo) + ", " +
                     std::to_string(hi) + "] too large for a finite scale");
  if (!c.symmetric)
    p.zero = int64_t(std::clamp(qmin - roundReal(lo / p.scale, c.rounding), qmin, qmax));
  return p;
}

int64_t quantizeOne(double x, const UnitParams &p, const IntQuantConfig &c) {
  const double q = roundReal(x / p.scale, c.rounding) + double(p.zero);
  return int64_t(std::clamp(q, double(codeMin(c)), double(codeMax(c))));
}

double dequantizeOne(int64_t q, const UnitParams &p) { return double(q - p.zero) * p.scale; }

void checkFinite(const Eigen::MatrixXd &x) {
  for (Eigen::Index r = 0; r < x.rows(); ++r)
    for (Eigen::Index col = 0; col < x.cols(); ++col)
      if (!std::isfinite(x(r, col)))
        throw InputError("quant_int: element (" + std::to_string(r) + ", " + std::to_string(col) +
                         ") is " + std::to_string(x(r, col)) + "; only finite values quantize");
}

// The values of every unit, each in row-major order, units indexed ur * scaleCols + uc.
std::vector<std::vector<double>> unitValues(const Eigen::MatrixXd &x, const IntQuantConfig &c) {
  const auto [sr, sc] = scaleShape(c, x.rows(), x.cols());
  std::vector<std::vector<double>> units(size_t(sr * sc));
  for (Eigen::Index r = 0; r < x.rows(); ++r)
    for (Eigen::Index col = 0; col < x.cols(); ++col)
      units[size_t(unitRow(c, r) * sc + unitCol(c, col))].push_back(x(r, col));
  return units;
}

// Magnitudes the symmetric range is taken over.
std::vector<double> magnitudes(const std::vector<double> &v, const IntQuantConfig &c) {
  std::vector<double> m(v.size());
  for (size_t i = 0; i < v.size(); ++i) m[i] = c.isSigned ? std::fabs(v[i]) : std::max(v[i], 0.0);
  return m;
}

// The MaxAbs range: {lo, hi} (symmetric: {0, r}).
std::pair<double, double> maxRange(const std::vector<double> &v, const IntQuantConfig &c) {
  double lo = 0, hi = 0;
  if (c.symmetric) {
    for (double m : magnitudes(v, c)) hi = std::max(hi, m);
  } else {
    for (double x : v) {
      lo = std::min(lo, x);
      hi = std::max(hi, x);
    }
  }
  return {lo, hi};
}

double sumSquaredError(const std::vector<double> &v, const UnitParams &p, const IntQuantConfig &c) {
  double sse = 0;
  for (double x : v) {
    const double e = x - dequantizeOne(quantizeOne(x, p, c), p);
    sse += e * e;
  }
  return sse;
}

UnitParams chooseParams(const std::vector<double> &v, const IntQuantConfig &c) {
  switch (c.method) {
  case ScaleMethod::MaxAbs: {
    const auto [lo, hi] = maxRange(v, c);
    return paramsFromRange(c, lo, hi);
  }
  case ScaleMethod::Percentile: {
    if (c.symmetric) return paramsFromRange(c, 0, percentileOf(magnitudes(v, c), c.percentile));
    return paramsFromRange(c, std::min(percentileOf(v, 100.0 - c.percentile), 0.0),
                           std::max(percentileOf(v, c.percentile), 0.0));
  }
  case ScaleMethod::Mse: {
    const auto [lo0, hi0] = maxRange(v, c);
    if (!(hi0 > lo0)) return paramsFromRange(c, lo0, hi0);
    // From the largest alpha down, so that only a strictly smaller error replaces it.
    UnitParams best{};
    double bestError = std::numeric_limits<double>::infinity();
    for (int i = c.mseGridSize; i >= 1; --i) {
      const double alpha = double(i) / double(c.mseGridSize);
      const UnitParams p = paramsFromRange(c, alpha * lo0, alpha * hi0);
      const double error = sumSquaredError(v, p, c);
      if (i == c.mseGridSize || error < bestError) {
        best = p;
        bestError = error;
      }
    }
    return best;
  }
  }
  return UnitParams{1.0, 0};
}

} // namespace

void validateIntQuant(const IntQuantConfig &c) {
  if (c.bits < 2 || c.bits > 16)
    throw InputError("quant_int: bits " + std::to_string(c.bits) + " out of range (allowed 2..16)");
  if (c.granularity == QuantGranularity::PerGroup && c.groupSize < 1)
    throw InputError("quant_int: group size " + std::to_string(c.groupSize) + " must be >= 1");
  if (c.method == ScaleMethod::Percentile && !(c.percentile >= 50.0 && c.percentile <= 100.0))
    throw InputError("quant_int: percentile " + std::to_string(c.percentile) +
                     " out of range (allowed 50..100)");
  if (c.method == ScaleMethod::Mse && (c.mseGridSize < 1 || c.mseGridSize > 100000))
    throw InputError("quant_int: MSE grid size " + std::to_string(c.mseGridSize) +
                     " out of range (allowed 1..100000)");
}

int64_t codeMin(const IntQuantConfig &c) {
  return c.isSigned ? -(int64_t(1) << (c.bits - 1)) : 0;
}

int64_t codeMax(const IntQuantConfig &c) {
  return c.isSigned ? (int64_t(1) << (c.bits - 1)) - 1 : (int64_t(1) << c.bits) - 1;
}

std::pair<Eigen::Index, Eigen::Index> scaleShape(const IntQuantConfig &c, Eigen::Index rows,
                                                 Eigen::Index cols) {
  switch (c.granularity) {
  case QuantGranularity::PerTensor: return {1, 1};
  case QuantGranularity::PerRow: return {rows, 1};
  case QuantGranularity::PerColumn: return {1, cols};
  case QuantGranularity::PerGroup:
    return {rows, Eigen::Index((int64_t(cols) + c.groupSize - 1) / c.groupSize)};
  }
  return {1, 1};
}

IntQuantized quantizeInt(const Eigen::MatrixXd &x, const IntQuantConfig &c) {
  validateIntQuant(c);
  checkFinite(x);
  const auto [sr, sc] = scaleShape(c, x.rows(), x.cols());
  const std::vector<std::vector<double>> units = unitValues(x, c);
  Eigen::MatrixXd scales(sr, sc);
  IntMatrix zeros(sr, sc);
  for (Eigen::Index ur = 0; ur < sr; ++ur)
    for (Eigen::Index uc = 0; uc < sc; ++uc) {
      const UnitParams p = chooseParams(units[size_t(ur * sc + uc)], c);
      scales(ur, uc) = p.scale;
      zeros(ur, uc) = p.zero;
    }
  return quantizeIntWith(x, c, scales, zeros);
}

namespace {

void checkParams(const IntQuantConfig &c, Eigen::Index rows, Eigen::Index cols,
                 const Eigen::MatrixXd &scales, const IntMatrix &zeroPoints) {
  validateIntQuant(c);
  const auto [sr, sc] = scaleShape(c, rows, cols);
  if (scales.rows() != sr || scales.cols() != sc || zeroPoints.rows() != sr ||
      zeroPoints.cols() != sc)
    throw InputError("quant_int: scales " + std::to_string(scales.rows()) + "x" +
                     std::to_string(scales.cols()) + " and zero points " +
                     std::to_string(zeroPoints.rows()) + "x" + std::to_string(zeroPoints.cols()) +
                     " must be " + std::to_string(sr) + "x" + std::to_string(sc) +
                     " for this granularity");
  for (Eigen::Index i = 0; i < scales.size(); ++i) {
    const double s = scales.data()[i];
    if (!(s > 0) || !std::isfinite(s))
      throw InputError("quant_int: scale " + std::to_string(s) + " must be finite and > 0");
    const int64_t z = zeroPoints.data()[i];
    if (c.symmetric ? z != 0 : (z < codeMin(c) || z > codeMax(c)))
      throw InputError("quant_int: zero point " + std::to_string(z) + " out of range (allowed " +
                       (c.symmetric ? std::string("0 when symmetric")
                                    : std::to_string(codeMin(c)) + ".." +
                                          std::to_string(codeMax(c))) +
                       ")");
  }
}

} // namespace

IntQuantized quantizeIntWith(const Eigen::MatrixXd &x, const IntQuantConfig &c,
                             const Eigen::MatrixXd &scales, const IntMatrix &zeroPoints) {
  checkParams(c, x.rows(), x.cols(), scales, zeroPoints);
  checkFinite(x);
  IntQuantized out;
  out.codes.resize(x.rows(), x.cols());
  for (Eigen::Index r = 0; r < x.rows(); ++r)
    for (Eigen::Index col = 0; col < x.cols(); ++col) {
      const Eigen::Index ur = unitRow(c, r), uc = unitCol(c, col);
      out.codes(r, col) = quantizeOne(x(r, col), UnitParams{scales(ur, uc), zeroPoints(ur, uc)}, c);
    }
  out.scales = scales;
  out.zeroPoints = zeroPoints;
  out.dequantized = dequantizeInt(out.codes, c, scales, zeroPoints);
  return out;
}

Eigen::MatrixXd dequantizeInt(const IntMatrix &codes, const IntQuantConfig &c,
                              const Eigen::MatrixXd &scales, const IntMatrix &zeroPoints) {
  checkParams(c, codes.rows(), codes.cols(), scales, zeroPoints);
  Eigen::MatrixXd out(codes.rows(), codes.cols());
  for (Eigen::Index r = 0; r < codes.rows(); ++r)
    for (Eigen::Index col = 0; col < codes.cols(); ++col) {
      const Eigen::Index ur = unitRow(c, r), uc = unitCol(c, col);
      out(r, col) = dequantizeOne(codes(r, col), UnitParams{scales(ur, uc), zeroPoints(ur, uc)});
    }
  return out;
}

} // namespace quasar::models
