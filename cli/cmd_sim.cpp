// `quasar sim`: the cycles of a workload from the analytical model or the SystemC cycle model
// (sim/), and the SystemC model as a co-simulation harness (stimulus file in, results out).
#include "args.h"
#include "commands.h"
#include "sim_pipeline.h"

#include "quasar/arch/bitserial_timing.h"
#include "quasar/config/error.h"
#include "quasar/config/fit.h"
#include "quasar/config/load.h"
#include "quasar/config/workload.h"
#include "quasar/sim/analytical.h"
#include "quasar/sim/engine.h"
#include "quasar/testbenches/bitserial_layer.h"

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>

namespace quasar::cli {
namespace {

const char *kHelp = R"(usage: quasar sim CONFIG --workload W [--engine analytical|systemc] [options]
       quasar sim CONFIG --stimulus S --results R [--kernel]

Cycles, utilization and traffic of every GEMM layer of W on the accelerator CONFIG (each
distinct layer once; its count multiplies the totals). A top: pipeline CONFIG: the analytical
cycles of streaming each layer's [M x N] accumulators through the pipeline (its SystemC model
runs in harness mode only: `quasar cosim --engines`).
  analytical  closed-form recurrences over the tile steps (docs/sim.md): the RTL's exact
              cycles_busy when the host never stalls; instant for any layer size
  systemc     the SystemC cycle model driven by the co-simulation host driver: the RTL's
              exact cycles, also with back-pressure (--stall-prob)

options:
  --engine E        analytical (default) or systemc
  --csv OUT         per-layer CSV (SCALE-Sim columns LayerID, Total Cycles, Stall Cycles,
                    Overall Util %, Mapping Efficiency %, Compute Util %, then ours)
  --json OUT        the same as JSON, with count-weighted totals
  --seed S          systemc: tensors and stall pattern as `quasar cosim --seed S` (default 0)
  --stall-prob P    systemc: input gaps and output ready drops per cycle, in [0, 1) (default 0)
  --check           systemc: compare every output beat with the golden model
  --kernel          systemc: run the clocked process through the SystemC kernel every cycle
                    (pin level) instead of calling it directly (decoupled, the default);
                    same cycles, slower
  --w-prec P[,P..]  bitplane accelerators: the layers' precision (as `quasar cosim --w-prec`:
                    a list cycles over the layers; default: the bitserial_format CSR's reset
                    value, pe.bitserial.w_bits_max)
  --w-mode M[,M..]  bitmod accelerators: the layers' mode (fp4, fp3, int8, int6, int4; a list
                    cycles over the layers; default: the first of pe.bitserial.modes)

Harness mode (used by `quasar cosim --engines systemc`): runs the stimulus file S on the
SystemC model with the shared host driver and writes the results file R (docs/cosim.md).
--trace is accepted and ignored (the model has no waveform).

exit codes: 0 done, 1 a run failed (timeout, error status, --check mismatch), 2 bad usage or input
)";

std::string fixed(double v, int digits) {
  std::ostringstream s;
  s << std::fixed << std::setprecision(digits) << v;
  return s.str();
}

// A bit-serial layer's format as the options spell it: "P=5" (bitplane) or the bitmod mode.
std::string formatText(const config::AccelConfig &cfg, uint32_t format) {
  if (cfg.pe.bitserial.encoding == config::BitEncoding::Bitplane)
    return "P=" + std::to_string(arch::bitserialTerms(cfg, format));
  return config::toString(static_cast<config::BitmodMode>(
      (format >> arch::kBitserialModeLsb) & ((1u << arch::kBitserialModeBits) - 1)));
}

void printTable(const config::AccelConfig &cfg, const std::vector<sim::LayerReport> &layers) {
  const bool serial = cfg.pe.type == config::PeType::Bitserial;
  std::printf("%-28s %20s %6s %12s %12s %8s %8s %8s%s\n", "layer", "MxNxK", "count", "cycles",
              "stall", "util%", "map%", "comp%", serial ? "  format" : "");
  for (const sim::LayerReport &r : layers) {
    const std::string shape =
        std::to_string(r.m) + "x" + std::to_string(r.n) + "x" + std::to_string(r.k);
    const std::string format = serial ? "  " + formatText(cfg, r.format) : "";
    std::printf("%-28s %20s %6lld %12lld %12lld %8.2f %8.2f %8.2f%s\n", r.name.c_str(),
                shape.c_str(), (long long)r.count, (long long)r.totalCycles,
                (long long)r.stallCycles, r.overallUtil, r.mappingEfficiency, r.computeUtil,
                format.c_str());
  }
  std::fflush(stdout);
}

} // namespace

