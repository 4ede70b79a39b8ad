// The narrow-operand GEMM kernel: int16 operands, int32 products summed over bounded K runs,
// flushed into an int64 (or checked int32) output. Plain C++ written so the compiler's
// auto-vectorizer turns the inner loop into pmaddwd (SSE2 baseline); no intrinsics.
#include "gemm_kernel.h"

#include <algorithm>
#include <limits>
#include <type_traits>

// Why these attributes:
// - optimize("O3"): GCC only vectorizes the 16-reduction inner loop at -O3 (its -O2 "very
//   cheap" cost model leaves it scalar, measured 15x slower), and the kernel must stay fast in
//   any build type.
// - target_clones: the same source compiled for SSE2 (any x86-64), AVX2 and x86-64-v4
//   (AVX-512), picked once at load time by the CPU. On the 2-core Xeon of docs/golden-model.md
//   this measured 80 -> 150 GOP/s on 1024^3. No -march=native is needed anywhere.
#if defined(__GNUC__) && !defined(__clang__)
#if defined(__x86_64__) && defined(__linux__) && __GNUC__ >= 12
#define QSR_GEMM_KERNEL_ATTRS                                                                     \
  __attribute__((target_clones("default", "avx2", "arch=x86-64-v4"), optimize("O3")))
#else
#define QSR_GEMM_KERNEL_ATTRS __attribute__((optimize("O3")))
#endif
#else
#define QSR_GEMM_KERNEL_ATTRS
#endif

