// Bit-serial code values and per-cycle terms against hand tables and independent sums.
#include "quasar/config/error.h"
#include "quasar/models/bitserial.h"
#include "test_bitserial_reference.h"

#include <catch2/catch.hpp>

using namespace quasar::models::bitserial;

namespace {

using Terms = std::vector<Term>;

Terms negate(Terms t) {
  for (Term &x : t) x.sign = -x.sign;
  return t;
}

} // namespace

TEST_CASE("bitserial: mode properties", "[bitserial]") {
  CHECK(termsPerWeight(Mode::Fp4) == 2);
  CHECK(termsPerWeight(Mode::Fp3) == 2);
  CHECK(termsPerWeight(Mode::Int8) == 4);
  CHECK(termsPerWeight(Mode::Int6) == 3);
  CHECK(termsPerWeight(Mode::Int4) == 2);
  CHECK(codeBits(Mode::Fp3) == 3);
  CHECK(codeBits(Mode::Int6) == 6);
  CHECK(specialValue(Mode::Fp4, 3) == -16);
  CHECK(specialValue(Mode::Fp3, 0) == 6);
  CHECK_THROWS_AS(specialValue(Mode::Int8, 0), quasar::InputError);
  CHECK_THROWS_AS(bitmodValue(16, Mode::Fp4, 0), quasar::InputError);
  CHECK_THROWS_AS(bitmodValue(8, Mode::Fp3, 0), quasar::InputError);
  CHECK_THROWS_AS(bitmodValue(64, Mode::Int6, 0), quasar::InputError);
  CHECK_THROWS_AS(bitmodValue(1, Mode::Fp4, 4), quasar::InputError);
  CHECK(bitmodValueSet(Mode::Fp3, 3) == std::vector<int64_t>{-12, -8, -4, -2, 0, 2, 4, 8});
}

TEST_CASE("bitserial: every fp4 and fp3 code's value and terms", "[bitserial]") {
  // Terms of each half-unit magnitude, lower one-bit first, written by hand.
  const Terms zero = {{0, 0}, {0, 0}};
  const std::vector<std::pair<int, Terms>> magnitudeTerms = {
      {0, zero},
      {1, {{1, 0}, {0, 0}}},  {2, {{1, 1}, {0, 0}}},  {3, {{1, 0}, {1, 1}}},
      {4, {{1, 2}, {0, 0}}},  {6, {{1, 1}, {1, 2}}},  {8, {{1, 3}, {0, 0}}},
      {12, {{1, 2}, {1, 3}}}, {10, {{1, 1}, {1, 3}}}, {16, {{1, 4}, {0, 0}}},
  };
  auto termsOf = [&](long v) {
    for (const auto &m : magnitudeTerms) {
      if (m.first == (v < 0 ? -v : v)) return v < 0 ? negate(m.second) : m.second;
    }
    FAIL("no hand terms for " << v);
    return zero;
  };
  for (int index = 0; index < 4; ++index) {
    for (unsigned code = 0; code < 16; ++code) {
      INFO("fp4 code " << code << " index " << index);
      const long want = bitserial_ref::value(code, Mode::Fp4, index);
      CHECK(bitmodValue(code, Mode::Fp4, index) == want);
      CHECK(bitmodTerms(code, Mode::Fp4, index) == termsOf(want));
      CHECK(bitmodEncode(want, Mode::Fp4, index) == (want == 0 ? 0u : code));
    }
    for (unsigned code = 0; code < 8; ++code) {
      INFO("fp3 code " << code << " index " << index);
      const long want = bitserial_ref::value(code, Mode::Fp3, index);
      CHECK(bitmodValue(code, Mode::Fp3, index) == want);
      CHECK(bitmodTerms(code, Mode::Fp3, index) == termsOf(want));
    }
  }
  // Specials spelled out: fp4 EA- (-16) and fp3 ER+ (+6).
  CHECK(bitmodTerms(0x8, Mode::Fp4, 3) == Terms{{-1, 4}, {0, 0}});
  CHECK(bitmodTerms(0x4, Mode::Fp3, 0) == Terms{{1, 1}, {1, 2}});
  CHECK(bitmodTerms(0x8, Mode::Fp4, 1) == Terms{{-1, 1}, {-1, 3}});
}

