// floorDiv, exp_shift, Shiftmax and ShiftGELU: hand-worked rows (arithmetic in the comments),
// then the plain __int128 reference of test_nonlinear_reference.h on random, all-equal,
// all-negative, single-element and large-magnitude rows.
#include "quasar/config/error.h"
#include "quasar/models/nonlinear.h"
#include "test_nonlinear_reference.h"

#include <catch2/catch.hpp>

#include <limits>
#include <random>
#include <vector>

using quasar::CheckError;
using quasar::InputError;
using quasar::models::IntMatrix;
using namespace quasar::models::nonlinear;
namespace ref = quasar_test::nonlinear_ref;

namespace {

using Row = std::vector<int64_t>;
constexpr uint64_t kSeed = 0x5eed'd7ad'1c00'0002ULL;
constexpr int64_t kI32Min = std::numeric_limits<int32_t>::min();
constexpr int64_t kI32Max = std::numeric_limits<int32_t>::max();

int64_t uniform(std::mt19937_64 &rng, int64_t lo, int64_t hi) {
  return lo + int64_t(rng() % uint64_t(hi - lo + 1));
}

// x0 from tiny (-1) to the largest allowed magnitude (-2^31), log-spread.
int64_t randomX0(std::mt19937_64 &rng) {
  const int bits = int(rng() % 32); // 0..31
  return -uniform(rng, int64_t(1) << bits >> 1 | 1, int64_t(1) << bits);
}

// Rows of the shapes the brief asks for; `kind` picks one.
Row randomRow(std::mt19937_64 &rng, int kind) {
  const size_t len = kind == 3 ? 1 : 1 + size_t(rng() % 40);
  const int64_t span[] = {50, 1 << 12, 1 << 20, kI32Max};
  const int64_t s = span[rng() % 4];
  Row row(len);
  switch (kind) {
  case 0: // random
    for (auto &v : row) v = uniform(rng, -s, s);
    break;
  case 1: { // all equal
    const int64_t v0 = uniform(rng, -s, s);
    for (auto &v : row) v = v0;
    break;
  }
  case 2: // all negative
    for (auto &v : row) v = uniform(rng, -s - 1, -1);
    break;
  case 3: // single element
    row[0] = uniform(rng, kI32Min, kI32Max);
    break;
  default: // large magnitudes, both extremes present
    for (auto &v : row) v = (rng() & 1) ? uniform(rng, kI32Max - 1000, kI32Max)
                                        : uniform(rng, kI32Min, kI32Min + 1000);
    row[0] = kI32Min;
    row[len - 1] = kI32Max;
    break;
  }
  return row;
}

} // namespace

TEST_CASE("nonlinear: floorDiv for every sign combination", "[nonlinear]") {
  CHECK(floorDiv(7, 2) == 3);
  CHECK(floorDiv(-7, 2) == -4);
  CHECK(floorDiv(7, -2) == -4);
  CHECK(floorDiv(-7, -2) == 3);
  CHECK(floorDiv(-8, 2) == -4);
  CHECK(floorDiv(0, -5) == 0);
  CHECK(floorDiv(-1, 1000) == -1);
  CHECK(floorDiv(std::numeric_limits<int64_t>::min(), 1) == std::numeric_limits<int64_t>::min());
  CHECK(floorDiv(std::numeric_limits<int64_t>::min(), 2) == -(int64_t(1) << 62));
  CHECK(floorDiv(std::numeric_limits<int64_t>::max(), -1) == -std::numeric_limits<int64_t>::max());
  CHECK_THROWS_AS(floorDiv(1, 0), InputError);
  CHECK_THROWS_AS(floorDiv(std::numeric_limits<int64_t>::min(), -1), InputError);
  // The defining property q <= a / b < q + 1, checked by multiplication on random operands.
  std::mt19937_64 rng(kSeed);
  INFO("seed " << kSeed);
  for (int i = 0; i < 100000; ++i) {
    const int64_t a = int64_t(rng()) >> int(rng() % 63);
    int64_t b = int64_t(rng()) >> int(rng() % 63);
    if (b == 0) b = 1;
    const __int128 q = floorDiv(a, b);
    INFO("a " << a << " b " << b);
    if (b > 0) {
      REQUIRE(q * b <= a);
      REQUIRE(a < (q + 1) * b);
    } else {
      REQUIRE(q * b >= a);
      REQUIRE(a > (q + 1) * b);
    }
  }
}