int runSim(const std::vector<std::string> &argv) {
  if (wantsHelp(argv, kHelp)) return 0;
  const Args args(
      argv,
      {"workload", "engine", "csv", "json", "seed", "stall-prob", "stimulus", "results", "trace",
       "w-prec", "w-mode"},
      {"check", "kernel"});
  args.expectPositional(1, "one accelerator CONFIG");
  const config::AccelConfig cfg = config::loadAccel(args.positional()[0]);
  const sim::KernelMode mode =
      args.flag("kernel") ? sim::KernelMode::Kernel : sim::KernelMode::Decoupled;

  if (auto stim = args.option("stimulus")) {
    if (args.option("workload")) throw UsageError("--stimulus and --workload exclude each other");
    return sim::runHarness(cfg, *stim, args.required("results"), mode, std::cerr);
  }

  const std::string workloadPath = args.required("workload");
  const config::Workload workload = config::loadWorkload(workloadPath);
  if (cfg.top == config::TopKind::Pipeline) return runSimPipeline(cfg, args, workload);
  for (const auto &note : config::checkFit(cfg, workload)) std::cout << "note: " << note << "\n";
  const std::string engine = args.optionOr("engine", "analytical");
  if (engine != "analytical" && engine != "systemc")
    throw UsageError("--engine must be analytical or systemc, got '" + engine + "'");
  if (engine == "analytical") {
    for (const char *o : {"seed", "stall-prob"})
      if (args.option(o)) throw UsageError(std::string("--") + o + " needs --engine systemc");
    if (args.flag("check") || args.flag("kernel"))
      throw UsageError("--check and --kernel need --engine systemc");
  }

  const std::string wPrec = args.optionOr("w-prec", ""), wMode = args.optionOr("w-mode", "");
  const std::vector<uint32_t> formats = tb::bitserialFormats(cfg, wPrec, wMode);
  std::cout << "sim " << cfg.name << " (" << cfg.array.rows << "x" << cfg.array.cols << " "
            << config::toString(cfg.array.dataflow) << ") on " << workload.name << ", engine "
            << engine << "\n";
  std::vector<sim::LayerReport> layers;
  int64_t simulated = 0;
  double simSeconds = 0;
  const auto t0 = std::chrono::steady_clock::now();
  if (engine == "analytical") {
    layers = sim::analyzeWorkload(cfg, workload, formats);
  } else {
    sim::SimOptions opt;
    opt.seed = uint64_t(args.integer("seed", 0, 0, (1LL << 62)));
    opt.stallProb = args.real("stall-prob", 0.0);
    if (!(opt.stallProb >= 0.0 && opt.stallProb < 1.0))
      throw UsageError("--stall-prob must be in [0, 1), got " + *args.option("stall-prob"));
    opt.mode = mode;
    opt.check = args.flag("check");
    opt.wPrec = wPrec;
    opt.wMode = wMode;
    try {
      for (const sim::SimLayer &l : sim::simulateWorkload(cfg, workload, opt)) {
        layers.push_back(l.report);
        simulated += l.simulatedCycles;
        simSeconds += l.simSeconds;
      }
    } catch (const CheckError &e) {
      std::cout << "sim: FAIL " << e.what() << "\n";
      return 1;
    }
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  printTable(cfg, layers);

  if (auto out = args.option("csv")) {
    std::ofstream csv(*out);
    sim::writeCsv(csv, layers);
    if (!csv) throw InputError("cannot write " + *out);
  }
  if (auto out = args.option("json")) {
    std::ofstream json(*out);
    sim::writeJson(json, cfg, workload.name, engine, layers);
    if (!json) throw InputError("cannot write " + *out);
  }
  int64_t cycles = 0, macs = 0;
  for (const sim::LayerReport &r : layers) {
    cycles += r.totalCycles * r.count;
    macs += r.macs * r.count;
  }
  const double util =
      cycles ? 100.0 * double(macs) / (double(cycles) * cfg.array.rows * cfg.array.cols) : 0;
  std::cout << "sim: " << engine << ", " << layers.size() << " layer(s), " << cycles
            << " cycles in total (layer counts included), " << fixed(util, 1)
            << "% PE utilization, " << fixed(seconds, 3) << " s";
  if (engine == "systemc" && simSeconds > 0)
    std::cout << " (" << fixed(double(simulated) / simSeconds / 1e6, 2) << " M simulated cycles/s)";
  if (args.flag("check")) std::cout << ", every output beat equal to the golden model";
  std::cout << "\n";
  return 0;
}

} // namespace quasar::cli
