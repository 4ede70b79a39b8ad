// Tensor-file helpers shared by `quasar quantize` and `quasar golden`: reading .npy operands
// with messages that name the file and option, the "rows along the last axis" view, per-channel
// parameter vectors, and the output dtype choice.
//
// Conventions (also in docs/golden-model.md, "## Command line"):
// - "Rows along the last axis": a tensor of shape [d0, ..., dn-1, C] is processed as a matrix
//   of numel / C rows and C columns (rank 1 is one row, rank 0 one row of one element); the
//   output has the input's shape.
// - A per-channel parameter file holds one value (any rank, numel 1: per tensor) or one value
//   per last-axis channel (rank 1, length C); anything else is an InputError naming the file.
// - Integer outputs get the narrowest .npy integer dtype that holds their whole range, decided
//   by the range, never by the data: u8, u16, i32, i64 for ranges without negatives, else i8,
//   i16, i32, i64.
#pragma once

#include "quasar/models/gemm.h"
#include "quasar/models/tensor.h"

#include <Eigen/Dense>
#include <cstdint>
#include <string>
#include <vector>

namespace quasar::cli {

// A tensor read from `path`; `option` (e.g. "--acc") is named in every error about it.
struct NamedTensor {
  std::string option;      // "--acc"
  std::string path;        // "Z.npy"
  models::Tensor tensor;
  std::string what() const { return option + " " + path; }
};

NamedTensor readOperand(const std::string &option, const std::string &path);
// Writes `t` to `path` (InputError naming the option when it cannot be written).
void writeOperand(const std::string &option, const std::string &path, const models::Tensor &t);

// InputError unless the tensor holds integers.
void requireIntegerTensor(const NamedTensor &t);
// InputError unless rank is 1 or 2 ("one row" or [rows x cols]).
void requireMatrixRank(const NamedTensor &t);

// Integer tensor -> [numel / C x C], C = last dimension (1 for rank 0).
models::IntMatrix intRows(const NamedTensor &t);
int64_t lastAxis(const models::Tensor &t);
// An integer matrix back into `shape` (numel must agree).
models::Tensor intTensor(const models::IntMatrix &m, const std::vector<int64_t> &shape,
                         models::DType dtype);

// Scalar (numel 1) or one value per channel (rank 1, length `channels`): 1 or `channels`
// integers. InputError naming the file otherwise (or when the values are not integers).
std::vector<int64_t> channelInts(const NamedTensor &t, int64_t channels);

// Every element of an integer tensor within [lo, hi]; InputError naming the file, the flat
// index, the value and `meaning` (e.g. "a_bits 8 signed") otherwise.
void requireIntRange(const NamedTensor &t, int64_t lo, int64_t hi, const std::string &meaning);
void requireIntRange(const models::IntMatrix &m, const std::string &what, int64_t lo,
                     int64_t hi, const std::string &meaning);

// Narrowest writable integer dtype holding [lo, hi] (see the conventions above).
models::DType intDTypeFor(int64_t lo, int64_t hi);
// Range of a `bits`-wide integer.
int64_t intMin(int bits, bool isSigned);
int64_t intMax(int bits, bool isSigned);

// "1.25e-05" style short number for reports.
std::string shortNumber(double v);

} // namespace quasar::cli
