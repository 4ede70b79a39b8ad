// `quasar cosim CONFIG --workload W --engines verilator,systemc[,analytical]`: the same seeds
// on several engines. Each simulated engine is checked against the golden model by the one
// co-simulation checker (tb::runCosim); then the engines must agree with each other on every
// transfer of every seed (sim/engine_compare.h), and the analytical model, without stalls, on
// every beat's cycle and each layer's cycles_busy.
#include "args.h"
#include "commands.h"
#include "cosim_cli.h"

#include "quasar/arch/bitserial_timing.h"
#include "quasar/arch/ovp_stream.h"
#include "quasar/config/error.h"
#include "quasar/config/fit.h"
#include "quasar/config/load.h"
#include "quasar/config/workload.h"
#include "quasar/sim/engine_compare.h"
#include "quasar/testbenches/bitserial_layer.h"
#include "quasar/testbenches/cosim.h"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

namespace fs = std::filesystem;

namespace quasar::cli {
namespace {

const char *kHelp =
    R"(usage: quasar cosim CONFIG --workload W --engines LIST [cosim options] [--kernel]

Runs the same seeds (same tensors, same seeded stall pattern) on every engine of LIST
(comma-separated):
  verilator   the generated RTL under Verilator (the harness of `quasar cosim`)
  systemc     the SystemC cycle model (`quasar sim CONFIG --stimulus ...` as the harness;
              --kernel runs it through the SystemC kernel every cycle)
  analytical  the closed-form cycle model (only without stalls: --stall-prob 0)
Each simulated engine is checked bit for bit against the golden model as in `quasar cosim`.
Then the engines must agree on every output beat (value and cycle), every input beat's
cycle, every CSR transfer and the total cycles; the analytical model on every beat's cycle
and each layer's cycles_busy. The first difference is printed and the exit code is 1.

The SystemC engine's stimuli and results go under <work-dir>/systemc/runs/.
exit codes: 0 every engine passes and all agree, 1 a mismatch or a difference, 2 bad usage
)";

std::vector<std::string> splitList(const std::string &text) {
  std::vector<std::string> out;
  std::stringstream s(text);
  std::string item;
  while (std::getline(s, item, ',')) out.push_back(item);
  return out;
}

tb::Results readResultsFile(const std::string &path) {
  std::ifstream in(path);
  if (!in) throw InputError("cannot read " + path);
  return tb::readResults(in, path);
}

} // namespace

