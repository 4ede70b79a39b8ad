// The Slurm backend: a job array with one task per sweep point, each running
//   quasar sweep SWEEP --point $SLURM_ARRAY_TASK_ID -o OUT --stages ...
// into the shared cache OUT/cache (every task writes only its own point's directories), and a
// collect job, submitted with --dependency=afterany on the array, running
//   quasar sweep SWEEP --collect -o OUT --stages ...
// which builds the same CSV/JSON/plots as a local run.
//
// Files written into OUT/slurm/: array.sbatch, collect.sbatch, submit.sh (submits both and
// prints the job ids), logs/ (one output file per task).
#pragma once

#include <string>
#include <vector>

namespace quasar::sweep {

struct SlurmOptions {
  std::string quasarExe;   // absolute path of the quasar binary (shared file system)
  std::string sweepPath;   // absolute
  std::string outDir;      // absolute
  std::string workDir;     // absolute; the tasks cd here (relative paths in the sweep resolve)
  std::string stages;      // "gen,synth" as given to --stages ("" = the sweep's own)
  std::string sweepName;
  size_t points = 0;
  int maxParallel = 0;     // array throttle %N (0: none)
  std::string partition;   // --partition (empty: the cluster's default)
  std::string timeLimit;   // --time, e.g. "01:00:00" (empty: the partition's default)
  int cpusPerTask = 1;
  std::string memory;      // --mem, e.g. "4G" (empty: default)
};

// Writes the three scripts; returns the path of submit.sh.
std::string writeSlurmScripts(const SlurmOptions &options);

std::string arraySbatch(const SlurmOptions &options);
std::string collectSbatch(const SlurmOptions &options);
std::string submitScript(const SlurmOptions &options);

} // namespace quasar::sweep
