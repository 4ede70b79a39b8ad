// roundShift / requantize / residual against an independent reference written here: exact
// rational rounding by truncating __int128 division and a remainder comparison (the library
// adds a rounding constant and shifts), plus hand tables of ties and saturation edges.
#include "quasar/config/error.h"
#include "quasar/models/dyadic.h"

#include <catch2/catch.hpp>

#include <limits>
#include <random>
#include <string>
#include <utility>

using quasar::CheckError;
using quasar::InputError;
using quasar::models::IntMatrix;
using namespace quasar::models::dyadic;

namespace {

const Rounding kModes[] = {Rounding::HalfUp, Rounding::HalfEven, Rounding::HalfAway,
                           Rounding::Floor};
constexpr uint64_t kSeed = 0x5eed'd7ad'1c00'0001ULL;

// v / 2^e rounded, from the exact quotient: v = q * d + r with 0 <= r < d (q = floor), then
// the rational remainder r / d is compared with 1/2 as 2r against d.
__int128 refRound(__int128 v, int e, Rounding mode) {
  if (e == 0) return v;
  const __int128 d = __int128(1) << e;
  __int128 q = v / d; // truncates toward zero
  __int128 r = v % d; // same sign as v
  if (r < 0) {
    q -= 1;
    r += d;
  }
  const __int128 twice = 2 * r;
  if (mode == Rounding::Floor || twice < d) return q;
  if (twice > d) return q + 1;
  // Exact tie: v / 2^e = q + 1/2.
  if (mode == Rounding::HalfUp) return q + 1;
  if (mode == Rounding::HalfEven) return (q % 2 == 0) ? q : q + 1;
  return v > 0 ? q + 1 : q; // HalfAway: positive ties up, negative ties down (q < 0)
}

int64_t refClamp(__int128 y, int64_t lo, int64_t hi, int outBits, bool outSigned) {
  if (y < lo) y = lo;
  if (y > hi) y = hi;
  const __int128 outLo = outSigned ? -(__int128(1) << (outBits - 1)) : 0;
  const __int128 outHi = outSigned ? (__int128(1) << (outBits - 1)) - 1
                                   : (__int128(1) << outBits) - 1;
  if (y < outLo) y = outLo;
  if (y > outHi) y = outHi;
  return int64_t(y);
}

// A random value of up to `bits` magnitude bits, either sign.
__int128 randomWide(std::mt19937_64 &rng, int bits) {
  const unsigned __int128 raw = (unsigned __int128)(rng()) << 64 | rng();
  const __int128 mag = __int128(raw >> (128 - bits));
  return (rng() & 1) ? -mag : mag;
}

int64_t randomInt64(std::mt19937_64 &rng) {
  const int bits = int(rng() % 63) + 1;
  return int64_t(randomWide(rng, bits));
}

std::string str(__int128 v) {
  if (v == 0) return "0";
  const bool neg = v < 0;
  unsigned __int128 u = neg ? (unsigned __int128)(-(v + 1)) + 1 : (unsigned __int128)v;
  std::string s;
  while (u) {
    s.insert(s.begin(), char('0' + int(u % 10)));
    u /= 10;
  }
  return neg ? "-" + s : s;
}

} // namespace

