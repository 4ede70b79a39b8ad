// config/format_limits.h states the largest magnitudes the accumulator validation assumes;
// here every one is checked against an exhaustive enumeration of the models' decoders, so
// the config library and the golden model cannot drift apart.
#include "quasar/config/format_limits.h"
#include "quasar/models/bitserial.h"
#include "quasar/models/ovp.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>

using namespace quasar;

TEST_CASE("format limits: OVP maxima equal the largest decoded |value| over all bytes",
          "[format_limits][ovp]") {
  const std::pair<models::ovp::NormalType, config::OvpNormal> types[] = {
      {models::ovp::NormalType::Int4, config::OvpNormal::Int4},
      {models::ovp::NormalType::Flint4, config::OvpNormal::Flint4}};
  int64_t largestOfBoth = 0;
  for (const auto &[modelType, configType] : types) {
    int64_t largest = 0;
    for (int byte = 0; byte < 256; ++byte) {
      const auto [lo, hi] = models::ovp::byteValues(uint8_t(byte), modelType);
      largest = std::max({largest, int64_t(std::llabs(lo)), int64_t(std::llabs(hi))});
    }
    CHECK(config::ovpMaxMagnitude(configType) == largest);
    largestOfBoth = std::max(largestOfBoth, largest);
  }
  CHECK(config::ovpMaxMagnitude(config::OvpNormal::Auto) == largestOfBoth);
}

TEST_CASE("format limits: bitmod maxima equal the largest |value| over all codes and specials",
          "[format_limits][bitmod]") {
  using models::bitserial::Mode;
  const std::pair<Mode, config::BitmodMode> modes[] = {
      {Mode::Fp4, config::BitmodMode::Fp4},   {Mode::Fp3, config::BitmodMode::Fp3},
      {Mode::Int8, config::BitmodMode::Int8}, {Mode::Int6, config::BitmodMode::Int6},
      {Mode::Int4, config::BitmodMode::Int4}};
  for (const auto &[modelMode, configMode] : modes) {
    int64_t largest = 0;
    const uint32_t codes = 1u << models::bitserial::codeBits(modelMode);
    for (int special = 0; special < 4; ++special)
      for (uint32_t code = 0; code < codes; ++code)
        largest = std::max(
            largest, int64_t(std::llabs(models::bitserial::bitmodValue(code, modelMode, special))));
    CHECK(config::bitmodMaxMagnitude(configMode) == largest);
  }
}

TEST_CASE("format limits: signedBitsFor is the smallest width that holds the sum",
          "[format_limits]") {
  // 2^(b-1) - 1 >= terms * max_term, found here by a plain loop over b.
  for (int64_t terms : {1, 2, 3, 4095, 4096, 4097}) {
    for (int64_t maxTerm : {1, 2, 127, 128, 16384, 36864}) {
      int bits = 1;
      while ((int64_t(1) << (bits - 1)) - 1 < terms * maxTerm) ++bits;
      CHECK(config::signedBitsFor(terms, maxTerm) == bits);
    }
  }
  CHECK(config::signedBitsFor(4096, 128 * 128) == 28); // int8 x int8 over K = 4096
}