int runCosimEngines(const std::vector<std::string> &argv) {
  if (wantsHelp(argv, kHelp)) return 0;
  const Args args(argv,
                  {"workload", "seeds", "seed", "stall-prob", "json", "work-dir", "rtl-dir",
                   "max-cycles", "jobs", "engines", "w-prec", "w-mode"},
                  {"trace", "kernel"});
  args.expectPositional(1, "one accelerator CONFIG");
  const std::string configPath = args.positional()[0];
  const config::AccelConfig cfg = config::loadAccel(configPath);
  const std::string workloadPath = args.required("workload");
  const config::Workload workload = config::loadWorkload(workloadPath);
  for (const auto &note : config::checkFit(cfg, workload)) std::cout << "note: " << note << "\n";

  const std::vector<std::string> engines = splitList(args.required("engines"));
  bool analytical = false;
  std::vector<std::string> simulated;
  for (const std::string &e : engines) {
    if (e != "verilator" && e != "systemc" && e != "analytical")
      throw UsageError("--engines: unknown engine '" + e + "' (verilator, systemc or analytical)");
    for (const std::string &seen : simulated)
      if (seen == e) throw UsageError("--engines: " + e + " is listed twice");
    if (e == "analytical")
      analytical = true;
    else
      simulated.push_back(e);
  }
  if (simulated.empty())
    throw UsageError("--engines needs verilator or systemc (analytical is compared with them)");
  if (cfg.top == config::TopKind::Pipeline && args.flag("kernel"))
    throw UsageError(configPath + ": top: pipeline has no SystemC kernel-mode model (its "
                                  "s_axis_tready is combinational); run it without --kernel");

  tb::CosimOptions base;
  base.seeds = int(args.integer("seeds", 1, 1, 1000000));
  base.firstSeed = uint64_t(args.integer("seed", 0, 0, (1LL << 62)));
  base.stallProb = args.real("stall-prob", 0.0);
  if (!(base.stallProb >= 0.0 && base.stallProb < 1.0))
    throw UsageError("--stall-prob must be in [0, 1), got " + *args.option("stall-prob"));
  if (analytical && base.stallProb != 0)
    throw UsageError(
        "--engines analytical: the analytical model has no stalls (use --stall-prob 0)");
  base.trace = args.flag("trace");
  base.maxCycles = args.integer("max-cycles", 0, 1, 1LL << 50);
  base.wPrec = args.optionOr("w-prec", "");
  base.wMode = args.optionOr("w-mode", "");
  // Bit-serial: each layer's format, for the analytical model's terms per weight.
  const std::vector<uint32_t> formats = tb::bitserialFormats(cfg, base.wPrec, base.wMode);
  base.progress = &std::cout;
  const std::string workDir = args.optionOr("work-dir", "build/cache");
  const int jobs = int(args.integer("jobs", 2, 1, 256));

  std::cout << "cosim " << cfg.name << " (" << designSummary(cfg) << ") on " << workload.name
            << ": "
            << base.seeds << " seed(s) from " << base.firstSeed << ", stall probability "
            << base.stallProb << ", engines " << args.required("engines") << "\n";

  // Each simulated engine against the golden model.
  std::vector<tb::CosimReport> reports;
  std::vector<std::map<uint64_t, tb::Results>> results; // per engine, per seed
  bool pass = true;
  for (const std::string &e : simulated) {
    tb::CosimOptions opt = base;
    std::string exe;
    if (e == "verilator") {
      opt.workDir = workDir;
      exe = buildVerilatorHarness(cfg, args, workDir, jobs).executable;
    } else {
      opt.workDir = (fs::path(workDir) / "systemc").string();
      exe = fs::read_symlink("/proc/self/exe").string(); // this quasar: `quasar sim --stimulus`
      opt.harnessArgs = {"sim", configPath};
      if (args.flag("kernel")) opt.harnessArgs.push_back("--kernel");
    }
    std::cout << "engine " << e << ":\n";
    results.emplace_back();
    std::map<uint64_t, tb::Results> &mine = results.back();
    opt.onResults = [&mine](uint64_t seed, const std::string &path) {
      mine[seed] = readResultsFile(path);
    };
    reports.push_back(tb::runCosim(cfg, workload, exe, opt));
    const tb::CosimReport &r = reports.back();
    if (r.first)
      std::cout << "MISMATCH (" << e << ") seed " << r.first->seed << ", layer " << r.first->layer
                << ": " << r.first->message << "\n";
    std::cout << e << ": " << tb::summaryLine(r) << "\n";
    pass = pass && r.pass;
  }

  // The engines against each other, seed by seed, on the seeds every engine ran.
  int seeds = base.seeds;
  for (const tb::CosimReport &r : reports) seeds = std::min(seeds, r.seedsRun);
  std::vector<arch::GemmDims> dims;
  std::vector<std::string> names;
  std::vector<int> terms;
  for (const config::GemmLayer &l : config::lowerToGemm(workload)) {
    dims.push_back(arch::GemmDims{l.m, l.n, arch::acceleratorK(cfg, l.k)});
    names.push_back(l.name);
    const std::optional<uint32_t> format = tb::layerFormat(formats, names.size() - 1);
    terms.push_back(format ? arch::bitserialTerms(cfg, *format) : 1);
  }
  std::optional<sim::EngineDifference> difference;
  std::string differenceWhere;
  for (int si = 0; si < seeds && !difference; ++si) {
    const uint64_t seed = base.firstSeed + uint64_t(si);
    bool all = true; // a harness that failed to run wrote no results (reported above)
    for (const auto &r : results) all = all && r.count(seed);
    if (!all) continue;
    for (size_t i = 1; i < results.size() && !difference; ++i) {
      difference =
          sim::compareResults(results[0].at(seed), simulated[0], results[i].at(seed), simulated[i]);
      differenceWhere =
          "seed " + std::to_string(seed) + ", " + simulated[0] + " vs " + simulated[i];
    }
    for (size_t i = 0; analytical && i < results.size() && !difference; ++i) {
      difference =
          sim::compareWithAnalytical(cfg, dims, names, results[i].at(seed), simulated[i], terms);
      differenceWhere = "seed " + std::to_string(seed) + ", analytical vs " + simulated[i];
    }
  }
  if (difference)
    std::cout << "DIFFERENCE " << differenceWhere << ": " << difference->message << "\n";

  if (auto out = args.option("json")) {
    std::ofstream json(*out);
    json << "{\n\"engines\": [";
    for (size_t i = 0; i < engines.size(); ++i)
      json << (i ? ", " : "") << "\"" << engines[i] << "\"";
    json << "],\n\"agree\": " << (difference ? "false" : "true")
         << ",\n\"seeds_compared\": " << seeds << ",\n\"reports\": {";
    for (size_t i = 0; i < reports.size(); ++i)
      json << (i ? ",\n" : "\n") << "\"" << simulated[i] << "\": " << tb::toJson(reports[i]);
    json << "}\n}\n";
    if (!json) throw InputError("cannot write " + *out);
  }

  pass = pass && !difference;
  int64_t cycles = reports[0].cycles;
  std::cout << "cosim: " << (pass ? "PASS" : "FAIL") << " engines " << args.required("engines");
  if (pass)
    std::cout << ": " << seeds << " seed(s) bit-exact against the golden model, every output beat "
              << "(value and cycle) and the totals identical across engines, " << cycles
              << " cycles";
  else if (difference)
    std::cout << ": first difference " << differenceWhere << ", " << difference->message;
  else
    std::cout << ": a golden-model mismatch (above)";
  std::cout << "\n";
  return pass ? 0 : 1;
}

} // namespace quasar::cli
