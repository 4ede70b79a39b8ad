// `quasar cosim`: generate the RTL, Verilate it with the harness (cached), run a workload for
// every seed and compare each output beat with the golden model (testbenches/cosim.h).
#include "args.h"
#include "commands.h"
#include "cosim_cli.h"

#include "quasar/config/fit.h"
#include "quasar/config/load.h"
#include "quasar/config/workload.h"
#include "quasar/testbenches/bitserial_layer.h"
#include "quasar/testbenches/cosim.h"
#include "quasar/testbenches/process.h"
#include "quasar/testbenches/verilator_build.h"
#ifdef QUASAR_HAVE_RTLGEN
#include "quasar/rtlgen/generate.h"
#endif

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

namespace quasar::cli {
namespace {

const char *kHelp = R"(usage: quasar cosim CONFIG --workload W [options]

Generates the RTL of CONFIG, builds it with Verilator together with the C++ harness (cached by
config, RTL, harness and Verilator version), runs every GEMM layer of W once per seed and
compares every output beat with the golden model bit for bit, plus the CSR counters.

options:
  --seeds N         run seeds FIRST .. FIRST+N-1 (default 1)
  --seed S          the first seed (default 0; seed 0 uses the workload's tensor seeds as
                    written, seed s shifts them, and seeds the stall pattern)
  --stall-prob P    probability of an input gap and of an output ready drop per cycle, in
                    [0, 1) (default 0)
  --trace           write an FST waveform for every seed (always written on a failure)
  --json OUT        write the report as JSON
  --work-dir D      generated RTL, Verilator builds, stimuli and waveforms (default build/cache)
  --rtl-dir D       use this RTL directory (holding files.f) instead of generating
  --max-cycles N    cycle limit per layer (default: derived from the layer size)
  --w-prec P[,P..]  bitplane accelerators: run the layers at precision P (written to the
                    bitserial_format CSR; P-bit weights, expected results from gemmBitplane);
                    a list: layer i at entry i mod its length (default: the CSR's reset
                    value, pe.bitserial.w_bits_max)
  --w-mode M[,M..]  bitmod accelerators: run the layers in mode M (fp4, fp3, int8, int6, int4;
                    one of pe.bitserial.modes; a list as for --w-prec) with random codes,
                    group scales and special indices; expected results from gemmBitmod
                    (default: the first built mode)
  --jobs J          parallel compiles for the Verilator build (default 2)
  --engines LIST    run the same seeds on several engines (verilator, systemc, analytical)
                    and require the same value and cycle of every output beat and the same
                    totals (`quasar cosim --engines verilator,systemc --help` for details)

On the first mismatch: prints layer, output index (m, n), expected, got, cycle and seed,
writes a waveform, and exits 1. Ends with one summary line.
exit codes: 0 pass, 1 mismatch or timeout, 2 bad usage or input
)";

} // namespace

std::string designSummary(const config::AccelConfig &cfg) {
  if (cfg.top == config::TopKind::Pipeline)
    return "pipeline, " + std::to_string(cfg.post.lanes) + " lanes";
  return std::to_string(cfg.array.rows) + "x" + std::to_string(cfg.array.cols) + " " +
         config::toString(cfg.array.dataflow);
}

tb::VerilatorBuild buildVerilatorHarness(const config::AccelConfig &cfg, const Args &args,
                                         const std::string &workDir, int jobs) {
  // The RTL: generated into the work dir (cheap, deterministic), or given.
  std::string rtlDir, topModule = "qsr_" + cfg.name + "_top";
  if (auto given = args.option("rtl-dir")) {
    rtlDir = *given;
  } else {
#ifdef QUASAR_HAVE_RTLGEN
    const std::string genDir =
        (std::filesystem::path(workDir) / "gen" / (cfg.name + "-" + config::shortHash(cfg))).string();
    std::filesystem::create_directories(std::filesystem::path(genDir).parent_path());
    const tb::FileLock lock(genDir + ".lock"); // parallel tests of one config generate once
    const rtlgen::GenResult gen = rtlgen::generate(cfg, genDir);
    topModule = gen.topModule;
    rtlDir = genDir + "/rtl";
#else
    throw InputError("quasar cosim: this build has no RTL generator (rtl-gen); pass --rtl-dir D "
                     "with a directory holding files.f");
#endif
  }

  tb::VerilatorBuildOptions build;
  build.rtlDir = rtlDir;
  build.topModule = topModule;
  build.configHash = config::configHash(cfg);
  build.cacheRoot = (std::filesystem::path(workDir) / "verilator").string();
  build.jobs = jobs;
  build.progress = &std::cout;
  const tb::VerilatorBuild harness = tb::buildHarness(build);
  return harness;
}

