// Weights as per-cycle terms: bitplane bits, fp one-bits, radix-4 Booth digits
// (specs/bitserial.md "Encoding bitplane" and "Terms").
#include "quasar/models/bitserial.h"

#include "quasar/config/error.h"

#include <cstdlib>
#include <stdexcept>
#include <string>

namespace quasar::models::bitserial {

bool bitplaneFits(int64_t w, int precision, bool pm1) {
  if (precision < 1 || precision > 62) return false;
  if (pm1 && precision == 1) return w == 1 || w == -1;
  const int64_t half = int64_t(1) << (precision - 1);
  return w >= -half && w < half;
}

std::vector<Term> bitplaneTerms(int64_t w, int precision, bool pm1) {
  if (precision < 1 || precision > 62) {
    throw InputError("bitplane: precision " + std::to_string(precision) + " not in [1, 62]");
  }
  if (!bitplaneFits(w, precision, pm1)) {
    throw InputError("bitplane: weight " + std::to_string(w) + " does not fit " +
                     (pm1 && precision == 1 ? std::string("binary pm1 {-1, +1}")
                                            : std::to_string(precision) +
                                                  "-bit two's complement"));
  }
  if (pm1 && precision == 1) return {Term{int(w), 0}}; // bit 1 -> +1, bit 0 -> -1
  const uint64_t bits = uint64_t(w); // two's complement pattern; bit i for i < P
  std::vector<Term> terms;
  for (int i = 0; i < precision; ++i) {
    const bool bit = ((bits >> i) & 1) != 0;
    const int sign = !bit ? 0 : (i == precision - 1 ? -1 : 1); // MSB weighs -2^(P-1)
    terms.push_back({sign, i});
  }
  return terms;
}

namespace {

std::vector<Term> floatTerms(int64_t halfUnits) {
  const int sign = halfUnits < 0 ? -1 : 1;
  const uint64_t magnitude = uint64_t(std::abs(halfUnits));
  std::vector<Term> terms;
  for (int bit = 0; bit < 5; ++bit) {
    if ((magnitude >> bit) & 1) terms.push_back({sign, bit});
  }
  if (terms.size() > 2 || (magnitude >> 5) != 0) {
    throw std::logic_error("bitmod: half-unit magnitude " + std::to_string(magnitude) +
                           " has more than two one-bits");
  }
  while (terms.size() < 2) terms.push_back({0, 0});
  return terms;
}

std::vector<Term> boothTerms(uint32_t code, int bits) {
  // Booth digit by (w[2k+1], w[2k], w[2k-1]): 000,111 -> 0; 001,010 -> +1; 011 -> +2;
  // 100 -> -2; 101,110 -> -1.
  constexpr int kDigit[8] = {0, 1, 1, 2, -2, -1, -1, 0};
  std::vector<Term> terms;
  for (int k = 0; k < bits / 2; ++k) {
    const uint32_t hi = (code >> (2 * k + 1)) & 1;
    const uint32_t mid = (code >> (2 * k)) & 1;
    const uint32_t lo = k == 0 ? 0 : (code >> (2 * k - 1)) & 1; // w[-1] = 0
    const int digit = kDigit[(hi << 2) | (mid << 1) | lo];
    if (digit == 0) {
      terms.push_back({0, 2 * k});
    } else {
      const int magnitude = std::abs(digit);
      terms.push_back({digit / magnitude, 2 * k + (magnitude == 2 ? 1 : 0)});
    }
  }
  return terms;
}

} // namespace

std::vector<Term> bitmodTerms(uint32_t code, Mode mode, int specialIndex) {
  const int64_t v = bitmodValue(code, mode, specialIndex); // validates code and index
  return isFloatMode(mode) ? floatTerms(v) : boothTerms(code, codeBits(mode));
}

} // namespace quasar::models::bitserial
