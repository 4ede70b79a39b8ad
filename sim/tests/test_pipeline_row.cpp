// `top: pipeline` with a row unit (post.nonlinear) in the SystemC model (sim::PipelineTop with
// its RowUnit) and the analytical timing (arch::pipelineRowUnitTiming):
//   - the analytical cycles of two small runs worked out by hand from the docs' rules;
//   - random configs (the three units, 1..8 lanes, words on one or several beats in and out,
//     per tensor / per channel, identity-like and random requantizers) without stalls: every
//     output beat equals the golden model (models::dyadic::requantize, then the unit's golden
//     function per row, packed lanes x the unit's width with 0 beyond the row's end) and every
//     input and output beat's cycle and cycles_busy equal the analytical model's;
//   - the same with stalls: values, and the CSR counters against the pins;
//   - a start with x0 outside -(2^16 - 1)..-1: error code 4.
// Cycle exactness against the RTL itself is the co-simulation's (cosim.pipeline.*).
#include "host.h"
#include "quasar/arch/csr.h"
#include "quasar/arch/pipeline.h"
#include "quasar/arch/pipeline_row_timing.h"
#include "quasar/arch/post_params.h"
#include "quasar/arch/stream.h"
#include "quasar/config/error.h"
#include "quasar/config/load.h"
#include "quasar/models/dyadic.h"
#include "quasar/models/nonlinear.h"
#include "quasar/sim/systemc_dut.h"

#include <catch2/catch.hpp>

#include <map>
#include <random>
#include <chrono>
#include <cstdio>
#include <sstream>

using namespace quasar;
namespace dy = models::dyadic;

