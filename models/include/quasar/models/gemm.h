// Exact integer GEMM, the reference every array output is compared against.
//
// Layout convention used everywhere in quasar: activations A are [M x K], weights W are
// [N x K] (one row per output channel, K contiguous), the result is [M x N].
#pragma once

#include <Eigen/Dense>
#include <cstdint>

namespace quasar::models {

using IntMatrix = Eigen::Matrix<int64_t, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// acc[m][n] = sum_k a[m][k] * w[n][k], exact in 64 bits.
// Throws quasar::CheckError when an accumulator of `acc_bits` (two's complement) could
// overflow on this data: for some output, sum_k |a[m][k] * w[n][k]| > 2^(acc_bits-1) - 1.
// That bound covers every partial sum in any accumulation order (any tiling, any dataflow).
// acc_bits = 64 disables the check. Throws quasar::InputError on mismatched K.
IntMatrix gemm(const IntMatrix &a, const IntMatrix &w, int acc_bits);

} // namespace quasar::models
