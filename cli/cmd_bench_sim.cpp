// `quasar bench sim`: wall time and simulated cycles per second of the Verilated RTL, the
// SystemC model and the analytical model on the same configs and workloads (docs/sim.md,
// "Speed"). Every engine runs the same stimulus through the same host driver; the SystemC
// results must equal the Verilator results transfer for transfer and the analytical
// cycles_busy each layer's, or the benchmark fails (exit 1): the speed is only worth
// something with identical cycles.
#include "args.h"
#include "commands.h"

#include "quasar/arch/csr.h"
#include "quasar/arch/stream.h"
#include "quasar/config/load.h"
#include "quasar/config/workload.h"
#include "quasar/models/workload_tensors.h"
#include "quasar/sim/analytical.h"
#include "quasar/sim/engine_compare.h"
#include "quasar/sim/gemm_job.h"
#include "quasar/sim/systemc_dut.h"
#include "quasar/testbenches/cosim.h"
#include "quasar/testbenches/process.h"
#include "quasar/testbenches/verilator_build.h"
#ifdef QUASAR_HAVE_RTLGEN
#include "quasar/rtlgen/generate.h"
#endif

#include "host.h"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

namespace fs = std::filesystem;

namespace quasar::cli {
namespace {

// The benchmark configs: int8 weight-stationary arrays with one input word per beat and
// buffers of 1024 words (tile m = 512), k_max large enough for LLaMA's 11008.
std::string benchConfig(int size, const std::string &dataflow = "ws") {
  const int outBits = std::min(size * 32, 1024);
  return "name: bench_int8_" + std::to_string(size) + "x" + std::to_string(size) +
         (dataflow == "ws" ? "" : "_" + dataflow) + "\narray: {rows: " + std::to_string(size) +
         ", cols: " + std::to_string(size) + ", dataflow: " + dataflow +
         "}\npe: {type: int, a_bits: 8, w_bits: 8, acc_bits: 32}\n"
         "limits: {k_max: 16384}\ninterfaces: {axis_in_bits: " +
         std::to_string(size * 8) + ", axis_out_bits: " + std::to_string(outBits) + "}\n";
}

// Workloads (the shapes of configs/workloads/{gemm_256,bert_base,llama7b}.yaml).
const char *kGemm512 =
    "name: gemm_512\nlayers:\n  - {name: gemm, gemm: {m: 512, n: 512, k: 512}}\n";
const char *kGemm256 =
    "name: gemm_256\nlayers:\n  - {name: gemm, gemm: {m: 256, n: 256, k: 256}}\n";
const char *kBert = "name: bert_base\nlayers:\n  - name: encoder\n"
                    "    transformer: {seq: 128, hidden: 768, heads: 12, ffn: 3072}\n"
                    "    repeat: 12\n"
                    "    activations: {dist: normal, std: 1.0, seed: 21}\n"
                    "    weights: {dist: normal, std: 0.02, seed: 22}\n";
const char *kLlama = "name: llama7b\nlayers:\n"
                     "  - {name: q_k_v_o_proj, gemm: {m: 512, n: 4096, k: 4096}, repeat: 128}\n"
                     "  - {name: gate_up_proj, gemm: {m: 512, n: 11008, k: 4096}, repeat: 64}\n"
                     "  - {name: down_proj, gemm: {m: 512, n: 4096, k: 11008}, repeat: 32}\n";
// --quick: the same kinds of shapes, small.
const char *kQuickGemm = "name: gemm_64\nlayers:\n  - {name: gemm, gemm: {m: 64, n: 64, k: 64}}\n";
const char *kQuickBert = "name: bert_tiny\nlayers:\n  - name: encoder\n"
                         "    transformer: {seq: 16, hidden: 64, heads: 2, ffn: 128}\n";
const char *kQuickLlama = "name: llama_tiny\nlayers:\n"
                          "  - {name: q_k_v_o_proj, gemm: {m: 64, n: 128, k: 128}}\n"
                          "  - {name: gate_up_proj, gemm: {m: 64, n: 344, k: 128}}\n"
                          "  - {name: down_proj, gemm: {m: 64, n: 128, k: 344}}\n";

struct EngineRun {
  int64_t cycles = 0;     // harness cycles simulated (reset, CSR traffic and idle included)
  int64_t busyCycles = 0; // sum of cycles_busy over the layers
  double seconds = 0;     // cycle-loop wall time (analytical: model time)
  bool ran = false;
};

double secondsSince(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

uint32_t csrRead(const tb::JobResult &job, uint32_t addr) {
  for (const tb::ReadRecord &r : job.reads)
    if (r.addr == addr) return r.data;
  return 0;
}

// One stimulus per layer (one job each, seed 0 tensors, no stalls).
tb::Stimulus layerStimulus(const config::AccelConfig &cfg, const config::GemmLayer &l) {
  const models::IntMatrix a = models::makeTensor(
      l.activations, l.m, l.k, models::OperandFormat{cfg.pe.a_bits, cfg.pe.a_signed});
  const models::IntMatrix w = models::makeTensor(
      l.weights, l.n, l.k, models::OperandFormat{cfg.pe.w_bits, cfg.pe.w_signed});
  tb::Stimulus s;
  s.inChunks = arch::activationWordFormat(cfg).chunksPerBeat();
  s.outChunks = arch::outputWordFormat(cfg).chunksPerBeat();
  const int64_t ideal = sim::layerTiming(cfg, arch::GemmDims{l.m, l.n, l.k}).cyclesBusy;
  s.maxCycles = 2 * ideal + 10000;
  s.jobs.push_back(sim::makeGemmJob(cfg, l.name, a, w));
  return s;
}

class Bench {
public:
  Bench(std::string workDir, bool verilator, int jobs)
      : m_workDir(std::move(workDir)), m_verilator(verilator), m_jobs(jobs) {}

  // Runs one case; returns false when the engines disagree.
  bool run(const std::string &label, const std::string &configYaml, const std::string &workloadYaml,
           bool withVerilator, const std::string &probeYaml = "") {
    const config::AccelConfig cfg = config::loadAccelText(configYaml, "bench.yaml");
    const config::Workload workload = config::loadWorkloadText(workloadYaml, "workload.yaml");
    const std::vector<config::GemmLayer> layers = config::lowerToGemm(workload);
    std::cerr << "bench sim: " << label << "\n";

    EngineRun analytical;
    {
      // Repeat until the time is measurable.
      int reps = 0;
      const auto t0 = std::chrono::steady_clock::now();
      do {
        analytical.busyCycles = 0;
        for (const config::GemmLayer &l : layers)
          analytical.busyCycles += sim::layerTiming(cfg, arch::GemmDims{l.m, l.n, l.k}).cyclesBusy;
        ++reps;
      } while (secondsSince(t0) < 0.05);
      analytical.seconds = secondsSince(t0) / reps;
      analytical.cycles = analytical.busyCycles;
      analytical.ran = true;
    }

    EngineRun systemc, verilator;
    std::string harness;
    const bool useVerilator = m_verilator && withVerilator;
    if (useVerilator) harness = verilatorHarness(cfg);
    sim::SystemcDut dut(cfg, sim::KernelMode::Decoupled);
    bool same = true;
    for (const config::GemmLayer &l : layers) {
      std::cerr << "  layer " << l.name << " (" << l.m << "x" << l.n << "x" << l.k << ")\n";
      const tb::Stimulus stim = layerStimulus(cfg, l);
      const auto t0 = std::chrono::steady_clock::now();
      const tb::Results sc = tb::runStimulus(dut, stim);
      systemc.seconds += secondsSince(t0);
      systemc.cycles += sc.totalCycles;
      const int64_t busy = csrRead(sc.jobs.at(0), arch::csr::kCyclesBusy);
      systemc.busyCycles += busy;
      const int64_t ideal = sim::layerTiming(cfg, arch::GemmDims{l.m, l.n, l.k}).cyclesBusy;
      if (!sc.ok || busy != int64_t(uint32_t(ideal))) {
        std::cerr << "  DIFFERENCE: layer " << l.name << ": systemc cycles_busy " << busy
                  << ", analytical " << ideal << (sc.ok ? "" : " (" + sc.error + ")") << "\n";
        same = false;
      }
      if (!useVerilator) continue;
      const tb::Results rtl = runVerilator(harness, stim, cfg.name + "_" + l.name);
      verilator.seconds += rtl.simSeconds;
      verilator.cycles += rtl.totalCycles;
      verilator.busyCycles += csrRead(rtl.jobs.at(0), arch::csr::kCyclesBusy);
      if (auto d = sim::compareResults(rtl, "verilator", sc, "systemc")) {
        std::cerr << "  DIFFERENCE: " << d->message << "\n";
        same = false;
      }
    }
    systemc.ran = true;
    verilator.ran = useVerilator;
    std::string verilatorName = "verilator";
    // Large arrays: Verilator's speed measured on a short GEMM, its time on the workload
    // estimated from the analytical cycles.
    if (m_verilator && !probeYaml.empty()) {
      const config::Workload probe = config::loadWorkloadText(probeYaml, "probe.yaml");
      const config::GemmLayer l = config::lowerToGemm(probe).at(0);
      std::cerr << "  verilator speed probe " << l.m << "x" << l.n << "x" << l.k << "\n";
      const tb::Stimulus stim = layerStimulus(cfg, l);
      const tb::Results rtl = runVerilator(verilatorHarness(cfg), stim, cfg.name + "_probe");
      const tb::Results sc = tb::runStimulus(dut, stim);
      if (auto d = sim::compareResults(rtl, "verilator", sc, "systemc")) {
        std::cerr << "  DIFFERENCE (probe): " << d->message << "\n";
        same = false;
      }
      verilator.cycles = systemc.cycles;
      verilator.busyCycles = systemc.busyCycles;
      verilator.seconds = double(systemc.cycles) / (double(rtl.totalCycles) / rtl.simSeconds);
      verilator.ran = true;
      verilatorName = "verilator (estimate)";
    }
    m_rows.push_back({label, verilatorName, verilator});
    m_rows.push_back({label, "systemc", systemc});
    m_rows.push_back({label, "analytical", analytical});
    m_allSame = m_allSame && same;
    return same;
  }

  void print(std::ostream &out) const {
    char line[256];
    std::snprintf(line, sizeof line, "%-34s %-20s %14s %14s %10s %12s %10s\n", "case", "engine",
                  "cycles", "cycles_busy", "wall s", "Mcycles/s", "vs RTL");
    out << line;
    double rtlSpeed = 0; // of the case's first row (verilator, measured or estimated)
    for (const Row &r : m_rows) {
      if (r.engine.rfind("verilator", 0) == 0) rtlSpeed = 0;
      if (!r.run.ran) {
        std::snprintf(line, sizeof line, "%-34s %-20s %14s\n", r.label.c_str(), r.engine.c_str(),
                      "(not run)");
        out << line;
        continue;
      }
      const double speed = r.run.seconds > 0 ? double(r.run.cycles) / r.run.seconds : 0;
      if (r.engine.rfind("verilator", 0) == 0) rtlSpeed = speed;
      std::string ratio = "-";
      if (rtlSpeed > 0 && r.engine.rfind("verilator", 0) != 0) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.1fx", speed / rtlSpeed);
        ratio = buf;
      }
      std::snprintf(line, sizeof line, "%-34s %-20s %14lld %14lld %10.4g %12.4g %10s\n",
                    r.label.c_str(), r.engine.c_str(), (long long)r.run.cycles,
                    (long long)r.run.busyCycles, r.run.seconds, speed / 1e6, ratio.c_str());
      out << line;
    }
    out << (m_allSame ? "bench sim: cycles identical across engines (SystemC == Verilator "
                        "transfer for transfer, analytical == cycles_busy of every layer)\n"
                      : "bench sim: FAIL the engines disagree (see DIFFERENCE above)\n");
  }

  bool allSame() const { return m_allSame; }

private:
  struct Row {
    std::string label, engine;
    EngineRun run;
  };

  std::string verilatorHarness(const config::AccelConfig &cfg) {
#ifdef QUASAR_HAVE_RTLGEN
    const std::string genDir =
        (fs::path(m_workDir) / "gen" / (cfg.name + "-" + config::shortHash(cfg))).string();
    fs::create_directories(fs::path(genDir).parent_path());
    const tb::FileLock lock(genDir + ".lock");
    const rtlgen::GenResult gen = rtlgen::generate(cfg, genDir);
    tb::VerilatorBuildOptions build;
    build.rtlDir = genDir + "/rtl";
    build.topModule = gen.topModule;
    build.configHash = config::configHash(cfg);
    build.cacheRoot = (fs::path(m_workDir) / "verilator").string();
    build.jobs = m_jobs;
    build.progress = &std::cerr;
    return tb::buildHarness(build).executable;
#else
    (void)cfg;
    throw InputError("quasar bench sim: this build has no RTL generator; use --no-verilator");
#endif
  }

  tb::Results runVerilator(const std::string &exe, const tb::Stimulus &stim,
                           const std::string &name) const {
    const fs::path dir = fs::path(m_workDir) / "bench";
    fs::create_directories(dir);
    const std::string stimPath = (dir / (name + ".stim")).string();
    const std::string resPath = (dir / (name + ".results")).string();
    const std::string logPath = (dir / (name + ".log")).string();
    {
      std::ofstream out(stimPath);
      tb::writeStimulus(out, stim);
      if (!out) throw InputError("cannot write " + stimPath);
    }
    fs::remove(resPath);
    const int rc = tb::runProcess({exe, "--stimulus", stimPath, "--results", resPath}, logPath);
    std::ifstream in(resPath);
    if (rc == 2 || !in)
      throw CheckError("the Verilator harness failed (exit " + std::to_string(rc) + "); log " +
                       logPath);
    tb::Results r = tb::readResults(in, resPath);
    fs::remove(stimPath); // large; the results stay for a look
    return r;
  }

  std::string m_workDir;
  bool m_verilator;
  int m_jobs;
  std::vector<Row> m_rows;
  bool m_allSame = true;
};

} // namespace

const char *kBenchSimHelp =
    R"help(usage: quasar bench sim [--quick] [--no-verilator] [--work-dir D] [--jobs J]

Wall time (cycle loop only) and simulated cycles per second of the Verilated RTL, the SystemC
model (decoupled mode) and the analytical model, on int8 weight-stationary arrays:
  16x16 on a 512^3 GEMM and on the BERT-base layers: all three engines (and the same GEMM
    on a 16x16 output-stationary array);
  32x32 and 64x64 on the LLaMA-7B layer shapes: SystemC and analytical (Verilator would take
    hours); Verilator's speed is measured on a 256^3 GEMM and its time on the layers
    estimated from the cycles ("verilator (estimate)").
Every distinct layer runs once, seed-0 tensors, no stalls. SystemC must equal Verilator
transfer for transfer and the analytical model every layer's cycles_busy (exit 1 otherwise).
--quick runs small shapes of the same kinds (a smoke test). Verilator builds are cached under
<work-dir>/verilator (default build/cache). Progress goes to stderr, the table to stdout.
)help";

