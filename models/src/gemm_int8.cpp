// Direct 8-bit GEMM (gemm_int8.h): check, pack to int16 panels, run the narrow kernel.
#include "quasar/models/gemm_int8.h"

#include "gemm_kernel.h"
#include "quasar/config/error.h"

#include <string>

namespace quasar::models {

namespace {

template <class A>
void gemm8(const char *what, const A *a, const int8_t *w, int m, int n, int k, int32_t *out,
           int accBits) {
  const std::string name(what);
  if (m < 0 || n < 0 || k < 0) {
    throw InputError(name + ": sizes M=" + std::to_string(m) + ", N=" + std::to_string(n) +
                     ", K=" + std::to_string(k) + " must be >= 0");
  }
  if (accBits < 2 || accBits > 32) {
    throw InputError(name + ": accBits " + std::to_string(accBits) +
                     " not in [2, 32] (the output is int32)");
  }
  const int64_t rows = m, cols = n, depth = k;
  if ((rows * depth > 0 && a == nullptr) || (cols * depth > 0 && w == nullptr) ||
      (rows * cols > 0 && out == nullptr)) {
    throw InputError(name + ": null buffer for a non-empty operand (M=" + std::to_string(m) +
                     ", N=" + std::to_string(n) + ", K=" + std::to_string(k) + ")");
  }
  if (rows * cols == 0) return;
  const detail::RowStats aStats = detail::rowStats(a, rows, depth);
  const detail::RowStats wStats = detail::rowStats(w, cols, depth);
  // Passing the check for accBits <= 32 also proves every int32 partial sum of the kernel fits.
  detail::checkAccumulator(a, aStats, w, wStats, accBits, what);
  const detail::NarrowOperand packedA = detail::packNarrow(a, rows, depth, false);
  const detail::NarrowOperand packedW = detail::packNarrow(w, cols, depth, false);
  // 255 * 128 * 65793 < 2^31: the K run is always far above kMinNarrowKBlock.
  detail::multiplyNarrow(packedA, packedW,
                         detail::narrowKBlock(aStats.maxOfMaxAbs, wStats.maxOfMaxAbs), out);
}

} // namespace

void gemmInt8(const int8_t *a, const int8_t *w, int M, int N, int K, int32_t *out,
              int accBits) {
  gemm8("gemmInt8", a, w, M, N, K, out, accBits);
}

void gemmUint8Int8(const uint8_t *a, const int8_t *w, int M, int N, int K, int32_t *out,
                   int accBits) {
  gemm8("gemmUint8Int8", a, w, M, N, K, out, accBits);
}

} // namespace quasar::models
