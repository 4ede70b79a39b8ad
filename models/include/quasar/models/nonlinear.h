// Integer nonlinear units (specs/dyadic.md, "Integer nonlinear units", I-ViT definitions):
// Shiftmax, ShiftGELU and I-LayerNorm over rows, plus the software helpers that turn real
// scales into their integer constants.
//
// Input domain and intermediate widths (signed two's complement unless "unsigned"; all
// computed in int64, which every intermediate below fits):
// - Inputs x_int: 32-bit signed (CheckError naming the element otherwise). x0: 32-bit,
//   -2^31 <= x0 <= -1 (InputError otherwise).
// - exp_shift(x, x0, n) on x <= 0:
//     x + (x >> 1) - (x >> 4)     |x| < 2^32 in, < 1.5 * 2^32 out       34 bits
//     n * x0                      >= -23 * 2^31                         36 bits
//     q = floor_div(x, x0)        0..n                                  5 bits unsigned
//     r = x - x0 * q              x0 < r <= 0                           32 bits
//     r - 2 * x0                  1 - x0 .. -2 * x0, i.e. 2 .. 2^32      33 bits unsigned
//     (r - 2 x0) << (n - q)       <= 2^32 * 2^n: 2^47 (n = 15), 2^55 (n = 23)  64-bit needed
//     >> 1, max(., 0)             >= 1 always (so S >= 1 and f is defined)
//   With |x0| < 2^16 the shifted value stays below 2^(n + 17), i.e. 32 bits for Shiftmax.
// - Shiftmax: x_int - max(x_int) is 33 bits. S saturates at 2^31 - 1 (31 bits unsigned); it is
//   accumulated with saturation, which equals min(sum, 2^31 - 1) because every e_i >= 0, so no
//   row length can overflow. f = floor_div(2^31 - 1, S) is 31 bits unsigned. e_i * f is the
//   spec's 64-bit product: below 2^31 when S did not saturate (e_i <= S), at most e_i (< 2^47)
//   when it did (f = 1). out = (e_i * f) >> 16: 0..2^15 - 1 when S did not saturate; otherwise
//   e_i >> 16 <= |x0| / 2, which exceeds 16 bits only when |x0| >= 2^17. The spec has no clamp,
//   so none is applied.
// - ShiftGELU: x_int - xmax is 33 bits, -xmax 32 bits. e1, e2 < 2^55; S = min(e1 + e2,
//   2^31 - 1); e1 * f < 2^31 unless S saturated (then f = 1 and e1 * f = e1 < 2^55).
//   sig = (e1 * f) >> 24 is 0..127 when S did not saturate (e2 >= 1 keeps e1 * f below 2^31 -
//   1), else e1 >> 24 <= |x0| / 2. y = x_int * sig: 40 bits signed (32 x 8) normally, < 2^62
//   always. No clamp (the spec has none).
// - I-LayerNorm: sum(x_int) is 32 + ceil(log2 C) bits (formed in 128 bits, C unrestricted);
//   mean is 32 bits; y = x_int - mean 33 bits; y^2 66 bits unsigned at worst, so var is formed
//   in 128 bits and must fit 63 bits unsigned (CheckError otherwise: the spec's 64-bit
//   register). k: 64 <= k <= max(2^16, var / 2^17 + 2^15) < 2^47. f = floor_div(2^31 - 1, k)
//   <= 2^25 - 1 (k >= 64). y * f: 33 + 25 = 58 bits, 64-bit needed; >> 1 gives 57 bits.
//   bias_int: |bias_int| <= 2^62 (InputError otherwise), so the output fits int64.
//
// Choices where the spec is silent (also in docs/golden-model.md, "## Dyadic pipeline"):
// - The input domain above (32-bit inputs and x0), and an empty row is an InputError.
// - exp_shift includes the x * log2(e) step and the max(x, n * x0) clamp (as in I-ViT's
//   int_exp_shift); ShiftGELU uses it for both e1 and e2.
// - Software constants are computed in IEEE double exactly as written: x0 = floor(-1 / s),
//   GELU x0 = floor(-1 / (1.702 * s)), bias_int = floor((beta / gamma) / (sqrt(C) / 2^30)).
// - bias_int may be empty, meaning zero for every channel; otherwise it has C entries.
// - floorDiv throws InputError for b = 0 and for INT64_MIN / -1 (not representable).
#pragma once