namespace {

int pick(std::mt19937_64 &rng, int lo, int hi) { return lo + int(rng() % uint64_t(hi - lo + 1)); }

config::AccelConfig pipelineConfig(const std::string &unit, int lanes, int rowMax, int accBits,
                                   int outBits, bool outSigned, bool perChannel, int inBits,
                                   int outBeatBits, const std::string &name = "pr") {
  std::ostringstream y;
  y << "name: " << name << "\ntop: pipeline\npe: {acc_bits: " << accBits << "}\n"
    << "limits: {m_max: 256, k_max: 1}\n"
    << "post:\n  requant: {enabled: true, granularity: "
    << (perChannel ? "per_channel" : "per_tensor") << ", rounding: half_even, out_bits: "
    << outBits << ", out_signed: " << (outSigned ? "true" : "false") << "}\n"
    << "  nonlinear: " << unit << "\n  row_max: " << rowMax << "\n  lanes: " << lanes << "\n"
    << "interfaces: {axis_in_bits: " << inBits << ", axis_out_bits: " << outBeatBits << "}\n";
  return config::loadAccelText(y.str(), name + ".yaml");
}

struct Case {
  config::AccelConfig cfg;
  int64_t m = 1, n = 1, x0 = -1;
  models::IntMatrix z;
  dy::RequantParams p;
  std::vector<int64_t> biasInt; // I-LayerNorm, one per channel
};

// Requantizer parameters: identity-like (m = 2^(mb-1), e = mb - 1: y = clamp(z + zp)) or drawn.
dy::RequantParams drawParams(std::mt19937_64 &rng, const config::AccelConfig &cfg, int64_t n) {
  dy::RequantParams p = arch::requantParamsTemplate(cfg);
  const bool perChannel = cfg.post.requant.granularity == config::Granularity::PerChannel;
  const int64_t entries = perChannel ? n : 1;
  const int mb = cfg.post.requant.mult_bits;
  const bool identity = rng() % 2;
  p.multipliers.clear();
  p.zeroPoints.clear();
  const int ob = cfg.post.requant.out_bits;
  for (int64_t c = 0; c < entries; ++c) {
    if (identity)
      p.multipliers.push_back({int64_t(1) << (mb - 1), mb - 1});
    else
      p.multipliers.push_back({(int64_t(1) << (mb - 1)) + int64_t(rng() % (uint64_t(1) << (mb - 1))),
                               std::min(63, pick(rng, mb - 1, mb + cfg.pe.acc_bits - ob))});
    p.zeroPoints.push_back(cfg.post.requant.out_signed ? pick(rng, -3, 3) : pick(rng, 0, 5));
  }
  return p;
}

Case randomCase(std::mt19937_64 &rng, int index) {
  static const char *units[] = {"shiftmax", "shiftgelu", "layernorm"};
  const std::string unit = units[index % 3];
  const int lanes = pick(rng, 1, 8);
  const int rowMax = pick(rng, 1, 3 * lanes + 2);
  const int accBits = pick(rng, 17, 40), outBits = pick(rng, 4, 16);
  const int inBits = 8 * pick(rng, 1, 40), outBeatBits = 8 * pick(rng, 1, 64);
  Case c;
  c.cfg = pipelineConfig(unit, lanes, rowMax, accBits, outBits, rng() % 2, rng() % 2, inBits,
                         outBeatBits, "pr" + std::to_string(index));
  c.m = unit == "layernorm" ? pick(rng, 1, 3) : pick(rng, 1, 6);
  c.n = pick(rng, 1, rowMax);
  c.x0 = -(int64_t(1) << pick(rng, 0, 15));
  c.x0 = std::max<int64_t>(c.x0 - pick(rng, 0, 999), -((int64_t(1) << 16) - 1));
  c.z = models::IntMatrix(c.m, c.n);
  const int spread = pick(rng, 1, accBits - 1);
  for (Eigen::Index i = 0; i < c.z.size(); ++i)
    c.z.data()[i] = int64_t(rng() % (uint64_t(1) << spread)) - (int64_t(1) << (spread - 1));
  c.p = drawParams(rng, c.cfg, c.n);
  if (unit == "layernorm")
    for (int64_t j = 0; j < c.n; ++j)
      c.biasInt.push_back(rng() % 4 == 0 ? 0 : int64_t(rng() >> pick(rng, 2, 60)) * (rng() % 2 ? 1 : -1));
  return c;
}

// The golden output stream: requantize, the unit per row, lanes x the unit's width.
std::vector<arch::Beat> expectedOutput(const Case &c) {
  const models::IntMatrix y = dy::requantize(c.z, c.p);
  const arch::WordFormat f = arch::outputWordFormat(c.cfg);
  const int lanes = c.cfg.post.lanes;
  std::vector<arch::Beat> out;
  for (int64_t r = 0; r < c.m; ++r) {
    std::vector<int64_t> row(size_t(c.n));
    for (int64_t j = 0; j < c.n; ++j) row[size_t(j)] = y(r, j);
    std::vector<int64_t> v;
    switch (c.cfg.post.nonlinear) {
    case config::Nonlinear::Shiftmax: v = models::nonlinear::shiftmax(row, c.x0); break;
    case config::Nonlinear::ShiftGelu: v = models::nonlinear::shiftGelu(row, c.x0); break;
    default: v = models::nonlinear::layerNorm(row, c.biasInt); break;
    }
    for (int64_t w = 0; w < arch::pipelineWordsPerRow(c.cfg, c.n); ++w) {
      std::vector<int64_t> word(size_t(lanes), 0);
      for (int l = 0; l < lanes && w * lanes + l < c.n; ++l) word[size_t(l)] = v[size_t(w * lanes + l)];
      arch::appendStreamWord(out, f, word);
    }
  }
  out.back().last = true;
  return out;
}

tb::Job runJob(const Case &c) {
  tb::Job j;
  j.name = "run";
  for (const auto &[addr, data] :
       arch::postParamWrites(c.cfg, c.p, c.n, arch::NonlinearParams{c.x0, c.biasInt}))
    j.writes.push_back({addr, data});
  j.writes.push_back({arch::csr::kDimM, uint32_t(c.m)});
  j.writes.push_back({arch::csr::kDimN, uint32_t(c.n)});
  j.writes.push_back({arch::csr::kCtrl, 1});
  j.input.chunks = arch::pipelineInputWordFormat(c.cfg).chunksPerBeat();
  for (const arch::Beat &b : arch::packPipelineInput(c.cfg, c.z)) j.input.push(b.data.data(), b.last);
  j.expectBeats = int64_t(expectedOutput(c).size());
  j.reads = {arch::csr::kStatus, arch::csr::kErrorCode, arch::csr::kCyclesBusy,
             arch::csr::kStallIn, arch::csr::kStallOut};
  return j;
}

struct Run {
  tb::Results results;
  std::map<uint32_t, uint32_t> csr;
};

Run runCase(const Case &c, double stallProb, uint64_t seed) {
  tb::Stimulus stim;
  stim.inChunks = arch::pipelineInputWordFormat(c.cfg).chunksPerBeat();
  stim.outChunks = arch::outputWordFormat(c.cfg).chunksPerBeat();
  stim.stallProb = stallProb;
  stim.seed = seed;
  stim.maxCycles = 2000000;
  stim.jobs.push_back(runJob(c));
  sim::SystemcDut dut(c.cfg, sim::KernelMode::Decoupled);
  Run r;
  const auto t0 = std::chrono::steady_clock::now();
  r.results = tb::runStimulus(dut, stim);
  r.results.simSeconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  for (const tb::ReadRecord &rd : r.results.jobs.at(0).reads) r.csr[rd.addr] = rd.data;
  return r;
}

void checkValues(const Run &r, const Case &c) {
  const std::vector<arch::Beat> expected = expectedOutput(c);
  const tb::JobResult &job = r.results.jobs.at(0);
  REQUIRE(job.outputs.size() == int64_t(expected.size()));
  for (size_t i = 0; i < expected.size(); ++i) {
    arch::Beat got;
    got.data.assign(job.outputs.beat(int64_t(i)), job.outputs.beat(int64_t(i)) + job.outputs.chunks);
    got.last = job.outputs.last[i] != 0;
    INFO(config::toString(c.cfg.post.nonlinear) << " lanes " << c.cfg.post.lanes << " M=" << c.m
                                                << " N=" << c.n << " beat " << i);
    REQUIRE(got == expected[i]);
  }
}

} // namespace

