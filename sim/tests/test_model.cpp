// The SystemC model (decoupled mode, driven by the co-simulation host driver) on random
// configurations and GEMMs:
//   - every output beat equals arch::packOutput of the golden GEMM (models::gemm), with and
//     without back-pressure;
//   - without stalls, every input and output beat's cycle and cycles_busy equal the
//     analytical model's (a second model of the same document, written as closed-form
//     recurrences instead of per-cycle registers);
//   - with stalls, the CSR counters agree with what the host saw on the pins (stall_in,
//     stall_out, cycles_busy = last output edge - start edge) and macs = M*N*K.
// Cycle exactness against the RTL itself is checked by the co-simulation tests (sim.engines.*).
#include "host.h"
#include "quasar/arch/csr.h"
#include "quasar/arch/stream.h"
#include "quasar/config/error.h"
#include "quasar/config/load.h"
#include "quasar/models/gemm.h"
#include "quasar/sim/analytical.h"
#include "quasar/sim/gemm_job.h"
#include "quasar/sim/systemc_dut.h"

#include <catch2/catch.hpp>

#include <map>
#include <optional>
#include <random>
#include <sstream>

using namespace quasar;

namespace {

struct Case {
  std::string yaml;
  config::AccelConfig cfg;
  int64_t m, n, k;
};

int pick(std::mt19937_64 &rng, int lo, int hi) { return lo + int(rng() % uint64_t(hi - lo + 1)); }

// A random valid config (invalid combinations are drawn again).
Case randomCase(std::mt19937_64 &rng, int index) {
  for (;;) {
    const bool ws = rng() % 2;
    const int rows = pick(rng, 1, 6), cols = pick(rng, 1, 6);
    const int aBits = pick(rng, 2, 16), wBits = pick(rng, 2, 16);
    const int widest = std::max(aBits, wBits);
    int inBits = 8 * pick(rng, 1, 12);
    if (inBits < widest) inBits = 8 * ((widest + 7) / 8);
    const int outBits = 8 * pick(rng, 1, 16);
    std::ostringstream y;
    y << "name: rnd" << index << "\n"
      << "array: {rows: " << rows << ", cols: " << cols << ", dataflow: " << (ws ? "ws" : "os")
      << "}\n"
      << "pe: {type: int, a_bits: " << aBits << ", w_bits: " << wBits
      << ", a_signed: " << (rng() % 2 ? "true" : "false")
      << ", w_signed: " << (rng() % 2 ? "true" : "false") << ", acc_bits: " << aBits + wBits + 8
      << "}\n"
      << "limits: {k_max: 64, m_max: 512, n_max: 512}\n"
      << "buffers: {weight_depth: " << pick(rng, 1, 14) << ", act_depth: " << pick(rng, 1, 14)
      << ", acc_depth: " << pick(rng, 1, 14)
      << ", double_buffered: " << (rng() % 2 ? "true" : "false") << "}\n"
      << "interfaces: {axis_in_bits: " << inBits << ", axis_out_bits: " << outBits << "}\n";
    try {
      Case c{y.str(), config::loadAccelText(y.str(), "rnd.yaml"), pick(rng, 1, 20),
             pick(rng, 1, 14), pick(rng, 1, 40)};
      arch::schedule(c.cfg, arch::GemmDims{c.m, c.n, c.k}); // throws on a zero-sized tile
      return c;
    } catch (const InputError &) {
    }
  }
}

models::IntMatrix randomMatrix(std::mt19937_64 &rng, int64_t rows, int64_t cols, int bits,
                               bool isSigned) {
  const int64_t lo = isSigned ? -(int64_t(1) << (bits - 1)) : 0;
  const int64_t span = int64_t(1) << bits;
  models::IntMatrix x(rows, cols);
  for (Eigen::Index i = 0; i < x.size(); ++i) x.data()[i] = lo + int64_t(rng() % uint64_t(span));
  return x;
}

struct Run {
  tb::Results results;
  std::vector<arch::Beat> expected;
  std::map<uint32_t, uint32_t> csr;
};

Run runCase(const Case &c, std::mt19937_64 &rng, double stallProb, uint64_t seed) {
  const config::AccelConfig &cfg = c.cfg;
  const models::IntMatrix a = randomMatrix(rng, c.m, c.k, cfg.pe.a_bits, cfg.pe.a_signed);
  const models::IntMatrix w = randomMatrix(rng, c.n, c.k, cfg.pe.w_bits, cfg.pe.w_signed);
  tb::Stimulus stim;
  stim.inChunks = arch::activationWordFormat(cfg).chunksPerBeat();
  stim.outChunks = arch::outputWordFormat(cfg).chunksPerBeat();
  stim.stallProb = stallProb;
  stim.seed = seed;
  stim.maxCycles = 2000000;
  stim.jobs.push_back(sim::makeGemmJob(cfg, "l", a, w));
  sim::SystemcDut dut(cfg, sim::KernelMode::Decoupled);
  Run r;
  r.results = tb::runStimulus(dut, stim);
  r.expected = arch::packOutput(cfg, models::gemm(a, w, cfg.pe.acc_bits));
  for (const tb::ReadRecord &rd : r.results.jobs.at(0).reads) r.csr[rd.addr] = rd.data;
  return r;
}

// Output beats equal to the golden model's, tlast included.
void checkValues(const Run &r, const Case &c) {
  const tb::JobResult &job = r.results.jobs.at(0);
  REQUIRE(job.outputs.size() == int64_t(r.expected.size()));
  for (size_t i = 0; i < r.expected.size(); ++i) {
    arch::Beat got;
    got.data.assign(job.outputs.beat(int64_t(i)),
                    job.outputs.beat(int64_t(i)) + job.outputs.chunks);
    got.last = job.outputs.last[i] != 0;
    INFO(c.yaml << "M=" << c.m << " N=" << c.n << " K=" << c.k << " beat " << i);
    REQUIRE(got == r.expected[i]);
  }
}

} // namespace

