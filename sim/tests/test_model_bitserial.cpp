// The SystemC model of bit-serial accelerators (pe.type bitserial, docs/bitserial-array.md) on
// random small configurations, formats and GEMMs, driven by the co-simulation host driver:
//   - every output beat equals the golden gemmBitplane / gemmBitmod (tb::bitserialOperands:
//     the same operands `quasar cosim` draws), with and without back-pressure;
//   - without stalls, every input and output beat's cycle and cycles_busy equal the analytical
//     model's with T = the format's terms (its ws passes / os term feed are written as
//     closed-form recurrences, the model's as per-step events);
//   - a start with a format the accelerator cannot run sets error_code 3 and consumes nothing;
//     bitserial_format reads back as written;
//   - the bitmod input stream of the SystemC engine's jobs equals arch::packInputBitmod.
// Cycle exactness against the RTL is checked by the co-simulation tests (sim.engines.bit*).
#include "host.h"
#include "quasar/arch/bitserial_timing.h"
#include "quasar/arch/csr.h"
#include "quasar/arch/stream.h"
#include "quasar/config/error.h"
#include "quasar/config/load.h"
#include "quasar/sim/analytical.h"
#include "quasar/sim/gemm_job.h"
#include "quasar/sim/systemc_dut.h"
#include "quasar/testbenches/bitserial_layer.h"

#include <catch2/catch.hpp>

#include <map>
#include <random>
#include <sstream>

using namespace quasar;

namespace {

int pick(std::mt19937_64 &rng, int lo, int hi) { return lo + int(rng() % uint64_t(hi - lo + 1)); }

const char *const kModes[] = {"fp4", "fp3", "int8", "int6", "int4"};

struct Case {
  std::string yaml;
  config::AccelConfig cfg;
  config::GemmLayer layer;
  uint32_t format = 0;
};

// A random valid bit-serial config: bitplane (ws or os, twos or pm1, w_bits_max 1..8) or
// bitmod (ws, a random subset of modes, a group of 1..3 x rows), and a random runnable format.
Case randomCase(std::mt19937_64 &rng, int index) {
  for (;;) {
    const bool bitmod = rng() % 2;
    const bool ws = bitmod || rng() % 2;
    const int rows = pick(rng, 1, 5), cols = pick(rng, 1, 5);
    const int aBits = pick(rng, 2, 8);
    std::ostringstream y;
    y << "name: bs" << index << "\n"
      << "array: {rows: " << rows << ", cols: " << cols << ", dataflow: " << (ws ? "ws" : "os")
      << "}\n"
      << "pe:\n  type: bitserial\n  a_bits: " << aBits << "\n  acc_bits: " << aBits + 26 << "\n";
    if (bitmod) {
      std::string modes;
      for (const char *m : kModes)
        if (rng() % 2) modes += std::string(modes.empty() ? "" : ", ") + m;
      if (modes.empty()) modes = kModes[rng() % 5];
      y << "  bitserial: {encoding: bitmod, modes: [" << modes
        << "], group: " << rows * pick(rng, 1, 3) << "}\n";
    } else {
      y << "  bitserial: {encoding: bitplane, w_bits_max: " << pick(rng, 1, 8)
        << ", binary: " << (rng() % 2 ? "pm1" : "twos") << "}\n";
    }
    y << "limits: {k_max: 64, m_max: 512, n_max: 512}\n"
      << "buffers: {weight_depth: " << pick(rng, 1, 14) << ", act_depth: " << pick(rng, 1, 14)
      << ", acc_depth: " << pick(rng, 1, 14)
      << ", double_buffered: " << (rng() % 2 ? "true" : "false") << "}\n"
      << "interfaces: {axis_in_bits: " << 8 * pick(rng, 1, 8)
      << ", axis_out_bits: " << 8 * pick(rng, 1, 16) << "}\n";
    try {
      Case c{y.str(), config::loadAccelText(y.str(), "bs.yaml"), {}, 0};
      c.layer.name = "l";
      c.layer.m = pick(rng, 1, 16);
      c.layer.n = pick(rng, 1, 12);
      c.layer.k = pick(rng, 1, 40);
      c.layer.activations.seed = rng();
      c.layer.weights.seed = rng();
      arch::schedule(c.cfg, arch::GemmDims{c.layer.m, c.layer.n, c.layer.k});
      arch::bitserialCheckLayout(c.cfg);
      const auto &bs = c.cfg.pe.bitserial;
      c.format = bitmod ? arch::bitmodFormat(c.cfg, bs.modes[rng() % bs.modes.size()])
                        : arch::bitplaneFormat(c.cfg, pick(rng, 1, bs.w_bits_max));
      return c;
    } catch (const InputError &) {
    }
  }
}

struct Run {
  tb::Results results;
  std::vector<arch::Beat> expected;
  std::map<uint32_t, uint32_t> csr;
};

Run runCase(const Case &c, double stallProb, uint64_t seed) {
  const config::AccelConfig &cfg = c.cfg;
  const tb::BitserialOperands op = tb::bitserialOperands(cfg, c.layer, seed, c.format);
  tb::Stimulus stim;
  stim.inChunks = arch::activationWordFormat(cfg).chunksPerBeat();
  stim.outChunks = arch::outputWordFormat(cfg).chunksPerBeat();
  stim.stallProb = stallProb;
  stim.seed = seed;
  stim.maxCycles = 2000000;
  stim.jobs.push_back(cfg.pe.bitserial.encoding == config::BitEncoding::Bitmod
                          ? sim::makeBitmodGemmJob(cfg, "l", op.a, op.bitmod, c.format)
                          : sim::makeBitplaneGemmJob(cfg, "l", op.a, op.wLanes, c.format));
  stim.jobs.back().reads.push_back(arch::csr::kBitserialFormat);
  sim::SystemcDut dut(cfg, sim::KernelMode::Decoupled);
  Run r;
  r.results = tb::runStimulus(dut, stim);
  r.expected = arch::packOutput(cfg, op.expected);
  for (const tb::ReadRecord &rd : r.results.jobs.at(0).reads) r.csr[rd.addr] = rd.data;
  return r;
}

std::string describe(const Case &c) {
  std::ostringstream s;
  s << c.yaml << "M=" << c.layer.m << " N=" << c.layer.n << " K=" << c.layer.k
    << " format=" << c.format;
  return s.str();
}

void checkValues(const Run &r, const Case &c) {
  const tb::JobResult &job = r.results.jobs.at(0);
  REQUIRE(job.outputs.size() == int64_t(r.expected.size()));
  for (size_t i = 0; i < r.expected.size(); ++i) {
    arch::Beat got;
    got.data.assign(job.outputs.beat(int64_t(i)),
                    job.outputs.beat(int64_t(i)) + job.outputs.chunks);
    got.last = job.outputs.last[i] != 0;
    INFO(describe(c) << " beat " << i);
    REQUIRE(got == r.expected[i]);
  }
}

} // namespace