int runCosim(const std::vector<std::string> &argv) {
  for (const std::string &a : argv)
    if (a == "--engines" || a.rfind("--engines=", 0) == 0) return runCosimEngines(argv);
  if (wantsHelp(argv, kHelp)) return 0;
  const Args args(argv,
                  {"workload", "seeds", "seed", "stall-prob", "json", "work-dir", "rtl-dir",
                   "max-cycles", "jobs", "w-prec", "w-mode"},
                  {"trace"});
  args.expectPositional(1, "one accelerator CONFIG");
  const std::string configPath = args.positional()[0];
  const config::AccelConfig cfg = config::loadAccel(configPath);
  const std::string workloadPath = args.required("workload");
  const config::Workload workload = config::loadWorkload(workloadPath);
  for (const auto &note : config::checkFit(cfg, workload)) std::cout << "note: " << note << "\n";

  tb::CosimOptions opt;
  opt.seeds = int(args.integer("seeds", 1, 1, 1000000));
  opt.firstSeed = uint64_t(args.integer("seed", 0, 0, (1LL << 62)));
  opt.stallProb = args.real("stall-prob", 0.0);
  if (!(opt.stallProb >= 0.0 && opt.stallProb < 1.0))
    throw UsageError("--stall-prob must be in [0, 1), got " + *args.option("stall-prob"));
  opt.trace = args.flag("trace");
  opt.workDir = args.optionOr("work-dir", "build/cache");
  opt.maxCycles = args.integer("max-cycles", 0, 1, 1LL << 50);
  opt.wPrec = args.optionOr("w-prec", "");
  opt.wMode = args.optionOr("w-mode", "");
  tb::bitserialFormats(cfg, opt.wPrec, opt.wMode); // checked before the Verilator build
  opt.progress = &std::cout;
  const int jobs = int(args.integer("jobs", 2, 1, 256));

  const tb::VerilatorBuild harness = buildVerilatorHarness(cfg, args, opt.workDir, jobs);

  std::cout << "cosim " << cfg.name << " (" << designSummary(cfg) << ") on " << workload.name
            << ": "
            << opt.seeds << " seed(s) from " << opt.firstSeed << ", stall probability "
            << opt.stallProb << "\n";
  const tb::CosimReport report = tb::runCosim(cfg, workload, harness.executable, opt);

  if (report.first) {
    const tb::Mismatch &m = *report.first;
    std::cout << "MISMATCH seed " << m.seed << ", layer " << m.layer << ": " << m.message;
    if (m.cycle >= 0) std::cout << ", cycle " << m.cycle;
    std::cout << "\n  reproduce: quasar cosim " << configPath << " --workload " << workloadPath
              << " --seed " << m.seed << " --stall-prob " << opt.stallProb << "\n";
    if (!report.waveform.empty()) std::cout << "  waveform: " << report.waveform << "\n";
  } else if (opt.trace && !report.waveform.empty()) {
    std::cout << "waveform: " << report.waveform << "\n";
  }
  if (auto out = args.option("json")) {
    std::ofstream json(*out);
    json << tb::toJson(report);
    if (!json) throw InputError("cannot write " + *out);
  }
  std::cout << tb::summaryLine(report) << "\n";
  return report.pass ? 0 : 1;
}

} // namespace quasar::cli