TEST_CASE("dyadic: roundShift hand table of ties, negative ties included", "[dyadic]") {
  struct Row {
    int64_t v;   // v / 2 is the value being rounded
    int64_t up, even, away, floor;
  };
  // v / 2:        half_up  half_even  half_away  floor
  const Row table[] = {
      {-7, -3, -4, -4, -4}, // -3.5
      {-5, -2, -2, -3, -3}, // -2.5
      {-3, -1, -2, -2, -2}, // -1.5
      {-1, 0, 0, -1, -1},   // -0.5
      {1, 1, 0, 1, 0},      //  0.5
      {3, 2, 2, 2, 1},      //  1.5
      {5, 3, 2, 3, 2},      //  2.5
      {7, 4, 4, 4, 3},      //  3.5
      {-4, -2, -2, -2, -2}, // -2 (exact)
      {0, 0, 0, 0, 0},
  };
  for (const Row &row : table) {
    // The same values scaled by 2^4 and 2^40 (shift 5 and 41) must round the same way.
    for (int extra : {0, 4, 40}) {
      INFO("v = " << row.v << " * 2^" << extra);
      const __int128 v = __int128(row.v) << extra;
      const int e = 1 + extra;
      CHECK(roundShift(v, e, Rounding::HalfUp) == row.up);
      CHECK(roundShift(v, e, Rounding::HalfEven) == row.even);
      CHECK(roundShift(v, e, Rounding::HalfAway) == row.away);
      CHECK(roundShift(v, e, Rounding::Floor) == row.floor);
    }
  }
  // Non-ties next to a tie: -2.4375 = -39/16 and -2.5625 = -41/16.
  for (Rounding mode : {Rounding::HalfUp, Rounding::HalfEven, Rounding::HalfAway}) {
    CHECK(roundShift(-39, 4, mode) == -2);
    CHECK(roundShift(-41, 4, mode) == -3);
  }
  CHECK(roundShift(-39, 4, Rounding::Floor) == -3);
  CHECK(roundShift(-41, 4, Rounding::Floor) == -3);
  // e = 0 is v itself in every mode.
  for (Rounding mode : kModes) CHECK(roundShift(-12345, 0, mode) == -12345);
}

TEST_CASE("dyadic: roundShift equals exact rational rounding on random values and ties",
          "[dyadic]") {
  std::mt19937_64 rng(kSeed);
  INFO("seed " << kSeed);
  for (int i = 0; i < 40000; ++i) {
    const int e = int(rng() % 64);
    const __int128 v = randomWide(rng, int(rng() % 95) + 1);
    for (Rounding mode : kModes) {
      INFO("v " << str(v) << " e " << e << " mode " << toString(mode));
      REQUIRE(roundShift(v, e, mode) == refRound(v, e, mode));
    }
  }
  // Constructed ties (2k + 1) * 2^(e-1), both signs, and their neighbours +-1.
  for (int i = 0; i < 20000; ++i) {
    const int e = int(rng() % 63) + 1;
    const __int128 k = randomWide(rng, int(rng() % 30) + 1);
    const __int128 tie = (2 * k + 1) * (__int128(1) << (e - 1));
    for (__int128 v : {tie, tie - 1, tie + 1, -tie}) {
      for (Rounding mode : kModes) {
        INFO("v " << str(v) << " e " << e << " mode " << toString(mode));
        REQUIRE(roundShift(v, e, mode) == refRound(v, e, mode));
      }
    }
  }
  // Wide shifts: up to 126 and |v| near 2^125.
  for (int i = 0; i < 2000; ++i) {
    const int e = 64 + int(rng() % 63);
    const __int128 v = randomWide(rng, 125);
    for (Rounding mode : kModes) REQUIRE(roundShift(v, e, mode) == refRound(v, e, mode));
  }
}

TEST_CASE("dyadic: roundShift rejects shifts outside 0..126", "[dyadic]") {
  CHECK_THROWS_AS(roundShift(5, -1, Rounding::HalfUp), InputError);
  CHECK_THROWS_AS(roundShift(5, 127, Rounding::Floor), InputError);
  CHECK(roundShift(5, 126, Rounding::Floor) == 0);
}

