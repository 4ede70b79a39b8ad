// Test-only reference for the GEMM tests: the plain triple loop in __int128, written without
// any of the library's blocking, packing or bounds, so it shares no code path with gemm().
#pragma once

#include "quasar/models/gemm.h"

#include <cstdint>
#include <random>
#include <vector>

namespace gemm_ref {

using Int128 = __int128;

// result[m][n] = sum_k a[m][k] * w[n][k]; magnitude[m][n] = sum_k |a[m][k] * w[n][k]|.
struct Reference {
  std::vector<Int128> result, magnitude;
  int64_t cols = 0;
  Int128 at(int64_t m, int64_t n) const { return result[size_t(m * cols + n)]; }
  Int128 magnitudeAt(int64_t m, int64_t n) const { return magnitude[size_t(m * cols + n)]; }
};

template <class GetA, class GetW>
Reference naive(int64_t rows, int64_t cols, int64_t depth, GetA getA, GetW getW) {
  Reference ref;
  ref.cols = cols;
  ref.result.assign(size_t(rows * cols), 0);
  ref.magnitude.assign(size_t(rows * cols), 0);
  for (int64_t m = 0; m < rows; ++m) {
    for (int64_t n = 0; n < cols; ++n) {
      Int128 sum = 0, mag = 0;
      for (int64_t k = 0; k < depth; ++k) {
        const Int128 p = Int128(getA(m, k)) * Int128(getW(n, k));
        sum += p;
        mag += p < 0 ? -p : p;
      }
      ref.result[size_t(m * cols + n)] = sum;
      ref.magnitude[size_t(m * cols + n)] = mag;
    }
  }
  return ref;
}

inline Reference naive(const quasar::models::IntMatrix &a, const quasar::models::IntMatrix &w) {
  return naive(
      a.rows(), w.rows(), a.cols(), [&](int64_t m, int64_t k) { return a(m, k); },
      [&](int64_t n, int64_t k) { return w(n, k); });
}

// A [rows x cols] matrix of uniform integers in [lo, hi].
inline quasar::models::IntMatrix randomMatrix(std::mt19937_64 &rng, int64_t rows, int64_t cols,
                                              int64_t lo, int64_t hi) {
  std::uniform_int_distribution<int64_t> dist(lo, hi);
  quasar::models::IntMatrix m(rows, cols);
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t c = 0; c < cols; ++c) m(r, c) = dist(rng);
  return m;
}

} // namespace gemm_ref
