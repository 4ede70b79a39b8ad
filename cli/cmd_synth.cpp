// `quasar synth`: generate the RTL of a config (or take an RTL directory) and run the open FPGA
// flow on it (fpga/synth.h), cached by config hash and target; print the resources.
#include "args.h"
#include "commands.h"
#include "short_options.h"

#include "quasar/config/load.h"
#include "quasar/fpga/json.h"
#include "quasar/fpga/synth.h"
#include "quasar/testbenches/process.h"
#ifdef QUASAR_HAVE_RTLGEN
#include "quasar/rtlgen/generate.h"
#endif

#include <chrono>
#include <filesystem>
#include <iostream>

namespace fs = std::filesystem;

namespace quasar::cli {
namespace {

const char *kHelp = R"(usage: quasar synth CONFIG [--target xc7|ice40|generic] [-o DIR] [--json OUT]
                    [options]

Generates the RTL of CONFIG and synthesizes it with the open FPGA flow:
  xc7      Yosys synth_xilinx (out of context: no I/O or clock buffers) -> LUT, FF, DSP, BRAM
           (36 Kb tiles), carry; no Fmax (Yosys has no Xilinx timing)
  ice40    Yosys synth_ice40 + nextpnr-ice40 on fpga.part (default hx8k-ct256) at
           fpga.clock_mhz -> LUT, FF, BRAM, utilization and achieved Fmax, or a clear
           message when the design does not fit the part
  generic  Yosys synth (gate-level cells; memories kept unmapped, counted in bits)
Runs are cached in WORK/synth/<hash12>-<target>/ (with the scripts and the tools' logs) and
reused while the RTL, part, clock and options are the same.

options:
  --target T      xc7, ice40 or generic (default: fpga.target of CONFIG)
  -o, --out DIR   also copy the run's files (synth.ys, yosys.log, stat.json, nextpnr.log,
                  report.json, synth.json) into DIR
  --json OUT      write the result as JSON
  --work-dir D    generated RTL and the synthesis cache (default build/cache)
  --rtl-dir D     synthesize this RTL directory (holding files.f) instead of generating
  --top M         top module (default qsr_<name>_top; e.g. qsr_pe_int for one PE)
  --no-dsp        no DSP blocks: multipliers in LUTs (for comparisons with published figures)
  --force         run again even when the cache holds this design

exit codes: 0 synthesized (and fits), 1 the design does not fit or a tool failed,
            2 bad usage or input
)";

config::FpgaTarget parseTarget(const std::string &s) {
  for (const auto &[v, name] : config::enumTable<config::FpgaTarget>())
    if (s == name) return v;
  throw UsageError("--target must be " + config::allowedValues<config::FpgaTarget>() + ", got '" +
                   s + "'");
}

} // namespace

int runSynth(const std::vector<std::string> &argvIn) {
  if (wantsHelp(argvIn, kHelp)) return 0;
  const Args args(expandShortOptions(argvIn, {{"-o", "--out"}}),
                  {"target", "out", "json", "work-dir", "rtl-dir", "top"}, {"no-dsp", "force"});
  args.expectPositional(1, "one accelerator CONFIG");
  const config::AccelConfig cfg = config::loadAccel(args.positional()[0]);
  const auto t0 = std::chrono::steady_clock::now();

  fpga::SynthRequest req;
  req.flow.target = args.option("target") ? parseTarget(*args.option("target")) : cfg.fpga.target;
  req.flow.part = (req.flow.target == cfg.fpga.target && !cfg.fpga.part.empty())
                      ? cfg.fpga.part
                      : config::defaultPart(req.flow.target);
  req.flow.clockMhz = cfg.fpga.clock_mhz;
  req.flow.noDsp = args.flag("no-dsp");
  req.force = args.flag("force");
  req.configHash = config::configHash(cfg);
  req.progress = &std::cout;
  const std::string workDir = args.optionOr("work-dir", "build/cache");

  std::string topModule = "qsr_" + cfg.name + "_top";
  if (auto given = args.option("rtl-dir")) {
    req.rtlDir = *given;
  } else {
#ifdef QUASAR_HAVE_RTLGEN
    // The same generated directory `quasar cosim` uses; generation is cheap and deterministic.
    const std::string genDir =
        (fs::path(workDir) / "gen" / (cfg.name + "-" + config::shortHash(cfg))).string();
    fs::create_directories(fs::path(genDir).parent_path());
    const tb::FileLock lock(genDir + ".lock");
    std::cout << "generating " << cfg.name << " into " << genDir << "\n";
    topModule = rtlgen::generate(cfg, genDir).topModule;
    req.rtlDir = genDir + "/rtl";
#else
    throw InputError("quasar synth: this build has no RTL generator (rtl-gen); pass --rtl-dir D "
                     "with a directory holding files.f");
#endif
  }
  req.topModule = args.optionOr("top", topModule);

  std::cout << "synth " << cfg.name << " (" << config::shortHash(cfg) << ") for "
            << config::toString(req.flow.target) << " " << req.flow.part << "\n";
  const fpga::SynthResult result =
      fpga::synthesizeCached(req, (fs::path(workDir) / "synth").string());
  std::cout << fpga::summaryTable(result);

  if (auto out = args.option("out")) {
    fs::create_directories(*out);
    for (const char *f : {"synth.ys", "yosys.log", "stat.json", "memories.json", "nextpnr.log",
                          "report.json", "synth.json"}) {
      const fs::path src = fs::path(result.dir) / f;
      if (fs::exists(src))
        fs::copy_file(src, fs::path(*out) / f, fs::copy_options::overwrite_existing);
    }
    std::cout << "files copied to " << *out << "\n";
  }
  if (auto json = args.option("json")) fpga::writeFileAtomic(*json, fpga::toJson(result));
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::cout << "run directory " << result.dir << "; elapsed " << fpga::jsonNumber(
                   double(int64_t(elapsed * 10 + 0.5)) / 10) << " s\n";
  if (!result.fits) {
    std::cerr << "quasar synth: " << cfg.name << " " << result.message << "\n";
    return 1;
  }
  return 0;
}

} // namespace quasar::cli
