// A small n-dimensional tensor value: the common currency of .npy / .safetensors I/O and the
// bridge to the Eigen matrices the golden model computes with.
//
// Design: a tensor has a shape, a dtype and its elements in row-major (C) order. Elements of an
// integer dtype are stored as int64_t, elements of a floating dtype as double; exactly one of
// the two vectors is used, chosen by the dtype. int64 holds every integer dtype exactly and
// double holds every floating dtype exactly, so nothing is lost on the way in or out.
//
// Choices where the brief was silent (also in docs/golden-model.md, "## Tensor I/O"):
// - Integer elements must fit their dtype: an out-of-range value is an InputError, never a
//   silent wrap. Floating elements are rounded to their dtype when the tensor is built (round
//   to nearest, ties to even; F32 by the IEEE conversion, F16/BF16 by halfFromDouble /
//   bfloat16FromDouble), so a tensor always holds exactly what a file of its dtype would
//   hold. Overflow gives +-inf as in IEEE; NaN stays NaN.
// - Dimensions are >= 0 (0 makes an empty tensor); rank 0 is a scalar with one element.
// - Eigen bridge: a rank-2 tensor [R, C] is an R x C matrix; a rank-1 tensor [n] is a ONE-ROW
//   matrix 1 x n (a vector of K values is one row of K, like one output channel of the
//   weights [N x K]). Matrices always come back as rank 2; use reshaped() for rank 1.
//   toIntMatrix() needs an integer dtype (quantize floats with quant_int.h first);
//   toRealMatrix() accepts every dtype (I64 values beyond 2^53 round to the nearest double).
#pragma once

#include "quasar/models/gemm.h"

#include <Eigen/Dense>
#include <cstdint>
#include <string>
#include <vector>

namespace quasar::models {

enum class DType { I8, I16, I32, I64, U8, U16, F16, BF16, F32, F64 };

// Lower-case name used in messages: "i8", "u16", "f16", "bf16", "f32", ...
std::string dtypeName(DType dtype);
// Bytes per element: 1, 2, 4 or 8.
int dtypeSize(DType dtype);
bool isIntegerDType(DType dtype);
// Range of an integer dtype (InputError for a floating dtype).
int64_t dtypeMin(DType dtype);
int64_t dtypeMax(DType dtype);

// IEEE binary16 and bfloat16 bit patterns <-> double. Decoding is exact for every pattern
// (subnormals, +-0, +-inf; NaN patterns give a quiet NaN with the pattern's sign).
// Encoding rounds to nearest, ties to even; beyond the largest finite value (by half an ulp
// or more) it gives +-inf; NaN gives the quiet NaN 0x7E00 / 0x7FC0 with the input's sign.
double halfToDouble(uint16_t bits);
double bfloat16ToDouble(uint16_t bits);
uint16_t halfFromDouble(double value);
uint16_t bfloat16FromDouble(double value);

class Tensor {
public:
  // An empty F64 tensor of shape [0].
  Tensor();

  // InputError for a negative dimension, a count that does not match the shape's product,
  // a floating dtype (fromInts) / integer dtype (fromReals), or an integer out of range.
  static Tensor fromInts(DType dtype, std::vector<int64_t> shape, std::vector<int64_t> values);
  static Tensor fromReals(DType dtype, std::vector<int64_t> shape, std::vector<double> values);
  // A zero-filled tensor of any dtype.
  static Tensor zeros(DType dtype, std::vector<int64_t> shape);
  // Rank-2 tensors from matrices (row-major element order).
  static Tensor fromIntMatrix(const IntMatrix &m, DType dtype);
  static Tensor fromRealMatrix(const Eigen::MatrixXd &m, DType dtype);

  DType dtype() const { return m_dtype; }
  const std::vector<int64_t> &shape() const { return m_shape; }
  int rank() const { return int(m_shape.size()); }
  // Number of elements (1 for rank 0).
  int64_t numel() const { return m_numel; }
  bool isInteger() const { return isIntegerDType(m_dtype); }

  // The elements, row-major. ints() throws InputError for a floating dtype, reals() for an
  // integer dtype; realAt() works for both.
  const std::vector<int64_t> &ints() const;
  const std::vector<double> &reals() const;
  double realAt(int64_t flatIndex) const;

  // Same elements, another shape with the same element count (InputError otherwise).
  Tensor reshaped(std::vector<int64_t> shape) const;

  // Rank 2 -> R x C, rank 1 -> 1 x n; other ranks are an InputError ("wrong rank").
  IntMatrix toIntMatrix() const;
  Eigen::MatrixXd toRealMatrix() const;

  // Same dtype, shape and elements; NaN equals NaN and -0.0 differs from +0.0 here, so a
  // file round trip can be checked with ==.
  bool operator==(const Tensor &other) const;
  bool operator!=(const Tensor &other) const { return !(*this == other); }

private:
  Tensor(DType dtype, std::vector<int64_t> shape, int64_t numel);

  DType m_dtype;                 // element type
  std::vector<int64_t> m_shape;  // dimensions, outermost first
  int64_t m_numel;               // product of m_shape (1 for rank 0)
  std::vector<int64_t> m_ints;   // elements when the dtype is an integer type
  std::vector<double> m_reals;   // elements when the dtype is a floating type
};

// ---- raw little-endian element buffers, shared by the .npy and .safetensors readers ----
// `size` must be exactly numel * dtypeSize (InputError otherwise). Integers are two's
// complement (unsigned for U8/U16), floats IEEE binary16/32/64 or bfloat16.
Tensor tensorFromLittleEndian(DType dtype, std::vector<int64_t> shape, const char *data,
                              size_t size);
std::string tensorToLittleEndian(const Tensor &tensor);
// A whole file as bytes; InputError "cannot open <path>" when it cannot be read.
std::string readBinaryFile(const std::string &path);
// Writes (replaces) a file; InputError when it cannot be written.
void writeBinaryFile(const std::string &path, const std::string &bytes);

// "[2, 3]", "[]" for rank 0.
std::string shapeString(const std::vector<int64_t> &shape);

// Shape checks with a "wrong shape"/"wrong rank" InputError naming `what` (e.g. the file and
// tensor), the actual and the expected shape. In `expected`, -1 matches any size.
void requireRank(const Tensor &t, int rank, const std::string &what);
void requireShape(const Tensor &t, const std::vector<int64_t> &expected, const std::string &what);

} // namespace quasar::models
