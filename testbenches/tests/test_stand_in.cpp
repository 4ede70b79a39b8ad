// The whole co-simulation path on a hand-written stand-in RTL (tests/data/stand_in): the
// Verilator build and its cache, the harness, the driver and the checker. A mutated copy must
// fail at the element the mutation touches, with the value a naive loop computes.
#include "quasar/config/load.h"
#include "quasar/config/workload.h"
#include "quasar/models/workload_tensors.h"
#include "quasar/testbenches/cosim.h"
#include "quasar/testbenches/verilator_build.h"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>

namespace fs = std::filesystem;
using namespace quasar;

namespace {

const std::string kData = QUASAR_TEST_DATA;

config::AccelConfig standInConfig() { return config::loadAccel(kData + "/stand_in/stand_in.yaml"); }

tb::VerilatorBuildOptions buildOptions(const config::AccelConfig &cfg, const std::string &rtl) {
  tb::VerilatorBuildOptions o;
  o.rtlDir = kData + "/" + rtl + "/rtl";
  o.topModule = "qsr_stand_in_top";
  o.configHash = config::configHash(cfg);
  o.cacheRoot = std::string(QUASAR_BINARY_DIR) + "/cache/verilator";
  // The stand-in is not generated, so its config_hash register comes in as a parameter.
  o.extraArgs = {"-GConfigHash=" +
                 std::to_string(std::strtoull(o.configHash.substr(0, 8).c_str(), nullptr, 16))};
  return o;
}

std::string freshDir(const std::string &name) {
  const fs::path p = fs::path(QUASAR_BINARY_DIR) / "testbenches" / "tmp" / name;
  fs::remove_all(p);
  fs::create_directories(p);
  return p.string();
}

const char *kWorkload = R"(name: stand_in_mix
layers:
  - {name: one, gemm: {m: 1, n: 1, k: 1}}
  - name: odd
    gemm: {m: 5, n: 3, k: 7}
    activations: {seed: 21}
    weights: {seed: 22}
  - name: deep
    gemm: {m: 9, n: 2, k: 64}
    activations: {dist: normal, seed: 23}
    weights: {dist: outlier_channels, seed: 24}
  - name: wide
    gemm: {m: 4, n: 6, k: 2}
    activations: {dist: student_t, seed: 25}
)";

} // namespace

TEST_CASE("stand_in: the second build of the same design is cached", "[verilator][stand_in]") {
  const config::AccelConfig cfg = standInConfig();
  const tb::VerilatorBuild first = tb::buildHarness(buildOptions(cfg, "stand_in"));
  CHECK(fs::exists(first.executable));
  const tb::VerilatorBuild second = tb::buildHarness(buildOptions(cfg, "stand_in"));
  CHECK(second.cached);
  CHECK(second.executable == first.executable);
  CHECK(second.seconds < 2.0);
  // Different RTL (the mutant's define) -> a different key.
  const tb::VerilatorBuild mutant = tb::buildHarness(buildOptions(cfg, "stand_in_mutant"));
  CHECK(mutant.key != first.key);
}

TEST_CASE("stand_in: bit-exact with and without back-pressure", "[verilator][stand_in]") {
  const config::AccelConfig cfg = standInConfig();
  const config::Workload w = config::loadWorkloadText(kWorkload, "stand_in_mix.yaml");
  const tb::VerilatorBuild build = tb::buildHarness(buildOptions(cfg, "stand_in"));
  for (double p : {0.0, 0.3, 0.7}) {
    tb::CosimOptions o;
    o.seeds = 3;
    o.stallProb = p;
    o.workDir = freshDir("pass");
    const tb::CosimReport r = tb::runCosim(cfg, w, build.executable, o);
    INFO("stall " << p << ": " << tb::summaryLine(r));
    CHECK(r.pass);
    CHECK(r.seedsPassed == 3);
    CHECK(r.mismatches == 0);
    REQUIRE(r.layers.size() == 4);
    CHECK(r.layers[1].macs == 5 * 3 * 7);
    CHECK(r.macs == 1 + 5 * 3 * 7 + 9 * 2 * 64 + 4 * 6 * 2);
    // A 1x1 array does one MAC per cycle at best.
    for (const tb::LayerStats &l : r.layers) CHECK(l.cycles >= l.macs);
    if (p == 0.0) {
      CHECK(r.layers[1].stallOut == 0);
      CHECK(tb::summaryLine(r).rfind("cosim: PASS 3/3 seeds, 0 mismatches, bit-exact", 0) == 0);
    } else {
      CHECK(r.layers[2].stallOut > 0);
      CHECK(r.layers[2].stallIn > 0);
    }
  }
}

