// Running the points of a sweep through their stages: a pool of `jobs` threads takes points in
// order; each point runs its stages in sequence (stages.h), reusing cached records (cache.h).
// A failing stage is recorded and the sweep goes on; the stages that needed its output are
// recorded as failed with "needs gen, which failed: ...".
#pragma once

#include "quasar/config/sweep.h"
#include "quasar/sweep/cache.h"
#include "quasar/sweep/stages.h"

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace quasar::sweep {

struct RunOptions {
  std::string cacheRoot;              // e.g. <out>/cache
  std::vector<config::Stage> stages;  // as requested (plannedStages() adds gen)
  int jobs = 1;
  std::optional<size_t> onlyPoint;    // run this point only (Slurm array task)
  std::ostream *progress = nullptr;   // "[sweep] 3/12 points ..., ETA ..." lines
  // Testing aid standing in for an interruption: once this many stage functions have been
  // started, no further stage starts and the run returns with interrupted = true.
  int64_t maxStageRuns = -1;
};

struct RunSummary {
  size_t points = 0;       // points this run covered
  size_t pointsDone = 0;   // finished (all their stages recorded)
  size_t pointsFailed = 0; // with at least one failed stage
  int64_t stagesRun = 0;   // stage functions executed (including failures)
  int64_t stagesCached = 0;// records reused
  int64_t stagesFailed = 0;
  double seconds = 0;
  bool interrupted = false;
};

RunSummary runPoints(const std::vector<config::SweepPoint> &points,
                     const std::vector<WorkloadRef> &workloads, const StageRegistry &registry,
                     const RunOptions &options);

// "12.3 s", "4 min 05 s", "1 h 02 min"
std::string formatDuration(double seconds);

} // namespace quasar::sweep
