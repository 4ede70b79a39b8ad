// Direct 8-bit GEMM on raw buffers: the fast path of gemm.h without IntMatrix conversions,
// for callers that already hold int8 tensors (the benchmark, the SystemC model's tiles).
//
// Same layout as gemm.h: a is [M x K] row-major, w is [N x K] row-major (one row per output
// channel), out is [M x N] row-major; no aliasing between out and the inputs.
//
// Choices where the brief was silent:
// - The output is int32, so the call is a 32-bit accumulator by default: it throws CheckError
//   (same message and rule as gemm()) when sum_k |a*w| > 2^(accBits-1) - 1 for some output,
//   before writing anything. With int8 x int8 data that can only happen for K > 131071.
// - accBits may be narrower than 32 (2..32) to check a narrower hardware accumulator.
// - Sizes are int (as asked); negative sizes, or null pointers with a non-empty size, throw
//   InputError. K = 0 gives all-zero outputs.
#pragma once

#include <cstdint>

namespace quasar::models {

// out[m*N + n] = sum_k a[m*K + k] * w[n*K + k], exact; signed int8 activations and weights.
void gemmInt8(const int8_t *a, const int8_t *w, int M, int N, int K, int32_t *out,
              int accBits = 32);

// The same with unsigned activations (0..255, e.g. after ReLU with a zero point of 0 or an
// asymmetric uint8 tensor) and signed int8 weights.
void gemmUint8Int8(const uint8_t *a, const int8_t *w, int M, int N, int K, int32_t *out,
                   int accBits = 32);

} // namespace quasar::models
