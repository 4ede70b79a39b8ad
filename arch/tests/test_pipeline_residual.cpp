// top: pipeline with post.residual (arch/pipeline.h, arch/post_params.h,
// docs/dyadic-pipeline.md "top: pipeline"): the second branch's registers and RAM fields, the
// host's writes, the expected output words and the residual stream's timing, against values
// worked out by hand.
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

config::AccelConfig residual(const std::string &granularity) {
  return makeConfig("top: pipeline\npe: {acc_bits: 20}\nlimits: {k_max: 16}\n"
                    "post: {requant: {enabled: true, granularity: " + granularity +
                    ", mult_bits: 8, out_bits: 4}, residual: true, row_max: 4, lanes: 2}\n");
}

} // namespace

TEST_CASE("pipeline residual: registers and the RAM lane", "[arch][pipeline][residual]") {
  std::set<std::string> names;
  for (const arch::Csr &c : arch::csrMapFor(residual("per_tensor"))) names.insert(c.name);
  CHECK(names.count("res_mult") == 1);
  CHECK(names.count("res_shift") == 1);
  std::set<uint32_t> offsets;
  for (const arch::Csr &c : arch::csrMapFor(residual("per_tensor")))
    CHECK(offsets.insert(c.offset).second);
  CHECK(offsets.count(0x64) == 1);
  CHECK(offsets.count(0x68) == 1);
  // Per channel the pair sits in the RAM lane: m (8) | e (6) | zp (4) | m2 (8) | e2 (6).
  const auto pc = residual("per_channel");
  for (const arch::Csr &c : arch::csrMapFor(pc)) CHECK(std::string(c.name).rfind("res_", 0) != 0);
  const arch::ParamLaneLayout l = arch::paramLaneLayout(pc);
  CHECK(l.zpLsb == 14);
  CHECK(l.biasLsb == -1);
  CHECK(l.resMultLsb == 18);
  CHECK(l.resShiftLsb == 26);
  CHECK(l.laneBits == 32);
  CHECK(arch::paramWordBits(pc) == 64);
}

TEST_CASE("pipeline residual: the host's writes by hand", "[arch][pipeline][residual]") {
  const auto pc = residual("per_channel");
  dy::ResidualParams p = arch::residualParamsTemplate(pc);
  p.multipliers1 = {{0x81, 9}, {0xff, 63}, {0x80, 1}};
  p.multipliers2 = {{0x03, 2}, {0x80, 63}, {0, 5}};
  p.zeroPoints = {-1, 7, -8};
  // Channel 0: 0x81 | 9 << 8 | 0xf << 14 | 3 << 18 | 2 << 26 = 0x080fc981; channel 1 (the
  // word's second 32 bits): 0xff | 63 << 8 | 7 << 14 | 0x80 << 18 | 63 << 26 = 0xfe01ffff;
  // word 1, channel 2: 0x80 | 1 << 8 | 8 << 14 | 0 | 5 << 26 = 0x14020180, channel 3 zero.
  const std::vector<std::pair<uint32_t, uint32_t>> want = {
      {arch::csr::kParamIndex, 0},        {arch::csr::kParamData, 0x080fc981u},
      {arch::csr::kParamData, 0xfe01ffffu}, {arch::csr::kParamData, 0x14020180u},
      {arch::csr::kParamData, 0}};
  CHECK(arch::residualParamWrites(pc, p, 3) == want);
  dy::RequantParams rq = arch::requantParamsTemplate(pc);
  rq.multipliers = p.multipliers1;
  rq.zeroPoints = p.zeroPoints;
  CHECK_THROWS_AS(arch::postParamWrites(pc, rq, 3), InputError); // the second branch is missing
  p.multipliers2.pop_back();
  CHECK_THROWS_AS(arch::residualParamWrites(pc, p, 3), InputError);

  const auto pt = residual("per_tensor");
  dy::ResidualParams t = arch::residualParamsTemplate(pt);
  t.multipliers1 = {{200, 7}};
  t.multipliers2 = {{17, 63}};
  t.zeroPoints = {-3};
  const std::vector<std::pair<uint32_t, uint32_t>> wantT = {
      {arch::csr::kRequantMult, 200}, {arch::csr::kRequantShift, 7},
      {arch::csr::kZeroPoint, 0xfffffffdu}, {arch::csr::kResMult, 17},
      {arch::csr::kResShift, 63}};
  CHECK(arch::residualParamWrites(pt, t, 5) == wantT);
  CHECK_THROWS_AS(arch::residualParamWrites(makeConfig("top: pipeline\npost: {requant: "
                                                       "{enabled: true}}\n"),
                                            t, 5),
                  InputError);
}

TEST_CASE("pipeline residual: output words by hand", "[arch][pipeline][residual]") {
  const auto pt = residual("per_tensor");
  dy::ResidualParams p = arch::residualParamsTemplate(pt); // half_up, int4, no activation
  p.multipliers1 = {{3, 1}};
  p.multipliers2 = {{1, 1}};
  p.zeroPoints = {0};
  models::IntMatrix z1(1, 3), z2(1, 3);
  z1 << 5, -3, 7;
  z2 << -6, 2, 1;
  // R(15 / 2) = 8, R(-6 / 2) = -3: 5.  R(-9 / 2) = -4 (half_up), R(2 / 2) = 1: -3.
  // R(21 / 2) = 11, R(1 / 2) = 1: 12, saturated to 7. The padding lane: 0.
  const std::vector<arch::Beat> beats = arch::packResidualOutput(pt, z1, z2, p);
  REQUIRE(beats.size() == 2);
  CHECK(beats[0].data[0] == 0xd5u);
  CHECK_FALSE(beats[0].last);
  CHECK(beats[1].data[0] == 0x07u);
  CHECK(beats[1].last);
}

TEST_CASE("pipeline residual: both streams' beats in the same cycles", "[arch][pipeline][residual]") {
  const auto pc = residual("per_channel");
  const arch::PipelineTiming t = arch::pipelineTiming(pc, 3);
  CHECK(t.residualBeats == t.inputBeats);
  CHECK(t.inputBeats.size() == 3); // 2 x 20 bits on one 64-bit beat
  CHECK(arch::pipelineTiming(makeConfig("top: pipeline\npost: {requant: {enabled: true}}\n"), 3)
            .residualBeats.empty());
}
