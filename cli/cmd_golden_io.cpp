// Tensor-file helpers of `quasar quantize` and `quasar golden` (cmd_golden_io.h).
#include "cmd_golden_io.h"

#include "quasar/config/error.h"
#include "quasar/models/npy.h"

#include <cstdio>

namespace quasar::cli {

NamedTensor readOperand(const std::string &option, const std::string &path) {
  try {
    return NamedTensor{option, path, models::readNpy(path)};
  } catch (const InputError &e) {
    // readNpy's messages start with the file name; say which option it came from.
    throw InputError(option + ": " + e.what());
  }
}

void writeOperand(const std::string &option, const std::string &path, const models::Tensor &t) {
  try {
    models::writeNpy(path, t);
  } catch (const InputError &e) {
    throw InputError(option + ": " + e.what());
  }
}

void requireIntegerTensor(const NamedTensor &t) {
  if (!t.tensor.isInteger())
    throw InputError(t.what() + ": dtype " + models::dtypeName(t.tensor.dtype()) +
                     ", expected integers (i8, i16, i32, i64, u8 or u16)");
}

void requireMatrixRank(const NamedTensor &t) {
  if (t.tensor.rank() != 1 && t.tensor.rank() != 2)
    throw InputError(t.what() + ": wrong rank " + std::to_string(t.tensor.rank()) + " (shape " +
                     models::shapeString(t.tensor.shape()) +
                     "), expected 1 (one row) or 2 ([rows, cols])");
}

int64_t lastAxis(const models::Tensor &t) { return t.rank() == 0 ? 1 : t.shape().back(); }

models::IntMatrix intRows(const NamedTensor &t) {
  requireIntegerTensor(t);
  const int64_t cols = lastAxis(t.tensor);
  if (cols == 0 || t.tensor.numel() == 0)
    throw InputError(t.what() + ": empty tensor (shape " + models::shapeString(t.tensor.shape()) +
                     ")");
  const int64_t rows = t.tensor.numel() / cols;
  models::IntMatrix m(rows, cols);
  const auto &v = t.tensor.ints();
  for (int64_t i = 0; i < t.tensor.numel(); ++i) m.data()[i] = v[size_t(i)];
  return m;
}

models::Tensor intTensor(const models::IntMatrix &m, const std::vector<int64_t> &shape,
                         models::DType dtype) {
  return models::Tensor::fromInts(dtype, shape,
                                  std::vector<int64_t>(m.data(), m.data() + m.size()));
}

std::vector<int64_t> channelInts(const NamedTensor &t, int64_t channels) {
  requireIntegerTensor(t);
  const auto &v = t.tensor.ints();
  if (t.tensor.numel() == 1) return {v[0]};
  if (t.tensor.rank() == 1 && t.tensor.numel() == channels) return v;
  throw InputError(t.what() + ": shape " + models::shapeString(t.tensor.shape()) +
                   ", expected one value (per tensor) or one per last-axis channel ([" +
                   std::to_string(channels) + "])");
}

void requireIntRange(const NamedTensor &t, int64_t lo, int64_t hi, const std::string &meaning) {
  requireIntegerTensor(t);
  const auto &v = t.tensor.ints();
  for (size_t i = 0; i < v.size(); ++i) {
    if (v[i] < lo || v[i] > hi)
      throw InputError(t.what() + ": element " + std::to_string(i) + " is " +
                       std::to_string(v[i]) + ", outside [" + std::to_string(lo) + ", " +
                       std::to_string(hi) + "] (" + meaning + ")");
  }
}

void requireIntRange(const models::IntMatrix &m, const std::string &what, int64_t lo,
                     int64_t hi, const std::string &meaning) {
  for (Eigen::Index r = 0; r < m.rows(); ++r) {
    for (Eigen::Index c = 0; c < m.cols(); ++c) {
      const int64_t v = m(r, c);
      if (v < lo || v > hi)
        throw InputError(what + ": element (" + std::to_string(r) + ", " + std::to_string(c) +
                         ") is " + std::to_string(v) + ", outside [" + std::to_string(lo) +
                         ", " + std::to_string(hi) + "] (" + meaning + ")");
    }
  }
}

models::DType intDTypeFor(int64_t lo, int64_t hi) {
  using models::DType;
  // A range without negatives gets an unsigned type when one fits (u8 for 0..255).
  const auto candidates = lo >= 0 ? std::vector<DType>{DType::U8, DType::U16, DType::I32}
                                  : std::vector<DType>{DType::I8, DType::I16, DType::I32};
  for (DType d : candidates) {
    if (lo >= models::dtypeMin(d) && hi <= models::dtypeMax(d)) return d;
  }
  return DType::I64;
}

int64_t intMin(int bits, bool isSigned) { return isSigned ? -(int64_t(1) << (bits - 1)) : 0; }

int64_t intMax(int bits, bool isSigned) {
  return isSigned ? (int64_t(1) << (bits - 1)) - 1 : (int64_t(1) << bits) - 1;
}

std::string shortNumber(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

} // namespace quasar::cli
