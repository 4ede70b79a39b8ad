#include "quasar/config/format_limits.h"

namespace quasar::config {

int64_t intMaxMagnitude(int bits, bool is_signed) {
  return is_signed ? (int64_t(1) << (bits - 1)) : (int64_t(1) << bits) - 1;
}

int64_t ovpMaxMagnitude(OvpNormal normal) {
  // abfloat E2M1: (2 + m) << (e + bias), largest at e = 3, m = 1.
  constexpr int kInt4Bias = 2, kFlint4Bias = 3;
  const int bias = normal == OvpNormal::Int4 ? kInt4Bias : kFlint4Bias;
  return int64_t(3) << (3 + bias);
}

int64_t bitmodMaxMagnitude(BitmodMode mode) {
  switch (mode) {
  case BitmodMode::Fp4: return 16; // special value EA = 16 half-units (normals reach 12)
  case BitmodMode::Fp3: return 12; // special value EA = 12 half-units (normals reach 8)
  case BitmodMode::Int8: return intMaxMagnitude(8, true);
  case BitmodMode::Int6: return intMaxMagnitude(6, true);
  case BitmodMode::Int4: return intMaxMagnitude(4, true);
  }
  return 0;
}

int signedBitsFor(int64_t terms, int64_t max_term) {
  const __int128 need = __int128(terms) * max_term;
  int bits = 1;
  while (((__int128(1) << (bits - 1)) - 1) < need) ++bits;
  return bits;
}

} // namespace quasar::config