TEST_CASE("pipeline row timing: two Shiftmax rows worked by hand", "[pipeline_row]") {
  // 4 lanes, int32 in on 128-bit beats (IB = 1), 4 x 16-bit out on 64-bit beats (OB = 1);
  // N = 5: W = 2 words per row. shiftmaxFirstOut(2) = 2 + 3 + 32 + 1 + 1 + 1 = 40.
  const config::AccelConfig cfg =
      pipelineConfig("shiftmax", 4, 8, 32, 8, true, false, 128, 64);
  const arch::PipelineTiming t = arch::pipelineRowUnitTiming(cfg, 2, 5);
  // Row 0: words taken by the requantizer in 1, 2 and by the unit in 5, 6 (tL = 6); outputs
  // load in 6 + 40 - 2 = 44 and 45 and leave in 45, 46; the unit reopens in 47. Row 1: word 2
  // enters in 3 and waits in stage 4 from 7 (frozen 7..46), taken in 47; word 3 entered in 4
  // and sat in stage 3 while frozen, reaches stage 4 on edge 47 and is taken in 48 (tL = 48):
  // outputs load in 86, 87 and leave in 87, 88.
  CHECK(t.inputBeats == std::vector<int64_t>{1, 2, 3, 4});
  CHECK(t.outputBeats == std::vector<int64_t>{45, 46, 87, 88});
  CHECK(t.cyclesBusy == 89);
}

