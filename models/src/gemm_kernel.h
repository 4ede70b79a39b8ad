// Internal pieces shared by gemm.cpp, gemm_int8.cpp and conv.cpp: the narrow-operand kernel
// and the accumulator-overflow check. Not installed; the public API is gemm.h / gemm_int8.h.
//
// Every operand here is a dense row-major [rows x k] block (activations [M x K] and weights
// [N x K] alike), so one set of helpers serves both sides.
#pragma once

#include <cstdint>
#include <vector>

namespace quasar::models::detail {

// An operand converted to int16 for the narrow kernel: rows padded with zero rows to a multiple
// of the micro-tile (4) and K padded with zeros to a multiple of 16, so the kernel never needs
// an edge case inside its loops. Zeros add nothing to any sum, so padding changes no result.
struct NarrowOperand {
  std::vector<int16_t> data; // paddedRows x stride
  int64_t rows = 0;          // real rows
  int64_t paddedRows = 0;
  int64_t k = 0;             // real K
  int64_t stride = 0;        // padded K
};

// Converts src [rows x k] (row-major, values known to fit int16) to a NarrowOperand.
// With `absolute`, stores |x| instead (the caller has checked |x| <= 32767).
// When `rowIndex` is given, only those source rows are taken, in that order.
template <class T>
NarrowOperand packNarrow(const T *src, int64_t rows, int64_t k, bool absolute,
                         const std::vector<int64_t> *rowIndex = nullptr);

// The longest K run whose int32 partial sums cannot wrap: kBlock * maxAbsA * maxAbsW <=
// 2^31 - 1. Every partial sum inside such a run is a sum of at most kBlock products, whatever
// order or pairing (pmaddwd) the vectorizer picks. Returns INT64_MAX when a side is all zero.
int64_t narrowKBlock(uint64_t maxAbsA, uint64_t maxAbsW);

// The narrow kernel refuses K runs shorter than this: below it, the int64 path is as fast.
constexpr int64_t kMinNarrowKBlock = 16;

// out[m * w.rows + n] = sum_k a[m][k] * w[n][k] for the real rows, exactly.
// int32 partial sums run over at most `kBlock` (from narrowKBlock) values of k and are then
// added to `out`. For the int32 output the caller guarantees that every partial sum over the
// whole K fits (the overflow check passed for 32 bits).
void multiplyNarrow(const NarrowOperand &a, const NarrowOperand &w, int64_t kBlock,
                    int64_t *out);
void multiplyNarrow(const NarrowOperand &a, const NarrowOperand &w, int64_t kBlock,
                    int32_t *out);

// Per-row max |x| and sum |x| of an operand, saturated at kStatSaturation. The overflow check
// only compares against limits below 2^63, so a saturated value still decides correctly.
struct RowStats {
  std::vector<uint64_t> maxAbs;
  std::vector<uint64_t> l1;
  uint64_t maxOfMaxAbs = 0;
  uint64_t maxOfL1 = 0;
  bool fitsInt16 = true; // every value in [-32768, 32767]
  int64_t rows = 0;
  int64_t k = 0;
};
constexpr uint64_t kStatSaturation = uint64_t(1) << 63;

template <class T> RowStats rowStats(const T *src, int64_t rows, int64_t k);

// Throws CheckError naming the first output (row-major order) where a two's-complement
// accumulator of accBits (2..63) can overflow: sum_k |a[m][k] * w[n][k]| > 2^(accBits-1) - 1.
// Cheap bounds first (whole operands, then per row, then per output:
// sum |a||w| <= min(maxAbs(a_m) * l1(w_n), l1(a_m) * maxAbs(w_n))); the exact sum is computed
// only for the outputs those bounds cannot clear. `what` prefixes the message ("gemm").
template <class T, class U>
void checkAccumulator(const T *a, const RowStats &aStats, const U *w, const RowStats &wStats,
                      int accBits, const char *what);

} // namespace quasar::models::detail