TEST_CASE("dyadic: requantize saturates at both ends, after rounding", "[dyadic]") {
  const Multiplier half{int64_t(1) << 30, 31}; // M = 0.5
  struct Row {
    int64_t z;
    int64_t up, even, away, floor; // after the int8 clamp
  };
  // z / 2:               half_up  half_even  half_away  floor
  const Row table[] = {
      {255, 127, 127, 127, 127},        // 127.5 -> 128 / 128 / 128 / 127 -> clamp 127
      {253, 127, 126, 127, 126},        // 126.5
      {254, 127, 127, 127, 127},        // 127
      {256, 127, 127, 127, 127},        // 128
      {-256, -128, -128, -128, -128},   // -128
      {-257, -128, -128, -128, -128},   // -128.5 -> -128 / -128 / -129 / -129 -> clamp -128
      {-255, -127, -128, -128, -128},   // -127.5 -> -127 / -128 / -128 / -128
      {-259, -128, -128, -128, -128},   // -129.5
  };
  for (const Row &row : table) {
    INFO("z = " << row.z);
    CHECK(requantize(row.z, half, 0, -128, 127, 8, true, Rounding::HalfUp) == row.up);
    CHECK(requantize(row.z, half, 0, -128, 127, 8, true, Rounding::HalfEven) == row.even);
    CHECK(requantize(row.z, half, 0, -128, 127, 8, true, Rounding::HalfAway) == row.away);
    CHECK(requantize(row.z, half, 0, -128, 127, 8, true, Rounding::Floor) == row.floor);
  }
  // Unsigned out with a zero point: 0.5 * z + 128, clamp [0, 255].
  CHECK(requantize(-257, half, 128, 0, 255, 8, false, Rounding::HalfUp) == 0);   // -128 + 128
  CHECK(requantize(-259, half, 128, 0, 255, 8, false, Rounding::HalfUp) == 0);   // -129 + 128
  CHECK(requantize(253, half, 128, 0, 255, 8, false, Rounding::HalfEven) == 254); // 126 + 128
  CHECK(requantize(255, half, 128, 0, 255, 8, false, Rounding::HalfUp) == 255);  // 128 + 128
}

TEST_CASE("dyadic: requantize keeps the full z * m product (no 64-bit truncation)",
          "[dyadic]") {
  const int64_t zMax = std::numeric_limits<int64_t>::max();
  const int64_t zMin = std::numeric_limits<int64_t>::min();
  const Multiplier big{(int64_t(1) << 31) - 1, 63};
  // (2^63 - 1)(2^31 - 1) / 2^63 = 2^31 - 1 - (2^31 - 1) / 2^63: floor 2^31 - 2, nearest
  // 2^31 - 1 (the fraction 1 - 2^-32 is far above 1/2).
  CHECK(requantize(zMax, big, 0, INT32_MIN, INT32_MAX, 32, true, Rounding::Floor) ==
        2147483646);
  CHECK(requantize(zMax, big, 0, INT32_MIN, INT32_MAX, 32, true, Rounding::HalfUp) ==
        2147483647);
  // -2^63 (2^31 - 1) / 2^63 = -(2^31 - 1) exactly, in every mode.
  for (Rounding mode : kModes)
    CHECK(requantize(zMin, big, 0, INT32_MIN, INT32_MAX, 32, true, mode) == -2147483647);
  // e = 0: |z * m| ~ 2^94 saturates, the sign is kept.
  const Multiplier noShift{(int64_t(1) << 31) - 1, 0};
  CHECK(requantize(zMax, noShift, 0, -128, 127, 8, true, Rounding::HalfUp) == 127);
  CHECK(requantize(zMin, noShift, 0, -128, 127, 8, true, Rounding::HalfUp) == -128);
  CHECK(requantize(zMin, noShift, 0, 0, 255, 8, false, Rounding::HalfUp) == 0);
}

TEST_CASE("dyadic: requantize equals the exact reference on random values", "[dyadic]") {
  std::mt19937_64 rng(kSeed + 1);
  INFO("seed " << kSeed + 1);
  for (int i = 0; i < 30000; ++i) {
    const int64_t z = randomInt64(rng);
    const int multBits = 8 + int(rng() % 24);
    const int64_t m = (int64_t(1) << (multBits - 1)) + int64_t(rng() % (1ULL << (multBits - 1)));
    const int e = int(rng() % 64);
    const int outBits = 2 + int(rng() % 31);
    const bool outSigned = rng() & 1;
    const ClampRange out = outRange(outBits, outSigned);
    const int64_t zp = out.lo + int64_t(rng() % uint64_t(out.hi - out.lo + 1));
    int64_t lo = out.lo - 3 + int64_t(rng() % 7), hi = out.hi - 3 + int64_t(rng() % 7);
    if (lo > hi) std::swap(lo, hi);
    for (Rounding mode : kModes) {
      INFO("z " << z << " m " << m << " e " << e << " zp " << zp << " [" << lo << ", " << hi
                << "] out " << outBits << (outSigned ? "s" : "u") << " " << toString(mode));
      const int64_t expected =
          refClamp(refRound(__int128(z) * m, e, mode) + zp, lo, hi, outBits, outSigned);
      REQUIRE(requantize(z, Multiplier{m, e}, zp, lo, hi, outBits, outSigned, mode) == expected);
    }
  }
}