TEST_CASE("pipeline row timing: ShiftGELU on two-beat words worked by hand", "[pipeline_row]") {
  // 2 lanes, int32 in on 32-bit beats (IB = 2), 2 x 48-bit out on 64-bit beats (OB = 2);
  // N = 3: W = 2. shiftGeluFirstOut(2) = 2 + 34 = 36, step 34, input reopens on the last load.
  const config::AccelConfig cfg =
      pipelineConfig("shiftgelu", 2, 4, 32, 8, true, true, 32, 64);
  const arch::PipelineTiming t = arch::pipelineRowUnitTiming(cfg, 2, 3);
  // Row 0: word 0's beats in 1, 2 (E = 2), the unit takes it in 6; word 1's in 3, 4 (E = 4),
  // taken in 8 (tL = 8). Loads: 8 + 36 - 2 = 42, then 76; the word register takes them in 43
  // and 77, beats 44, 45 and 78, 79; the unit reopens in 77. Row 1: word 2's beats in 5, 6
  // (E = 6), stage 4 from 10, frozen 10..76, taken in 77; word 3's beats in 7 and 8 (E = 8:
  // stage 1 in 9, stage 2 in 10, frozen there), stage 3 in 78, stage 4 in 79, taken in 79
  // (tL = 79): loads 113 and 147, the register takes them in 114 and 148, beats 115, 116,
  // 149, 150.
  CHECK(t.inputBeats == std::vector<int64_t>{1, 2, 3, 4, 5, 6, 7, 8});
  CHECK(t.outputBeats == std::vector<int64_t>{44, 45, 78, 79, 115, 116, 149, 150});
  CHECK(t.cyclesBusy == 151);
}

TEST_CASE("pipeline row unit model: random configs without stalls match golden and analytical",
          "[pipeline_row]") {
  std::mt19937_64 rng(20261123);
  for (int i = 0; i < 90; ++i) {
    const Case c = randomCase(rng, i);
    const Run r = runCase(c, 0.0, uint64_t(i));
    INFO(config::toString(c.cfg.post.nonlinear) << " case " << i << " lanes " << c.cfg.post.lanes
                                                << " M=" << c.m << " N=" << c.n);
    REQUIRE(r.results.ok);
    checkValues(r, c);
    // The contract's packer gives the same stream.
    CHECK(arch::packRowUnitOutput(c.cfg, c.z, c.p, arch::NonlinearParams{c.x0, c.biasInt}) ==
          expectedOutput(c));
    const arch::PipelineTiming t = arch::pipelineRunTiming(c.cfg, c.m, c.n);
    const tb::JobResult &job = r.results.jobs.at(0);
    const int64_t base = job.writes.back().cycle + 1;
    std::vector<int64_t> in, out;
    for (int64_t x : t.inputBeats) in.push_back(base + x);
    for (int64_t x : t.outputBeats) out.push_back(base + x);
    CHECK(job.inputCycles == in);
    CHECK(job.outputCycles == out);
    CHECK(r.csr.at(arch::csr::kCyclesBusy) == uint32_t(t.cyclesBusy));
    CHECK(r.csr.at(arch::csr::kErrorCode) == 0);
  }
}

TEST_CASE("pipeline row unit model: random configs with stalls stay bit-exact", "[pipeline_row]") {
  std::mt19937_64 rng(4711);
  for (int i = 0; i < 45; ++i) {
    const Case c = randomCase(rng, i);
    const double p = (i % 3 + 1) * 0.25;
    const Run r = runCase(c, p, uint64_t(500 + i));
    INFO(config::toString(c.cfg.post.nonlinear) << " case " << i << " p=" << p);
    REQUIRE(r.results.ok);
    checkValues(r, c);
    const tb::JobResult &job = r.results.jobs.at(0);
    CHECK((r.csr.at(arch::csr::kStatus) & 7) == 2);
    CHECK(r.csr.at(arch::csr::kCyclesBusy) ==
          uint32_t(job.outputCycles.back() - job.writes.back().cycle));
    CHECK(r.csr.at(arch::csr::kStallIn) == uint32_t(job.seenStallIn));
    CHECK(r.csr.at(arch::csr::kStallOut) == uint32_t(job.seenStallOut));
    CHECK(int64_t(r.csr.at(arch::csr::kCyclesBusy)) >= arch::pipelineRunTiming(c.cfg, c.m, c.n).cyclesBusy);
  }
}

