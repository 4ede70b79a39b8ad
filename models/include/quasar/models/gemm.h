// Exact integer GEMM, the reference every array output is compared against.
//
// Layout convention used everywhere in quasar: activations A are [M x K], weights W are
// [N x K] (one row per output channel, K contiguous), the result is [M x N].
//
// Speed (docs/golden-model.md, "## GEMM and conv"): when every value fits int16 and the
// products are small enough that int32 partial sums over at least 16 values of K cannot wrap
// (always true for int8/uint8 x int8 data), a cache-blocked, auto-vectorized int16 kernel runs
// (int32 sums over bounded K runs, flushed to int64). Other data takes an int64 path (int128
// when products could exceed 64 bits). All paths give the same exact result.
//
// Choices where the brief was silent:
// - acc_bits = 64 skips the order-independent check (as before), but a result that does not
//   fit in int64 (possible only with values beyond 32 bits) throws CheckError instead of
//   wrapping.
// - When several outputs can overflow, the error names the first in row-major order.
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
