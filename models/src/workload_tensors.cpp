#include "quasar/models/workload_tensors.h"

#include "quasar/config/error.h"
#include "quasar/models/npy.h"
#include "quasar/models/real_rounding.h"
#include "quasar/models/safetensors.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <vector>

namespace quasar::models {
namespace {

constexpr double kTwoPi = 6.283185307179586476925286766559;

// The distributions, on top of the standard-specified engine.
class Source {
public:
  explicit Source(uint64_t seed) : m_engine(seed) {}

  uint64_t bits64() { return m_engine(); }
  // [0, 1) with 53 random bits.
  double unit() { return double(m_engine() >> 11) * 0x1.0p-53; }
  // Uniform in [0, n) without modulo bias (rejection on the top of the range).
  uint64_t below(uint64_t n) {
    // 2^64 mod n values at the bottom would be drawn once more than the rest: reject them.
    const uint64_t threshold = (uint64_t(0) - n) % n;
    uint64_t x;
    do x = m_engine();
    while (x < threshold);
    return x % n;
  }
  double normal() {
    if (m_hasSpare) {
      m_hasSpare = false;
      return m_spare;
    }
    const double u1 = 1.0 - unit(); // (0, 1]: log is finite
    const double u2 = unit();
    const double r = std::sqrt(-2.0 * std::log(u1));
    m_spare = r * std::sin(kTwoPi * u2);
    m_hasSpare = true;
    return r * std::cos(kTwoPi * u2);
  }
  // Gamma(shape, 1), Marsaglia and Tsang (2000).
  double gamma(double shape) {
    if (shape < 1.0) {
      const double g = gamma(shape + 1.0);
      return g * std::pow(1.0 - unit(), 1.0 / shape);
    }
    const double d = shape - 1.0 / 3.0, c = 1.0 / std::sqrt(9.0 * d);
    for (;;) {
      double x, v;
      do {
        x = normal();
        v = 1.0 + c * x;
      } while (v <= 0.0);
      v = v * v * v;
      const double u = 1.0 - unit();
      if (std::log(u) < 0.5 * x * x + d - d * v + d * std::log(v)) return d * v;
    }
  }

private:
  std::mt19937_64 m_engine; // output specified by the standard: portable sequences
  double m_spare = 0;       // the second Box-Muller output
  bool m_hasSpare = false;
};

void checkFormat(const OperandFormat &f) {
  if (f.bits < 1 || f.bits > 32)
    throw InputError("operand width " + std::to_string(f.bits) + " is outside 1..32");
}

void checkShape(int64_t rows, int64_t cols) {
  if (rows < 1 || cols < 1)
    throw InputError("tensor shape [" + std::to_string(rows) + " x " + std::to_string(cols) +
                     "] must be at least 1 x 1");
}

// The largest code of the format, as a real (the symmetric quantizer's qmax).
double largestCode(const OperandFormat &f) {
  return f.isSigned ? std::ldexp(1.0, f.bits - 1) - 1.0 : std::ldexp(1.0, f.bits) - 1.0;
}

// What a file source names, for messages.
std::string fileWhat(const config::TensorSource &s) {
  return s.source == config::TensorSourceKind::Npy ? s.file : s.file + " tensor '" + s.tensor + "'";
}

// The tensor a file source holds, checked to be the operand [rows x cols].
Tensor readOperandFile(const config::TensorSource &s, int64_t rows, int64_t cols) {
  Tensor t = s.source == config::TensorSourceKind::Npy ? readNpy(s.file)
                                                       : readSafetensor(s.file, s.tensor);
  if (t.rank() == 1 && rows == 1) t = t.reshaped({1, t.numel()});
  requireShape(t, {rows, cols}, fileWhat(s));
  return t;
}

// A tensor read from a file, as the operand [rows x cols].
IntMatrix fromFile(const config::TensorSource &s, int64_t rows, int64_t cols,
                   const OperandFormat &format) {
  const std::string what = fileWhat(s);
  const Tensor t = readOperandFile(s, rows, cols);
  if (!t.isInteger()) return quantizeSymmetric(t.toRealMatrix(), format);
  const IntMatrix q = t.toIntMatrix();
  const int64_t lo = format.isSigned ? -(int64_t(1) << (format.bits - 1)) : 0;
  const int64_t hi = format.isSigned ? (int64_t(1) << (format.bits - 1)) - 1
                                     : (int64_t(1) << format.bits) - 1;
  for (Eigen::Index i = 0; i < q.size(); ++i)
    if (q.data()[i] < lo || q.data()[i] > hi)
      throw InputError(what + ": element " + std::to_string(i) + " = " +
                       std::to_string(q.data()[i]) + " does not fit the " +
                       std::to_string(format.bits) + "-bit " +
                       (format.isSigned ? "signed" : "unsigned") + " operand [" +
                       std::to_string(lo) + ", " + std::to_string(hi) + "]");
  return q;
}

} // namespace

double symmetricScale(const Eigen::MatrixXd &x, const OperandFormat &format) {
  checkFormat(format);
  const double qmax = largestCode(format);
  double range = 0;
  for (Eigen::Index i = 0; i < x.size(); ++i) {
    const double v = format.isSigned ? std::fabs(x.data()[i]) : std::max(x.data()[i], 0.0);
    range = std::max(range, v);
  }
  // A 1-bit signed operand has qmax = 0: everything rounds to 0 or -1 by sign only.
  return (range > 0 && qmax > 0) ? range / qmax : 1.0;
}

IntMatrix quantizeSymmetric(const Eigen::MatrixXd &x, const OperandFormat &format) {
  const double scale = symmetricScale(x, format);
  const double qmax = largestCode(format);
  const double qmin = format.isSigned ? -qmax - 1.0 : 0.0;
  IntMatrix q(x.rows(), x.cols());
  for (Eigen::Index r = 0; r < x.rows(); ++r)
    for (Eigen::Index c = 0; c < x.cols(); ++c) {
      double v = x(r, c);
      if (!format.isSigned) v = std::max(v, 0.0);
      const double rounded = roundHalfEven(v / scale);
      q(r, c) = int64_t(std::clamp(rounded, qmin, qmax));
    }
  return q;
}

Eigen::MatrixXd makeRealTensor(const config::TensorSource &s, int64_t rows, int64_t cols) {
  checkShape(rows, cols);
  if (s.source != config::TensorSourceKind::Random)
    throw InputError("tensor source '" + config::toString(s.source) + "' (" + s.file +
                     ") holds data, not a real-valued distribution");
  Source rng(s.seed);
  Eigen::MatrixXd x(rows, cols);
  switch (s.dist) {
  case config::Distribution::IntUniform:
    throw InputError("dist: int_uniform is an integer distribution, not a real one");
  case config::Distribution::Uniform:
    for (int64_t r = 0; r < rows; ++r)
      for (int64_t c = 0; c < cols; ++c) x(r, c) = s.lo + (s.hi - s.lo) * rng.unit();
    break;
  case config::Distribution::Normal:
    for (int64_t r = 0; r < rows; ++r)
      for (int64_t c = 0; c < cols; ++c) x(r, c) = s.mean + s.std * rng.normal();
    break;
  case config::Distribution::StudentT:
    for (int64_t r = 0; r < rows; ++r)
      for (int64_t c = 0; c < cols; ++c) {
        const double z = rng.normal();
        const double chi2 = 2.0 * rng.gamma(s.nu / 2.0);
        x(r, c) = s.scale * z / std::sqrt(chi2 / s.nu);
      }
    break;
  case config::Distribution::OutlierChannels: {
    // Which channels are outliers: a partial Fisher-Yates shuffle of the column indices.
    std::vector<int64_t> order(size_t(cols), 0);
    for (int64_t c = 0; c < cols; ++c) order[size_t(c)] = c;
    const int64_t outliers = std::min<int64_t>(s.outlier_channels, cols);
    std::vector<bool> isOutlier(size_t(cols), false);
    for (int64_t i = 0; i < outliers; ++i) {
      const int64_t j = i + int64_t(rng.below(uint64_t(cols - i)));
      std::swap(order[size_t(i)], order[size_t(j)]);
      isOutlier[size_t(order[size_t(i)])] = true;
    }
    for (int64_t r = 0; r < rows; ++r)
      for (int64_t c = 0; c < cols; ++c) {
        const double sd = isOutlier[size_t(c)] ? s.std * s.outlier_scale : s.std;
        x(r, c) = s.mean + sd * rng.normal();
      }
    break;
  }
  }
  return x;
}

std::optional<Eigen::MatrixXd> realTensor(const config::TensorSource &s, int64_t rows,
                                          int64_t cols) {
  checkShape(rows, cols);
  if (s.source != config::TensorSourceKind::Random) {
    const Tensor t = readOperandFile(s, rows, cols);
    if (t.isInteger()) return std::nullopt;
    return t.toRealMatrix();
  }
  if (s.dist == config::Distribution::IntUniform) return std::nullopt;
  return makeRealTensor(s, rows, cols);
}

IntMatrix makeTensor(const config::TensorSource &s, int64_t rows, int64_t cols,
                     const OperandFormat &format) {
  checkFormat(format);
  checkShape(rows, cols);
  if (s.source != config::TensorSourceKind::Random) return fromFile(s, rows, cols, format);
  if (s.dist == config::Distribution::IntUniform) {
    Source rng(s.seed);
    IntMatrix q(rows, cols);
    const int64_t offset = format.isSigned ? -(int64_t(1) << (format.bits - 1)) : 0;
    for (int64_t r = 0; r < rows; ++r)
      for (int64_t c = 0; c < cols; ++c)
        q(r, c) = int64_t(rng.bits64() >> (64 - format.bits)) + offset;
    return q;
  }
  return quantizeSymmetric(makeRealTensor(s, rows, cols), format);
}

} // namespace quasar::models