int runBenchSim(const std::vector<std::string> &argv) {
  const Args args(argv, {"work-dir", "jobs"}, {"quick", "no-verilator"});
  args.expectPositional(0, "no further arguments");
  const bool quick = args.flag("quick");
  Bench bench(args.optionOr("work-dir", "build/cache"), !args.flag("no-verilator"),
              int(args.integer("jobs", 2, 1, 256)));
  bench.run("16x16 ws, GEMM " + std::string(quick ? "64^3" : "512^3"), benchConfig(16),
            quick ? kQuickGemm : kGemm512, true);
  bench.run(std::string("16x16 ws, ") + (quick ? "tiny BERT" : "BERT-base layers"), benchConfig(16),
            quick ? kQuickBert : kBert, true);
  // The other dataflow, for comparison (its RTL keeps the sums in the PEs: more logic).
  bench.run("16x16 os, GEMM " + std::string(quick ? "64^3" : "512^3"), benchConfig(16, "os"),
            quick ? kQuickGemm : kGemm512, true);
  for (int size : {32, 64})
    bench.run(std::to_string(size) + "x" + std::to_string(size) + " ws, " +
                  (quick ? "tiny LLaMA shapes" : "LLaMA-7B layers"),
              benchConfig(size), quick ? kQuickLlama : kLlama, false,
              quick ? kQuickGemm : kGemm256);
  bench.print(std::cout);
  return bench.allSame() ? 0 : 1;
}

} // namespace quasar::cli
