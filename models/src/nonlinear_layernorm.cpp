// I-LayerNorm (specs/dyadic.md, I-ViT): exact mean, integer variance, ten Newton steps for the
// square root, one division per row. Widths of every intermediate are listed in nonlinear.h.
#include "quasar/config/error.h"
#include "quasar/models/nonlinear.h"
#include "nonlinear_detail.h"

#include <limits>

namespace quasar::models::nonlinear {
namespace {

constexpr int64_t kMaxBiasInt = int64_t(1) << 62;

// round_half_even(sum / c) for c >= 1, exact: floor quotient, then the remainder against c / 2.
int64_t meanHalfEven(__int128 sum, int64_t c) {
  __int128 q = sum / c;
  __int128 r = sum % c;
  if (r < 0) { // floor division
    q -= 1;
    r += c;
  }
  // sum / c = q + r / c with 0 <= r < c: up when r / c > 1/2, on a tie when q is odd.
  if (2 * r > c || (2 * r == c && (q & 1) != 0)) q += 1;
  return int64_t(q);
}

} // namespace

int64_t layerNormNewton(int64_t var) {
  if (var < 0) throw InputError("layerNormNewton: var " + std::to_string(var) + " < 0");
  int64_t k = kLayerNormK0;
  // k >= 64 after every step (it at most halves per step from 2^16), so floor_div is defined.
  for (int step = 0; step < kLayerNormSteps; ++step) k = (k + floorDiv(var, k)) >> 1;
  return k;
}

LayerNormStats layerNormStats(const std::vector<int64_t> &row) {
  detail::checkRow(row, "layernorm");
  const int64_t c = int64_t(row.size());
  __int128 sum = 0;
  for (int64_t x : row) sum += x;
  LayerNormStats st{};
  st.mean = meanHalfEven(sum, c);
  __int128 var = 0;
  for (int64_t x : row) {
    const __int128 y = x - st.mean;
    var += y * y;
    if (var > std::numeric_limits<int64_t>::max())
      throw CheckError("layernorm: sum of squares exceeds the 64-bit var register (row of " +
                       std::to_string(c) + " elements, mean " + std::to_string(st.mean) + ")");
  }
  st.var = int64_t(var);
  st.k = layerNormNewton(st.var);
  st.f = floorDiv(kInt31Max, st.k);
  return st;
}

std::vector<int64_t> layerNorm(const std::vector<int64_t> &row,
                               const std::vector<int64_t> &biasInt) {
  if (!biasInt.empty() && biasInt.size() != row.size())
    throw InputError("layernorm: bias_int has " + std::to_string(biasInt.size()) +
                     " entries; allowed: 0 (no bias) or " + std::to_string(row.size()) +
                     " (one per channel)");
  for (size_t c = 0; c < biasInt.size(); ++c)
    if (biasInt[c] < -kMaxBiasInt || biasInt[c] > kMaxBiasInt)
      throw InputError("layernorm: bias_int[" + std::to_string(c) + "] = " +
                       std::to_string(biasInt[c]) + " not allowed; allowed: -2^62..2^62");
  const LayerNormStats st = layerNormStats(row);
  std::vector<int64_t> out(row.size());
  for (size_t c = 0; c < row.size(); ++c) {
    const int64_t y = row[c] - st.mean;           // 33 bits
    const int64_t scaled = (y * st.f) >> 1;       // 58-bit product
    out[c] = scaled + (biasInt.empty() ? 0 : biasInt[c]);
  }
  return out;
}

} // namespace quasar::models::nonlinear
