// Format-pair GEMMs against naive loops that decode through the test's hand tables and term
// sums and accumulate in __int128.
#include "quasar/config/error.h"
#include "quasar/models/format_gemm.h"
#include "test_bitserial_reference.h"
#include "test_ovp_reference.h"

#include <catch2/catch.hpp>

#include <random>

using namespace quasar::models;

namespace {

Eigen::MatrixXd sample(int rows, int cols, unsigned seed, double outlierRate) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> normal(0.0, 1.0);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  Eigen::MatrixXd x(rows, cols);
  for (int r = 0; r < rows; ++r) {
    for (int k = 0; k < cols; ++k) {
      x(r, k) = normal(rng);
      if (uniform(rng) < outlierRate) x(r, k) *= 15.0;
    }
  }
  return x;
}

IntMatrix randomInts(int rows, int cols, int64_t lo, int64_t hi, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int64_t> dist(lo, hi);
  IntMatrix m(rows, cols);
  for (Eigen::Index i = 0; i < m.size(); ++i) m.data()[i] = dist(rng);
  return m;
}

// Element k of a packed OVP row, decoded through the hand tables.
long ovpElement(const ovp::Quantized &q, int r, int k) {
  const auto pair = ovp_ref::decodeByte(q.bytes(r, k / 2), q.normal == ovp::NormalType::Flint4);
  return ovp_ref::valueOf(k % 2 == 0 ? pair.first : pair.second);
}

// Smallest accumulator width whose positive range holds `bound`.
int bitsFor(__int128 bound) {
  int bits = 2;
  while (((__int128(1) << (bits - 1)) - 1) < bound) ++bits;
  return bits;
}

} // namespace

TEST_CASE("format_gemm: ovp x ovp (W4A4)", "[format_gemm][ovp]") {
  const int m = 5, n = 6, k = 19; // odd K: both operands padded
  const ovp::Quantized a = ovp::quantize(sample(m, k, 1, 0.1), 0.3, ovp::NormalType::Int4);
  const ovp::Quantized w =
      ovp::quantize(sample(n, k, 2, 0.1), 0.2, ovp::NormalType::Flint4, ovp::PairPolicy::First);
  __int128 bound = 0;
  IntMatrix want(m, n);
  for (int i = 0; i < m; ++i) {
    for (int j = 0; j < n; ++j) {
      __int128 sum = 0, mag = 0;
      for (int kk = 0; kk < k + 1; ++kk) {
        const __int128 p = __int128(ovpElement(a, i, kk)) * ovpElement(w, j, kk);
        sum += p;
        mag += p < 0 ? -p : p;
      }
      want(i, j) = int64_t(sum);
      if (mag > bound) bound = mag;
    }
  }
  const int bits = bitsFor(bound);
  CHECK(gemmOvp(a, w, bits) == want);
  CHECK(gemmOvp(a.bytes, a.normal, w.bytes, w.normal, 32) == want);
  CHECK_THROWS_AS(gemmOvp(a, w, bits - 1), quasar::CheckError);
  const ovp::Quantized shorter = ovp::quantize(sample(n, 16, 3, 0.1), 0.2, ovp::NormalType::Int4);
  CHECK_THROWS_AS(gemmOvp(a, shorter, 32), quasar::InputError);
}

TEST_CASE("format_gemm: int8 x ovp (W4A8)", "[format_gemm][ovp]") {
  const int m = 4, n = 3, k = 11;
  const IntMatrix a = randomInts(m, k, -128, 127, 4);
  const ovp::Quantized w = ovp::quantize(sample(n, k, 5, 0.2), 0.25, ovp::NormalType::Int4);
  IntMatrix want(m, n);
  __int128 bound = 0;
  for (int i = 0; i < m; ++i) {
    for (int j = 0; j < n; ++j) {
      __int128 sum = 0, mag = 0;
      for (int kk = 0; kk < k; ++kk) {
        const __int128 p = __int128(a(i, kk)) * ovpElement(w, j, kk);
        sum += p;
        mag += p < 0 ? -p : p;
      }
      want(i, j) = int64_t(sum);
      if (mag > bound) bound = mag;
    }
  }
  CHECK(gemmOvpInt8(a, w, 32) == want); // K = 11: a zero column is appended
  IntMatrix padded = IntMatrix::Zero(m, k + 1);
  padded.leftCols(k) = a;
  CHECK(gemmOvpInt8(padded, w.bytes, w.normal, 32) == want);
  CHECK_THROWS_AS(gemmOvpInt8(a, w, bitsFor(bound) - 1), quasar::CheckError);
  IntMatrix big = a;
  big(0, 0) = 128;
  CHECK_THROWS_AS(gemmOvpInt8(big, w, 32), quasar::InputError);
  CHECK_THROWS_AS(gemmOvpInt8(randomInts(m, 9, -1, 1, 6), w, 32), quasar::InputError);
}