TEST_CASE("nonlinear: expShift hand-worked values", "[nonlinear]") {
  // x0 = -4, n = 15.
  // x = 0: log2e step 0; q = 0, r = 0; ((0 + 8) << 15) >> 1 = 131072.
  CHECK(expShift(0, -4, 15) == 131072);
  // x = -2: -2 + (-2 >> 1) - (-2 >> 4) = -2 - 1 + 1 = -2; q = floor(-2 / -4) = 0, r = -2;
  // ((-2 + 8) << 15) >> 1 = 98304.
  CHECK(expShift(-2, -4, 15) == 98304);
  // x = -9: -9 - 5 + 1 = -13; q = floor(3.25) = 3, r = -13 + 12 = -1; (7 << 12) >> 1 = 14336.
  CHECK(expShift(-9, -4, 15) == 14336);
  // x = -100: -100 - 50 + 7 = -143, clamped to n * x0 = -60; q = 15, r = 0; (8 << 0) >> 1 = 4.
  CHECK(expShift(-100, -4, 15) == 4);
  // n = 23, x = -5: -5 - 3 + 1 = -7; q = 1, r = -3; (5 << 22) >> 1 = 10485760.
  CHECK(expShift(-5, -4, 23) == 10485760);
  // x0 = -1: x = -1 -> -1 - 1 + 1 = -1; q = 1, r = 0; (2 << 14) >> 1 = 16384.
  CHECK(expShift(-1, -1, 15) == 16384);
  CHECK_THROWS_AS(expShift(1, -4, 15), InputError);
  CHECK_THROWS_AS(expShift(-(int64_t(1) << 33) - 1, -4, 15), InputError);
  CHECK_THROWS_AS(expShift(0, 0, 15), InputError);
  CHECK_THROWS_AS(expShift(0, kI32Min - 1, 15), InputError);
  CHECK_THROWS_AS(expShift(0, -4, 31), InputError);
  CHECK_THROWS_AS(expShift(0, -4, 0), InputError);
}

TEST_CASE("nonlinear: expShift equals the reference over its whole domain", "[nonlinear]") {
  std::mt19937_64 rng(kSeed + 1);
  INFO("seed " << kSeed + 1);
  for (int i = 0; i < 200000; ++i) {
    const int64_t x = -uniform(rng, 0, int64_t(1) << int(rng() % 34));
    const int64_t x0 = randomX0(rng);
    const int n = (rng() & 1) ? 15 : 23;
    INFO("x " << x << " x0 " << x0 << " n " << n);
    REQUIRE(expShift(x, x0, n) == int64_t(ref::expShift(x, x0, n)));
  }
}

