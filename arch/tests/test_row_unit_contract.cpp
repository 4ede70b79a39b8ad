// The row unit of post.nonlinear inside top: pipeline (arch/pipeline.h, arch/post_params.h,
// docs/dyadic-pipeline.md "Row units in top: pipeline"): output word format, the last word's
// lane count, registers, the bias_int lane field and the host's writes, against values worked
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

config::AccelConfig rowCfg(const std::string &unit, const std::string &granularity, int lanes,
                           int outBeatBits) {
  return makeConfig("top: pipeline\npe: {a_bits: 6, w_bits: 6, acc_bits: 20}\n"
                    "limits: {k_max: 256, m_max: 9}\n"
                    "interfaces: {axis_in_bits: 32, axis_out_bits: " +
                    std::to_string(outBeatBits) +
                    "}\n"
                    "post: {requant: {enabled: true, granularity: " +
                    granularity + ", mult_bits: 8, out_bits: 4}, nonlinear: " + unit +
                    ", row_max: 7, lanes: " + std::to_string(lanes) + "}\n");
}

std::set<std::string> csrNames(const config::AccelConfig &cfg) {
  std::set<std::string> s;
  for (const arch::Csr &c : arch::csrMapFor(cfg)) s.insert(c.name);
  return s;
}

} // namespace

TEST_CASE("row unit: output words are lanes x the unit's width", "[arch][pipeline][rowunit]") {
  // Shiftmax 3 x 16 = 48 bits on 32-bit beats: 2 beats, the output word register.
  const auto sm = rowCfg("shiftmax", "per_tensor", 3, 32);
  CHECK(arch::hasRowUnit(sm));
  CHECK(arch::rowUnitOutBits(sm) == 16);
  CHECK(arch::outputWordFormat(sm).laneBits == 16);
  CHECK(arch::outputWordFormat(sm).beatsPerWord() == 2);
  CHECK(arch::rowUnitOutputStages(sm) == 1);
  // ShiftGELU 2 x 48 = 96 bits on 128-bit beats: one beat, y_o straight out.
  const auto sg = rowCfg("shiftgelu", "per_tensor", 2, 128);
  CHECK(arch::outputWordFormat(sg).laneBits == 48);
  CHECK(arch::outputWordFormat(sg).beatsPerWord() == 1);
  CHECK(arch::rowUnitOutputStages(sg) == 0);
  // I-LayerNorm 3 x 64 = 192 bits on 64-bit beats: 3 beats.
  const auto ln = rowCfg("layernorm", "per_channel", 3, 64);
  CHECK(arch::outputWordFormat(ln).laneBits == 64);
  CHECK(arch::outputWordFormat(ln).beatsPerWord() == 3);
  // Without a unit the requantizer's lanes as before.
  const auto rq = makeConfig("top: pipeline\npost: {requant: {enabled: true, out_bits: 4}}\n");
  CHECK(!arch::hasRowUnit(rq));
  CHECK(arch::outputWordFormat(rq).laneBits == 4);
}

TEST_CASE("row unit: count_i on a row's last word", "[arch][pipeline][rowunit]") {
  const auto cfg = rowCfg("shiftmax", "per_tensor", 3, 32);
  CHECK(arch::pipelineLastWordCount(cfg, 1) == 1);
  CHECK(arch::pipelineLastWordCount(cfg, 3) == 3);
  CHECK(arch::pipelineLastWordCount(cfg, 4) == 1);
  CHECK(arch::pipelineLastWordCount(cfg, 6) == 3);
  CHECK(arch::pipelineLastWordCount(cfg, 7) == 1);
}

TEST_CASE("row unit: x0 register and its range", "[arch][pipeline][rowunit]") {
  CHECK(arch::csr::kNonlinearX0 == 0x6C);
  CHECK(arch::csr_error::kBadX0 == 4);
  CHECK(arch::rowUnitX0Valid(-1));
  CHECK(arch::rowUnitX0Valid(-65535));
  CHECK(!arch::rowUnitX0Valid(0));
  CHECK(!arch::rowUnitX0Valid(-65536));
  CHECK(!arch::rowUnitX0Valid(1));
  for (const char *unit : {"shiftmax", "shiftgelu"}) {
    const auto cfg = rowCfg(unit, "per_tensor", 3, 32);
    CHECK(arch::rowUnitUsesX0(cfg));
    CHECK(csrNames(cfg).count("nonlinear_x0") == 1);
    CHECK(csrNames(cfg).count("param_index") == 0);
  }
  const auto ln = rowCfg("layernorm", "per_tensor", 3, 32);
  CHECK(!arch::rowUnitUsesX0(ln));
  CHECK(csrNames(ln).count("nonlinear_x0") == 0);
  // Per tensor with I-LayerNorm: the parameter registers carry bias_int.
  CHECK(csrNames(ln).count("param_index") == 1);
  CHECK(csrNames(ln).count("param_data") == 1);
  CHECK(csrNames(ln).count("requant_mult") == 1);
  std::set<uint32_t> offsets;
  for (const arch::Csr &c : arch::csrMapFor(rowCfg("shiftmax", "per_channel", 3, 32)))
    CHECK(offsets.insert(c.offset).second);
}