TEST_CASE("systemc model, bit-serial: random configs and formats match the golden model and "
          "the analytical model beat for beat",
          "[systemc][bitserial]") {
  std::mt19937_64 rng(20261123);
  for (int i = 0; i < 120; ++i) {
    const Case c = randomCase(rng, i);
    const Run r = runCase(c, 0.0, uint64_t(i));
    REQUIRE(r.results.ok);
    checkValues(r, c);
    sim::AnalyticalOptions opt;
    opt.beatCycles = true;
    opt.terms = arch::bitserialTerms(c.cfg, c.format);
    const sim::LayerTiming t =
        sim::layerTiming(c.cfg, arch::GemmDims{c.layer.m, c.layer.n, c.layer.k}, opt);
    const tb::JobResult &job = r.results.jobs.at(0);
    const int64_t base = job.writes.back().cycle + 1; // busy cycle 0
    std::vector<int64_t> in, out;
    for (int64_t x : t.inputBeatCycles) in.push_back(base + x);
    for (int64_t x : t.outputBeatCycles) out.push_back(base + x);
    INFO(describe(c));
    CHECK(r.csr.at(arch::csr::kCyclesBusy) == uint32_t(t.cyclesBusy));
    CHECK(job.inputCycles == in);
    CHECK(job.outputCycles == out);
    CHECK(r.csr.at(arch::csr::kBitserialFormat) == c.format);
    const uint64_t macs =
        uint64_t(r.csr.at(arch::csr::kMacsHi)) << 32 | r.csr.at(arch::csr::kMacsLo);
    CHECK(macs == uint64_t(c.layer.m * c.layer.n * c.layer.k));
  }
}

