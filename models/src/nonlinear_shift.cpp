// Shiftmax and ShiftGELU (specs/dyadic.md, I-ViT): exp by shifts, a division by the row sum,
// no floating point. Widths of every intermediate are listed in nonlinear.h.
#include "quasar/config/error.h"
#include "quasar/models/nonlinear.h"
#include "nonlinear_detail.h"

#include <algorithm>
#include <limits>

namespace quasar::models::nonlinear {
namespace {

constexpr int64_t kInt32Min = std::numeric_limits<int32_t>::min();
constexpr int64_t kInt32Max = std::numeric_limits<int32_t>::max();

void checkX0(int64_t x0, const char *unit) {
  if (x0 < kInt32Min || x0 > -1)
    throw InputError(std::string(unit) + ": x0 " + std::to_string(x0) +
                     " not allowed; allowed: -2^31..-1 (x0 = floor(-1 / s) < 0)");
}

// exp_shift without argument checks (see expShift()).
int64_t expShiftUnchecked(int64_t x, int64_t x0, int n) {
  x = x + (x >> 1) - (x >> 4);                  // ~ x * log2(e), >> is floor
  x = std::max(x, int64_t(n) * x0);
  const int64_t q = floorDiv(x, x0);            // 0 <= q <= n
  const int64_t r = x - x0 * q;                 // x0 < r <= 0
  const int64_t e = ((r - 2 * x0) << (n - q)) >> 1;
  return std::max<int64_t>(e, 0);
}

// min(sum, 2^31 - 1) of nonnegative terms, saturating as it goes (same result, no overflow).
int64_t saturatingSum(const std::vector<int64_t> &terms) {
  int64_t s = 0;
  for (int64_t t : terms) s = std::min(s + std::min(t, kInt31Max), kInt31Max);
  return s;
}

} // namespace

void detail::checkRow(const std::vector<int64_t> &row, const char *unit) {
  if (row.empty()) throw InputError(std::string(unit) + ": empty row; a row needs >= 1 element");
  for (size_t i = 0; i < row.size(); ++i)
    if (row[i] < kInt32Min || row[i] > kInt32Max)
      throw CheckError(std::string(unit) + ": input element " + std::to_string(i) + " = " +
                       std::to_string(row[i]) + " does not fit 32 bits signed");
}

int64_t floorDiv(int64_t a, int64_t b) {
  if (b == 0) throw InputError("floorDiv: division by zero");
  if (a == std::numeric_limits<int64_t>::min() && b == -1)
    throw InputError("floorDiv: -2^63 / -1 does not fit 64 bits");
  int64_t q = a / b;                            // C++ truncates toward zero
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

int64_t expShift(int64_t x, int64_t x0, int n) {
  if (x > 0 || x < -(int64_t(1) << 33))
    throw InputError("expShift: x " + std::to_string(x) + " not allowed; allowed: -2^33..0");
  checkX0(x0, "expShift");
  if (n < 1 || n > 30)
    throw InputError("expShift: n " + std::to_string(n) + " not allowed; allowed: 1..30");
  return expShiftUnchecked(x, x0, n);
}

std::vector<int64_t> shiftmax(const std::vector<int64_t> &row, int64_t x0) {
  checkX0(x0, "shiftmax");
  detail::checkRow(row, "shiftmax");
  const int64_t xmax = *std::max_element(row.begin(), row.end());
  std::vector<int64_t> e(row.size());
  for (size_t i = 0; i < row.size(); ++i) e[i] = expShiftUnchecked(row[i] - xmax, x0, kShiftmaxN);
  const int64_t s = saturatingSum(e);           // >= 1: every e_i >= 1
  const int64_t f = floorDiv(kInt31Max, s);
  const int shift = 31 - kShiftmaxOutBits + 1;
  std::vector<int64_t> out(row.size());
  for (size_t i = 0; i < row.size(); ++i) out[i] = (e[i] * f) >> shift;
  return out;
}

std::vector<int64_t> shiftGelu(const std::vector<int64_t> &row, int64_t x0) {
  checkX0(x0, "shiftgelu");
  detail::checkRow(row, "shiftgelu");
  // The 0 keeps -xmax <= 0, so both exp_shift inputs are <= 0 (the spec's one deviation).
  const int64_t xmax = std::max<int64_t>(0, *std::max_element(row.begin(), row.end()));
  const int64_t e2 = expShiftUnchecked(-xmax, x0, kShiftGeluN);
  const int shift = 31 - kShiftGeluOutBits + 1;
  std::vector<int64_t> out(row.size());
  for (size_t i = 0; i < row.size(); ++i) {
    const int64_t e1 = expShiftUnchecked(row[i] - xmax, x0, kShiftGeluN);
    const int64_t s = std::min(e1 + e2, kInt31Max); // e1 + e2 < 2^56: no overflow
    const int64_t sig = (e1 * floorDiv(kInt31Max, s)) >> shift;
    out[i] = row[i] * sig;
  }
  return out;
}

} // namespace quasar::models::nonlinear