TEST_CASE("dyadic: activation ranges", "[dyadic]") {
  CHECK(outRange(8, true) == ClampRange{-128, 127});
  CHECK(outRange(8, false) == ClampRange{0, 255});
  CHECK(outRange(32, true) == ClampRange{INT32_MIN, INT32_MAX});
  CHECK(outRange(2, true) == ClampRange{-2, 1});
  CHECK_THROWS_AS(outRange(1, true), InputError);
  CHECK_THROWS_AS(outRange(33, false), InputError);
  CHECK(activationRange(Activation::None, 5, 8, true) == ClampRange{-128, 127});
  CHECK(activationRange(Activation::Relu, -5, 8, true) == ClampRange{-5, 127});
  CHECK(activationRange(Activation::Relu, 10, 8, false) == ClampRange{10, 255});
  CHECK(activationRange(Activation::Relu6, 0, 8, true, 0, 96) == ClampRange{0, 96});
  CHECK(activationRange(Activation::Clip, 0, 4, true, -20, 20) == ClampRange{-20, 20});
  CHECK_THROWS_AS(activationRange(Activation::Clip, 0, 8, true, 3, 2), InputError);
  CHECK_THROWS_AS(activationRange(Activation::Relu, 128, 8, true), InputError);
  CHECK_THROWS_AS(activationRange(Activation::None, -1, 8, false), InputError);
  // relu through requantize: 0.5 * z - 5 never goes below the zero point -5.
  const ClampRange relu = activationRange(Activation::Relu, -5, 8, true);
  const Multiplier half{int64_t(1) << 30, 31};
  CHECK(requantize(-100, half, -5, relu.lo, relu.hi, 8, true, Rounding::HalfUp) == -5);
  CHECK(requantize(20, half, -5, relu.lo, relu.hi, 8, true, Rounding::HalfUp) == 5);
  // clip wider than the out range: the out range wins.
  CHECK(requantize(1000, half, 0, -20, 20, 4, true, Rounding::HalfUp) == 7);
  CHECK(requantize(-1000, half, 0, -20, 20, 4, true, Rounding::HalfUp) == -8);
}

TEST_CASE("dyadic: requantize rejects bad parameters", "[dyadic]") {
  CHECK_THROWS_AS(requantize(1, Multiplier{1, 64}, 0, -128, 127, 8, true, Rounding::HalfUp),
                  InputError);
  CHECK_THROWS_AS(requantize(1, Multiplier{1, -1}, 0, -128, 127, 8, true, Rounding::HalfUp),
                  InputError);
  CHECK_THROWS_AS(requantize(1, Multiplier{-1, 3}, 0, -128, 127, 8, true, Rounding::HalfUp),
                  InputError);
  CHECK_THROWS_AS(
      requantize(1, Multiplier{int64_t(1) << 31, 3}, 0, -128, 127, 8, true, Rounding::HalfUp),
      InputError);
  CHECK_THROWS_AS(requantize(1, Multiplier{1, 3}, 0, 5, 4, 8, true, Rounding::HalfUp),
                  InputError);
  CHECK_THROWS_AS(requantize(1, Multiplier{1, 3}, 0, -128, 127, 40, true, Rounding::HalfUp),
                  InputError);
  // m = 0 is allowed: the output is the zero point.
  CHECK(requantize(12345, Multiplier{0, 3}, 7, -128, 127, 8, true, Rounding::HalfUp) == 7);
}

