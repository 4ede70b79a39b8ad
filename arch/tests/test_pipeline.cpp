// top: pipeline (arch/pipeline.h, docs/dyadic-pipeline.md): the row layout of both streams,
// the parameter RAM's shape, the register map and the dimension check, against values worked
// out by hand.
#include "quasar/arch/csr.h"
#include "quasar/arch/pipeline.h"
#include "quasar/arch/post_params.h"
#include "quasar/config/error.h"

#include "arch_test_util.h"

#include <catch2/catch.hpp>

#include <set>
#include <string>

using namespace quasar;
using arch::testing::makeConfig;
namespace dy = models::dyadic;

namespace {

// 3 lanes of 20 bits on 32-bit beats (60 bits: 2 beats), uint4 out on 8-bit beats (2 beats).
config::AccelConfig threeLanes() {
  return makeConfig("top: pipeline\npe: {a_bits: 6, w_bits: 6, acc_bits: 20}\n"
                    "limits: {k_max: 256, m_max: 9}\n"
                    "interfaces: {axis_in_bits: 32, axis_out_bits: 8}\n"
                    "post: {requant: {enabled: true, granularity: per_channel, out_bits: 4, "
                    "out_signed: false}, row_max: 7, lanes: 3}\n");
}

} // namespace

TEST_CASE("pipeline: input words row by row, padding lanes zero, LSB first", "[arch][pipeline]") {
  const auto cfg = threeLanes();
  CHECK(arch::isPipeline(cfg));
  CHECK(arch::pipelineWordsPerRow(cfg, 1) == 1);
  CHECK(arch::pipelineWordsPerRow(cfg, 3) == 1);
  CHECK(arch::pipelineWordsPerRow(cfg, 4) == 2);
  // [2 x 4]: row 0 = {1, -1, 2, 3}, row 1 = {-524288, 524287, 0, 5}: 2 words per row.
  models::IntMatrix z(2, 4);
  z << 1, -1, 2, 3, -524288, 524287, 0, 5;
  const std::vector<arch::Beat> beats = arch::packPipelineInput(cfg, z);
  REQUIRE(beats.size() == 8); // 4 words x 2 beats
  // Word 0 = lanes {1, -1 (0xFFFFF), 2}: bits 0..19 = 1, 20..39 = 0xFFFFF, 40..59 = 2.
  CHECK(beats[0].data == std::vector<uint32_t>{0xFFF00001u});
  CHECK(beats[1].data == std::vector<uint32_t>{0x000002FFu});
  // Word 1 = lanes {3, 0, 0}: padding lanes are zero.
  CHECK(beats[2].data == std::vector<uint32_t>{3u});
  CHECK(beats[3].data == std::vector<uint32_t>{0u});
  // Word 2 = lanes {-2^19 (0x80000), 2^19 - 1 (0x7FFFF), 0}.
  CHECK(beats[4].data == std::vector<uint32_t>{0xFFF80000u});
  CHECK(beats[5].data == std::vector<uint32_t>{0x0000007Fu});
  CHECK(beats[6].data == std::vector<uint32_t>{5u});
  for (size_t i = 0; i < beats.size(); ++i) CHECK(beats[i].last == (i == 7));
  models::IntMatrix big(1, 1);
  big << 524288;
  CHECK_THROWS_AS(arch::packPipelineInput(cfg, big), InputError);
}

