// Workload operand tensors: a config::TensorSource + shape + operand format -> IntMatrix.
//
// Reproducible from the seed on any platform: the only random source is std::mt19937_64,
// whose output sequence the C++ standard specifies, and every distribution is written here
// (std::uniform_int_distribution / normal_distribution are implementation-defined).
//
// Choices where the workload schema is silent (also in docs/golden-model.md,
// "## Workload tensors"):
// - The engine is seeded with `seed` directly (std::mt19937_64(seed)); elements are drawn in
//   row-major order.
// - int_uniform: every code of the operand width with equal probability; an element is the
//   top `bits` bits of one 64-bit output (exactly uniform, no rejection), offset by
//   -2^(bits-1) when signed.
// - Reals: u = (x >> 11) * 2^-53 in [0, 1) from one output x. uniform = lo + (hi - lo) u.
//   normal: Box-Muller with u1 = 1 - u (in (0, 1]) and u2 = u from the next output; both
//   outputs of a pair are used, cos first. student_t = scale * z / sqrt(chi2 / nu),
//   chi2 = 2 * Gamma(nu / 2) by Marsaglia-Tsang (shape < 1 boosted with U^(1/shape)).
//   outlier_channels: normal(mean, std) with `outlier_channels` columns (K index, chosen by a
//   partial Fisher-Yates shuffle drawn before the elements) scaled by outlier_scale.
//   Transcendentals come from the platform's libm: a last-ulp difference can flip an element
//   that lands exactly on a rounding tie, which is the only cross-platform caveat.
// - Quantization of reals: symmetric per tensor, scale = max|x| / qmax, q = roundHalfEven(x /
//   scale) clamped to the code range; qmax = 2^(bits-1) - 1 when signed. Unsigned operands
//   model post-ReLU data: negatives become 0 and scale = max(x) / (2^bits - 1). An all-zero
//   tensor quantizes to zeros.
// - npy/safetensors sources (models/npy.h, safetensors.h) must hold the operand as it is
//   multiplied: [rows x cols] (activations [M x K], weights [N x K]; a rank-1 tensor is
//   accepted for one row). Conv2d layers are not im2col-lowered here: the file holds the
//   lowered matrix. Integer data is used as is and must fit the operand format (InputError
//   naming the file and element otherwise); floating data is quantized like the real
//   distributions above.
#pragma once

#include "quasar/config/workload.h"
#include "quasar/models/gemm.h"

#include <Eigen/Dense>
#include <cstdint>
#include <optional>

namespace quasar::models {

// The integer format of one operand.
struct OperandFormat {
  int bits = 8;          // 1..32
  bool isSigned = true;
};

// The tensor [rows x cols] described by `source`. Throws InputError for a bad format, a file
// of the wrong shape or integer data that does not fit.
IntMatrix makeTensor(const config::TensorSource &source, int64_t rows, int64_t cols,
                     const OperandFormat &format);

// The real-valued tensor a random real distribution produces before quantization
// (int_uniform and file sources are not real-valued distributions: InputError).
Eigen::MatrixXd makeRealTensor(const config::TensorSource &source, int64_t rows, int64_t cols);

// The real-valued operand behind `source` when it has one: random real distributions and
// floating-point files; std::nullopt for int_uniform and integer files (their codes are the
// data, so there is no quantization error to measure). Same shape checks as makeTensor.
std::optional<Eigen::MatrixXd> realTensor(const config::TensorSource &source, int64_t rows,
                                          int64_t cols);

// Symmetric per-tensor max-abs quantization to `format` with round-half-even (see above).
IntMatrix quantizeSymmetric(const Eigen::MatrixXd &x, const OperandFormat &format);
// The scale quantizeSymmetric uses: a code q stands for q * symmetricScale(x, format).
double symmetricScale(const Eigen::MatrixXd &x, const OperandFormat &format);

} // namespace quasar::models