TEST_CASE("dyadic: matrix requantize per channel and per tensor, with bias", "[dyadic]") {
  std::mt19937_64 rng(kSeed + 2);
  INFO("seed " << kSeed + 2);
  for (int trial = 0; trial < 200; ++trial) {
    const int rows = 1 + int(rng() % 5), cols = 1 + int(rng() % 7);
    const bool perChannel = rng() & 1;
    const size_t n = perChannel ? size_t(cols) : 1;
    RequantParams p;
    p.outBits = 4 + int(rng() % 13);
    p.outSigned = rng() & 1;
    p.rounding = kModes[rng() % 4];
    p.activation = Activation(rng() % 4);
    const ClampRange out = outRange(p.outBits, p.outSigned);
    p.clipLo = out.lo + 1;
    p.clipHi = out.hi - 2;
    p.zeroPoints.clear();
    for (size_t c = 0; c < n; ++c) {
      p.multipliers.push_back(
          Multiplier{(int64_t(1) << 30) + int64_t(rng() % (1u << 30)), 35 + int(rng() % 25)});
      p.zeroPoints.push_back(out.lo + int64_t(rng() % uint64_t(out.hi - out.lo + 1)));
    }
    const int biasKind = int(rng() % 3); // none, per tensor, per channel
    for (size_t c = 0; c < (biasKind == 0 ? 0 : biasKind == 1 ? 1 : size_t(cols)); ++c)
      p.bias.push_back(int64_t(rng() % 2000001) - 1000000);
    IntMatrix acc(rows, cols);
    for (int r = 0; r < rows; ++r)
      for (int c = 0; c < cols; ++c) acc(r, c) = int64_t(rng() % 200000001) - 100000000;

    const IntMatrix y = requantize(acc, p);
    REQUIRE(y.rows() == rows);
    REQUIRE(y.cols() == cols);
    for (int r = 0; r < rows; ++r)
      for (int c = 0; c < cols; ++c) {
        const size_t ch = perChannel ? size_t(c) : 0;
        const int64_t bias = p.bias.empty() ? 0 : p.bias[p.bias.size() == 1 ? 0 : size_t(c)];
        const int64_t zp = p.zeroPoints[ch];
        int64_t lo = out.lo, hi = out.hi; // activation written out by hand
        if (p.activation == Activation::Relu) lo = zp;
        if (p.activation == Activation::Relu6 || p.activation == Activation::Clip) {
          lo = p.clipLo;
          hi = p.clipHi;
        }
        const Multiplier mult = p.multipliers[ch];
        const int64_t expected =
            refClamp(refRound((__int128(acc(r, c)) + bias) * mult.m, mult.e, p.rounding) + zp,
                     lo, hi, p.outBits, p.outSigned);
        INFO("trial " << trial << " r " << r << " c " << c);
        REQUIRE(y(r, c) == expected);
      }
  }
}

TEST_CASE("dyadic: matrix requantize checks sizes and acc + bias against acc_bits",
          "[dyadic]") {
  IntMatrix acc(2, 3);
  acc << (int64_t(1) << 31) - 10, 0, 1, -(int64_t(1) << 31) + 10, 0, 1;
  RequantParams p;
  p.multipliers = {Multiplier{int64_t(1) << 30, 31}};
  p.accBits = 32;
  p.bias = {9, 0, 0};
  CHECK_NOTHROW(requantize(acc, p)); // 2^31 - 1 fits
  p.bias = {10, 0, 0};
  try {
    requantize(acc, p);
    FAIL("no error");
  } catch (const CheckError &e) {
    CHECK(std::string(e.what()) ==
          "requantize: acc + bias at row 0, column 0 (2147483638 + 10) does not fit acc_bits 32");
  }
  p.bias = {-11, 0, 0}; // row 1: -2^31 + 10 - 11 = -2^31 - 1
  CHECK_THROWS_AS(requantize(acc, p), CheckError);
  p.bias = {-10, 0, 0}; // -2^31 fits
  CHECK_NOTHROW(requantize(acc, p));
  p.accBits = 64;
  p.bias = {};
  p.multipliers = {Multiplier{1, 1}, Multiplier{1, 1}};
  try {
    requantize(acc, p);
    FAIL("no error");
  } catch (const InputError &e) {
    CHECK(std::string(e.what()) == "requantize: multipliers has 2 entries; allowed: 1 (per "
                                   "tensor) or 3 (one per output channel)");
  }
  p.multipliers = {Multiplier{1, 1}};
  p.bias = {1, 2};
  CHECK_THROWS_AS(requantize(acc, p), InputError);
  p.bias = {};
  p.zeroPoints = {};
  CHECK_THROWS_AS(requantize(acc, p), InputError);
  p.zeroPoints = {0};
  p.accBits = 65;
  CHECK_THROWS_AS(requantize(acc, p), InputError);
}

