// Tensor value type (tensor.h): construction with range checks and rounding, shape helpers,
// the Eigen bridge.
#include "quasar/models/tensor.h"

#include "quasar/config/error.h"

#include <cmath>
#include <cstring>
#include <limits>

namespace quasar::models {

std::string dtypeName(DType dtype) {
  switch (dtype) {
  case DType::I8: return "i8";
  case DType::I16: return "i16";
  case DType::I32: return "i32";
  case DType::I64: return "i64";
  case DType::U8: return "u8";
  case DType::U16: return "u16";
  case DType::F16: return "f16";
  case DType::BF16: return "bf16";
  case DType::F32: return "f32";
  case DType::F64: return "f64";
  }
  return "?";
}

int dtypeSize(DType dtype) {
  switch (dtype) {
  case DType::I8:
  case DType::U8: return 1;
  case DType::I16:
  case DType::U16:
  case DType::F16:
  case DType::BF16: return 2;
  case DType::I32:
  case DType::F32: return 4;
  case DType::I64:
  case DType::F64: return 8;
  }
  return 0;
}

bool isIntegerDType(DType dtype) {
  return dtype != DType::F16 && dtype != DType::BF16 && dtype != DType::F32 &&
         dtype != DType::F64;
}

int64_t dtypeMin(DType dtype) {
  switch (dtype) {
  case DType::I8: return std::numeric_limits<int8_t>::min();
  case DType::I16: return std::numeric_limits<int16_t>::min();
  case DType::I32: return std::numeric_limits<int32_t>::min();
  case DType::I64: return std::numeric_limits<int64_t>::min();
  case DType::U8:
  case DType::U16: return 0;
  default: throw InputError("dtype " + dtypeName(dtype) + " is not an integer type");
  }
}

int64_t dtypeMax(DType dtype) {
  switch (dtype) {
  case DType::I8: return std::numeric_limits<int8_t>::max();
  case DType::I16: return std::numeric_limits<int16_t>::max();
  case DType::I32: return std::numeric_limits<int32_t>::max();
  case DType::I64: return std::numeric_limits<int64_t>::max();
  case DType::U8: return std::numeric_limits<uint8_t>::max();
  case DType::U16: return std::numeric_limits<uint16_t>::max();
  default: throw InputError("dtype " + dtypeName(dtype) + " is not an integer type");
  }
}

std::string shapeString(const std::vector<int64_t> &shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + "]";
}

namespace {

int64_t checkedNumel(const std::vector<int64_t> &shape) {
  int64_t n = 1;
  for (int64_t d : shape) {
    if (d < 0) throw InputError("tensor shape " + shapeString(shape) + ": negative dimension");
    if (d != 0 && n > std::numeric_limits<int64_t>::max() / d)
      throw InputError("tensor shape " + shapeString(shape) + ": too many elements");
    n *= d;
  }
  return n;
}

void checkCount(const std::vector<int64_t> &shape, int64_t numel, size_t count) {
  if (int64_t(count) != numel)
    throw InputError("tensor shape " + shapeString(shape) + " needs " + std::to_string(numel) +
                     " values, got " + std::to_string(count));
}

double roundToDType(double v, DType dtype) {
  switch (dtype) {
  case DType::F16: return halfToDouble(halfFromDouble(v));
  case DType::BF16: return bfloat16ToDouble(bfloat16FromDouble(v));
  case DType::F32: {
    // double -> float is undefined behaviour for values beyond the float range, so overflow
    // is decided here: from FLT_MAX + half an ulp (2^128 - 2^103, a tie that goes to the
    // even "2^128") upward IEEE rounding gives infinity, below it FLT_MAX.
    const double overflow = std::ldexp(1.0, 128) - std::ldexp(1.0, 103);
    if (std::fabs(v) >= overflow) return std::copysign(std::numeric_limits<double>::infinity(), v);
    if (std::fabs(v) > std::numeric_limits<float>::max())
      return std::copysign(double(std::numeric_limits<float>::max()), v);
    return double(float(v)); // in range: the IEEE conversion, nearest, ties to even
  }
  default: return v;
  }
}

} // namespace

Tensor::Tensor() : Tensor(DType::F64, {0}, 0) {}

Tensor::Tensor(DType dtype, std::vector<int64_t> shape, int64_t numel)
    : m_dtype(dtype), m_shape(std::move(shape)), m_numel(numel) {}

Tensor Tensor::fromInts(DType dtype, std::vector<int64_t> shape, std::vector<int64_t> values) {
  if (!isIntegerDType(dtype))
    throw InputError("Tensor::fromInts: dtype " + dtypeName(dtype) +
                     " is a floating type (use fromReals)");
  const int64_t numel = checkedNumel(shape);
  checkCount(shape, numel, values.size());
  const int64_t lo = dtypeMin(dtype), hi = dtypeMax(dtype);
  for (size_t i = 0; i < values.size(); ++i)
    if (values[i] < lo || values[i] > hi)
      throw InputError("tensor value " + std::to_string(values[i]) + " at index " +
                       std::to_string(i) + " does not fit " + dtypeName(dtype) + " (" +
                       std::to_string(lo) + ".." + std::to_string(hi) + ")");
  Tensor t(dtype, std::move(shape), numel);
  t.m_ints = std::move(values);
  return t;
}

Tensor Tensor::fromReals(DType dtype, std::vector<int64_t> shape, std::vector<double> values) {
  if (isIntegerDType(dtype))
    throw InputError("Tensor::fromReals: dtype " + dtypeName(dtype) +
                     " is an integer type (use fromInts)");
  const int64_t numel = checkedNumel(shape);
  checkCount(shape, numel, values.size());
  for (double &v : values) v = roundToDType(v, dtype);
  Tensor t(dtype, std::move(shape), numel);
  t.m_reals = std::move(values);
  return t;
}

Tensor Tensor::zeros(DType dtype, std::vector<int64_t> shape) {
  const int64_t numel = checkedNumel(shape);
  Tensor t(dtype, std::move(shape), numel);
  if (isIntegerDType(dtype))
    t.m_ints.assign(size_t(numel), 0);
  else
    t.m_reals.assign(size_t(numel), 0.0);
  return t;
}

Tensor Tensor::fromIntMatrix(const IntMatrix &m, DType dtype) {
  // IntMatrix is row-major, so its storage is already in C order.
  return fromInts(dtype, {int64_t(m.rows()), int64_t(m.cols())},
                  std::vector<int64_t>(m.data(), m.data() + m.size()));
}

Tensor Tensor::fromRealMatrix(const Eigen::MatrixXd &m, DType dtype) {
  std::vector<double> values;
  values.reserve(size_t(m.size()));
  for (Eigen::Index r = 0; r < m.rows(); ++r)
    for (Eigen::Index c = 0; c < m.cols(); ++c) values.push_back(m(r, c));
  return fromReals(dtype, {int64_t(m.rows()), int64_t(m.cols())}, std::move(values));
}

const std::vector<int64_t> &Tensor::ints() const {
  if (!isInteger())
    throw InputError("tensor of dtype " + dtypeName(m_dtype) + " has no integer values");
  return m_ints;
}

const std::vector<double> &Tensor::reals() const {
  if (isInteger())
    throw InputError("tensor of dtype " + dtypeName(m_dtype) +
                     " has integer values (use ints() or realAt())");
  return m_reals;
}

double Tensor::realAt(int64_t i) const {
  if (i < 0 || i >= m_numel)
    throw InputError("tensor index " + std::to_string(i) + " out of range (" +
                     std::to_string(m_numel) + " elements)");
  return isInteger() ? double(m_ints[size_t(i)]) : m_reals[size_t(i)];
}

Tensor Tensor::reshaped(std::vector<int64_t> shape) const {
  const int64_t numel = checkedNumel(shape);
  if (numel != m_numel)
    throw InputError("cannot reshape tensor " + shapeString(m_shape) + " (" +
                     std::to_string(m_numel) + " elements) to " + shapeString(shape));
  Tensor t = *this;
  t.m_shape = std::move(shape);
  return t;
}

namespace {

// Rows and columns of the matrix view: rank 2 as is, rank 1 as one row.
std::pair<Eigen::Index, Eigen::Index> matrixDims(const Tensor &t) {
  if (t.rank() == 2) return {Eigen::Index(t.shape()[0]), Eigen::Index(t.shape()[1])};
  if (t.rank() == 1) return {1, Eigen::Index(t.shape()[0])};
  throw InputError("wrong rank: tensor " + shapeString(t.shape()) +
                   " is not a matrix (rank 1 or 2 expected)");
}

} // namespace

IntMatrix Tensor::toIntMatrix() const {
  if (!isInteger())
    throw InputError("tensor of dtype " + dtypeName(m_dtype) +
                     " cannot become an integer matrix (quantize it first)");
  const auto [rows, cols] = matrixDims(*this);
  IntMatrix m(rows, cols);
  if (m_numel > 0) std::memcpy(m.data(), m_ints.data(), size_t(m_numel) * sizeof(int64_t));
  return m;
}

Eigen::MatrixXd Tensor::toRealMatrix() const {
  const auto [rows, cols] = matrixDims(*this);
  Eigen::MatrixXd m(rows, cols);
  for (Eigen::Index r = 0; r < rows; ++r)
    for (Eigen::Index c = 0; c < cols; ++c) m(r, c) = realAt(int64_t(r * cols + c));
  return m;
}

bool Tensor::operator==(const Tensor &o) const {
  if (m_dtype != o.m_dtype || m_shape != o.m_shape) return false;
  if (isInteger()) return m_ints == o.m_ints;
  for (size_t i = 0; i < m_reals.size(); ++i) {
    const double a = m_reals[i], b = o.m_reals[i];
    if (std::isnan(a) && std::isnan(b)) continue;
    // Distinguish -0.0 from 0.0: a file round trip must keep the sign of zero.
    if (a != b || std::signbit(a) != std::signbit(b)) return false;
  }
  return true;
}

void requireRank(const Tensor &t, int rank, const std::string &what) {
  if (t.rank() != rank)
    throw InputError(what + ": wrong rank: shape " + shapeString(t.shape()) + " has rank " +
                     std::to_string(t.rank()) + ", expected rank " + std::to_string(rank));
}

void requireShape(const Tensor &t, const std::vector<int64_t> &expected, const std::string &what) {
  bool ok = t.rank() == int(expected.size());
  for (size_t i = 0; ok && i < expected.size(); ++i)
    ok = expected[i] == -1 || expected[i] == t.shape()[i];
  if (!ok) {
    std::string want = "[";
    for (size_t i = 0; i < expected.size(); ++i)
      want += (i ? ", " : "") + (expected[i] == -1 ? std::string("*") : std::to_string(expected[i]));
    throw InputError(what + ": wrong shape " + shapeString(t.shape()) + ", expected " + want +
                     "]");
  }
}

} // namespace quasar::models
