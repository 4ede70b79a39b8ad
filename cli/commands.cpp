#include "commands.h"

#include <iostream>

namespace quasar::cli {

int runNotImplemented(const char *name, const char *issue) {
  std::cerr << "quasar " << name << ": not implemented yet (tracked in " << issue << ")\n";
  return 2;
}

bool wantsHelp(const std::vector<std::string> &args, const char *helpText) {
  for (const auto &a : args) {
    if (a == "--help" || a == "-h") {
      std::cout << helpText;
      return true;
    }
  }
  return false;
}

namespace {
#define QUASAR_PENDING(fn, cmd, issue)                                                            \
  int fn(const std::vector<std::string> &args) {                                                  \
    if (wantsHelp(args, "usage: quasar " cmd " ...\n\nnot implemented yet (" issue ")\n"))        \
      return 0;                                                                                   \
    return runNotImplemented(cmd, issue);                                                          \
  }
#undef QUASAR_PENDING
} // namespace

int runSim(const std::vector<std::string> &args);   // cmd_sim.cpp
int runCosim(const std::vector<std::string> &args); // cmd_cosim.cpp
int runSynth(const std::vector<std::string> &args); // cmd_synth.cpp
int runSweep(const std::vector<std::string> &args); // cmd_sweep.cpp
int runQuantize(const std::vector<std::string> &args); // cmd_quantize.cpp
int runGolden(const std::vector<std::string> &args);   // cmd_golden.cpp
int runBench(const std::vector<std::string> &args);    // cmd_bench.cpp

const std::vector<Command> &commands() {
  static const std::vector<Command> table = {
      {"check", "validate a config (accelerator, workload or sweep); print it normalized",
       runCheck},
      {"gen", "generate Verilog, manifest, params header and FuseSoC core", runGen},
      {"sim", "cycles of a workload from the analytical or the SystemC cycle model", runSim},
      {"cosim", "co-simulate the RTL under Verilator against the golden model", runCosim},
      {"synth", "synthesize with Yosys (xc7, generic) or Yosys + nextpnr (ice40)", runSynth},
      {"sweep", "sweep a design space (local or Slurm); CSV, JSON, Pareto plots", runSweep},
      {"quantize", "quantize a tensor (int, ovp4, bitplane, bitmod, minifloat); MSE, SQNR",
       runQuantize},
      {"golden", "run a golden-model kernel on .npy files (requant, gemm, shiftmax, ...)",
       runGolden},
      {"bench", "benchmarks: the golden int8 GEMM next to Eigen's float GEMM", runBench},
  };
  return table;
}

} // namespace quasar::cli
