// A second, deliberately plain implementation of specs/dyadic.md's integer nonlinear units,
// written from the spec for the tests only. It differs from the library on purpose: __int128
// everywhere, floors by sign-split division instead of `>>` and truncation fix-ups, powers of
// two by repeated multiplication, the row sum without saturation, the mean by comparing the
// distances to both neighbouring integers.
#pragma once

#include <cstdint>
#include <vector>

namespace quasar_test::nonlinear_ref {

using I = __int128;

const I kOne31 = (I(1) << 31) - 1; // 2^31 - 1

// floor(a / b): make b positive, then round the magnitude up for negative a.
inline I floorDiv(I a, I b) {
  if (b < 0) {
    a = -a;
    b = -b;
  }
  if (a >= 0) return a / b;
  return -((-a + b - 1) / b);
}

inline I pow2(int k) {
  I p = 1;
  for (int i = 0; i < k; ++i) p *= 2;
  return p;
}

// exp_shift of the spec, including the x * log2(e) step: x + floor(x / 2) - floor(x / 16).
inline I expShift(I x, I x0, int n) {
  x = x + floorDiv(x, 2) - floorDiv(x, 16);
  if (x < n * x0) x = n * x0;
  const I q = floorDiv(x, x0);
  const I r = x - x0 * q;
  const I e = floorDiv((r - 2 * x0) * pow2(int(n - q)), 2);
  return e < 0 ? 0 : e;
}

inline std::vector<int64_t> shiftmax(const std::vector<int64_t> &row, int64_t x0) {
  I mx = row[0];
  for (int64_t v : row)
    if (v > mx) mx = v;
  std::vector<I> e;
  I sum = 0;
  for (int64_t v : row) {
    e.push_back(expShift(v - mx, x0, 15));
    sum += e.back();
  }
  const I s = sum < kOne31 ? sum : kOne31;
  const I f = floorDiv(kOne31, s);
  std::vector<int64_t> out;
  for (I ei : e) out.push_back(int64_t(floorDiv(ei * f, pow2(31 - 16 + 1))));
  return out;
}

inline std::vector<int64_t> shiftGelu(const std::vector<int64_t> &row, int64_t x0) {
  I mx = 0;
  for (int64_t v : row)
    if (v > mx) mx = v;
  const I e2 = expShift(-mx, x0, 23);
  std::vector<int64_t> out;
  for (int64_t v : row) {
    const I e1 = expShift(v - mx, x0, 23);
    const I s = e1 + e2 < kOne31 ? e1 + e2 : kOne31;
    const I sig = floorDiv(e1 * floorDiv(kOne31, s), pow2(24));
    out.push_back(int64_t(v * sig));
  }
  return out;
}

// round_half_even(sum / c): the nearer of floor and floor + 1, the even one on a tie.
inline I meanHalfEven(I sum, I c) {
  const I lo = floorDiv(sum, c);
  const I dLo = sum - lo * c;       // c * (sum / c - lo)
  const I dHi = (lo + 1) * c - sum; // c * (lo + 1 - sum / c)
  if (dLo < dHi) return lo;
  if (dHi < dLo) return lo + 1;
  return floorDiv(lo, 2) * 2 == lo ? lo : lo + 1;
}

struct LayerNormResult {
  I mean, var, k, f;
  std::vector<int64_t> out;
};

inline LayerNormResult layerNorm(const std::vector<int64_t> &row,
                                 const std::vector<int64_t> &bias) {
  LayerNormResult res;
  I sum = 0;
  for (int64_t v : row) sum += v;
  res.mean = meanHalfEven(sum, I(row.size()));
  res.var = 0;
  for (int64_t v : row) res.var += (v - res.mean) * (v - res.mean);
  res.k = pow2(16);
  for (int step = 0; step < 10; ++step) res.k = floorDiv(res.k + floorDiv(res.var, res.k), 2);
  res.f = floorDiv(kOne31, res.k);
  for (size_t c = 0; c < row.size(); ++c)
    res.out.push_back(int64_t(floorDiv((row[c] - res.mean) * res.f, 2) +
                              (bias.empty() ? 0 : bias[c])));
  return res;
}

} // namespace quasar_test::nonlinear_ref
