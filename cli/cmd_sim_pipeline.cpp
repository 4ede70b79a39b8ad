// `quasar sim` for `top: pipeline` configs: the analytical model of the pipeline alone
// (arch::pipelineRunTiming, docs/dyadic-pipeline.md "top: pipeline"): each distinct layer's
// [M x N] accumulators as rows, cycles without back-pressure. The SystemC model of this top
// (sim/pipeline_top.h) runs as the co-simulation harness (`quasar cosim --engines`) only.
#include "sim_pipeline.h"

#include "quasar/arch/pipeline.h"
#include "quasar/arch/pipeline_row_timing.h"
#include "quasar/config/error.h"
#include "quasar/config/workload.h"

#include <cstdio>
#include <iostream>

namespace quasar::cli {

int runSimPipeline(const config::AccelConfig &cfg, const Args &args,
                   const config::Workload &workload) {
  if (args.optionOr("engine", "analytical") != "analytical")
    throw InputError(cfg.name + ": top: pipeline: --engine systemc on a workload is not "
                                "implemented (issue 6); use --engine analytical, or quasar "
                                "cosim --engines verilator,systemc");
  for (const char *o : {"seed", "stall-prob", "csv", "json"})
    if (args.option(o))
      throw UsageError(std::string("--") + o + " is not available for top: pipeline (analytical "
                                                "cycles only)");
  if (args.flag("check") || args.flag("kernel"))
    throw UsageError("--check and --kernel need --engine systemc, which top: pipeline runs only "
                     "through quasar cosim --engines");
  std::cout << "sim " << cfg.name << " (pipeline, " << cfg.post.lanes << " lanes) on "
            << workload.name << ", engine analytical\n";
  std::printf("%-28s %14s %6s %10s %12s %12s\n", "layer", "MxN", "count", "words", "cycles",
              "elem/cycle");
  int64_t total = 0, elements = 0;
  const std::vector<config::GemmLayer> layers = config::lowerToGemm(workload);
  for (const config::GemmLayer &l : layers) {
    arch::checkPipelineDims(cfg, l.m, l.n);
    const int64_t words = l.m * arch::pipelineWordsPerRow(cfg, l.n);
    const int64_t cycles = arch::pipelineRunTiming(cfg, l.m, l.n).cyclesBusy;
    const std::string shape = std::to_string(l.m) + "x" + std::to_string(l.n);
    std::printf("%-28s %14s %6lld %10lld %12lld %12.3f\n", l.name.c_str(), shape.c_str(),
                (long long)l.count, (long long)words, (long long)cycles,
                double(l.m * l.n) / double(cycles));
    total += cycles * l.count;
    elements += l.m * l.n * l.count;
  }
  std::fflush(stdout);
  std::cout << "sim: analytical, " << layers.size() << " layer(s), " << total
            << " cycles in total (layer counts included), "
            << (total ? double(elements) / double(total) : 0.0) << " elements per cycle\n";
  return 0;
}

} // namespace quasar::cli
