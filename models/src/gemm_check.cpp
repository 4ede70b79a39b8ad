// The order-independent accumulator-overflow check of gemm.h, made cheap by bounds.
//
// For one output, S(m, n) = sum_k |a[m][k]| |w[n][k]| bounds every partial sum in any order.
// Since |a[m][k]| <= maxAbs(a_m), S(m, n) <= maxAbs(a_m) * l1(w_n), and symmetrically
// S(m, n) <= l1(a_m) * maxAbs(w_n). Taking maxima over m and n first gives a whole-operand
// bound (O(1) after the O((M+N)K) statistics) that clears realistic configurations at once;
// only rows and outputs it cannot clear pay for more.
#include "gemm_kernel.h"

#include "quasar/config/error.h"

#include <algorithm>
#include <cstdlib>
#include <limits>
#include <string>

namespace quasar::models::detail {

namespace {

using U128 = unsigned __int128;

uint64_t absValue(int64_t v) { return v < 0 ? uint64_t(0) - uint64_t(v) : uint64_t(v); }

uint64_t saturatingAdd(uint64_t sum, uint64_t x) {
  return x >= kStatSaturation - std::min(sum, kStatSaturation) ? kStatSaturation : sum + x;
}

U128 minBound(uint64_t maxA, uint64_t l1W, uint64_t l1A, uint64_t maxW) {
  return std::min(U128(maxA) * l1W, U128(l1A) * maxW);
}

std::string toString(U128 x) {
  if (x == 0) return "0";
  std::string digits;
  for (; x != 0; x /= 10) digits.insert(digits.begin(), char('0' + int(x % 10)));
  return digits;
}

[[noreturn]] void throwOverflow(const char *what, int accBits, int64_t m, int64_t n,
                                const std::string &magnitude, int64_t accMax) {
  throw CheckError(std::string(what) + ": a " + std::to_string(accBits) +
                   "-bit accumulator can overflow at output (" + std::to_string(m) + ", " +
                   std::to_string(n) + "): sum of |a*w| over K is " + magnitude + " > " +
                   std::to_string(accMax));
}

// Exact S(m, n) for wide data, saturating at 2^127 - 1 (it is only printed past accMax).
template <class T, class U> U128 exactMagnitude(const T *aRow, const U *wRow, int64_t k) {
  const U128 cap = ~U128(0) >> 1;
  U128 sum = 0;
  for (int64_t i = 0; i < k; ++i) {
    const U128 product = U128(absValue(int64_t(aRow[i]))) * absValue(int64_t(wRow[i]));
    sum = product >= cap - sum ? cap : sum + product;
  }
  return sum;
}

} // namespace

template <class T> RowStats rowStats(const T *src, int64_t rows, int64_t k) {
  RowStats stats;
  stats.rows = rows;
  stats.k = k;
  stats.maxAbs.assign(size_t(rows), 0);
  stats.l1.assign(size_t(rows), 0);
  for (int64_t r = 0; r < rows; ++r) {
    const T *row = src + r * k;
    uint64_t maxAbs = 0, l1 = 0;
    if constexpr (sizeof(T) <= 2) {
      // Branch-free loops the compiler vectorizes: this runs on every GEMM call, and a
      // scalar version cost a quarter of a 1024^3 int8 GEMM. No sum here can wrap.
      int32_t rowMax = 0;
      for (int64_t i = 0; i < k; ++i) rowMax = std::max(rowMax, std::abs(int32_t(row[i])));
      int64_t rowSum = 0;
      for (int64_t i = 0; i < k; ++i) rowSum += std::abs(int32_t(row[i]));
      maxAbs = uint64_t(rowMax);
      l1 = uint64_t(rowSum);
    } else {
      int64_t lo = 0, hi = 0;
      for (int64_t i = 0; i < k; ++i) {
        lo = std::min(lo, int64_t(row[i]));
        hi = std::max(hi, int64_t(row[i]));
      }
      maxAbs = std::max(absValue(lo), absValue(hi));
      stats.fitsInt16 = stats.fitsInt16 && lo >= std::numeric_limits<int16_t>::min() &&
                        hi <= std::numeric_limits<int16_t>::max();
      if (k == 0 || maxAbs <= (kStatSaturation - 1) / uint64_t(k)) {
        for (int64_t i = 0; i < k; ++i) l1 += absValue(int64_t(row[i])); // cannot pass 2^63
      } else {
        for (int64_t i = 0; i < k; ++i) l1 = saturatingAdd(l1, absValue(int64_t(row[i])));
      }
    }
    stats.maxAbs[size_t(r)] = maxAbs;
    stats.l1[size_t(r)] = l1;
    stats.maxOfMaxAbs = std::max(stats.maxOfMaxAbs, maxAbs);
    stats.maxOfL1 = std::max(stats.maxOfL1, l1);
  }
  return stats;
}

template <class T, class U>
void checkAccumulator(const T *a, const RowStats &aStats, const U *w, const RowStats &wStats,
                      int accBits, const char *what) {
  const int64_t accMax = (int64_t(1) << (accBits - 1)) - 1;
  const U128 limit = U128(accMax);
  if (minBound(aStats.maxOfMaxAbs, wStats.maxOfL1, aStats.maxOfL1, wStats.maxOfMaxAbs) <=
      limit) {
    return;
  }
  std::vector<int64_t> rows; // rows of A whose bound against every W row fails
  for (int64_t m = 0; m < aStats.rows; ++m) {
    if (minBound(aStats.maxAbs[size_t(m)], wStats.maxOfL1, aStats.l1[size_t(m)],
                 wStats.maxOfMaxAbs) > limit) {
      rows.push_back(m);
    }
  }
  if (rows.empty()) return;
  const int64_t k = aStats.k, outCols = wStats.rows;
  const uint64_t kInt16Max = uint64_t(std::numeric_limits<int16_t>::max());
  if (aStats.maxOfMaxAbs <= kInt16Max && wStats.maxOfMaxAbs <= kInt16Max &&
      narrowKBlock(aStats.maxOfMaxAbs, wStats.maxOfMaxAbs) >= kMinNarrowKBlock) {
    // Narrow data: S for the uncleared rows is itself a GEMM of |A| and |W|, exact in int64.
    // Rows go in chunks to bound the magnitude buffer; chunks run in order, so the first
    // failing output found is the first in row-major order.
    constexpr size_t kChunkRows = 256;
    const NarrowOperand absW = packNarrow(w, wStats.rows, k, true);
    const int64_t kBlock = narrowKBlock(aStats.maxOfMaxAbs, wStats.maxOfMaxAbs);
    std::vector<int64_t> magnitudes;
    for (size_t start = 0; start < rows.size(); start += kChunkRows) {
      const std::vector<int64_t> chunk(rows.begin() + long(start),
                                       rows.begin() + long(std::min(rows.size(),
                                                                    start + kChunkRows)));
      const NarrowOperand absA = packNarrow(a, aStats.rows, k, true, &chunk);
      magnitudes.resize(chunk.size() * size_t(outCols));
      multiplyNarrow(absA, absW, kBlock, magnitudes.data());
      for (size_t r = 0; r < chunk.size(); ++r) {
        for (int64_t n = 0; n < outCols; ++n) {
          const int64_t magnitude = magnitudes[r * size_t(outCols) + size_t(n)];
          if (magnitude > accMax) {
            throwOverflow(what, accBits, chunk[r], n, std::to_string(magnitude), accMax);
          }
        }
      }
    }
    return;
  }
  for (int64_t m : rows) {
    for (int64_t n = 0; n < outCols; ++n) {
      if (minBound(aStats.maxAbs[size_t(m)], wStats.l1[size_t(n)], aStats.l1[size_t(m)],
                   wStats.maxAbs[size_t(n)]) <= limit) {
        continue;
      }
      const U128 magnitude = exactMagnitude(a + m * k, w + n * k, k);
      if (magnitude > limit) throwOverflow(what, accBits, m, n, toString(magnitude), accMax);
    }
  }
}

template RowStats rowStats<int64_t>(const int64_t *, int64_t, int64_t);
template RowStats rowStats<int8_t>(const int8_t *, int64_t, int64_t);
template RowStats rowStats<uint8_t>(const uint8_t *, int64_t, int64_t);

template void checkAccumulator<int64_t, int64_t>(const int64_t *, const RowStats &,
                                                 const int64_t *, const RowStats &, int,
                                                 const char *);
template void checkAccumulator<int8_t, int8_t>(const int8_t *, const RowStats &, const int8_t *,
                                               const RowStats &, int, const char *);
template void checkAccumulator<uint8_t, int8_t>(const uint8_t *, const RowStats &,
                                                const int8_t *, const RowStats &, int,
                                                const char *);

} // namespace quasar::models::detail