TEST_CASE("row unit: bias_int is a lane field above the requant fields", "[arch][pipeline][rowunit]") {
  // Per channel, 3 lanes: m (8) | e (6) | zp (4) = 18 bits kept in u_param_ram, bias_int at
  // bit 18, lane 82 bits; the CSR word is 246 bits (8 chunks), the RAM word 54.
  const auto pc = rowCfg("layernorm", "per_channel", 3, 64);
  const arch::ParamLaneLayout l = arch::paramLaneLayout(pc);
  CHECK(l.zpLsb == 14);
  CHECK(l.biasIntLsb == 18);
  CHECK(l.ramLaneBits == 18);
  CHECK(l.laneBits == 82);
  CHECK(arch::paramWordBits(pc) == 246);
  CHECK(arch::paramWordChunks(pc) == 8);
  CHECK(arch::paramRamWordBits(pc) == 54);
  CHECK(arch::hasParamRam(pc));
  CHECK(arch::hasParamRegisters(pc));
  // Per tensor: the lane is bias_int alone and there is no u_param_ram.
  const auto pt = rowCfg("layernorm", "per_tensor", 2, 64);
  const arch::ParamLaneLayout t = arch::paramLaneLayout(pt);
  CHECK(t.biasIntLsb == 0);
  CHECK(t.laneBits == 64);
  CHECK(t.ramLaneBits == 0);
  CHECK(!arch::hasParamRam(pt));
  CHECK(arch::hasParamRegisters(pt));
  // Shiftmax per channel: the layout of the requantizer alone.
  const auto sm = rowCfg("shiftmax", "per_channel", 3, 32);
  CHECK(arch::paramLaneLayout(sm).biasIntLsb == -1);
  CHECK(arch::paramLaneLayout(sm).laneBits == 18);
  CHECK(arch::paramRamWordBits(sm) == arch::paramWordBits(sm));
}

TEST_CASE("row unit: the host's writes", "[arch][pipeline][rowunit]") {
  // I-LayerNorm per tensor, 2 lanes, N = 3: the requant CSRs, then two words of two 64-bit
  // bias_int lanes (4 chunks each), channel 3 zero.
  const auto pt = rowCfg("layernorm", "per_tensor", 2, 64);
  dy::RequantParams p = arch::requantParamsTemplate(pt);
  p.multipliers = {{5, 3}};
  p.zeroPoints = {-2};
  arch::NonlinearParams nl;
  nl.biasInt = {-1, (int64_t(1) << 62) + 5, int64_t(0x123456789)};
  const std::vector<std::pair<uint32_t, uint32_t>> want = {
      {arch::csr::kRequantMult, 5},         {arch::csr::kRequantShift, 3},
      {arch::csr::kZeroPoint, 0xfffffffeu}, {arch::csr::kParamIndex, 0},
      {arch::csr::kParamData, 0xffffffffu}, {arch::csr::kParamData, 0xffffffffu},
      {arch::csr::kParamData, 5},           {arch::csr::kParamData, 0x40000000u},
      {arch::csr::kParamData, 0x23456789u}, {arch::csr::kParamData, 1},
      {arch::csr::kParamData, 0},           {arch::csr::kParamData, 0}};
  CHECK(arch::postParamWrites(pt, p, 3, nl) == want);
  nl.biasInt.pop_back();
  CHECK_THROWS_AS(arch::postParamWrites(pt, p, 3, nl), InputError);
  // Shiftmax: x0 goes to nonlinear_x0 as 32-bit two's complement, after the requant CSRs.
  const auto sm = rowCfg("shiftmax", "per_tensor", 3, 32);
  nl = arch::NonlinearParams{-300, {}};
  const auto w = arch::postParamWrites(sm, p, 5, nl);
  REQUIRE(w.size() == 4);
  CHECK(w.back() == std::pair<uint32_t, uint32_t>{arch::csr::kNonlinearX0, 0xfffffed4u});
}

TEST_CASE("row unit: expected output of an all-equal row is bias_int (I-LayerNorm, var 0)",
          "[arch][pipeline][rowunit]") {
  // Identity requantizer (m = 1, e = 0, zp 0): every element 5 -> mean 5, var 0, y = 0, so
  // out = bias_int per channel; lanes beyond N = 3 are 0.
  const auto pt = rowCfg("layernorm", "per_tensor", 2, 64);
  dy::RequantParams p = arch::requantParamsTemplate(pt);
  p.multipliers = {{1, 0}};
  p.zeroPoints = {0};
  models::IntMatrix acc(1, 3);
  acc << 5, 5, 5;
  const arch::NonlinearParams nl{-1, {7, -9, int64_t(1) << 40}};
  const models::IntMatrix y = arch::rowUnitGolden(pt, acc, p, nl);
  CHECK(y(0, 0) == 7);
  CHECK(y(0, 1) == -9);
  CHECK(y(0, 2) == int64_t(1) << 40);
  const auto beats = arch::packRowUnitOutput(pt, acc, p, nl);
  REQUIRE(beats.size() == 4); // two words of two 64-bit beats
  CHECK(beats[0].data == std::vector<uint32_t>{7, 0});
  CHECK(beats[1].data == std::vector<uint32_t>{0xfffffff7u, 0xffffffffu});
  CHECK(beats[2].data == std::vector<uint32_t>{0, 0x100});
  CHECK(beats[3].data == std::vector<uint32_t>{0, 0}); // the padding lane
  CHECK(beats[3].last);
}