TEST_CASE("systemc model, bit-serial: with stalls bit-exact, counters as seen on the pins",
          "[systemc][bitserial]") {
  std::mt19937_64 rng(4711);
  for (int i = 0; i < 60; ++i) {
    const Case c = randomCase(rng, i);
    const double p = (i % 3 + 1) * 0.25;
    const Run r = runCase(c, p, uint64_t(500 + i));
    REQUIRE(r.results.ok);
    checkValues(r, c);
    const tb::JobResult &job = r.results.jobs.at(0);
    INFO(describe(c) << " p=" << p);
    CHECK((r.csr.at(arch::csr::kStatus) & 7) == 2);
    CHECK(r.csr.at(arch::csr::kCyclesBusy) ==
          uint32_t(job.outputCycles.back() - job.writes.back().cycle));
    CHECK(r.csr.at(arch::csr::kStallIn) == uint32_t(job.seenStallIn));
    CHECK(r.csr.at(arch::csr::kStallOut) == uint32_t(job.seenStallOut));
  }
}

TEST_CASE("systemc model, bit-serial: an unrunnable format is error 3 and consumes nothing",
          "[systemc][bitserial]") {
  const std::string dir = std::string(QUASAR_SOURCE_DIR) + "/rtl-gen/tests/configs/";
  for (const char *name : {"bitplane_3x4_ws", "bitplane_2x3_os_pm1", "bitmod_4x3_ws"}) {
    const config::AccelConfig cfg = config::loadAccel(dir + name + ".yaml");
    const bool bitmod = cfg.pe.bitserial.encoding == config::BitEncoding::Bitmod;
    // bitplane: P = 0 and P = w_bits_max + 1; bitmod: mode numbers 5..7 (not modes).
    const std::vector<uint32_t> bad =
        bitmod ? std::vector<uint32_t>{5u << 8, 7u << 8}
               : std::vector<uint32_t>{0u, uint32_t(cfg.pe.bitserial.w_bits_max + 1)};
    tb::Stimulus stim;
    stim.inChunks = arch::activationWordFormat(cfg).chunksPerBeat();
    stim.outChunks = arch::outputWordFormat(cfg).chunksPerBeat();
    for (uint32_t format : bad) {
      tb::Job job;
      job.name = "bad";
      job.input.chunks = stim.inChunks;
      job.writes = {{arch::csr::kDimM, 1},
                    {arch::csr::kDimN, 1},
                    {arch::csr::kDimK, 1},
                    {arch::csr::kBitserialFormat, format},
                    {arch::csr::kCtrl, 1}};
      job.reads = {arch::csr::kStatus, arch::csr::kErrorCode, arch::csr::kBitserialFormat};
      stim.jobs.push_back(job);
    }
    // Before any write the register holds its reset value.
    tb::Job fresh;
    fresh.name = "reset";
    fresh.input.chunks = stim.inChunks;
    fresh.reads = {arch::csr::kBitserialFormat};
    stim.jobs.insert(stim.jobs.begin(), fresh);
    sim::SystemcDut dut(cfg, sim::KernelMode::Decoupled);
    const tb::Results r = tb::runStimulus(dut, stim);
    INFO(name);
    REQUIRE(r.ok);
    CHECK(r.jobs[0].reads[0].data == arch::bitserialResetFormat(cfg));
    for (size_t i = 0; i < bad.size(); ++i) {
      const tb::JobResult &j = r.jobs[i + 1];
      CHECK(j.reads[0].data == 6); // done | error
      CHECK(j.reads[1].data == arch::csr_error::kBadFormat);
      CHECK(j.reads[2].data == bad[i]);
      CHECK(j.inputCycles.empty());
      CHECK(j.outputs.size() == 0);
    }
  }
}

TEST_CASE("gemm job: the bitmod input stream equals arch::packInputBitmod", "[stream]") {
  std::mt19937_64 rng(99);
  int bitmodCases = 0;
  for (int i = 0; bitmodCases < 20; ++i) {
    const Case c = randomCase(rng, i);
    if (c.cfg.pe.bitserial.encoding != config::BitEncoding::Bitmod) continue;
    ++bitmodCases;
    const tb::BitserialOperands op = tb::bitserialOperands(c.cfg, c.layer, 0, c.format);
    const std::vector<arch::Beat> want = arch::packInputBitmod(c.cfg, op.a, op.bitmod);
    const tb::BeatList got = sim::packInputBitmodBeats(c.cfg, op.a, op.bitmod);
    INFO(describe(c));
    REQUIRE(got.size() == int64_t(want.size()));
    for (size_t b = 0; b < want.size(); ++b) {
      const std::vector<uint32_t> data(got.beat(int64_t(b)), got.beat(int64_t(b)) + got.chunks);
      REQUIRE(data == want[b].data);
      REQUIRE((got.last[b] != 0) == want[b].last);
    }
  }
}
