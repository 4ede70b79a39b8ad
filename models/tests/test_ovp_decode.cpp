// OVP-4 value sets and decoders against tables written by hand from specs/ovp.md.
#include "quasar/config/error.h"
#include "quasar/models/ovp.h"
#include "test_ovp_reference.h"

#include <catch2/catch.hpp>

using namespace quasar::models::ovp;

namespace {

const NormalType kTypes[] = {NormalType::Int4, NormalType::Flint4};

bool isFlint(NormalType t) { return t == NormalType::Flint4; }

} // namespace

TEST_CASE("ovp: adaptive bias, max normal and value sets", "[ovp]") {
  CHECK(outlierBias(NormalType::Int4) == 2);
  CHECK(outlierBias(NormalType::Flint4) == 3);
  CHECK(maxNormal(NormalType::Int4) == 7);
  CHECK(maxNormal(NormalType::Flint4) == 16);
  CHECK(maxOutlier(NormalType::Int4) == 96);
  CHECK(maxOutlier(NormalType::Flint4) == 192);
  for (NormalType t : kTypes) {
    const std::vector<int> n = ovp_ref::normals(isFlint(t)), o = ovp_ref::outliers(isFlint(t));
    CHECK(normalValues(t) == std::vector<int64_t>(n.begin(), n.end()));
    CHECK(outlierValues(t) == std::vector<int64_t>(o.begin(), o.end()));
  }
  CHECK_FALSE(isOutlier(7, NormalType::Int4));
  CHECK(isOutlier(-12, NormalType::Int4));
  CHECK_FALSE(isOutlier(-16, NormalType::Flint4));
  CHECK(isOutlier(24, NormalType::Flint4));
}

TEST_CASE("ovp: every nibble decodes as the hand tables say", "[ovp]") {
  for (uint8_t n = 0; n < 16; ++n) {
    INFO("nibble " << int(n));
    CHECK(decodeNormal(n, NormalType::Int4) ==
          ExpInt{ovp_ref::kInt4Normal[n].exp, ovp_ref::kInt4Normal[n].mant});
    CHECK(decodeNormal(n, NormalType::Flint4) ==
          ExpInt{ovp_ref::kFlint4Normal[n].exp, ovp_ref::kFlint4Normal[n].mant});
    CHECK(decodeOutlier(n, NormalType::Int4) ==
          ExpInt{ovp_ref::kInt4Outlier[n].exp, ovp_ref::kInt4Outlier[n].mant});
    CHECK(decodeOutlier(n, NormalType::Flint4) ==
          ExpInt{ovp_ref::kFlint4Outlier[n].exp, ovp_ref::kFlint4Outlier[n].mant});
    CHECK(outlierValue(n, NormalType::Int4) == ovp_ref::kInt4OutlierValue[n]);
    CHECK(outlierValue(n, NormalType::Flint4) == ovp_ref::kFlint4OutlierValue[n]);
  }
  // Magnitudes of flint4 written out once more as plain values.
  const int flintValue[16] = {0, 1, 2, 3, 16, 8, 4, 6, 0, -1, -2, -3, -16, -8, -4, -6};
  for (uint8_t n = 0; n < 16; ++n) CHECK(normalValue(n, NormalType::Flint4) == flintValue[n]);
  CHECK_THROWS_AS(decodeNormal(16, NormalType::Int4), quasar::InputError);
  CHECK_THROWS_AS(decodeOutlier(0xFF, NormalType::Flint4), quasar::InputError);
}

TEST_CASE("ovp: decodes all 256 bytes", "[ovp]") {
  for (NormalType t : kTypes) {
    for (int b = 0; b < 256; ++b) {
      INFO("byte " << b << (isFlint(t) ? " flint4" : " int4"));
      const auto want = ovp_ref::decodeByte(unsigned(b), isFlint(t));
      const auto got = decodeByte(uint8_t(b), t);
      CHECK(got.first == ExpInt{want.first.exp, want.first.mant});
      CHECK(got.second == ExpInt{want.second.exp, want.second.mant});
      const auto values = byteValues(uint8_t(b), t);
      CHECK(values.first == ovp_ref::valueOf(want.first));
      CHECK(values.second == ovp_ref::valueOf(want.second));
    }
  }
}

TEST_CASE("ovp: hand-worked bytes", "[ovp]") {
  struct Case {
    uint8_t byte;
    NormalType type;
    ExpInt lo, hi;
  };
  const NormalType i4 = NormalType::Int4, f4 = NormalType::Flint4;
  const Case cases[] = {
      {0x00, i4, {0, 0}, {0, 0}},   {0x71, i4, {0, 1}, {0, 7}},   {0x9F, i4, {0, -1}, {0, -7}},
      {0x18, i4, {0, 0}, {2, 3}},   {0x8F, i4, {5, -3}, {0, 0}},  {0x88, i4, {0, 0}, {0, 0}},
      {0x08, i4, {0, 0}, {2, 2}},   {0xA8, i4, {0, 0}, {3, -2}},  {0x45, f4, {3, 1}, {4, 1}},
      {0xC8, f4, {0, 0}, {5, -2}},  {0x87, f4, {6, 3}, {0, 0}},   {0xE6, f4, {1, 2}, {1, -2}},
      {0xDC, f4, {4, -1}, {3, -1}}, {0x80, f4, {3, 2}, {0, 0}},   {0x3B, f4, {0, -3}, {0, 3}},
  };
  for (const Case &c : cases) {
    INFO("byte " << int(c.byte));
    const auto got = decodeByte(c.byte, c.type);
    CHECK(got.first == c.lo);
    CHECK(got.second == c.hi);
  }
  // 0x8F (int4): -3 << 5 = -96; 0x87 (flint4): 3 << 6 = 192.
  CHECK(byteValues(0x8F, i4) == std::pair<int64_t, int64_t>{-96, 0});
  CHECK(byteValues(0x87, f4) == std::pair<int64_t, int64_t>{192, 0});
}

TEST_CASE("ovp: element encoders invert the hand tables", "[ovp]") {
  for (NormalType t : kTypes) {
    const ovp_ref::Ei *normal = isFlint(t) ? ovp_ref::kFlint4Normal : ovp_ref::kInt4Normal;
    const int *outlier = isFlint(t) ? ovp_ref::kFlint4OutlierValue : ovp_ref::kInt4OutlierValue;
    for (unsigned n = 0; n < 16; ++n) {
      if (n != 8) CHECK(encodeNormal(ovp_ref::valueOf(normal[n]), t) == n);
      if ((n & 7) != 0) CHECK(encodeOutlier(outlier[n], t) == n);
    }
    CHECK(encodeNormal(0, t) == 0);
    CHECK_THROWS_AS(encodeNormal(12, t), quasar::InputError);
    CHECK_THROWS_AS(encodeOutlier(5, t), quasar::InputError);
  }
  CHECK_THROWS_AS(encodeNormal(-8, NormalType::Int4), quasar::InputError);
  CHECK_THROWS_AS(encodeNormal(5, NormalType::Flint4), quasar::InputError);
  CHECK_THROWS_AS(encodeOutlier(8, NormalType::Int4), quasar::InputError); // reserved code
}