TEST_CASE("systemc model: random configs without stalls match the analytical model beat for beat",
          "[systemc]") {
  std::mt19937_64 rng(20240611);
  for (int i = 0; i < 120; ++i) {
    const Case c = randomCase(rng, i);
    const Run r = runCase(c, rng, 0.0, uint64_t(i));
    REQUIRE(r.results.ok);
    checkValues(r, c);
    sim::AnalyticalOptions opt;
    opt.beatCycles = true;
    const sim::LayerTiming t = sim::layerTiming(c.cfg, arch::GemmDims{c.m, c.n, c.k}, opt);
    const tb::JobResult &job = r.results.jobs.at(0);
    const int64_t base = job.writes.back().cycle + 1; // busy cycle 0
    std::vector<int64_t> in, out;
    for (int64_t x : t.inputBeatCycles) in.push_back(base + x);
    for (int64_t x : t.outputBeatCycles) out.push_back(base + x);
    INFO(c.yaml << "M=" << c.m << " N=" << c.n << " K=" << c.k);
    CHECK(r.csr.at(arch::csr::kCyclesBusy) == uint32_t(t.cyclesBusy));
    CHECK(job.inputCycles == in);
    CHECK(job.outputCycles == out);
    CHECK(r.csr.at(arch::csr::kStallOut) == 0);
  }
}

TEST_CASE("systemc model: random configs with stalls stay bit-exact and count on the pins",
          "[systemc]") {
  std::mt19937_64 rng(77);
  for (int i = 0; i < 80; ++i) {
    const Case c = randomCase(rng, i);
    const double p = (i % 3 + 1) * 0.25; // 0.25, 0.5, 0.75
    const Run r = runCase(c, rng, p, uint64_t(1000 + i));
    REQUIRE(r.results.ok);
    checkValues(r, c);
    const tb::JobResult &job = r.results.jobs.at(0);
    INFO(c.yaml << "M=" << c.m << " N=" << c.n << " K=" << c.k << " p=" << p);
    CHECK((r.csr.at(arch::csr::kStatus) & 7) == 2); // done, not busy, no error
    CHECK(r.csr.at(arch::csr::kCyclesBusy) ==
          uint32_t(job.outputCycles.back() - job.writes.back().cycle));
    CHECK(r.csr.at(arch::csr::kStallIn) == uint32_t(job.seenStallIn));
    CHECK(r.csr.at(arch::csr::kStallOut) == uint32_t(job.seenStallOut));
    const uint64_t macs =
        uint64_t(r.csr.at(arch::csr::kMacsHi)) << 32 | r.csr.at(arch::csr::kMacsLo);
    CHECK(macs == uint64_t(c.m * c.n * c.k));
    // Stalls only delay: never earlier than without them.
    const sim::LayerTiming t = sim::layerTiming(c.cfg, arch::GemmDims{c.m, c.n, c.k});
    CHECK(int64_t(r.csr.at(arch::csr::kCyclesBusy)) >= t.cyclesBusy);
  }
}

TEST_CASE("systemc model: bad dimensions and a start while busy", "[systemc]") {
  const config::AccelConfig cfg = config::loadAccelText(
      "name: t\narray: {rows: 2, cols: 2}\nlimits: {k_max: 16, m_max: 8, n_max: 8}\n", "t.yaml");
  tb::Stimulus stim;
  stim.inChunks = arch::activationWordFormat(cfg).chunksPerBeat();
  stim.outChunks = arch::outputWordFormat(cfg).chunksPerBeat();
  // M = 9 is above m_max: error code 1, done, nothing consumed.
  tb::Job bad;
  bad.name = "bad";
  bad.input.chunks = stim.inChunks;
  bad.writes = {
      {arch::csr::kDimM, 9}, {arch::csr::kDimN, 1}, {arch::csr::kDimK, 1}, {arch::csr::kCtrl, 1}};
  bad.reads = {arch::csr::kStatus, arch::csr::kErrorCode, arch::csr::kDimM};
  // A valid start, then a second start while the run waits for its input: error code 2.
  tb::Job busy;
  busy.name = "busy";
  busy.input.chunks = stim.inChunks;
  busy.writes = {{arch::csr::kDimM, 1},
                 {arch::csr::kDimN, 1},
                 {arch::csr::kDimK, 1},
                 {arch::csr::kCtrl, 1},
                 {arch::csr::kCtrl, 1}};
  busy.reads = {arch::csr::kStatus, arch::csr::kErrorCode, arch::csr::kConfigHash,
                arch::csr::kArrayShape, 0x100};
  stim.jobs = {bad, busy};
  sim::SystemcDut dut(cfg, sim::KernelMode::Decoupled);
  const tb::Results r = tb::runStimulus(dut, stim);
  REQUIRE(r.ok);
  const auto &b = r.jobs[0];
  CHECK(b.reads[0].data == 6); // done | error
  CHECK(b.reads[1].data == 1);
  CHECK(b.reads[2].data == 9);
  const auto &s = r.jobs[1];
  CHECK(s.reads[0].data == 5); // busy | error (no input was sent: still running)
  CHECK(s.reads[1].data == 2);
  CHECK(s.reads[2].data == uint32_t(std::stoul(config::configHash(cfg).substr(0, 8), nullptr, 16)));
  CHECK(s.reads[3].data == (2u | 2u << 16));
  CHECK(s.reads[4].data == 0); // unmapped
  for (const auto &w : s.writes) CHECK(w.resp == 0);
}