TEST_CASE("stand_in: a mutated RTL fails at the mutated element", "[verilator][stand_in]") {
  const config::AccelConfig cfg = standInConfig();
  const config::Workload w = config::loadWorkloadText(kWorkload, "stand_in_mix.yaml");
  const tb::VerilatorBuild build = tb::buildHarness(buildOptions(cfg, "stand_in_mutant"));
  tb::CosimOptions o;
  o.seeds = 2;
  o.firstSeed = 4;
  o.stallProb = 0.2;
  o.workDir = freshDir("mutant");
  const tb::CosimReport r = tb::runCosim(cfg, w, build.executable, o);
  CHECK_FALSE(r.pass);
  REQUIRE(r.first);
  const tb::Mismatch &m = *r.first;
  CHECK(m.seed == 4);
  CHECK(m.layer == "odd"); // the first layer with an output (m=2, n=1)
  CHECK(m.kind == "value");
  CHECK(m.m == 2);
  CHECK(m.n == 1);
  CHECK(m.cycle > 0);
  // The expected value by a plain loop over the layer's tensors at run seed 4.
  config::TensorSource a = w.layers[1].activations, wt = w.layers[1].weights;
  a.seed = tb::runTensorSeed(a.seed, 4);
  wt.seed = tb::runTensorSeed(wt.seed, 4);
  const models::IntMatrix am = models::makeTensor(a, 5, 7, {8, true});
  const models::IntMatrix wm = models::makeTensor(wt, 3, 7, {8, true});
  int64_t c21 = 0;
  for (int k = 0; k < 7; ++k) c21 += am(2, k) * wm(1, k);
  CHECK(m.expected == std::to_string(c21));
  CHECK(m.got == std::to_string(c21 ^ 1));
  // The mutation hits (2, 1) of every layer with M > 2 and N > 1: odd, deep and wide.
  CHECK(r.mismatches == 3);
  CHECK(r.seedsRun == 1); // stops at the first failing seed
  CHECK(fs::exists(r.waveform));
  CHECK(fs::file_size(r.waveform) > 100);
  const std::string line = tb::summaryLine(r);
  INFO(line);
  CHECK(line.rfind("cosim: FAIL 0/1 seeds passed, 3 mismatch(es); first: seed 4, layer odd, "
                   "output (m=2, n=1): expected " + m.expected + ", got " + m.got, 0) == 0);
}

TEST_CASE("stand_in: a run past its cycle limit is a clear timeout", "[verilator][stand_in]") {
  const config::AccelConfig cfg = standInConfig();
  const config::Workload w = config::loadWorkloadText(kWorkload, "stand_in_mix.yaml");
  const tb::VerilatorBuild build = tb::buildHarness(buildOptions(cfg, "stand_in"));
  tb::CosimOptions o;
  o.maxCycles = 500; // enough for every layer but deep (1152 MACs on one PE)
  o.workDir = freshDir("timeout");
  const tb::CosimReport r = tb::runCosim(cfg, w, build.executable, o);
  CHECK_FALSE(r.pass);
  REQUIRE(r.first);
  CHECK(r.first->kind == "timeout");
  CHECK(r.first->layer == "deep");
  CHECK(r.first->message.find("timeout: job deep ran 500 cycles (limit 500)") == 0);
}
