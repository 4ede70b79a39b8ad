// The engine comparison finds each kind of difference and names the first one.
#include "quasar/arch/csr.h"
#include "quasar/config/load.h"
#include "quasar/sim/engine_compare.h"

#include <catch2/catch.hpp>

using namespace quasar;

namespace {

tb::Results sample() {
  tb::Results r;
  tb::JobResult j;
  j.name = "layer";
  j.outputs.chunks = 2;
  const uint32_t b0[] = {1, 2}, b1[] = {3, 4};
  j.outputs.push(b0, false);
  j.outputs.push(b1, true);
  j.outputCycles = {40, 41};
  j.inputCycles = {10, 11, 12};
  j.writes = {{arch::csr::kCtrl, 1, 5, 6, 0}};
  j.reads = {{arch::csr::kCyclesBusy, 36, 50, 0}};
  j.firstCycle = 0;
  j.lastCycle = 60;
  r.jobs = {j};
  r.totalCycles = 61;
  return r;
}

} // namespace

TEST_CASE("engine compare: identical results agree", "[compare]") {
  CHECK_FALSE(sim::compareResults(sample(), "a", sample(), "b"));
}

TEST_CASE("engine compare: the first differing transfer is reported", "[compare]") {
  tb::Results b = sample();
  b.jobs[0].outputCycles[1] = 42;
  auto d = sim::compareResults(sample(), "verilator", b, "systemc");
  REQUIRE(d);
  CHECK(d->what == "output beat cycle");
  CHECK(d->index == 1);
  CHECK(d->message == "job layer: output beat cycle 1: verilator 41, systemc 42");

  b = sample();
  b.jobs[0].outputs.data[2] = 7; // beat 1, chunk 0
  d = sim::compareResults(sample(), "a", b, "b");
  REQUIRE(d);
  CHECK(d->what == "output beat");
  CHECK(d->a == "0000000400000003 (tlast)");
  CHECK(d->b == "0000000400000007 (tlast)");

  b = sample();
  b.jobs[0].inputCycles[2] = 13;
  d = sim::compareResults(sample(), "a", b, "b");
  REQUIRE(d);
  CHECK(d->what == "input beat cycle");

  b = sample();
  b.jobs[0].reads[0].data = 37;
  d = sim::compareResults(sample(), "a", b, "b");
  REQUIRE(d);
  CHECK(d->message.find("csr read of 0x00000018") != std::string::npos);

  b = sample();
  b.totalCycles = 62;
  d = sim::compareResults(sample(), "a", b, "b");
  REQUIRE(d);
  CHECK(d->what == "total cycles");
}

TEST_CASE("engine compare: analytical against an engine's beats", "[compare]") {
  // 1x1 ws, M=N=K=1: input beats in busy cycles 1, 2, the output beat in 14, cycles_busy 15
  // (worked out in test_analytical.cpp). Start write taken on edge 5: busy cycle 0 is edge 6.
  const config::AccelConfig cfg = config::loadAccelText(
      "name: t\narray: {rows: 1, cols: 1}\npe: {a_bits: 8, w_bits: 8, acc_bits: 32}\n", "t.yaml");
  tb::Results r;
  r.jobs.resize(2); // job 0: the bad-dimensions job, not compared
  tb::JobResult &j = r.jobs[1];
  j.name = "unit";
  j.writes = {{arch::csr::kCtrl, 1, 5, 6, 0}};
  j.inputCycles = {7, 8};
  j.outputCycles = {20};
  j.reads = {{arch::csr::kCyclesBusy, 15, 30, 0}};
  const std::vector<arch::GemmDims> dims = {{1, 1, 1}};
  CHECK_FALSE(sim::compareWithAnalytical(cfg, dims, {"unit"}, r, "rtl"));
  j.outputCycles = {21};
  auto d = sim::compareWithAnalytical(cfg, dims, {"unit"}, r, "rtl");
  REQUIRE(d);
  CHECK(d->message == "job unit: output beat cycle 0: analytical 20, rtl 21");
  j.outputCycles = {20};
  j.reads[0].data = 16;
  d = sim::compareWithAnalytical(cfg, dims, {"unit"}, r, "rtl");
  REQUIRE(d);
  CHECK(d->what == "cycles_busy");
}
