// gemmInt8 / gemmUint8Int8 against the plain __int128 loop of test_gemm_reference.h, and the
// int32 accumulator boundary worked out by hand.
#include "quasar/config/error.h"
#include "quasar/models/gemm_int8.h"
#include "test_gemm_reference.h"

#include <catch2/catch.hpp>

#include <limits>
#include <vector>

using quasar::CheckError;
using quasar::InputError;
using quasar::models::gemmInt8;
using quasar::models::gemmUint8Int8;

namespace {

template <class T> std::vector<T> randomBytes(std::mt19937_64 &rng, int64_t count) {
  std::uniform_int_distribution<int> dist(std::numeric_limits<T>::min(),
                                          std::numeric_limits<T>::max());
  std::vector<T> v(static_cast<size_t>(count));
  for (T &x : v) x = T(dist(rng));
  return v;
}

template <class A>
void requireMatches(const std::vector<A> &a, const std::vector<int8_t> &w, int m, int n, int k,
                    const std::vector<int32_t> &out) {
  const gemm_ref::Reference ref = gemm_ref::naive(
      m, n, k, [&](int64_t i, int64_t kk) { return int64_t(a[size_t(i * k + kk)]); },
      [&](int64_t j, int64_t kk) { return int64_t(w[size_t(j * k + kk)]); });
  for (int i = 0; i < m; ++i) {
    for (int j = 0; j < n; ++j) {
      INFO("M=" << m << " N=" << n << " K=" << k << " output (" << i << ", " << j << ")");
      REQUIRE(gemm_ref::Int128(out[size_t(i * n + j)]) == ref.at(i, j));
    }
  }
}

struct Shape {
  int m, n, k;
};

// Odd sizes use the kernel's scratch path; {4, 4, 64}, {8, 8, 1100} and {64, 256, 600} fill
// whole blocks, which go straight to the int32 output, the last two over several K runs.
const Shape kShapes[] = {{1, 1, 1},    {2, 3, 5},    {7, 5, 16},    {13, 17, 31},
                         {65, 6, 100}, {6, 260, 20}, {3, 4, 1030},  {1, 33, 2049},
                         {4, 4, 64},   {8, 8, 1100}, {64, 256, 600}, {68, 260, 530}};

} // namespace

TEST_CASE("gemmInt8: equals the naive loop on random and extreme data", "[gemm][int8]") {
  std::mt19937_64 rng(31337);
  for (const Shape &s : kShapes) {
    const std::vector<int8_t> a = randomBytes<int8_t>(rng, int64_t(s.m) * s.k);
    const std::vector<int8_t> w = randomBytes<int8_t>(rng, int64_t(s.n) * s.k);
    std::vector<int32_t> out(size_t(s.m * s.n), 12345);
    gemmInt8(a.data(), w.data(), s.m, s.n, s.k, out.data());
    requireMatches(a, w, s.m, s.n, s.k, out);

    for (int8_t fill : {int8_t(-128), int8_t(127)}) {
      const std::vector<int8_t> ea(a.size(), fill), ew(w.size(), int8_t(-128));
      gemmInt8(ea.data(), ew.data(), s.m, s.n, s.k, out.data());
      requireMatches(ea, ew, s.m, s.n, s.k, out);
    }
  }
}

TEST_CASE("gemmUint8Int8: equals the naive loop with activations 0..255", "[gemm][int8]") {
  std::mt19937_64 rng(4242);
  for (const Shape &s : kShapes) {
    std::vector<uint8_t> a = randomBytes<uint8_t>(rng, int64_t(s.m) * s.k);
    const std::vector<int8_t> w = randomBytes<int8_t>(rng, int64_t(s.n) * s.k);
    a[0] = 255; // the largest activation, so the K run is the shortest this API ever uses
    std::vector<int32_t> out(size_t(s.m * s.n));
    gemmUint8Int8(a.data(), w.data(), s.m, s.n, s.k, out.data());
    requireMatches(a, w, s.m, s.n, s.k, out);

    const std::vector<uint8_t> ea(a.size(), 255);
    const std::vector<int8_t> ew(w.size(), int8_t(-128));
    gemmUint8Int8(ea.data(), ew.data(), s.m, s.n, s.k, out.data());
    requireMatches(ea, ew, s.m, s.n, s.k, out);
  }
}

TEST_CASE("gemmInt8: int32 output boundary is exact", "[gemm][int8]") {
  // 131071 * (-128)^2 + 127*127 + 127*2 = 2^31 - 1: the largest int32, so it must pass.
  const int k = 131071 + 2;
  std::vector<int8_t> a(size_t(k), int8_t(-128)), w(size_t(k), int8_t(-128));
  a[size_t(k - 2)] = 127, w[size_t(k - 2)] = 127;
  a[size_t(k - 1)] = 127, w[size_t(k - 1)] = 2;
  int32_t out = 0;
  gemmInt8(a.data(), w.data(), 1, 1, k, &out);
  CHECK(out == 2147483647);

  // One more product of 1 makes the sum 2^31: the check must refuse before anything wraps.
  a.push_back(1), w.push_back(1);
  CHECK_THROWS_AS(gemmInt8(a.data(), w.data(), 1, 1, k + 1, &out), CheckError);
  CHECK_THROWS_WITH(gemmInt8(a.data(), w.data(), 1, 1, k + 1, &out),
                    Catch::Contains("32-bit accumulator can overflow at output (0, 0)") &&
                        Catch::Contains("2147483648 > 2147483647"));
}

TEST_CASE("gemmInt8: narrower accumulators are checked exactly", "[gemm][int8]") {
  // Row 1 of A against row 2 of W: 3 * 127*127 + 127*1 = 48514, which needs 17 bits.
  std::vector<int8_t> a(2 * 4, 0), w(3 * 4, 0);
  for (int k = 0; k < 3; ++k) a[size_t(4 + k)] = 127, w[size_t(8 + k)] = -127;
  a[7] = 127, w[11] = 1;
  std::vector<int32_t> out(6);
  gemmInt8(a.data(), w.data(), 2, 3, 4, out.data(), 17);
  CHECK(out[5] == -3 * 127 * 127 + 127);
  CHECK_THROWS_WITH(gemmInt8(a.data(), w.data(), 2, 3, 4, out.data(), 16),
                    Catch::Contains("16-bit accumulator can overflow at output (1, 2)") &&
                        Catch::Contains("48514 > 32767"));
}

TEST_CASE("gemmInt8: bad sizes, buffers and widths are input errors", "[gemm][int8]") {
  int8_t x = 1;
  int32_t out = 0;
  CHECK_THROWS_WITH(gemmInt8(&x, &x, -1, 1, 1, &out), Catch::Contains("M=-1"));
  CHECK_THROWS_AS(gemmInt8(nullptr, &x, 1, 1, 1, &out), InputError);
  CHECK_THROWS_AS(gemmInt8(&x, &x, 1, 1, 1, nullptr), InputError);
  CHECK_THROWS_WITH(gemmInt8(&x, &x, 1, 1, 1, &out, 33), Catch::Contains("accBits 33"));
  CHECK_THROWS_AS(gemmUint8Int8(nullptr, &x, 1, 1, 1, &out), InputError);
  out = 7;
  gemmInt8(nullptr, nullptr, 1, 1, 0, &out); // K = 0: an empty sum
  CHECK(out == 0);
  gemmInt8(nullptr, nullptr, 0, 0, 5, nullptr); // nothing to do, nothing touched
}