TEST_CASE("bitserial: Booth terms, hand-worked", "[bitserial]") {
  // int4 7 = 0111: digits (110) -1, (011) +2 -> -1 + 2*4.
  CHECK(bitmodTerms(0x7, Mode::Int4, 0) == Terms{{-1, 0}, {1, 3}});
  // int4 -8 = 1000: digits (000) 0, (100) -2.
  CHECK(bitmodTerms(0x8, Mode::Int4, 0) == Terms{{0, 0}, {-1, 3}});
  // int4 -1 = 1111: digits (110) -1, (111) 0.
  CHECK(bitmodTerms(0xF, Mode::Int4, 0) == Terms{{-1, 0}, {0, 2}});
  // int6 22 = 010110: digits (100) -2, (011) +2, (010) +1 -> -2 + 2*4 + 1*16.
  CHECK(bitmodTerms(22, Mode::Int6, 0) == Terms{{-1, 1}, {1, 3}, {1, 4}});
  // int8 -128 = 10000000: digits 0, 0, 0, (100) -2.
  CHECK(bitmodTerms(0x80, Mode::Int8, 0) == Terms{{0, 0}, {0, 2}, {0, 4}, {-1, 7}});
  // int8 85 = 01010101: every digit is (010) +1 -> 1 + 4 + 16 + 64.
  CHECK(bitmodTerms(85, Mode::Int8, 0) == Terms{{1, 0}, {1, 2}, {1, 4}, {1, 6}});
}

TEST_CASE("bitserial: Booth recoding of every int8, int6 and int4 code", "[bitserial]") {
  for (Mode mode : {Mode::Int8, Mode::Int6, Mode::Int4}) {
    const int bits = codeBits(mode);
    for (unsigned code = 0; code < (1u << bits); ++code) {
      INFO("bits " << bits << " code " << code);
      const long v = bitserial_ref::value(code, mode, 0);
      CHECK(bitmodValue(code, mode, 0) == v);
      const Terms terms = bitmodTerms(code, mode, 0);
      REQUIRE(int(terms.size()) == bits / 2);
      // Independent check: Booth digit k = w[2k-1] + w[2k] - 2 w[2k+1] (arithmetic form).
      for (int k = 0; k < bits / 2; ++k) {
        auto bit = [&](int i) { return i < 0 ? 0 : int((code >> i) & 1); };
        const int digit = bit(2 * k - 1) + bit(2 * k) - 2 * bit(2 * k + 1);
        const Term want = digit == 0 ? Term{0, 2 * k}
                          : digit == 2 ? Term{1, 2 * k + 1}
                          : digit == -2 ? Term{-1, 2 * k + 1}
                                        : Term{digit, 2 * k};
        CHECK(terms[size_t(k)] == want);
      }
      CHECK(bitserial_ref::termSum(terms, 1) == v);
      CHECK(bitserial_ref::termSum(terms, -37) == -37 * v);
    }
  }
}

TEST_CASE("bitserial: bitplane terms reconstruct every P-bit value", "[bitserial]") {
  for (int p = 1; p <= 8; ++p) {
    for (long w = -(1L << (p - 1)); w < (1L << (p - 1)); ++w) {
      INFO("P " << p << " w " << w);
      const Terms terms = bitplaneTerms(w, p);
      REQUIRE(int(terms.size()) == p);
      const long pattern = (w + (1L << p)) % (1L << p);
      for (int i = 0; i < p; ++i) {
        const int bit = int((pattern >> i) & 1);
        CHECK(terms[size_t(i)] == Term{i == p - 1 ? -bit : bit, i});
      }
      CHECK(bitserial_ref::termSum(terms, 1) == w);
      CHECK(bitserial_ref::termSum(terms, 93) == 93 * w);
    }
    CHECK_THROWS_AS(bitplaneTerms(1L << (p - 1), p), quasar::InputError);
    CHECK_THROWS_AS(bitplaneTerms(-(1L << (p - 1)) - 1, p), quasar::InputError);
  }
  // P = 1 two's complement: {0, -1}.
  CHECK(bitplaneTerms(0, 1) == Terms{{0, 0}});
  CHECK(bitplaneTerms(-1, 1) == Terms{{-1, 0}});
  CHECK_THROWS_AS(bitplaneTerms(1, 1), quasar::InputError);
  // P = 1 pm1: bit 1 -> +1, bit 0 -> -1.
  CHECK(bitplaneTerms(1, 1, true) == Terms{{1, 0}});
  CHECK(bitplaneTerms(-1, 1, true) == Terms{{-1, 0}});
  CHECK_THROWS_AS(bitplaneTerms(0, 1, true), quasar::InputError);
  // pm1 only changes P = 1.
  CHECK(bitplaneTerms(-2, 2, true) == Terms{{0, 0}, {-1, 1}});
  CHECK_THROWS_AS(bitplaneTerms(0, 0), quasar::InputError);
  CHECK(bitplaneTerms(-5, 16).size() == 16);
}
