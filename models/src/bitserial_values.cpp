// bitmod code values (specs/bitserial.md "Encoding bitmod"): the mode tables live here only.
#include "quasar/models/bitserial.h"

#include "quasar/config/error.h"

#include <algorithm>
#include <string>

namespace quasar::models::bitserial {

namespace {

// Magnitudes in half-units by magnitude code.
constexpr int64_t kFp4Magnitude[8] = {0, 1, 2, 3, 4, 6, 8, 12};
constexpr int64_t kFp3Magnitude[4] = {0, 2, 4, 8};
// Special values (half-units) by index: ER+, ER-, EA+, EA-.
constexpr int64_t kFp4Special[4] = {10, -10, 16, -16};
constexpr int64_t kFp3Special[4] = {6, -6, 12, -12};

const char *modeName(Mode mode) {
  switch (mode) {
  case Mode::Fp4: return "fp4";
  case Mode::Fp3: return "fp3";
  case Mode::Int8: return "int8";
  case Mode::Int6: return "int6";
  case Mode::Int4: return "int4";
  }
  return "?";
}

void checkIndex(int specialIndex) {
  if (specialIndex < 0 || specialIndex > 3) {
    throw InputError("bitmod: special-value index " + std::to_string(specialIndex) +
                     " not in [0, 3]");
  }
}

} // namespace

bool isFloatMode(Mode mode) { return mode == Mode::Fp4 || mode == Mode::Fp3; }

int codeBits(Mode mode) {
  switch (mode) {
  case Mode::Fp4: return 4;
  case Mode::Fp3: return 3;
  case Mode::Int8: return 8;
  case Mode::Int6: return 6;
  case Mode::Int4: return 4;
  }
  return 0;
}

int termsPerWeight(Mode mode) {
  // fp: two one-bits at most; int: one radix-4 Booth digit per two bits.
  return isFloatMode(mode) ? 2 : codeBits(mode) / 2;
}

int64_t specialValue(Mode mode, int specialIndex) {
  checkIndex(specialIndex);
  if (mode == Mode::Fp4) return kFp4Special[specialIndex];
  if (mode == Mode::Fp3) return kFp3Special[specialIndex];
  throw InputError(std::string("bitmod: mode ") + modeName(mode) +
                   " has no special values (only fp4, fp3)");
}

int64_t bitmodValue(uint32_t code, Mode mode, int specialIndex) {
  checkIndex(specialIndex);
  const int bits = codeBits(mode);
  if (code >= (uint32_t(1) << bits)) {
    throw InputError("bitmod: code " + std::to_string(code) + " does not fit the " +
                     std::to_string(bits) + " bits of " + modeName(mode));
  }
  if (!isFloatMode(mode)) { // two's complement
    return code >= (uint32_t(1) << (bits - 1)) ? int64_t(code) - (int64_t(1) << bits)
                                                : int64_t(code);
  }
  const bool negative = (code >> (bits - 1)) != 0;
  const uint32_t magnitudeCode = code & ((uint32_t(1) << (bits - 1)) - 1);
  if (negative && magnitudeCode == 0) return specialValue(mode, specialIndex); // -0
  const int64_t magnitude =
      mode == Mode::Fp4 ? kFp4Magnitude[magnitudeCode] : kFp3Magnitude[magnitudeCode];
  return negative ? -magnitude : magnitude;
}

std::vector<int64_t> bitmodValueSet(Mode mode, int specialIndex) {
  std::vector<int64_t> values;
  for (uint32_t code = 0; code < (uint32_t(1) << codeBits(mode)); ++code) {
    values.push_back(bitmodValue(code, mode, specialIndex));
  }
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
  return values;
}

uint32_t bitmodEncode(int64_t value, Mode mode, int specialIndex) {
  for (uint32_t code = 0; code < (uint32_t(1) << codeBits(mode)); ++code) {
    if (bitmodValue(code, mode, specialIndex) == value) return code; // 0 -> positive zero
  }
  throw InputError("bitmod: " + std::to_string(value) + " is not a " + modeName(mode) +
                   " value with special index " + std::to_string(specialIndex));
}

} // namespace quasar::models::bitserial
