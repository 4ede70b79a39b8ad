// gemm(): results against a plain __int128 triple loop (test_gemm_reference.h), overflow check
// against the same loop's sum of |a*w| and against hand-built boundary cases.
#include "quasar/config/error.h"
#include "quasar/models/gemm.h"
#include "test_gemm_reference.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <iterator>
#include <string>

using quasar::CheckError;
using quasar::InputError;
using quasar::models::gemm;
using quasar::models::IntMatrix;

namespace {

struct Range {
  const char *name;
  int64_t aLo, aHi, wLo, wHi;
};

// Each range picks a different path of gemm(): the narrow kernel with long or short K runs,
// the int64 path and the int128 path.
const Range kRanges[] = {
    {"int8 x int8", -128, 127, -128, 127},
    {"uint8 x int8", 0, 255, -128, 127},
    {"int16 x int4 (narrow, K runs of 8191)", -32768, 32767, -8, 7},
    {"int16 x int12 (narrow, K runs of 32)", -32768, 32767, -2047, 2047},
    {"kBlock exactly 16 (narrow)", -11585, 11585, -11585, 11585},
    {"kBlock 15 (int64 path)", -11585, 11585, -11586, 11586},
    {"int16 x int16 (int64 path)", -32768, 32767, -32768, 32767},
    {"int40 x int20 (int64 path)", -(int64_t(1) << 39), (int64_t(1) << 39) - 1, -(1 << 19),
     (1 << 19) - 1},
    // max|a| max|w| K > 2^63 once K > 256, so the int128 path; the sums themselves fit.
    {"int42 x int15 (int128 path for K > 256)", -(int64_t(1) << 41), (int64_t(1) << 41) - 1,
     -(1 << 14), (1 << 14) - 1},
};

struct Shape {
  int64_t m, n, k;
};

// Sizes of 1, and sizes off every block edge of the kernel (tile 4, K pad 16, K run 512,
// W pass 256, A pass 64).
const Shape kShapes[] = {{1, 1, 1},   {1, 1, 0},   {3, 5, 7},     {5, 7, 17},
                         {1, 9, 16},  {17, 3, 513}, {67, 259, 33}, {9, 11, 1100},
                         {65, 4, 40}, {4, 1, 2}};

void requireEqual(const IntMatrix &got, const gemm_ref::Reference &ref) {
  for (int64_t m = 0; m < got.rows(); ++m) {
    for (int64_t n = 0; n < got.cols(); ++n) {
      INFO("output (" << m << ", " << n << ")");
      REQUIRE(gemm_ref::Int128(got(m, n)) == ref.at(m, n));
    }
  }
}

std::string toString(gemm_ref::Int128 x) {
  if (x == 0) return "0";
  std::string s;
  for (; x > 0; x /= 10) s.insert(s.begin(), char('0' + int(x % 10)));
  return s;
}

} // namespace

TEST_CASE("gemm: equals the naive loop for every operand range and odd sizes", "[gemm]") {
  std::mt19937_64 rng(20240611);
  for (const Range &range : kRanges) {
    for (const Shape &s : kShapes) {
      INFO(range.name << ", M=" << s.m << " N=" << s.n << " K=" << s.k);
      IntMatrix a = gemm_ref::randomMatrix(rng, s.m, s.k, range.aLo, range.aHi);
      IntMatrix w = gemm_ref::randomMatrix(rng, s.n, s.k, range.wLo, range.wHi);
      if (s.k > 0) { // the path depends on the largest |value|: make sure it is present
        a(s.m - 1, s.k - 1) = -range.aLo > range.aHi ? range.aLo : range.aHi;
        w(s.n - 1, 0) = -range.wLo > range.wHi ? range.wLo : range.wHi;
      }
      requireEqual(gemm(a, w, 64), gemm_ref::naive(a, w));
    }
  }
}

