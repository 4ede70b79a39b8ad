// Uniform integer quantization of a real matrix: 2..16 bits, signed or unsigned, symmetric
// or asymmetric (zero point), per tensor / per row / per column / per group of G along K
// (the last axis), with the scale from max-abs, a percentile, or an MSE search.
//
// Definitions (also in docs/golden-model.md, "## Integer quantizer"):
// - Code range: signed [qmin, qmax] = [-2^(b-1), 2^(b-1) - 1], unsigned [0, 2^b - 1]. Codes
//   are always clamped to the full range (as workload_tensors.h does).
// - A "unit" is the set of elements sharing one scale: the whole matrix (PerTensor), one row
//   (PerRow: one scale per output channel of weights [N x K]), one column (PerColumn), or
//   G consecutive columns of one row (PerGroup; group g of a row is columns
//   [g*G, min((g+1)*G, K)), so the last group is shorter when G does not divide K).
//   Scales and zero points are matrices: 1 x 1, rows x 1, 1 x cols, rows x ceil(cols / G).
// - Symmetric: z = 0, s = r / qmax with the range statistic r taken over the magnitudes
//   m_i = |x_i| (signed) or m_i = max(x_i, 0) (unsigned: negatives clamp to 0 anyway).
//     MaxAbs:     r = max m_i
//     Percentile: r = P_p(m)
//     Mse:        r = alpha * max m_i, alpha from the grid below
//   q = clamp(round(x / s), qmin, qmax), x^ = q * s.
// - Asymmetric: a range [lo, hi] that always contains 0,
//     MaxAbs:     lo = min(min x, 0), hi = max(max x, 0)
//     Percentile: lo = min(P_(100-p)(x), 0), hi = max(P_p(x), 0)
//     Mse:        lo = alpha * lo_max, hi = alpha * hi_max (lo_max, hi_max from MaxAbs)
//   s = (hi - lo) / (qmax - qmin), z = clamp(qmin - round(lo / s), qmin, qmax),
//   q = clamp(round(x / s) + z, qmin, qmax), x^ = (q - z) * s.
// - round() is the configured RealRounding (round half to even by default), for codes and
//   zero points alike.
// - A unit whose range is zero (r = 0, or hi = lo = 0; also an empty unit) gets s = 1 and
//   z = 0 (symmetric) or z = qmin - round(0) = qmin (asymmetric): its values quantize
//   exactly (to 0, or negatives clamp to 0 when unsigned).
// - Percentile P_p of n values (p in [50, 100]): sort ascending u_0 <= ... <= u_(n-1),
//   h = (n - 1) * p / 100, i = floor(h), P = u_i + (h - i) * (u_(i+1) - u_i) (P = u_i when
//   i = n - 1). This is linear interpolation between closest ranks, NumPy's default
//   ("linear", Hyndman-Fan type 7). p = 100 is the maximum, so Percentile(100) == MaxAbs.
// - MSE grid: candidates i = 1..N (N = mseGridSize), alpha_i = double(i) / double(N), each
//   giving a scale (and zero point) by the formulas above with r = alpha_i * r_max
//   (computed as alpha_i * r_max, then / qmax). The unit's error is the sum over its
//   elements, in row-major order, of (x - x^)^2. The smallest error wins; on equal errors
//   the larger alpha wins (N = 1 is MaxAbs). A unit with r_max = 0 gets s = 1.
// - Inputs must be finite (InputError naming the element otherwise).
// - sqnrDb = 10 log10(sum x^2 / sum (x - x^)^2): +inf when the error is 0, -inf when the
//   signal is 0 and the error is not. meanSquaredError of empty matrices is 0.
#pragma once

#include "quasar/models/gemm.h"
#include "quasar/models/real_rounding.h"

#include <Eigen/Dense>
#include <cstdint>
#include <vector>

namespace quasar::models {

enum class QuantGranularity { PerTensor, PerRow, PerColumn, PerGroup };
enum class ScaleMethod { MaxAbs, Percentile, Mse };

struct IntQuantConfig {
  int bits = 8;                                            // 2..16
  bool isSigned = true;                                    // code range signed / unsigned
  bool symmetric = true;                                   // zero point 0, or fitted
  QuantGranularity granularity = QuantGranularity::PerTensor;
  int64_t groupSize = 128;                                 // G for PerGroup, >= 1
  ScaleMethod method = ScaleMethod::MaxAbs;
  double percentile = 99.9;                                // p for Percentile, 50..100
  int mseGridSize = 100;                                   // N for Mse, 1..100000
  RealRounding rounding = RealRounding::HalfEven;          // x / s -> integer
};

struct IntQuantized {
  IntMatrix codes;              // same shape as the input
  Eigen::MatrixXd scales;       // one per unit (shape: see above)
  IntMatrix zeroPoints;         // same shape as scales; all 0 when symmetric
  Eigen::MatrixXd dequantized;  // (codes - zero point) * scale
};

// InputError naming the field and the allowed range when the config is out of range.
void validateIntQuant(const IntQuantConfig &config);
int64_t codeMin(const IntQuantConfig &config);
int64_t codeMax(const IntQuantConfig &config);
// Rows and columns of the scale matrix for an input of rows x cols.
std::pair<Eigen::Index, Eigen::Index> scaleShape(const IntQuantConfig &config, Eigen::Index rows,
                                                 Eigen::Index cols);

// Chooses the scales (and zero points) by the config's method, then quantizes.
IntQuantized quantizeInt(const Eigen::MatrixXd &x, const IntQuantConfig &config);
// Quantizes with given scales and zero points (shapes as scaleShape; scales finite and > 0,
// zero points within the code range), e.g. calibrated on other data.
IntQuantized quantizeIntWith(const Eigen::MatrixXd &x, const IntQuantConfig &config,
                             const Eigen::MatrixXd &scales, const IntMatrix &zeroPoints);
// (codes - zero point) * scale, unit by unit.
Eigen::MatrixXd dequantizeInt(const IntMatrix &codes, const IntQuantConfig &config,
                              const Eigen::MatrixXd &scales, const IntMatrix &zeroPoints);

// P_p of the values by the interpolation above (p in [0, 100]); 0 for no values.
double percentileOf(std::vector<double> values, double p);

double meanSquaredError(const Eigen::MatrixXd &reference, const Eigen::MatrixXd &approx);
double sqnrDb(const Eigen::MatrixXd &reference, const Eigen::MatrixXd &approx);

} // namespace quasar::models