TEST_CASE("nonlinear: shiftmax hand-worked rows", "[nonlinear]") {
  // [2, 0], x0 = -4: x - max = [0, -2] -> e = [131072, 98304] (see expShift);
  // S = 229376; f = floor(2147483647 / 229376) = 9362 (229376 * 9362 = 2147418112,
  // * 9363 = 2147647488 > 2^31 - 1); out = e * 9362 >> 16 = [2 * 9362, 1.5 * 9362] =
  // [18724, 14043].
  CHECK(shiftmax(Row{2, 0}, -4) == Row{18724, 14043});
  // [0, -9], x0 = -4: e = [131072, 14336]; S = 145408; f = 14768 (145408 * 14768 = 2147385344,
  // * 14769 = 2147530752); out = [2 * 14768, 0.21875 * 14768 = 3230.5 -> 3230].
  CHECK(shiftmax(Row{0, -9}, -4) == Row{29536, 3230});
  // [0, -100], x0 = -4: e = [131072, 4]; S = 131076; f = 16383 (131076 * 16383 = 2147418108,
  // * 16384 = 2147549184); out = [2 * 16383, 4 * 16383 >> 16 = 0].
  CHECK(shiftmax(Row{0, -100}, -4) == Row{32766, 0});
  // Single element, x0 = -4: e = 131072 = 2^17, f = floor((2^31 - 1) / 2^17) = 16383,
  // out = 2 * 16383.
  CHECK(shiftmax(Row{-77}, -4) == Row{32766});
  // Four equal elements, x0 = -16: e = (32 << 15) >> 1 = 2^19 each, S = 2^21,
  // f = floor((2^31 - 1) / 2^21) = 1023, out = 2^19 * 1023 >> 16 = 8 * 1023 = 8184.
  CHECK(shiftmax(Row{5, 5, 5, 5}, -16) == Row{8184, 8184, 8184, 8184});
  // 5000 equal elements, x0 = -16: S = 5000 * 2^19 > 2^31 - 1 saturates, f = 1,
  // out = 2^19 >> 16 = 8 each (the spec's saturation, no renormalisation).
  CHECK(shiftmax(Row(5000, -3), -16) == Row(5000, 8));
}

TEST_CASE("nonlinear: shiftmax equals the reference on random rows", "[nonlinear]") {
  std::mt19937_64 rng(kSeed + 2);
  INFO("seed " << kSeed + 2);
  for (int i = 0; i < 20000; ++i) {
    const int kind = int(rng() % 5);
    const Row row = randomRow(rng, kind);
    const int64_t x0 = randomX0(rng);
    INFO("kind " << kind << " length " << row.size() << " x0 " << x0 << " row[0] " << row[0]);
    REQUIRE(shiftmax(row, x0) == ref::shiftmax(row, x0));
  }
  // Long rows (S saturates for larger |x0|), including the largest x0 magnitude.
  for (int i = 0; i < 20; ++i) {
    Row row(size_t(uniform(rng, 500, 5000)));
    for (auto &v : row) v = uniform(rng, -3000, 3000);
    for (int64_t x0 : {int64_t(-1), int64_t(-16), int64_t(-300), kI32Min}) {
      REQUIRE(shiftmax(row, x0) == ref::shiftmax(row, x0));
    }
  }
}

TEST_CASE("nonlinear: shiftGELU hand-worked rows", "[nonlinear]") {
  // [3, -2], x0 = -4: xmax = 3. e2 = exp_shift(-3): -3 - 2 + 1 = -4, q = 1, r = 0,
  // (8 << 22) >> 1 = 2^24.
  //  3: x - xmax = 0 -> e1 = (8 << 23) >> 1 = 2^25; S = 2^25 + 2^24 = 50331648;
  //     f = floor(2147483647 / 50331648) = 42; sig = 2^25 * 42 >> 24 = 84; y = 252.
  // -2: x - xmax = -5 -> e1 = 10485760 (see expShift); S = 27262976; f = 78 (27262976 * 78 =
  //     2126512128, * 79 = 2153775104); sig = 10485760 * 78 >> 24 = 48.75 -> 48; y = -96.
  CHECK(shiftGelu(Row{3, -2}, -4) == Row{252, -96});
  // All negative [-1, -3], x0 = -4: xmax = max(0, -1) = 0, e2 = exp_shift(0) = 2^25.
  // -1: -1 - 1 + 1 = -1, q = 0, r = -1 -> e1 = (7 << 23) >> 1 = 29360128; S = 62914560;
  //     f = 34; sig = 29360128 * 34 >> 24 = 59.5 -> 59; y = -59.
  // -3: -> -4, q = 1, r = 0 -> e1 = 2^24; S = 2^24 + 2^25; f = 42; sig = 42; y = -126.
  CHECK(shiftGelu(Row{-1, -3}, -4) == Row{-59, -126});
  // Single 0: e1 = e2 = 2^25, S = 2^26, f = 31, sig = 2^25 * 31 >> 24 = 62, y = 0 * 62 = 0.
  CHECK(shiftGelu(Row{0}, -4) == Row{0});
  // Single 10, x0 = -1: e1 = exp_shift(0) = (2 << 23) >> 1 = 2^23; e2 = exp_shift(-10):
  // -10 - 5 + 1 = -14 -> max(-14, -23) = -14, q = 14, r = 0, (2 << 9) >> 1 = 512;
  // S = 8389120, f = floor(2147483647 / 8389120) = 255 (8389120 * 255 = 2139225600,
  // * 256 = 2147614720); sig = 2^23 * 255 >> 24 = 127.5 -> 127; y = 1270.
  CHECK(shiftGelu(Row{10}, -1) == Row{1270});
}

