// The sweep runner with stand-in stages: every stage runs once, re-runs reuse the cache, an
// interrupted run resumes without recomputing, failures are recorded and do not stop the sweep.
#include "sweep_test_util.h"

#include "quasar/sweep/results.h"
#include "quasar/sweep/runner.h"

#include <catch2/catch.hpp>

#include <sstream>

using namespace quasar;
using namespace quasar::sweep;
using namespace quasar::sweep::testing;

namespace {
RunOptions options(const TempDir &tmp, const TestSweep &t, int jobs) {
  RunOptions o;
  o.cacheRoot = tmp.str() + "/cache";
  o.stages = t.sweep.stages;
  o.jobs = jobs;
  return o;
}
} // namespace

TEST_CASE("runner: every stage of every point runs once; a re-run only reads the cache",
          "[runner]") {
  const TestSweep t("sweep_2x2.yaml"); // 4 points x (gen, synth, analytical on 1 workload)
  REQUIRE(t.points.size() == 4);
  for (int jobs : {1, 2, 3}) {
    TempDir tmp("runner_once");
    FakeStages fake;
    const StageRegistry reg = fake.registry();
    const RunSummary first = runPoints(t.points, t.workloads, reg, options(tmp, t, jobs));
    CHECK(first.points == 4);
    CHECK(first.pointsDone == 4);
    CHECK(first.pointsFailed == 0);
    CHECK(first.stagesRun == 12);
    CHECK(first.stagesCached == 0);
    CHECK(fake.total == 12);
    CHECK(fake.runs.size() == 12);
    for (const auto &kv : fake.runs) CHECK(kv.second == 1);

    const RunSummary second = runPoints(t.points, t.workloads, reg, options(tmp, t, jobs));
    CHECK(second.stagesRun == 0);
    CHECK(second.stagesCached == 12);
    CHECK(fake.total == 12);
  }
}

TEST_CASE("runner: a cached gen whose RTL was deleted runs again", "[runner]") {
  const TestSweep t("sweep_2x2.yaml");
  TempDir tmp("runner_gen_deleted");
  FakeStages fake;
  const StageRegistry reg = fake.registry();
  runPoints(t.points, t.workloads, reg, options(tmp, t, 1));
  const std::string h1 = config::configHash(t.points[1].config);
  std::filesystem::remove_all(StageCache(tmp.str() + "/cache").dir(h1, config::Stage::Gen, "") +
                              "/rtl");
  const RunSummary again = runPoints(t.points, t.workloads, reg, options(tmp, t, 1));
  CHECK(again.stagesRun == 1);
  CHECK(fake.runs.at(h1.substr(0, 12) + "/gen") == 2);
}

TEST_CASE("runner: resuming an interrupted run recomputes nothing that was done", "[runner]") {
  const TestSweep t("sweep_2x2.yaml");
  for (int jobs : {1, 2}) {
    TempDir tmp("runner_resume");
    FakeStages fake;
    const StageRegistry reg = fake.registry();
    RunOptions cut = options(tmp, t, jobs);
    cut.maxStageRuns = 5; // the "interruption": no stage starts after the fifth
    const RunSummary first = runPoints(t.points, t.workloads, reg, cut);
    CHECK(first.interrupted);
    CHECK(first.stagesRun == 5);
    CHECK(fake.total == 5);

    const RunSummary resumed = runPoints(t.points, t.workloads, reg, options(tmp, t, jobs));
    CHECK_FALSE(resumed.interrupted);
    CHECK(resumed.stagesRun == 7);
    CHECK(resumed.stagesCached == 5);
    CHECK(resumed.pointsDone == 4);
    // Each (point, stage) ran exactly once over the two runs.
    CHECK(fake.runs.size() == 12);
    for (const auto &kv : fake.runs) {
      INFO(kv.first);
      CHECK(kv.second == 1);
    }
  }
}