#include "quasar/models/gemm.h"

#include <cstdint>
#include <string>
#include <vector>

namespace quasar::models::nonlinear {

constexpr int kShiftmaxN = 15;
constexpr int kShiftmaxOutBits = 16;         // output scale 2^-(16 - 1)
constexpr int kShiftGeluN = 23;
constexpr int kShiftGeluOutBits = 8;         // sig scale 2^-(8 - 1); y scale s / 2^7
constexpr int kLayerNormSteps = 10;
constexpr int64_t kLayerNormK0 = int64_t(1) << 16;
constexpr int64_t kInt31Max = (int64_t(1) << 31) - 1;  // 2^31 - 1, the units' "one"
constexpr double kGeluSigmoidFactor = 1.702;
constexpr int kLayerNormBiasShift = 30;      // bias_int and output scale carry 2^30

// floor(a / b) for any signs.
int64_t floorDiv(int64_t a, int64_t b);

// The spec's exp_shift: for x <= 0 (|x| < 2^33), x0 in [-2^31, -1], n in 1..30, returns
// max(((r - 2 x0) << (n - q)) >> 1, 0) after x += (x >> 1) - (x >> 4) and x = max(x, n x0).
// InputError when an argument is outside those ranges.
int64_t expShift(int64_t x, int64_t x0, int n);

// Shiftmax of one row (n = 15, B = 16); output scale 2^-15.
std::vector<int64_t> shiftmax(const std::vector<int64_t> &row, int64_t x0);
// ShiftGELU of one row (n = 23, sigmoid at 8 bits); output scale s / 2^7. x0 comes from
// shiftGeluX0(s), i.e. from 1.702 s.
std::vector<int64_t> shiftGelu(const std::vector<int64_t> &row, int64_t x0);

// I-LayerNorm's intermediate values for one row, for tests and for the RTL's debug taps.
struct LayerNormStats {
  int64_t mean;  // round_half_even(sum / C)
  int64_t var;   // sum (x - mean)^2, not divided by C
  int64_t k;     // after the 10 Newton steps from 2^16
  int64_t f;     // floor_div(2^31 - 1, k)
};
// The 10 Newton steps k = (k + floor_div(var, k)) >> 1 from 2^16; var >= 0.
int64_t layerNormNewton(int64_t var);
LayerNormStats layerNormStats(const std::vector<int64_t> &row);
// I-LayerNorm of one row; biasInt has one entry per channel or is empty (all zero).
// Output scale gamma[c] * sqrt(C) / 2^30.
std::vector<int64_t> layerNorm(const std::vector<int64_t> &row,
                               const std::vector<int64_t> &biasInt);

// The same units applied to every row of a matrix (a row = the unit's row).
IntMatrix shiftmax(const IntMatrix &x, int64_t x0);
IntMatrix shiftGelu(const IntMatrix &x, int64_t x0);
IntMatrix layerNorm(const IntMatrix &x, const std::vector<int64_t> &biasInt);

// ---- software constants (floats allowed here only) ----
// floor(-1 / s) for Shiftmax; s finite and > 0, result in [-2^31, -1] (InputError naming
// `where` otherwise).
int64_t shiftmaxX0(double scale, const std::string &where);
// floor(-1 / (1.702 s)) for ShiftGELU.
int64_t shiftGeluX0(double scale, const std::string &where);
// floor((beta / gamma) / (sqrt(C) / 2^30)); gamma finite and nonzero, C >= 1,
// |result| <= 2^62.
int64_t layerNormBiasInt(double beta, double gamma, int64_t channels, const std::string &where);
std::vector<int64_t> layerNormBiasInt(const std::vector<double> &beta,
                                      const std::vector<double> &gamma,
                                      const std::string &where);
// Output scales: 2^-15 (Shiftmax), s / 2^7 (ShiftGELU), gamma * sqrt(C) / 2^30 (LayerNorm).
double shiftmaxOutScale();
double shiftGeluOutScale(double scale);
double layerNormOutScale(double gamma, int64_t channels);

} // namespace quasar::models::nonlinear
