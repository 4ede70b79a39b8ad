// The stages a sweep point goes through, and the registry that maps each stage to the function
// that runs it.
//
// Per point (once per configuration): gen, lint, synth. Per point x workload: analytical,
// systemc, cosim (they produce cycles), quant (SQNR). A point runs its stages in the order of
// config::Stage (gen, lint, analytical, systemc, cosim, synth, quant); lint, cosim and synth
// need gen's RTL, so a sweep that lists one of them runs gen too. A stage that is not in the registry fails with
// "stage X not implemented yet (...)": the failure is recorded for the point like any other
// (not fatal, not skipped silently).
//
// Contract for a stage function (what the analytical and SystemC stages follow too):
//   - read the config (ctx.cfg), the workload (ctx.workload, per-workload stages) and earlier
//     per-point outputs (ctx.earlier, e.g. gen's "rtl_dir" and "top");
//   - write any files into ctx.dir (its own cache directory, already created);
//   - return StageOutput: values (flat strings) and, for cycle stages, one LayerCycles per
//     distinct GEMM of config::lowerToGemm(workload), in that order;
//   - throw InputError / CheckError (or anything derived from std::exception) to fail; the
//     message is recorded as the point's error.
#pragma once

#include "quasar/config/accel.h"
#include "quasar/config/enums.h"
#include "quasar/config/workload.h"

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace quasar::sweep {

// A workload of the sweep, loaded once.
struct WorkloadRef {
  std::string path;
  config::Workload workload;
  std::vector<config::GemmLayer> gemms; // config::lowerToGemm(workload)
  std::string key;                      // "<name>-<sha256(file)[0:12]>": names cache entries
  int64_t macs = 0;                     // sum of m*n*k*count
};
WorkloadRef loadWorkloadRef(const std::string &path);

// Cycles of one distinct GEMM layer (it runs `count` times in the workload).
struct LayerCycles {
  std::string name;
  int64_t m = 0, n = 0, k = 0, count = 1;
  int64_t cycles = 0; // of one instance
};

struct StageOutput {
  std::map<std::string, std::string> values;
  std::vector<LayerCycles> layers;
};

struct StageContext {
  const config::AccelConfig &cfg;
  const std::string &configHash;
  const WorkloadRef *workload;                         // null for per-point stages
  std::string dir;                                     // this stage's own directory
  std::string cacheRoot;                               // shared caches (e.g. Verilator builds)
  const std::map<config::Stage, StageOutput> &earlier; // per-point stages done before
};

using StageFn = std::function<StageOutput(const StageContext &)>;

class StageRegistry {
public:
  void add(config::Stage stage, StageFn fn) { m_fns[stage] = std::move(fn); }
  // Null when the stage has no implementation in this build.
  const StageFn *find(config::Stage stage) const;
  // Why a stage is missing, for the recorded failure.
  void setMissingReason(config::Stage stage, std::string reason) {
    m_missing[stage] = std::move(reason);
  }
  std::string missingMessage(config::Stage stage) const;

private:
  std::map<config::Stage, StageFn> m_fns;        // the implemented stages
  std::map<config::Stage, std::string> m_missing; // reasons for the others
};

// gen, lint, cosim (need the RTL generator in the build), analytical and systemc (sim/) and
// synth.
StageRegistry defaultRegistry();

bool isPerWorkload(config::Stage stage);  // analytical, systemc, cosim, quant
bool needsGen(config::Stage stage);       // lint, cosim, synth
// The stages a point runs: `requested` plus gen when needed, deduplicated, in Stage order.
std::vector<config::Stage> plannedStages(const std::vector<config::Stage> &requested);
// "gen,synth" -> stages; throws InputError naming --stages and the allowed names.
std::vector<config::Stage> parseStageList(const std::string &text);

} // namespace quasar::sweep
