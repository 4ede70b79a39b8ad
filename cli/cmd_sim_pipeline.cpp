// `quasar sim` for `top: pipeline` configs: each distinct layer's [M x N] accumulators streamed
// as rows through the pipeline alone (docs/dyadic-pipeline.md "top: pipeline"), on the
// analytical model (arch::pipelineRunTiming: stall-free cycles) or the SystemC model
// (sim::simulatePipelineWorkload: PipelineTop, decoupled; stalls and --check allowed).
#include "sim_pipeline.h"

#include "quasar/arch/pipeline.h"
#include "quasar/arch/pipeline_row_timing.h"
#include "quasar/config/error.h"
#include "quasar/config/workload.h"
#include "quasar/sim/engine.h"

#include <cstdio>
#include <iostream>

namespace quasar::cli {

int runSimPipeline(const config::AccelConfig &cfg, const Args &args,
                   const config::Workload &workload) {
  const std::string engine = args.optionOr("engine", "analytical");
  if (engine != "analytical" && engine != "systemc")
    throw UsageError("--engine must be analytical or systemc, got '" + engine + "'");
  for (const char *o : {"csv", "json"})
    if (args.option(o))
      throw UsageError(std::string("--") + o + " is not available for top: pipeline");
  if (args.flag("kernel"))
    throw UsageError("--kernel: top: pipeline has no SystemC kernel-mode model (its "
                     "combinational s_axis_tready); the SystemC engine runs it decoupled");
  const bool systemc = engine == "systemc";
  if (!systemc) {
    for (const char *o : {"seed", "stall-prob"})
      if (args.option(o)) throw UsageError(std::string("--") + o + " needs --engine systemc");
    if (args.flag("check")) throw UsageError("--check needs --engine systemc");
  }
  const std::vector<config::GemmLayer> layers = config::lowerToGemm(workload);
  std::vector<sim::PipelineSimLayer> simulated;
  if (systemc) {
    sim::SimOptions opt;
    opt.seed = std::stoull(args.optionOr("seed", "0"));
    opt.stallProb = std::stod(args.optionOr("stall-prob", "0"));
    opt.check = args.flag("check");
    simulated = sim::simulatePipelineWorkload(cfg, workload, opt);
  }
  std::cout << "sim " << cfg.name << " (pipeline, " << cfg.post.lanes << " lanes) on "
            << workload.name << ", engine " << engine << "\n";
  std::printf("%-28s %14s %6s %10s %12s %12s\n", "layer", "MxN", "count", "words", "cycles",
              "elem/cycle");
  int64_t total = 0, elements = 0, simCycles = 0, checked = 0;
  double simSeconds = 0;
  for (size_t i = 0; i < layers.size(); ++i) {
    const config::GemmLayer &l = layers[i];
    arch::checkPipelineDims(cfg, l.m, l.n);
    const int64_t words = l.m * arch::pipelineWordsPerRow(cfg, l.n);
    const int64_t cycles =
        systemc ? simulated[i].cyclesBusy : arch::pipelineRunTiming(cfg, l.m, l.n).cyclesBusy;
    const std::string shape = std::to_string(l.m) + "x" + std::to_string(l.n);
    std::printf("%-28s %14s %6lld %10lld %12lld %12.3f\n", l.name.c_str(), shape.c_str(),
                (long long)l.count, (long long)words, (long long)cycles,
                double(l.m * l.n) / double(cycles));
    total += cycles * l.count;
    elements += l.m * l.n * l.count;
    if (systemc) {
      simCycles += simulated[i].simulatedCycles;
      simSeconds += simulated[i].simSeconds;
      checked += simulated[i].checkedBeats;
    }
  }
  std::fflush(stdout);
  std::cout << "sim: " << engine << ", " << layers.size() << " layer(s), " << total
            << " cycles in total (layer counts included), "
            << (total ? double(elements) / double(total) : 0.0) << " elements per cycle";
  if (systemc && simSeconds > 0)
    std::cout << " (" << double(simCycles) / simSeconds / 1e6 << " M simulated cycles/s)";
  std::cout << "\n";
  if (checked > 0)
    std::cout << "check: " << checked << " output beats, every output beat equal to the golden "
              << "model\n";
  return 0;
}

} // namespace quasar::cli