TEST_CASE("nonlinear: shiftGELU equals the reference on random rows", "[nonlinear]") {
  std::mt19937_64 rng(kSeed + 3);
  INFO("seed " << kSeed + 3);
  for (int i = 0; i < 20000; ++i) {
    const int kind = int(rng() % 5);
    const Row row = randomRow(rng, kind);
    const int64_t x0 = randomX0(rng);
    INFO("kind " << kind << " length " << row.size() << " x0 " << x0 << " row[0] " << row[0]);
    REQUIRE(shiftGelu(row, x0) == ref::shiftGelu(row, x0));
  }
}

TEST_CASE("nonlinear: sigmoid stays in [0, 127] unless S saturates", "[nonlinear]") {
  // With |x0| <= 100 every exp_shift value is at most (2 |x0| << 23) >> 1 = |x0| 2^23 < 2^30,
  // so S = e1 + e2 < 2^31 - 1 never saturates and sig = y / x must be 0..127.
  std::mt19937_64 rng(kSeed + 4);
  for (int i = 0; i < 2000; ++i) {
    Row row(1 + size_t(rng() % 8));
    for (auto &v : row) v = uniform(rng, -1000, 1000);
    const int64_t x0 = -uniform(rng, 1, 100);
    const Row y = shiftGelu(row, x0);
    for (size_t c = 0; c < row.size(); ++c) {
      if (row[c] == 0) continue;
      const int64_t sig = y[c] / row[c];
      REQUIRE(y[c] == sig * row[c]);
      REQUIRE(sig >= 0);
      REQUIRE(sig <= 127);
    }
  }
}

TEST_CASE("nonlinear: shift units reject bad rows and x0", "[nonlinear]") {
  CHECK_THROWS_AS(shiftmax(Row{}, -4), InputError);
  CHECK_THROWS_AS(shiftGelu(Row{}, -4), InputError);
  CHECK_THROWS_AS(shiftmax(Row{1}, 0), InputError);
  CHECK_THROWS_AS(shiftGelu(Row{1}, 5), InputError);
  CHECK_THROWS_AS(shiftmax(Row{1}, kI32Min - 1), InputError);
  try {
    shiftmax(Row{0, kI32Max + 1}, -4);
    FAIL("no error");
  } catch (const CheckError &e) {
    CHECK(std::string(e.what()) ==
          "shiftmax: input element 1 = 2147483648 does not fit 32 bits signed");
  }
  CHECK_THROWS_AS(shiftGelu(Row{kI32Min - 1}, -4), CheckError);
}

TEST_CASE("nonlinear: matrix versions apply the unit to every row", "[nonlinear]") {
  IntMatrix x(3, 2);
  x << 2, 0, 0, -9, 3, -2;
  const IntMatrix sm = shiftmax(x, -4);
  CHECK(sm(0, 0) == 18724);
  CHECK(sm(0, 1) == 14043);
  CHECK(sm(1, 0) == 29536);
  CHECK(sm(1, 1) == 3230);
  const IntMatrix g = shiftGelu(x, -4);
  CHECK(g(2, 0) == 252);
  CHECK(g(2, 1) == -96);
  CHECK(shiftmax(IntMatrix(0, 4), -4).rows() == 0);
  CHECK_THROWS_AS(shiftmax(IntMatrix(2, 0), -4), InputError);
}
