// The post-processing parameters after the array (arch/post_params.h, docs/dyadic-pipeline.md):
// RAM layout, CSR writes, padding lanes, output words and the drain's added latency, each
// against values worked out by hand.
#include "quasar/arch/csr.h"
#include "quasar/arch/post_params.h"
#include "quasar/arch/timing.h"

#include "quasar/config/error.h"
#include "quasar/config/load.h"

#include <catch2/catch.hpp>

#include <set>

using namespace quasar;
namespace dy = models::dyadic;

namespace {

config::AccelConfig makeConfig(const std::string &extra) {
  return config::loadAccelText("name: t\n" + extra, "t.yaml");
}

} // namespace

TEST_CASE("post params: the int8_requant_relu layout", "[arch][post]") {
  // 8 lanes of m (31) + e (6) + zero point (8) + bias (32) = 77 bits; 616-bit words in 20
  // chunks; n_max 4096 / 8 = 512 words, 9 address bits.
  const auto cfg = makeConfig("limits: {n_max: 4096}\n"
                              "post: {bias: true, requant: {enabled: true}, activation: relu}\n");
  const arch::ParamLaneLayout l = arch::paramLaneLayout(cfg);
  CHECK(l.multLsb == 0);
  CHECK(l.shiftLsb == 31);
  CHECK(l.zpLsb == 37);
  CHECK(l.biasLsb == 45);
  CHECK(l.laneBits == 77);
  CHECK(arch::paramWordBits(cfg) == 616);
  CHECK(arch::paramWordChunks(cfg) == 20);
  CHECK(arch::paramRamWords(cfg) == 512);
  CHECK(arch::paramIndexBits(cfg) == 9);
  // Output words: 8 lanes of int8 on one 64-bit beat; the drain adds the requantizer's stages
  // and as many FIFO words.
  CHECK(arch::outputWordFormat(cfg).laneBits == 8);
  CHECK(arch::outputWordFormat(cfg).beatsPerWord() == 1);
  CHECK(arch::drainPipelineStages(cfg) == 4);
  CHECK(arch::outputFifoWords(cfg) == 6);
  const auto plain = makeConfig("");
  CHECK(arch::drainPipelineStages(plain) == 0);
  CHECK(arch::outputFifoWords(plain) == 2);
  CHECK(arch::outputWordFormat(plain).laneBits == 32);
}

TEST_CASE("post params: which registers a design has", "[arch][post]") {
  auto names = [](const config::AccelConfig &cfg) {
    std::set<std::string> s;
    for (const arch::Csr &c : arch::postCsrMap(cfg)) s.insert(c.name);
    return s;
  };
  CHECK(names(makeConfig("")).empty());
  CHECK(names(makeConfig("post: {requant: {enabled: true}}\n")) ==
        std::set<std::string>{"param_index", "param_data"});
  CHECK(names(makeConfig("post: {bias: true, requant: {enabled: true, granularity: per_tensor}, "
                         "activation: clip}\n")) ==
        std::set<std::string>{"requant_mult", "requant_shift", "zero_point", "bias_lo", "clip_lo",
                              "clip_hi"});
  CHECK(names(makeConfig("pe: {a_bits: 16, w_bits: 16, acc_bits: 48}\n"
                         "post: {bias: true, requant: {enabled: true, granularity: per_tensor}}\n"))
            .count("bias_hi") == 1);
  // Offsets never collide with the GEMM registers or each other.
  const auto cfg = makeConfig("post: {bias: true, requant: {enabled: true, granularity: "
                              "per_tensor}, activation: relu6}\n");
  std::set<uint32_t> offsets;
  for (const arch::Csr &c : arch::csrMapFor(cfg)) CHECK(offsets.insert(c.offset).second);
}

TEST_CASE("post params: per-channel writes pack the lanes by hand", "[arch][post]") {
  // cols 2, mult_bits 8, out_bits 4, no bias: lane = m (8) | e (6) | zp (4) = 18 bits, word 36
  // bits in 2 chunks. N = 3: two words, channel 3 of word 1 zero.
  const auto cfg = makeConfig("array: {rows: 2, cols: 2}\n"
                              "post: {requant: {enabled: true, mult_bits: 8, out_bits: 4}}\n");
  dy::RequantParams p = arch::requantParamsTemplate(cfg);
  p.multipliers = {{0x81, 9}, {0xff, 63}, {0x80, 1}};
  p.zeroPoints = {-1, 7, -8};
  const auto writes = arch::postParamWrites(cfg, p, 3);
  // Lane 0: 0x81 | 9 << 8 | 0xf << 14 = 0x3c981; lane 1 at bit 18: 0xff | 63 << 8 | 7 << 14
  // = 0x1ffff -> bits 18..34: chunk 0 gets 0x1ffff << 18 (low 14 bits: 0x3fff << 18), chunk 1
  // gets 0x1ffff >> 14 = 0x7.
  const uint32_t w0c0 = 0x3c981u | ((0x1ffffu << 18) & 0xffffffffu);
  const uint32_t w0c1 = 0x1ffffu >> 14;
  // Word 1: lane 0 = 0x80 | 1 << 8 | 8 << 14 = 0x20180, lane 1 zero.
  const std::vector<std::pair<uint32_t, uint32_t>> want = {
      {arch::csr::kParamIndex, 0}, {arch::csr::kParamData, w0c0}, {arch::csr::kParamData, w0c1},
      {arch::csr::kParamData, 0x20180u}, {arch::csr::kParamData, 0}};
  CHECK(writes == want);
  // Padding lanes carry clamp(0) (zero parameters): 0 for activation none.
  CHECK(arch::paddingLaneValue(cfg, p) == 0);
  p.multipliers.pop_back();
  CHECK_THROWS_AS(arch::postParamWrites(cfg, p, 3), InputError);
}

TEST_CASE("post params: per-tensor writes and the padding lane", "[arch][post]") {
  const auto cfg = makeConfig("pe: {a_bits: 16, w_bits: 16, acc_bits: 48}\n"
                              "post: {bias: true, requant: {enabled: true, granularity: "
                              "per_tensor, out_bits: 8}, activation: clip}\n");
  dy::RequantParams p = arch::requantParamsTemplate(cfg);
  p.multipliers = {{3, 2}};
  p.zeroPoints = {-5};
  p.bias = {-(int64_t(1) << 33) - 7};
  p.clipLo = -20;
  p.clipHi = 100;
  const auto writes = arch::postParamWrites(cfg, p, 10);
  const std::vector<std::pair<uint32_t, uint32_t>> want = {
      {arch::csr::kRequantMult, 3},         {arch::csr::kRequantShift, 2},
      {arch::csr::kZeroPoint, 0xfffffffbu}, {arch::csr::kBiasLo, 0xfffffff9u},
      {arch::csr::kBiasHi, 0xfffffffdu},    {arch::csr::kClipLo, 0xffffffecu},
      {arch::csr::kClipHi, 100}};
  CHECK(writes == want);
  // A padding lane: z = bias = -2^33 - 7, z * 3 / 4 half_up = -6442450965.25 -> -6442450965,
  // + zp -5, clamped to clip_lo = -20.
  CHECK(arch::paddingLaneValue(cfg, p) == -20);
  p.multipliers = {{1, 0}};
  p.bias = {30};
  CHECK(arch::paddingLaneValue(cfg, p) == 25); // 30 - 5
}