TEST_CASE("gemm: extreme int8 values -128 and 127, all combinations", "[gemm]") {
  std::mt19937_64 rng(7);
  for (int64_t fill : {-128, 127}) {
    const IntMatrix a = IntMatrix::Constant(13, 1030, fill);
    const IntMatrix w = IntMatrix::Constant(6, 1030, -128);
    requireEqual(gemm(a, w, 32), gemm_ref::naive(a, w));
  }
  IntMatrix a = gemm_ref::randomMatrix(rng, 21, 777, 0, 1);
  IntMatrix w = gemm_ref::randomMatrix(rng, 19, 777, 0, 1);
  a = a.unaryExpr([](int64_t v) { return v ? int64_t(127) : int64_t(-128); });
  w = w.unaryExpr([](int64_t v) { return v ? int64_t(127) : int64_t(-128); });
  requireEqual(gemm(a, w, 32), gemm_ref::naive(a, w));
}

TEST_CASE("gemm: int128 path keeps exact results whose products exceed 64 bits", "[gemm]") {
  const int64_t big = int64_t(1) << 62;
  IntMatrix a(1, 2), w(1, 2);
  a << big, -big;
  w << 4, 4; // products are +-2^64, the sum is 0
  CHECK(gemm(a, w, 64)(0, 0) == 0);
  a << big, big;
  w << 1, 1; // 2^63 does not fit in int64
  CHECK_THROWS_AS(gemm(a, w, 64), CheckError);
  CHECK_THROWS_WITH(gemm(a, w, 64), Catch::Contains("output (0, 0) does not fit in 64 bits"));
}

TEST_CASE("gemm: overflow boundary is exact: 2^(b-1)-1 passes, one more fails", "[gemm]") {
  // 8 * 127*127 + 127*16 + 7*1 = 131071 = 2^17 - 1, the largest an 18-bit accumulator holds.
  IntMatrix a(1, 10), w(1, 10);
  a << 127, 127, 127, 127, 127, 127, 127, 127, 127, 7;
  w << 127, 127, 127, 127, 127, 127, 127, 127, 16, 1;
  CHECK(gemm(a, w, 18)(0, 0) == 131071);
  CHECK_THROWS_AS(gemm(a, w, 17), CheckError);

  IntMatrix a1(1, 11), w1(1, 11);
  a1 << a, 1;
  w1 << w, 1;
  CHECK_THROWS_AS(gemm(a1, w1, 18), CheckError);
  CHECK_THROWS_WITH(gemm(a1, w1, 18), Catch::Contains("131072 > 131071"));
  CHECK(gemm(a1, w1, 19)(0, 0) == 131072);

  // Signs do not help: the same magnitudes with alternating signs sum to almost nothing, yet
  // some accumulation order still reaches 131072, so the check must fail all the same.
  IntMatrix s1 = a1;
  for (int64_t k = 0; k < s1.cols(); k += 2) s1(0, k) = -s1(0, k);
  CHECK_THROWS_AS(gemm(s1, w1, 18), CheckError);

  // The same boundary with a value past int16 goes through the wide path's exact check:
  // 65535 * 2 + 1 = 131071.
  IntMatrix a2(1, 2), w2(1, 2);
  a2 << 65535, 1;
  w2 << -2, 1;
  CHECK(gemm(a2, w2, 18)(0, 0) == -131069);
  w2(0, 1) = 2;
  CHECK_THROWS_WITH(gemm(a2, w2, 18), Catch::Contains("131072 > 131071"));
}