TEST_CASE("format_gemm: bitplane weights", "[format_gemm][bitserial]") {
  const int m = 3, n = 4, k = 10;
  const IntMatrix a = randomInts(m, k, -128, 127, 7);
  for (int p = 1; p <= 8; ++p) {
    for (bool pm1 : {false, true}) {
      const bool binary = pm1 && p == 1;
      IntMatrix w = randomInts(n, k, -(int64_t(1) << (p - 1)), (int64_t(1) << (p - 1)) - 1, 8 + p);
      if (binary) {
        for (Eigen::Index i = 0; i < w.size(); ++i) w.data()[i] = w.data()[i] == 0 ? 1 : -1;
      }
      // Naive: bit-plane by bit-plane from the two's complement pattern, MSB negative.
      IntMatrix want(m, n);
      for (int i = 0; i < m; ++i) {
        for (int j = 0; j < n; ++j) {
          __int128 sum = 0;
          for (int kk = 0; kk < k; ++kk) {
            if (binary) {
              sum += w(j, kk) == 1 ? a(i, kk) : -a(i, kk);
              continue;
            }
            const int64_t pattern = (w(j, kk) + (int64_t(1) << p)) % (int64_t(1) << p);
            for (int b = 0; b < p; ++b) {
              if ((pattern >> b) & 1) sum += (b == p - 1 ? -1 : 1) * (__int128(a(i, kk)) << b);
            }
          }
          want(i, j) = int64_t(sum);
        }
      }
      INFO("P " << p << " pm1 " << pm1);
      CHECK(gemmBitplane(a, 8, w, p, pm1, 32) == want);
    }
  }
  CHECK_THROWS_AS(gemmBitplane(a, 8, IntMatrix::Constant(n, k, 4), 3, false, 32),
                  quasar::InputError);
  CHECK_THROWS_AS(gemmBitplane(a, 4, IntMatrix::Zero(n, k), 3, false, 32), quasar::InputError);
  CHECK_THROWS_AS(gemmBitplane(IntMatrix::Constant(1, k, 127), 8, IntMatrix::Constant(1, k, -4),
                               3, false, 13),
                  quasar::CheckError); // 10 * 127 * 4 = 5080 > 4095
  CHECK(gemmBitplane(IntMatrix::Constant(1, k, 127), 8, IntMatrix::Constant(1, k, -4), 3, false,
                     14)(0, 0) == -5080);
}

TEST_CASE("format_gemm: bitmod weights, acc = sum of s_g * P_g", "[format_gemm][bitserial]") {
  using bitserial::Mode;
  const int m = 3, n = 4, k = 21, group = 8; // last group padded
  const IntMatrix a = randomInts(m, k, -128, 127, 21);
  std::mt19937 rng(22);
  std::student_t_distribution<double> heavy(3.0);
  Eigen::MatrixXd real(n, k);
  for (Eigen::Index i = 0; i < real.size(); ++i) real.data()[i] = heavy(rng);
  for (Mode mode : {Mode::Fp4, Mode::Fp3, Mode::Int8, Mode::Int6, Mode::Int4}) {
    const bitserial::BitmodWeights w = bitserial::quantizeBitmod(real, mode, group);
    IntMatrix want(m, n);
    __int128 bound = 0;
    for (int i = 0; i < m; ++i) {
      for (int j = 0; j < n; ++j) {
        __int128 acc = 0, viaTerms = 0, mag = 0;
        for (int g = 0; g * group < k; ++g) {
          __int128 partial = 0, partialTerms = 0, partialMag = 0;
          const int index = int(w.specialIndex(j, g));
          for (int kk = g * group; kk < std::min(k, (g + 1) * group); ++kk) {
            const unsigned code = unsigned(w.codes(j, kk));
            const long v = bitserial_ref::value(code, mode, index); // hand tables
            partial += __int128(a(i, kk)) * v;
            partialMag += __int128(a(i, kk) < 0 ? -a(i, kk) : a(i, kk)) * (v < 0 ? -v : v);
            partialTerms += bitserial_ref::termSum(bitserial::bitmodTerms(code, mode, index), a(i, kk));
          }
          acc += w.scales(j, g) * partial;
          viaTerms += w.scales(j, g) * partialTerms;
          mag += w.scales(j, g) * partialMag;
        }
        REQUIRE(acc == viaTerms);
        want(i, j) = int64_t(acc);
        if (mag > bound) bound = mag;
      }
    }
    INFO("mode " << int(mode));
    const int bits = bitsFor(bound);
    CHECK(gemmBitmod(a, 8, w, bits) == want);
    CHECK_THROWS_AS(gemmBitmod(a, 8, w, bits - 1), quasar::CheckError);
    IntMatrix padded = IntMatrix::Zero(m, 24);
    padded.leftCols(k) = a;
    CHECK(gemmBitmod(padded, 8, w, 64) == want);
  }
  const bitserial::BitmodWeights w = bitserial::quantizeBitmod(real, Mode::Int4, group);
  CHECK_THROWS_AS(gemmBitmod(randomInts(m, 20, 0, 1, 3), 8, w, 32), quasar::InputError);
  CHECK_THROWS_AS(gemmBitmod(a, 6, w, 32), quasar::InputError); // a holds values beyond 6 bits
}
