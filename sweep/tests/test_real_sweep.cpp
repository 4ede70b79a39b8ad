// A small sweep through the real stages (rtl-gen's generator, Yosys generic synthesis): rows,
// resources, plots, and a second run that reuses everything. Label synth (about 10-20 s).
#include "sweep_test_util.h"

#include "quasar/fpga/json.h"
#include "quasar/fpga/reports.h"
#include "quasar/sweep/plots.h"
#include "quasar/sweep/results.h"
#include "quasar/sweep/runner.h"

#include <catch2/catch.hpp>

using namespace quasar;
using namespace quasar::sweep;
using namespace quasar::sweep::testing;

TEST_CASE("real sweep: gen + generic synth of three points, then a cached re-run", "[synth]") {
#ifndef QUASAR_HAVE_RTLGEN
  WARN("this build has no RTL generator: nothing to sweep");
#else
  TempDir tmp("real");
  const TestSweep t("sweep_real.yaml");
  REQUIRE(t.points.size() == 3);
  RunOptions o;
  o.cacheRoot = tmp.str() + "/cache";
  o.stages = t.sweep.stages;
  o.jobs = 2;
  const RunSummary first = runPoints(t.points, t.workloads, defaultRegistry(), o);
  CHECK(first.pointsFailed == 0);
  CHECK(first.stagesRun == 6);

  const StageCache cache(o.cacheRoot);
  const std::vector<ResultRow> rows = collectResults(t.points, t.workloads, t.sweep.stages, cache);
  REQUIRE(rows.size() == 3);
  for (const ResultRow &r : rows) {
    INFO(r.label << ": " << errorSummary(r));
    CHECK(r.status == "ok");
    // The row's numbers are the ones Yosys wrote into that point's stat.json.
    const std::string stat = cache.dir(r.hash, config::Stage::Synth, "") + "/stat.json";
    const fpga::Resources res = fpga::summarize(
        config::FpgaTarget::Generic, fpga::parseYosysStat(fpga::readTextFile(stat), stat));
    REQUIRE(r.ff.has_value());
    CHECK(*r.ff == *res.ff);
    CHECK(*r.ff > 0);
    CHECK_FALSE(r.lut.has_value()); // generic: gates, not LUTs
    CHECK_FALSE(r.cycles.has_value());
  }
  // A bigger array has more flip-flops.
  CHECK(*rows[2].ff > *rows[0].ff);
  CHECK(writeSvgPlots(rows, tmp.str() + "/plots").size() == 2);

  const RunSummary second = runPoints(t.points, t.workloads, defaultRegistry(), o);
  CHECK(second.stagesRun == 0);
  CHECK(second.stagesCached == 6);
#endif
}

TEST_CASE("real sweep: cycles measured by co-simulation, LUTs by synth_xilinx", "[slow]") {
#ifndef QUASAR_HAVE_RTLGEN
  WARN("this build has no RTL generator: nothing to sweep");
#else
  TempDir tmp("cosim");
  const TestSweep t("sweep_cosim.yaml");
  RunOptions o;
  o.cacheRoot = tmp.str() + "/cache";
  o.stages = t.sweep.stages;
  o.jobs = 2;
  const RunSummary sum = runPoints(t.points, t.workloads, defaultRegistry(), o);
  CHECK(sum.pointsFailed == 0);
  const std::vector<ResultRow> rows =
      collectResults(t.points, t.workloads, t.sweep.stages, StageCache(o.cacheRoot));
  REQUIRE(rows.size() == 2);
  for (const ResultRow &r : rows) {
    INFO(r.label << ": " << errorSummary(r));
    REQUIRE(r.status == "ok");
    CHECK(r.cyclesSource == "cosim");
    REQUIRE(r.layers.size() == 2); // tiny_gemm's two distinct GEMMs
    CHECK(r.layers[1].count == 2);
    REQUIRE(r.cycles.has_value());
    // No array does more than one MAC per PE per cycle: utilization is at most 1 and the
    // throughput at most rows x cols x clock.
    const int pes = r.cfg->array.rows * r.cfg->array.cols;
    CHECK(*r.cycles * pes >= r.macs);
    CHECK(*r.utilization <= 1.0);
    CHECK(*r.throughputGmacs <= pes * 100.0 / 1000.0);
    CHECK(*r.lut > 0);
    CHECK(*r.dsp >= pes); // one DSP48E1 per int8 multiplier at least
  }
  CHECK(paretoSvg(rows, "tiny_gemm").find("fill-opacity=\"1\"") != std::string::npos);
#endif
}