TEST_CASE("gemm: overflow error names the first failing output in row-major order", "[gemm]") {
  IntMatrix a = IntMatrix::Constant(4, 64, 1);
  IntMatrix w = IntMatrix::Constant(3, 64, 1);
  a.row(2).setConstant(100); // row 2 x weight row 1 is the only pair past 2^15 - 1
  w.row(1).setConstant(-10);
  w.row(2).setConstant(5);
  // (2, 1): 64 * 1000 = 64000 > 32767; (2, 2): 64 * 500 = 32000 passes; (3, 1): 640 passes.
  CHECK_THROWS_WITH(gemm(a, w, 16),
                    Catch::Contains("16-bit accumulator can overflow at output (2, 1)") &&
                        Catch::Contains("64000 > 32767"));
  a.row(3).setConstant(100);
  w.row(0).setConstant(20); // now (2, 0) = 128000 comes first, ahead of (2, 1) and (3, *)
  CHECK_THROWS_WITH(gemm(a, w, 16), Catch::Contains("output (2, 0)"));
}

TEST_CASE("gemm: overflow check agrees with the naive sum of |a*w| on random data", "[gemm]") {
  // Accumulator widths are drawn around each case's largest sum so that every stage of the
  // check (whole-operand bound, row bound, output bound, exact sum) decides some cases.
  std::mt19937_64 rng(99);
  int throwsSeen = 0, passesSeen = 0;
  for (int trial = 0; trial < 400; ++trial) {
    const Range &range = kRanges[size_t(trial) % std::size(kRanges)];
        std::uniform_int_distribution<int64_t> size(1, 12), shift(0, 6);
    const int64_t m = size(rng), n = size(rng), k = size(rng) * 3;
    IntMatrix a = gemm_ref::randomMatrix(rng, m, k, range.aLo, range.aHi);
    IntMatrix w = gemm_ref::randomMatrix(rng, n, k, range.wLo, range.wHi);
    for (int64_t r = 0; r < m; ++r) a.row(r) /= int64_t(1) << shift(rng); // uneven rows
    for (int64_t r = 0; r < n; ++r) w.row(r) /= int64_t(1) << shift(rng);
    const gemm_ref::Reference ref = gemm_ref::naive(a, w);
    gemm_ref::Int128 largest = 0;
    for (gemm_ref::Int128 v : ref.magnitude) largest = v > largest ? v : largest;
    int bits = 1;
    while ((gemm_ref::Int128(1) << (bits - 1)) - 1 < largest) ++bits;
    const int accBits = std::clamp(bits + int(trial % 3) - 1, 2, 63);
    const gemm_ref::Int128 accMax = (gemm_ref::Int128(1) << (accBits - 1)) - 1;
    INFO("trial " << trial << ", " << range.name << ", accBits " << accBits);
    int64_t firstM = -1, firstN = -1;
    for (int64_t i = 0; i < m && firstM < 0; ++i)
      for (int64_t j = 0; j < n && firstM < 0; ++j)
        if (ref.magnitudeAt(i, j) > accMax) firstM = i, firstN = j;
    if (firstM < 0) {
      requireEqual(gemm(a, w, accBits), ref);
      ++passesSeen;
    } else {
      const std::string where = "output (" + std::to_string(firstM) + ", " +
                                std::to_string(firstN) + "): sum of |a*w| over K is " +
                                toString(ref.magnitudeAt(firstM, firstN)) + " > ";
      CHECK_THROWS_WITH(gemm(a, w, accBits), Catch::Contains(where));
      ++throwsSeen;
    }
  }
  CHECK(throwsSeen > 50);
  CHECK(passesSeen > 50);
}

TEST_CASE("gemm: rejects mismatched K and acc_bits outside [2, 64]", "[gemm]") {
  const IntMatrix a = IntMatrix::Zero(2, 3), w = IntMatrix::Zero(4, 5);
  CHECK_THROWS_AS(gemm(a, w, 32), InputError);
  CHECK_THROWS_WITH(gemm(a, w, 32), Catch::Contains("2x3") && Catch::Contains("4x5"));
  CHECK_THROWS_WITH(gemm(a, a, 1), Catch::Contains("acc_bits 1 not in [2, 64]"));
  CHECK_THROWS_AS(gemm(a, a, 65), InputError);
  CHECK(gemm(IntMatrix(0, 3), a, 8).size() == 0);
}