namespace quasar::models::detail {

namespace {

constexpr int64_t kTile = 4;      // micro-tile: 4 rows of A x 4 rows of W, 16 accumulators
constexpr int64_t kKAlign = 16;   // K padding (one 256-bit vector of int16)
constexpr int64_t kKc = 512;      // K run per pass: 4 + 4 rows of 1 KiB stay in L1
constexpr int64_t kNc = 256;      // W rows per pass: 256 x 512 x 2 B = 256 KiB, in L2
constexpr int64_t kMc = 64;       // A rows per pass: bounds the int32 scratch to 64 KiB

int64_t roundUp(int64_t x, int64_t to) { return (x + to - 1) / to * to; }

// dst[mt*4 + i][nt*4 + j] (=, or += with `accumulate`) sum_{k < kc} a[mt*4 + i][k] *
// w[nt*4 + j][k] in int32. The caller guarantees kc <= kBlock, so no int32 sum wraps (see
// narrowKBlock), and for += that the running total fits too.
QSR_GEMM_KERNEL_ATTRS void narrowPanel(const int16_t *a, int64_t lda, int64_t mTiles,
                                       const int16_t *w, int64_t ldw, int64_t nTiles,
                                       int64_t kc, int32_t *dst, int64_t ldDst,
                                       bool accumulate) {
  for (int64_t mt = 0; mt < mTiles; ++mt) {
    const int16_t *aTile = a + mt * kTile * lda;
    for (int64_t nt = 0; nt < nTiles; ++nt) {
      const int16_t *wTile = w + nt * kTile * ldw;
      int32_t sum[kTile][kTile] = {};
      for (int64_t k = 0; k < kc; ++k) {
        for (int64_t i = 0; i < kTile; ++i) {
          for (int64_t j = 0; j < kTile; ++j) {
            sum[i][j] += int32_t(aTile[i * lda + k]) * int32_t(wTile[j * ldw + k]);
          }
        }
      }
      int32_t *tile = dst + mt * kTile * ldDst + nt * kTile;
      for (int64_t i = 0; i < kTile; ++i) {
        for (int64_t j = 0; j < kTile; ++j) {
          tile[i * ldDst + j] = (accumulate ? tile[i * ldDst + j] : 0) + sum[i][j];
        }
      }
    }
  }
}

template <class Out>
void multiplyNarrowImpl(const NarrowOperand &a, const NarrowOperand &w, int64_t kBlock,
                        Out *out) {
  const int64_t outCols = w.rows;
  if (a.rows == 0 || w.rows == 0) return;
  if (a.stride == 0) { // K = 0: every sum is empty
    std::fill(out, out + a.rows * outCols, Out(0));
    return;
  }
  // K runs are multiples of kKAlign so the padded K splits evenly; kBlock >= kMinNarrowKBlock.
  const int64_t kcMax = std::min(kKc, kBlock / kKAlign * kKAlign);
  std::vector<int32_t> scratch(size_t(kMc * kNc));
  for (int64_t k0 = 0; k0 < a.stride; k0 += kcMax) {
    const int64_t kc = std::min(kcMax, a.stride - k0);
    const bool first = k0 == 0;
    for (int64_t n0 = 0; n0 < w.paddedRows; n0 += kNc) {
      const int64_t nc = std::min(kNc, w.paddedRows - n0);
      const int64_t nValid = std::min(nc, outCols - n0);
      for (int64_t m0 = 0; m0 < a.paddedRows; m0 += kMc) {
        const int64_t mc = std::min(kMc, a.paddedRows - m0);
        const int64_t mValid = std::min(mc, a.rows - m0);
        const int16_t *aBlock = a.data.data() + m0 * a.stride + k0;
        const int16_t *wBlock = w.data.data() + n0 * w.stride + k0;
        if constexpr (std::is_same_v<Out, int32_t>) {
          // Whole blocks go straight to an int32 output: for short K the copy through the
          // scratch buffer cost ~18% (4096 x 4096 x 128).
          if (mValid == mc && nValid == nc) {
            narrowPanel(aBlock, a.stride, mc / kTile, wBlock, w.stride, nc / kTile, kc,
                        out + m0 * outCols + n0, outCols, !first);
            continue;
          }
        }
        narrowPanel(aBlock, a.stride, mc / kTile, wBlock, w.stride, nc / kTile, kc,
                    scratch.data(), kNc, false);
        for (int64_t i = 0; i < mValid; ++i) {
          Out *row = out + (m0 + i) * outCols + n0;
          const int32_t *src = scratch.data() + i * kNc;
          if (first) {
            for (int64_t j = 0; j < nValid; ++j) row[j] = Out(src[j]);
          } else {
            for (int64_t j = 0; j < nValid; ++j) row[j] += Out(src[j]);
          }
        }
      }
    }
  }
}

} // namespace

template <class T>
NarrowOperand packNarrow(const T *src, int64_t rows, int64_t k, bool absolute,
                         const std::vector<int64_t> *rowIndex) {
  NarrowOperand op;
  op.rows = rowIndex ? int64_t(rowIndex->size()) : rows;
  op.paddedRows = roundUp(op.rows, kTile);
  op.k = k;
  op.stride = roundUp(k, kKAlign);
  op.data.assign(size_t(op.paddedRows * op.stride), 0);
  for (int64_t r = 0; r < op.rows; ++r) {
    const T *in = src + (rowIndex ? (*rowIndex)[size_t(r)] : r) * k;
    int16_t *dst = op.data.data() + r * op.stride;
    // Two plain loops rather than one with a branch, so both vectorize (packing is on the
    // path of every call; the branchy loop cost 30% of a 1024^3 int8 GEMM).
    if (absolute) {
      for (int64_t i = 0; i < k; ++i) { // widened first: |-128| does not fit int8
        const int64_t v = int64_t(in[i]);
        dst[i] = int16_t(v < 0 ? -v : v);
      }
    } else {
      for (int64_t i = 0; i < k; ++i) dst[i] = int16_t(in[i]);
    }
  }
  return op;
}

int64_t narrowKBlock(uint64_t maxAbsA, uint64_t maxAbsW) {
  if (maxAbsA == 0 || maxAbsW == 0) return std::numeric_limits<int64_t>::max();
  const unsigned __int128 product = (unsigned __int128)maxAbsA * maxAbsW;
  const uint64_t int32Max = uint64_t(std::numeric_limits<int32_t>::max());
  if (product > int32Max) return 0;
  return int64_t(int32Max / uint64_t(product));
}

void multiplyNarrow(const NarrowOperand &a, const NarrowOperand &w, int64_t kBlock,
                    int64_t *out) {
  multiplyNarrowImpl(a, w, kBlock, out);
}

void multiplyNarrow(const NarrowOperand &a, const NarrowOperand &w, int64_t kBlock,
                    int32_t *out) {
  multiplyNarrowImpl(a, w, kBlock, out);
}

template NarrowOperand packNarrow<int64_t>(const int64_t *, int64_t, int64_t, bool,
                                           const std::vector<int64_t> *);
template NarrowOperand packNarrow<int8_t>(const int8_t *, int64_t, int64_t, bool,
                                          const std::vector<int64_t> *);
template NarrowOperand packNarrow<uint8_t>(const uint8_t *, int64_t, int64_t, bool,
                                           const std::vector<int64_t> *);

} // namespace quasar::models::detail
