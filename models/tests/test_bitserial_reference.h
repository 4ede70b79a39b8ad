// Test-side bit-serial reference written by hand from specs/bitserial.md, independent of the
// code under test: code value tables and term sums.
#pragma once

#include "quasar/models/bitserial.h"

#include <cstdint>
#include <vector>

namespace bitserial_ref {

constexpr int kSpecial = 99; // marks the negative-zero code in the tables below

// fp4 code s e1 e0 m -> half-units.
constexpr int kFp4[16] = {0, 1, 2, 3, 4, 6, 8, 12, kSpecial, -1, -2, -3, -4, -6, -8, -12};
constexpr int kFp4Special[4] = {10, -10, 16, -16};
// fp3 code s m1 m0 -> half-units.
constexpr int kFp3[8] = {0, 2, 4, 8, kSpecial, -2, -4, -8};
constexpr int kFp3Special[4] = {6, -6, 12, -12};

// A code's value (half-units for fp) from the tables, or two's complement by arithmetic.
inline long value(unsigned code, quasar::models::bitserial::Mode mode, int index) {
  using quasar::models::bitserial::Mode;
  switch (mode) {
  case Mode::Fp4: return kFp4[code] == kSpecial ? kFp4Special[index] : kFp4[code];
  case Mode::Fp3: return kFp3[code] == kSpecial ? kFp3Special[index] : kFp3[code];
  case Mode::Int8: return code < 128 ? long(code) : long(code) - 256;
  case Mode::Int6: return code < 32 ? long(code) : long(code) - 64;
  case Mode::Int4: return code < 8 ? long(code) : long(code) - 16;
  }
  return 0;
}

inline __int128 termSum(const std::vector<quasar::models::bitserial::Term> &terms, __int128 a) {
  __int128 sum = 0;
  for (const auto &t : terms) sum += t.sign * (a * (__int128(1) << t.shift));
  return sum;
}

} // namespace bitserial_ref