TEST_CASE("dyadic: residual rounds each branch separately", "[dyadic]") {
  const Multiplier half{int64_t(1) << 30, 31};
  // 0.5 * 1 + 0.5 * 1: half_up rounds each 0.5 to 1 -> 2 (a joint rounding would give 1);
  // half_even rounds each to 0 -> 0; floor 0; half_away 2.
  CHECK(residual(1, half, 1, half, 0, -128, 127, 8, true, Rounding::HalfUp) == 2);
  CHECK(residual(1, half, 1, half, 0, -128, 127, 8, true, Rounding::HalfEven) == 0);
  CHECK(residual(1, half, 1, half, 0, -128, 127, 8, true, Rounding::HalfAway) == 2);
  CHECK(residual(1, half, 1, half, 0, -128, 127, 8, true, Rounding::Floor) == 0);
  // -0.5 + -0.5 + 3: half_up 0 + 0 + 3, half_away -1 - 1 + 3, floor the same.
  CHECK(residual(-1, half, -1, half, 3, -128, 127, 8, true, Rounding::HalfUp) == 3);
  CHECK(residual(-1, half, -1, half, 3, -128, 127, 8, true, Rounding::HalfAway) == 1);
  CHECK(residual(-1, half, -1, half, 3, -128, 127, 8, true, Rounding::Floor) == 1);
  // Its own clamp: 100 + 100 saturates at 127; with lo = 10, 0 + 0 -> 10.
  CHECK(residual(200, half, 200, half, 0, -128, 127, 8, true, Rounding::HalfUp) == 127);
  CHECK(residual(0, half, 0, half, 0, 10, 127, 8, true, Rounding::HalfUp) == 10);
  CHECK_THROWS_AS(residual(0, Multiplier{1, 70}, 0, half, 0, -128, 127, 8, true,
                           Rounding::HalfUp),
                  InputError);
}

TEST_CASE("dyadic: residual equals the exact reference, scalar and matrix", "[dyadic]") {
  std::mt19937_64 rng(kSeed + 3);
  INFO("seed " << kSeed + 3);
  for (int i = 0; i < 20000; ++i) {
    const int64_t z1 = randomInt64(rng), z2 = randomInt64(rng);
    const Multiplier m1{int64_t(rng() % (1ULL << 31)), int(rng() % 64)};
    const Multiplier m2{int64_t(rng() % (1ULL << 31)), int(rng() % 64)};
    const int64_t zp = int64_t(rng() % 256) - 128;
    for (Rounding mode : kModes) {
      const int64_t expected = refClamp(refRound(__int128(z1) * m1.m, m1.e, mode) +
                                            refRound(__int128(z2) * m2.m, m2.e, mode) + zp,
                                        -100, 120, 8, true);
      REQUIRE(residual(z1, m1, z2, m2, zp, -100, 120, 8, true, mode) == expected);
    }
  }
  const int rows = 4, cols = 5;
  IntMatrix a(rows, cols), b(rows, cols);
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c) {
      a(r, c) = int64_t(rng() % 100001) - 50000;
      b(r, c) = int64_t(rng() % 100001) - 50000;
    }
  ResidualParams p;
  p.outBits = 8;
  p.outSigned = false;
  p.activation = Activation::Relu;
  p.rounding = Rounding::HalfEven;
  p.zeroPoints.clear();
  for (int c = 0; c < cols; ++c) {
    p.multipliers1.push_back(Multiplier{(int64_t(1) << 30) + c * 1000003, 40 - c});
    p.zeroPoints.push_back(100 + c);
  }
  p.multipliers2 = {Multiplier{1610612736, 38}}; // per tensor
  const IntMatrix y = residual(a, b, p);
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c) {
      const Multiplier m1 = p.multipliers1[size_t(c)];
      const __int128 sum = refRound(__int128(a(r, c)) * m1.m, m1.e, Rounding::HalfEven) +
                           refRound(__int128(b(r, c)) * 1610612736, 38, Rounding::HalfEven) +
                           100 + c;
      CHECK(y(r, c) == refClamp(sum, 100 + c, 255, 8, false)); // relu: lo = zero point
    }
  CHECK_THROWS_AS(residual(a, IntMatrix(rows, cols + 1), p), InputError);
  p.zeroPoints = {1, 2};
  CHECK_THROWS_AS(residual(a, b, p), InputError);
}