TEST_CASE("runner: a failing point is recorded and the sweep goes on", "[runner]") {
  const TestSweep t("sweep_2x2.yaml");
  TempDir tmp("runner_fail");
  FakeStages fake;
  fake.failSynthAt = {2, 1};
  const StageRegistry reg = fake.registry();
  std::ostringstream progress;
  RunOptions o = options(tmp, t, 2);
  o.progress = &progress;
  const RunSummary sum = runPoints(t.points, t.workloads, reg, o);
  CHECK(sum.pointsDone == 4);
  CHECK(sum.pointsFailed == 1);
  CHECK(sum.stagesFailed == 1);
  CHECK(fake.total == 12); // the failing point's analytical stage ran too
  CHECK(progress.str().find("point 2 (array.rows=2, array.cols=1) synth failed: yosys failed "
                            "(exit 1)\n") != std::string::npos);
  CHECK(progress.str().find("4/4 points done, 1 failed") != std::string::npos);

  const std::vector<ResultRow> rows =
      collectResults(t.points, t.workloads, t.sweep.stages, StageCache(o.cacheRoot));
  REQUIRE(rows.size() == 4);
  for (const ResultRow &r : rows) {
    INFO(r.label);
    if (r.point == 2) {
      CHECK(r.status == "failed");
      CHECK(errorSummary(r) == "synth: yosys failed (exit 1)");
      CHECK(stageSummary(r) == "gen:ok analytical:ok synth:failed");
      CHECK_FALSE(r.lut.has_value());
      CHECK(r.cycles.has_value()); // the other stages' results are kept
    } else {
      CHECK(r.status == "ok");
      CHECK(errorSummary(r).empty());
    }
  }

  // The failed stage is retried by the next run; the rest comes from the cache.
  fake.failSynthAt = {-1, -1};
  const RunSummary again = runPoints(t.points, t.workloads, reg, options(tmp, t, 1));
  CHECK(again.stagesRun == 1);
  CHECK(again.stagesCached == 11);
  CHECK(fake.runs.at(rows[2].hash.substr(0, 12) + "/synth") == 2);
}

TEST_CASE("runner: a stage without an implementation fails the point, not the sweep",
          "[runner]") {
  const TestSweep t("sweep_2x2.yaml");
  TempDir tmp("runner_missing");
  FakeStages fake;
  const RunSummary sum = runPoints(t.points, t.workloads, fake.registry(false), options(tmp, t, 2));
  CHECK(sum.pointsDone == 4);
  CHECK(sum.pointsFailed == 4);
  CHECK(fake.total == 8); // gen and synth still ran everywhere
  const std::vector<ResultRow> rows = collectResults(t.points, t.workloads, t.sweep.stages,
                                                     StageCache(tmp.str() + "/cache"));
  for (const ResultRow &r : rows) {
    CHECK(r.status == "failed");
    CHECK(errorSummary(r) == "analytical: stage analytical not implemented yet (issue 5: "
                             "SystemC and analytical models)");
    CHECK(r.lut.has_value());
  }
}

TEST_CASE("runner: stages after a failed gen are recorded as needing it", "[runner]") {
  const TestSweep t("sweep_2x2.yaml");
  TempDir tmp("runner_gen");
  FakeStages fake;
  fake.failGen = true;
  const RunSummary sum = runPoints(t.points, t.workloads, fake.registry(), options(tmp, t, 1));
  CHECK(sum.pointsFailed == 4);
  CHECK(fake.total == 8); // gen and analytical; synth never called
  const std::vector<ResultRow> rows = collectResults(t.points, t.workloads, t.sweep.stages,
                                                     StageCache(tmp.str() + "/cache"));
  CHECK(errorSummary(rows[0]) ==
        "gen: generator: not implemented yet for this config; synth: needs gen, which failed: "
        "generator: not implemented yet for this config");
}

TEST_CASE("runner: one point only (a Slurm task), and its range check", "[runner]") {
  const TestSweep t("sweep_2x2.yaml");
  TempDir tmp("runner_point");
  FakeStages fake;
  const StageRegistry reg = fake.registry();
  RunOptions o = options(tmp, t, 4);
  o.onlyPoint = 3;
  const RunSummary sum = runPoints(t.points, t.workloads, reg, o);
  CHECK(sum.points == 1);
  CHECK(sum.stagesRun == 3);
  const std::string h = config::configHash(t.points[3].config).substr(0, 12);
  CHECK(fake.runs.count(h + "/gen") == 1);
  CHECK(fake.runs.count(h + "/synth") == 1);

  const std::vector<ResultRow> rows = collectResults(t.points, t.workloads, t.sweep.stages,
                                                     StageCache(o.cacheRoot));
  CHECK(rows[3].status == "ok");
  CHECK(rows[0].status == "incomplete");
  CHECK(stageSummary(rows[0]) == "gen:missing analytical:missing synth:missing");

  o.onlyPoint = 4;
  CHECK_THROWS_WITH(runPoints(t.points, t.workloads, reg, o),
                    Catch::Contains("--point 4 is out of range") && Catch::Contains("0..3"));
}

TEST_CASE("runner: durations", "[runner]") {
  CHECK(formatDuration(3.21) == "3.2 s");
  CHECK(formatDuration(245) == "4 min 05 s");
  CHECK(formatDuration(3725) == "1 h 02 min");
}
