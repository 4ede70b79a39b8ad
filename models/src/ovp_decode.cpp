// OVP-4 decoding exactly as specs/ovp.md "Decoding for the MAC", and single-element encoding.
#include "quasar/models/ovp.h"

#include "quasar/config/error.h"

#include <string>

namespace quasar::models::ovp {

namespace {

void checkNibble(uint8_t nibble, const char *what) {
  if (nibble > 0xF) {
    throw InputError(std::string("ovp: ") + what + ": nibble " + std::to_string(nibble) +
                     " not in [0, 15]");
  }
}

} // namespace

ExpInt decodeNormal(uint8_t nibble, NormalType type) {
  checkNibble(nibble, "decodeNormal");
  if (nibble == kVictimCode) return {0, 0};
  const bool negative = (nibble & 0x8) != 0;
  if (type == NormalType::Int4) {
    return {0, negative ? int(nibble) - 16 : int(nibble)}; // two's complement nibble
  }
  // flint4: sign + magnitude code m2 m1 m0.
  const int code = nibble & 0x7;
  ExpInt e{0, 0};
  if ((code & 0x4) == 0) {
    e = {0, code}; // 0xy -> xy
  } else if ((code & 0x2) != 0) {
    e = {1, 2 + (code & 0x1)}; // 11y -> (2+y) << 1
  } else if ((code & 0x1) != 0) {
    e = {3, 1}; // 101 -> 8
  } else {
    e = {4, 1}; // 100 -> 16
  }
  if (negative) e.mant = -e.mant;
  return e;
}

ExpInt decodeOutlier(uint8_t nibble, NormalType type) {
  checkNibble(nibble, "decodeOutlier");
  // abfloat E2M1: bit 3 = s, bits 2:1 = e, bit 0 = m -> (e + bias, (-1)^s (2 + m)).
  const int e = (nibble >> 1) & 0x3;
  const int m = nibble & 0x1;
  const int mant = 2 + m;
  return {e + outlierBias(type), (nibble & 0x8) != 0 ? -mant : mant};
}

std::pair<ExpInt, ExpInt> decodeByte(uint8_t byte, NormalType type) {
  const uint8_t lo = byte & 0xF;
  const uint8_t hi = byte >> 4;
  const ExpInt victim{0, 0};
  if (lo == kVictimCode && hi == kVictimCode) return {victim, victim}; // never produced
  if (lo == kVictimCode) return {victim, decodeOutlier(hi, type)};
  if (hi == kVictimCode) return {decodeOutlier(lo, type), victim};
  return {decodeNormal(lo, type), decodeNormal(hi, type)};
}

int64_t normalValue(uint8_t nibble, NormalType type) { return value(decodeNormal(nibble, type)); }

int64_t outlierValue(uint8_t nibble, NormalType type) {
  return value(decodeOutlier(nibble, type));
}

std::pair<int64_t, int64_t> byteValues(uint8_t byte, NormalType type) {
  const auto pair = decodeByte(byte, type);
  return {value(pair.first), value(pair.second)};
}

IntMatrix decodeValues(const ByteMatrix &bytes, NormalType type) {
  IntMatrix values(bytes.rows(), 2 * bytes.cols());
  for (Eigen::Index r = 0; r < bytes.rows(); ++r) {
    for (Eigen::Index k = 0; k < bytes.cols(); ++k) {
      const auto pair = byteValues(bytes(r, k), type);
      values(r, 2 * k) = pair.first;
      values(r, 2 * k + 1) = pair.second;
    }
  }
  return values;
}

uint8_t encodeNormal(int64_t v, NormalType type) {
  if (v == 0) return 0x0; // never the victim marker (1000)
  for (uint8_t nibble = 1; nibble < 16; ++nibble) {
    if (nibble != kVictimCode && normalValue(nibble, type) == v) return nibble;
  }
  throw InputError("ovp: encodeNormal: " + std::to_string(v) + " is not a " +
                   (type == NormalType::Int4 ? "int4" : "flint4") + " normal value");
}

uint8_t encodeOutlier(int64_t v, NormalType type) {
  for (uint8_t nibble = 0; nibble < 16; ++nibble) {
    if ((nibble & 0x7) != 0 && outlierValue(nibble, type) == v) return nibble;
  }
  throw InputError("ovp: encodeOutlier: " + std::to_string(v) + " is not an abfloat outlier of " +
                   (type == NormalType::Int4 ? "int4" : "flint4") + " tensors");
}

} // namespace quasar::models::ovp