TEST_CASE("pipeline: output words follow the rows, padding lanes carry padLane",
          "[arch][pipeline]") {
  const auto cfg = threeLanes();
  const arch::WordFormat of = arch::outputWordFormat(cfg);
  CHECK(of.lanes == 3);
  CHECK(of.laneBits == 4);
  CHECK(of.beatsPerWord() == 2);
  models::IntMatrix y(2, 4);
  y << 1, 2, 3, 4, 5, 6, 7, 8;
  const std::vector<arch::Beat> beats = arch::packOutput(cfg, y, 9);
  REQUIRE(beats.size() == 8);
  // Word 0 = {1, 2, 3}: 0x321 in 12 bits -> beats 0x21, 0x03.
  CHECK(beats[0].data[0] == 0x21u);
  CHECK(beats[1].data[0] == 0x03u);
  // Word 1 = {4, 9, 9}.
  CHECK(beats[2].data[0] == 0x94u);
  CHECK(beats[3].data[0] == 0x09u);
  CHECK(beats[7].last);
  const auto origins = arch::outputBeatOrigins(cfg, arch::GemmDims{2, 4, 0});
  REQUIRE(origins.size() == 8);
  CHECK(origins[2].m == 0);
  CHECK(origins[2].n0 == 3);
  CHECK(origins[5].m == 1);
  CHECK(origins[5].n0 == 0);
  CHECK(origins[5].beatInWord == 1);
}

TEST_CASE("pipeline: parameter RAM of ceil(row_max / lanes) words of lanes", "[arch][pipeline]") {
  const auto cfg = threeLanes();
  // Lane: m (31) + e (6) + zero point (4) = 41 bits; 3 lanes = 123 bits in 4 chunks;
  // ceil(7 / 3) = 3 words, 2 address bits.
  CHECK(arch::postLanes(cfg) == 3);
  CHECK(arch::paramWordBits(cfg) == 123);
  CHECK(arch::paramWordChunks(cfg) == 4);
  CHECK(arch::paramRamWords(cfg) == 3);
  CHECK(arch::paramIndexBits(cfg) == 2);
  // N = 4: words {ch 0..2}, {ch 3, zeros}: index, then 4 chunks per word.
  dy::RequantParams p = arch::requantParamsTemplate(cfg);
  p.multipliers = {{1, 2}, {3, 4}, {5, 6}, {7, 8}};
  p.zeroPoints = {1, 2, 3, 4};
  const auto writes = arch::postParamWrites(cfg, p, 4);
  REQUIRE(writes.size() == 9);
  CHECK(writes[0] == std::make_pair(arch::csr::kParamIndex, 0u));
  // Word 1, lane 0 = channel 3: m = 7 at bit 0, e = 8 at bit 31 (bit 31 of chunk 0 is e's
  // bit 0 = 0; e's bits 1..5 = 0b00100 in chunk 1 bits 0..4), zp = 4 at bit 37.
  CHECK(writes[5].second == 7u);
  CHECK(writes[6].second == ((8u >> 1) | (4u << 5)));
  CHECK(writes[7].second == 0u);
  CHECK(writes[8].second == 0u);
}

TEST_CASE("pipeline: registers and dimensions", "[arch][pipeline]") {
  const auto cfg = threeLanes();
  std::set<std::string> names;
  for (const arch::Csr &c : arch::csrMapFor(cfg)) names.insert(c.name);
  for (const char *n : {"ctrl", "status", "error_code", "dim_m", "dim_n", "cycles_busy",
                        "stall_in", "stall_out", "config_hash", "param_index", "param_data"})
    CHECK(names.count(n) == 1);
  for (const char *n : {"dim_k", "macs_lo", "macs_hi", "array_shape", "requant_mult"})
    CHECK(names.count(n) == 0);
  // Same offsets as the accelerator's registers of the same name.
  for (const arch::Csr &p : arch::pipelineCsrMap())
    for (const arch::Csr &a : arch::csrMap())
      if (std::string(p.name) == a.name) CHECK(p.offset == a.offset);
  CHECK_NOTHROW(arch::checkPipelineDims(cfg, 9, 7));
  CHECK_THROWS_AS(arch::checkPipelineDims(cfg, 0, 7), InputError);
  CHECK_THROWS_AS(arch::checkPipelineDims(cfg, 10, 7), InputError);
  CHECK_THROWS_AS(arch::checkPipelineDims(cfg, 1, 8), InputError);
  CHECK_THROWS_AS(arch::checkPipelineDims(cfg, 1, 0), InputError);
}
