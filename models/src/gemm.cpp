// Exact integer GEMM with the order-independent accumulator-overflow check (see gemm.h):
// validation, the check, then the fastest path that is exact for this data.
#include "quasar/models/gemm.h"

#include "gemm_kernel.h"
#include "quasar/config/error.h"

#include <algorithm>
#include <limits>
#include <string>
#include <type_traits>

namespace quasar::models {

namespace {

using detail::RowStats;

// W rows per pass of the wide path: 64 rows of K int64 stay in L2 for K up to ~4000.
constexpr int64_t kWideRowBlock = 64;

// The wide path with accumulator type Acc: int64_t when every partial sum provably fits,
// __int128 otherwise (then each result is range-checked before it is stored).
template <class Acc> void multiplyWide(const IntMatrix &a, const IntMatrix &w, IntMatrix &out) {
  const int64_t rows = a.rows(), cols = w.rows(), k = a.cols();
  for (int64_t n0 = 0; n0 < cols; n0 += kWideRowBlock) {
    const int64_t n1 = std::min(cols, n0 + kWideRowBlock);
    for (int64_t m = 0; m < rows; ++m) {
      const int64_t *aRow = a.data() + m * k;
      for (int64_t n = n0; n < n1; ++n) {
        const int64_t *wRow = w.data() + n * k;
        Acc sum = 0;
        for (int64_t i = 0; i < k; ++i) sum += Acc(aRow[i]) * Acc(wRow[i]);
        if constexpr (!std::is_same_v<Acc, int64_t>) {
          if (sum > Acc(std::numeric_limits<int64_t>::max()) ||
              sum < Acc(std::numeric_limits<int64_t>::min())) {
            throw CheckError("gemm: output (" + std::to_string(m) + ", " + std::to_string(n) +
                             ") does not fit in 64 bits (acc_bits = 64 skips the overflow "
                             "check, but the result must still be representable)");
          }
        }
        out(m, n) = int64_t(sum);
      }
    }
  }
}

// True when max|a| * max|w| * K <= 2^63 - 1, so int64 partial sums cannot wrap.
bool fitsInt64(const RowStats &aStats, const RowStats &wStats, int64_t k) {
  if (k == 0) return true;
  const unsigned __int128 product = (unsigned __int128)aStats.maxOfMaxAbs * wStats.maxOfMaxAbs;
  return product <= uint64_t(std::numeric_limits<int64_t>::max()) / uint64_t(k);
}

} // namespace

IntMatrix gemm(const IntMatrix &a, const IntMatrix &w, int acc_bits) {
  if (a.cols() != w.cols()) {
    throw InputError("gemm: K mismatch: activations are " + std::to_string(a.rows()) + "x" +
                     std::to_string(a.cols()) + ", weights are " + std::to_string(w.rows()) +
                     "x" + std::to_string(w.cols()) + " (both must be [.. x K])");
  }
  if (acc_bits < 2 || acc_bits > 64) {
    throw InputError("gemm: acc_bits " + std::to_string(acc_bits) + " not in [2, 64]");
  }
  const int64_t k = a.cols();
  const RowStats aStats = detail::rowStats(a.data(), a.rows(), k);
  const RowStats wStats = detail::rowStats(w.data(), w.rows(), k);
  if (acc_bits < 64) {
    detail::checkAccumulator(a.data(), aStats, w.data(), wStats, acc_bits, "gemm");
  }
  IntMatrix out(a.rows(), w.rows());
  if (out.size() == 0) return out;
  const int64_t kBlock = detail::narrowKBlock(aStats.maxOfMaxAbs, wStats.maxOfMaxAbs);
  if (aStats.fitsInt16 && wStats.fitsInt16 && kBlock >= detail::kMinNarrowKBlock) {
    const detail::NarrowOperand packedA = detail::packNarrow(a.data(), a.rows(), k, false);
    const detail::NarrowOperand packedW = detail::packNarrow(w.data(), w.rows(), k, false);
    detail::multiplyNarrow(packedA, packedW, kBlock, out.data());
  } else if (fitsInt64(aStats, wStats, k)) {
    multiplyWide<int64_t>(a, w, out);
  } else {
    multiplyWide<__int128>(a, w, out);
  }
  return out;
}

} // namespace quasar::models
