// `quasar sweep`: run a design-space sweep locally (threads) or hand it to Slurm (a job array
// of points plus a collect job), then write the results table and plots (sweep/).
#include "args.h"
#include "commands.h"
#include "short_options.h"

#include "quasar/config/sweep.h"
#include "quasar/fpga/json.h"
#include "quasar/sweep/plots.h"
#include "quasar/sweep/results.h"
#include "quasar/sweep/runner.h"
#include "quasar/sweep/slurm.h"
#include "quasar/testbenches/process.h"

#include <filesystem>
#include <iostream>

namespace fs = std::filesystem;

namespace quasar::cli {
namespace {

const char *kHelp = R"(usage: quasar sweep SWEEP.yaml [-j N] [-o DIR] [--backend local|slurm]
                    [--stages LIST] [options]

Runs every point of SWEEP (its axes expanded, cartesian or zipped) through the stages, per
point: gen, lint, synth; per point and workload: analytical, systemc, cosim (cycles) and quant
(SQNR of the real-valued tensors in the PE's formats). Points
run in parallel; each stage's result is cached under DIR/cache by config hash, stage and
workload, so a re-run (also after an interruption) only runs what is missing. A failing stage
is recorded with its error and the sweep goes on. Progress (done/total, ETA) goes to stderr.

Writes into DIR: results.csv and results.json (one row per point x workload: config keys and
overrides, hash, status and errors, cycles, utilization, LUT/FF/DSP/BRAM/carry, Fmax,
throughput = MACs/cycle x clock, GMAC/s per kLUT and per DSP, SQNR of activations, weights and
outputs), layers.csv (cycles per layer),
plots/pareto_<workload>.svg|png (throughput vs LUTs, Pareto front) and
plots/cycles_<workload>.svg|png (cycles per layer per config). PNGs need python3-matplotlib.

options:
  -j, --jobs N        points in parallel (default 1)
  -o, --out DIR       results and cache (default build/sweeps/<sweep name>)
  --stages LIST       comma-separated, instead of the sweep's stages: gen, lint, analytical,
                      systemc, cosim, synth (lint, cosim and synth bring gen along)
  --backend B         local (default), or slurm: write DIR/slurm/{array,collect}.sbatch and
                      submit.sh (one array task per point, then a collect job); see
                      docs/sweeps.md
  --submit            with --backend slurm: submit now (runs DIR/slurm/submit.sh)
  --partition P, --time T, --mem M, --max-parallel N, --cpus-per-task C
                      sbatch settings for --backend slurm
  --point I           run point I only, no results (what each Slurm task runs)
  --collect           run nothing: build the results and plots from the cache
  --no-png            SVG plots only

exit codes: 0 the sweep ran (failed points are rows with status 'failed', counted in the
            summary), 2 bad usage or input (an invalid point names its overrides)
)";

void writeResults(const config::Sweep &sweep, const std::vector<config::SweepPoint> &points,
                  const std::vector<sweep::WorkloadRef> &workloads,
                  const std::vector<config::Stage> &stages, const std::string &out, bool png) {
  const sweep::StageCache cache((fs::path(out) / "cache").string());
  const std::vector<sweep::ResultRow> rows =
      sweep::collectResults(points, workloads, stages, cache);
  fpga::writeFileAtomic((fs::path(out) / "results.csv").string(), sweep::resultsCsv(rows));
  fpga::writeFileAtomic((fs::path(out) / "results.json").string(),
                        sweep::resultsJson(sweep, stages, rows));
  fpga::writeFileAtomic((fs::path(out) / "layers.csv").string(), sweep::layersCsv(rows));
  const std::vector<std::string> svgs =
      sweep::writeSvgPlots(rows, (fs::path(out) / "plots").string());
  std::cout << sweep::resultsTable(rows);
  size_t ok = 0, failed = 0, incomplete = 0;
  for (const sweep::ResultRow &r : rows)
    (r.status == "ok" ? ok : r.status == "failed" ? failed : incomplete)++;
  std::cout << rows.size() << " rows: " << ok << " ok, " << failed << " failed, " << incomplete
            << " incomplete\n";
  std::cout << "results: " << (fs::path(out) / "results.csv").string() << ", results.json, "
            << "layers.csv\nplots:   " << (fs::path(out) / "plots").string() << "/ ("
            << svgs.size() << " SVG";
  if (png) {
    const std::string why = sweep::renderPngPlots(out);
    std::cout << (why.empty() ? " + PNG)\n" : ")\n" + why + "\n");
  } else {
    std::cout << ")\n";
  }
}

} // namespace

int runSweep(const std::vector<std::string> &argvIn) {
  if (wantsHelp(argvIn, kHelp)) return 0;
  const Args args(expandShortOptions(argvIn, {{"-j", "--jobs"}, {"-o", "--out"}}),
                  {"jobs", "out", "stages", "backend", "point", "partition", "time", "mem",
                   "max-parallel", "cpus-per-task"},
                  {"submit", "collect", "no-png"});
  args.expectPositional(1, "one SWEEP file");
  const std::string sweepPath = args.positional()[0];
  const config::Sweep sw = config::loadSweep(sweepPath);
  const std::vector<config::SweepPoint> points = config::expandSweep(sw);
  std::vector<sweep::WorkloadRef> workloads;
  for (const std::string &w : sw.workloads) workloads.push_back(sweep::loadWorkloadRef(w));
  const std::vector<config::Stage> stages =
      args.option("stages") ? sweep::parseStageList(*args.option("stages")) : sw.stages;
  const std::string out = args.optionOr("out", "build/sweeps/" + sw.name);
  const std::string backend = args.optionOr("backend", "local");
  if (backend != "local" && backend != "slurm")
    throw UsageError("--backend must be local or slurm, got '" + backend + "'");
  if (args.flag("collect") && args.option("point"))
    throw UsageError("--collect and --point exclude each other");

  if (backend == "slurm" && !args.flag("collect") && !args.option("point")) {
    sweep::SlurmOptions so;
    so.quasarExe = fs::canonical("/proc/self/exe").string();
    so.sweepPath = fs::absolute(sweepPath).lexically_normal().string();
    so.outDir = fs::absolute(out).lexically_normal().string();
    so.workDir = fs::current_path().string();
    so.stages = args.optionOr("stages", "");
    so.sweepName = sw.name;
    so.points = points.size();
    so.maxParallel = int(args.integer("max-parallel", 0, 0, 1000000));
    so.partition = args.optionOr("partition", "");
    so.timeLimit = args.optionOr("time", "");
    so.memory = args.optionOr("mem", "");
    so.cpusPerTask = int(args.integer("cpus-per-task", 1, 1, 1024));
    const std::string submit = sweep::writeSlurmScripts(so);
    std::cout << "wrote " << so.outDir << "/slurm/array.sbatch (" << points.size()
              << " tasks), collect.sbatch, submit.sh\n";
    if (!args.flag("submit")) {
      std::cout << "submit with: " << submit << "\n";
      return 0;
    }
    const std::string log = so.outDir + "/slurm/submit.log";
    fs::remove(log);
    const int rc = tb::runProcess({"bash", submit}, log);
    std::cout << fpga::readTextFile(log);
    if (rc != 0) throw CheckError("submitting to Slurm failed (exit " + std::to_string(rc) + ")");
    return 0;
  }

  if (!args.flag("collect")) {
    sweep::RunOptions ro;
    ro.cacheRoot = (fs::path(out) / "cache").string();
    ro.stages = stages;
    ro.jobs = int(args.integer("jobs", 1, 1, 1024));
    if (args.option("point"))
      ro.onlyPoint = size_t(args.integer("point", 0, 0, 1LL << 40));
    ro.progress = &std::cerr;
    std::string stageNames;
    for (config::Stage s : sweep::plannedStages(stages))
      stageNames += (stageNames.empty() ? "" : ", ") + config::toString(s);
    std::cerr << "[sweep] " << sw.name << ": " << points.size() << " points x "
              << workloads.size() << " workload(s), stages " << stageNames << ", -j" << ro.jobs
              << ", cache " << ro.cacheRoot << "\n";
    const sweep::RunSummary sum =
        sweep::runPoints(points, workloads, sweep::defaultRegistry(), ro);
    std::cerr << "[sweep] " << sum.pointsDone << "/" << sum.points << " points, "
              << sum.pointsFailed << " with failures; stages run " << sum.stagesRun
              << ", cached " << sum.stagesCached << ", failed " << sum.stagesFailed << "; "
              << sweep::formatDuration(sum.seconds) << "\n";
    if (ro.onlyPoint) return 0;
  }
  writeResults(sw, points, workloads, stages, out, !args.flag("no-png"));
  return 0;
}

} // namespace quasar::cli