TEST_CASE("pipeline row unit model: x0 outside -(2^16 - 1)..-1 refuses the start",
          "[pipeline_row]") {
  const config::AccelConfig cfg = pipelineConfig("shiftmax", 2, 4, 32, 8, true, false, 64, 32);
  tb::Stimulus stim;
  stim.inChunks = arch::pipelineInputWordFormat(cfg).chunksPerBeat();
  stim.outChunks = arch::outputWordFormat(cfg).chunksPerBeat();
  for (int64_t x0 : {int64_t(0), int64_t(1), -(int64_t(1) << 16), int64_t(INT32_MIN)}) {
    tb::Job j;
    j.name = "x0=" + std::to_string(x0);
    j.input.chunks = stim.inChunks;
    j.writes = {{arch::csr::kNonlinearX0, uint32_t(int32_t(x0))},
                {arch::csr::kDimM, 1},
                {arch::csr::kDimN, 1},
                {arch::csr::kCtrl, 1}};
    j.reads = {arch::csr::kStatus, arch::csr::kErrorCode, arch::csr::kNonlinearX0};
    stim.jobs.push_back(j);
  }
  sim::SystemcDut dut(cfg, sim::KernelMode::Decoupled);
  const tb::Results r = tb::runStimulus(dut, stim);
  REQUIRE(r.ok);
  for (const tb::JobResult &j : r.jobs) {
    INFO(j.name);
    REQUIRE(j.reads.size() == 3);
    CHECK(j.reads[0].data == 6); // done, error, not busy
    CHECK(j.reads[1].data == arch::csr_error::kBadX0);
    CHECK(j.inputCycles.empty());
  }
  CHECK(r.jobs[2].reads[2].data == uint32_t(int32_t(-(1 << 16)))); // read back as written
}

// Not a test (hidden: run `sim_tests "[pipeline_row_speed]"`): the model's speed on a large run
// per unit, 8 lanes, rows of 768 on 64-bit streams, no stalls; prints simulated cycles per
// second of the host loop (docs/dyadic-pipeline.md). Checks only values and cycles.
TEST_CASE("pipeline row unit model: speed on 197 rows of 768", "[.][pipeline_row_speed]") {
  std::mt19937_64 rng(768);
  for (const char *unit : {"shiftmax", "layernorm", "shiftgelu"}) {
    Case c;
    c.cfg = pipelineConfig(unit, 8, 768, 32, 8, true, true, 64, 64, std::string("speed_") + unit);
    c.m = 197;
    c.n = 768;
    c.x0 = -300;
    c.z = models::IntMatrix(c.m, c.n);
    for (Eigen::Index i = 0; i < c.z.size(); ++i) c.z.data()[i] = int64_t(rng() % 4001) - 2000;
    c.p = drawParams(rng, c.cfg, c.n);
    const Run r = runCase(c, 0.0, 1);
    INFO(r.results.error);
    REQUIRE(r.results.ok);
    checkValues(r, c);
    CHECK(r.csr.at(arch::csr::kCyclesBusy) == uint32_t(arch::pipelineRunTiming(c.cfg, c.m, c.n).cyclesBusy));
    std::printf("%-10s %lld cycles in %.3f s: %.2f M cycles/s\n", unit,
                (long long)r.results.totalCycles, r.results.simSeconds,
                double(r.results.totalCycles) / r.results.simSeconds / 1e6);
  }
}
