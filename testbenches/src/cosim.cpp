#include "quasar/testbenches/cosim.h"

#include "cosim_jobs.h"
#include "pipeline_jobs.h"
#include "quasar/arch/bitserial_timing.h"
#include "quasar/arch/pipeline.h"
#include "quasar/config/error.h"
#include "quasar/config/load.h"
#include "quasar/testbenches/bitserial_layer.h"
#include "quasar/testbenches/process.h"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <ostream>
#include <sstream>
#include <unistd.h>

namespace fs = std::filesystem;

namespace quasar::tb {

namespace {

// Runs the harness once; returns its exit code (results are read by the caller).
int runHarness(const std::string &exe, const std::vector<std::string> &harnessArgs,
               const std::string &stim, const std::string &results, const std::string &wave,
               const std::string &log) {
  std::vector<std::string> argv = {exe};
  argv.insert(argv.end(), harnessArgs.begin(), harnessArgs.end());
  argv.insert(argv.end(), {"--stimulus", stim, "--results", results});
  if (!wave.empty()) argv.insert(argv.end(), {"--trace", wave});
  fs::remove(results);
  std::ofstream(log, std::ios::trunc).close();
  return runProcess(argv, log);
}

Mismatch harnessProblem(const std::string &message) {
  Mismatch m;
  m.kind = "harness";
  m.message = message;
  return m;
}

} // namespace

uint64_t runTensorSeed(uint64_t sourceSeed, uint64_t runSeed) {
  return sourceSeed + runSeed * 0x9E3779B97F4A7C15ULL; // 2^64 / golden ratio: spreads seeds
}

CosimReport runCosim(const config::AccelConfig &cfg, const config::Workload &workload,
                     const std::string &harnessExe, const CosimOptions &opt) {
  if (!(opt.stallProb >= 0 && opt.stallProb < 1))
    throw InputError("--stall-prob must be in [0, 1), got " + std::to_string(opt.stallProb));
  if (opt.seeds < 1) throw InputError("--seeds must be at least 1");
  CosimReport rep;
  rep.config = cfg.name;
  rep.configHash = config::configHash(cfg);
  rep.workload = workload.name;
  rep.pipeline = arch::isPipeline(cfg);
  rep.firstSeed = opt.firstSeed;
  rep.stallProb = opt.stallProb;

  const std::vector<config::GemmLayer> layers = config::lowerToGemm(workload);
  const bool pipeline = arch::isPipeline(cfg);
  if (pipeline && (!opt.wPrec.empty() || !opt.wMode.empty()))
    throw InputError("--w-prec / --w-mode apply to bit-serial accelerators; " + cfg.name +
                     " is top: pipeline");
  // Bit-serial: the format of each layer (--w-prec / --w-mode lists) and the most terms.
  const std::vector<uint32_t> formats = bitserialFormats(cfg, opt.wPrec, opt.wMode);
  int maxTerms = 1;
  for (uint32_t f : formats) maxTerms = std::max(maxTerms, arch::bitserialTerms(cfg, f));
  int64_t budget = 0;
  for (const config::GemmLayer &l : layers) {
    if (pipeline) {
      // The layer's [M x N] accumulators are the pipeline's rows.
      arch::checkPipelineDims(cfg, l.m, l.n);
      budget = std::max(budget, pipelineCycleBudget(cfg, l.m, l.n, opt.stallProb));
      continue;
    }
    arch::checkDims(cfg, arch::GemmDims{l.m, l.n, l.k});
    budget = std::max(budget, cycleBudget(cfg, arch::GemmDims{l.m, l.n, l.k}, opt.stallProb, maxTerms));
  }
  // The corner jobs (pipeline) are at most a few hundred words.
  if (pipeline)
    budget = std::max(budget, pipelineCycleBudget(cfg, 128, cfg.post.row_max, opt.stallProb));
  if (opt.maxCycles > 0) budget = opt.maxCycles;

  // Stimulus and results of the last run of each seed stay in runs/<config>-<hash>/ under
  // stable names (for debugging and replay in other simulators). A run writes and reads
  // per-process files and renames them at the end, so parallel runs of one config (a CTest
  // matrix, a mutant next to the real design) never read each other's files.
  const std::string runDir =
      (fs::path(opt.workDir) / "runs" / (cfg.name + "-" + config::shortHash(cfg))).string();
  const std::string pidTag = "." + std::to_string(::getpid());
  const std::string waveDir = (fs::path(opt.workDir) / "waves").string();
  fs::create_directories(runDir);

  for (int si = 0; si < opt.seeds; ++si) {
    const uint64_t seed = opt.firstSeed + uint64_t(si);
    const auto t0 = std::chrono::steady_clock::now();
    const std::string base = runDir + "/" + workload.name + "_seed" + std::to_string(seed);
    const std::string stimPath = base + pidTag + ".stim", resPath = base + pidTag + ".results",
                      logPath = base + pidTag + ".log";
    const std::string wave =
        (fs::path(waveDir) / (cfg.name + "_" + workload.name + "_seed" + std::to_string(seed) + ".fst")).string();

    // Stimulus, written job by job; expectations kept for checking.
    Stimulus header;
    header.inChunks =
        (pipeline ? arch::pipelineInputWordFormat(cfg) : arch::activationWordFormat(cfg))
            .chunksPerBeat();
    header.outChunks = arch::outputWordFormat(cfg).chunksPerBeat();
    // post.residual (top: pipeline): s_axis_res carries words in the input's format.
    if (pipeline && cfg.post.residual) header.resChunks = header.inChunks;
    header.stallProb = opt.stallProb;
    header.seed = seed;
    header.maxCycles = budget;
    std::vector<Expectation> expects;
    {
      std::ofstream out(stimPath);
      if (!out) throw InputError("cannot write " + stimPath);
      writeStimulusHeader(out, header);
      expects.emplace_back();
      writeJob(out, pipeline ? makePipelineBadDimsJob(cfg, expects.back())
                             : makeBadDimsJob(cfg, expects.back()));
      for (size_t i = 0; i < layers.size(); ++i) {
        expects.emplace_back();
        writeJob(out, pipeline ? makePipelineLayerJob(cfg, layers[i], seed, expects.back())
                               : makeLayerJob(cfg, layers[i], seed, expects.back(),
                                              layerFormat(formats, i).value_or(0)));
      }
      if (pipeline)
        for (const Job &j : makePipelineCornerJobs(cfg, seed, expects)) writeJob(out, j);
      if (cfg.pe.type == config::PeType::Bitserial) {
        expects.emplace_back();
        writeJob(out, makeBadFormatJob(cfg, expects.back()));
      }
      if (!out) throw InputError("cannot write " + stimPath);
    }

    if (opt.trace) fs::create_directories(waveDir);
    const int rc =
        runHarness(harnessExe, opt.harnessArgs, stimPath, resPath, opt.trace ? wave : "", logPath);
    Results res;
    {
      std::ifstream in(resPath);
      if (rc == 2 || !in) {
        res.ok = false;
        res.error = "the harness failed (exit " + std::to_string(rc) + "); log " + logPath + ":\n" +
                    tailOfFile(logPath, 10);
      } else {
        res = readResults(in, resPath);
      }
    }
    if (opt.onResults && rc != 2) opt.onResults(seed, resPath);
    ++rep.seedsRun;
    rep.simulatedCycles += res.totalCycles;
    rep.simSeconds += res.simSeconds;

    int64_t problems = 0;
    std::optional<Mismatch> first;
    std::vector<LayerStats> stats;
    for (size_t j = 0; j < expects.size() && j < res.jobs.size(); ++j) {
      CheckOutcome c = checkJob(cfg, expects[j], res.jobs[j]);
      // A job cut short by a timeout is reported as the timeout, not as missing beats.
      if (!res.ok && j + 1 == res.jobs.size()) break;
      if (pipeline && opt.stallProb == 0) { // the analytical model, beat by beat
        const CheckOutcome timing = checkPipelineTiming(cfg, expects[j], res.jobs[j]);
        c.problems += timing.problems;
        if (!c.first && timing.first) c.first = timing.first;
      }
      problems += c.problems;
      if (!first && c.first) first = c.first;
      if (!expects[j].badDims) {
        // Layers follow the bad-dims job; the pipeline's corner jobs after them count once.
        c.stats.count = j - 1 < layers.size() ? layers[j - 1].count : 1;
        stats.push_back(c.stats);
      }
    }
    if (!res.ok) {
      ++problems;
      Mismatch m = harnessProblem(res.error);
      if (res.error.rfind("timeout", 0) == 0) m.kind = "timeout";
      if (!res.jobs.empty()) m.layer = res.jobs.back().name;
      m.cycle = res.totalCycles;
      if (!first) first = m;
    }
    {
      std::error_code ignored; // a missing results file (harness crash) is reported above
      fs::rename(stimPath, base + ".stim", ignored);
      fs::rename(resPath, base + ".results", ignored);
      fs::rename(logPath, base + ".log", ignored);
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (si == 0) {
      rep.layers = stats;
      for (const LayerStats &s : stats) {
        rep.macs += s.macs;
        rep.cycles += s.cycles;
      }
      rep.utilization = rep.cycles && !pipeline
                            ? double(rep.macs) / (double(rep.cycles) * cfg.array.rows * cfg.array.cols)
                            : 0;
    }
    if (opt.progress)
      *opt.progress << "seed " << seed << ": " << layers.size() << " layer(s), " << res.totalCycles
                    << " cycles, " << std::fixed << std::setprecision(2) << seconds << " s: "
                    << (problems ? "FAIL" : "ok") << "\n"
                    << std::defaultfloat;
    if (opt.trace) rep.waveform = wave;
    if (problems == 0) {
      ++rep.seedsPassed;
      continue;
    }
    rep.mismatches += problems;
    first->seed = seed;
    rep.first = first;
    // Reproduce the failing seed with tracing on (the run is deterministic).
    if (!opt.trace) {
      fs::create_directories(waveDir);
      runHarness(harnessExe, opt.harnessArgs, base + ".stim", base + pidTag + ".traced.results",
                 wave, base + pidTag + ".traced.log");
      std::error_code ignored;
      fs::rename(base + pidTag + ".traced.results", base + ".traced.results", ignored);
      fs::rename(base + pidTag + ".traced.log", base + ".traced.log", ignored);
    }
    rep.waveform = fs::exists(wave) ? wave : "";
    break;
  }
  rep.pass = rep.seedsPassed == opt.seeds;
  return rep;
}

std::string summaryLine(const CosimReport &r) {
  std::ostringstream s;
  s << std::fixed << std::setprecision(1);
  if (r.pass) {
    s << "cosim: PASS " << r.seedsPassed << "/" << r.seedsRun << " seeds, 0 mismatches, bit-exact, "
      << r.layers.size() << (r.pipeline ? " run(s), " : " layer(s), ") << r.cycles << " cycles";
    if (!r.pipeline) s << ", " << 100.0 * r.utilization << "% PE utilization";
  } else {
    s << "cosim: FAIL " << r.seedsPassed << "/" << r.seedsRun << " seeds passed, " << r.mismatches
      << " mismatch(es)";
    if (r.first)
      s << "; first: seed " << r.first->seed << ", layer " << r.first->layer << ", "
        << r.first->message << (r.first->cycle >= 0 ? ", cycle " + std::to_string(r.first->cycle) : "");
  }
  return s.str();
}

namespace {

std::string jsonString(const std::string &v) {
  std::string s = "\"";
  for (char c : v) {
    if (c == '"' || c == '\\') s += '\\', s += c;
    else if (c == '\n') s += "\\n";
    else if (static_cast<unsigned char>(c) < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      s += buf;
    } else s += c;
  }
  return s + "\"";
}

std::string jsonNumber(double v) {
  std::ostringstream s;
  s << std::setprecision(6) << v;
  return s.str();
}

} // namespace

std::string toJson(const CosimReport &r) {
  std::ostringstream s;
  s << "{\n  \"config\": " << jsonString(r.config) << ",\n  \"config_hash\": " << jsonString(r.configHash)
    << ",\n  \"workload\": " << jsonString(r.workload) << ",\n  \"pass\": " << (r.pass ? "true" : "false")
    << ",\n  \"seeds\": " << r.seedsRun << ",\n  \"seeds_passed\": " << r.seedsPassed
    << ",\n  \"first_seed\": " << r.firstSeed << ",\n  \"stall_prob\": " << jsonNumber(r.stallProb)
    << ",\n  \"mismatches\": " << r.mismatches << ",\n  \"macs\": " << r.macs
    << ",\n  \"cycles\": " << r.cycles << ",\n  \"utilization\": " << jsonNumber(r.utilization)
    << ",\n  \"simulated_cycles\": " << r.simulatedCycles
    << ",\n  \"sim_seconds\": " << jsonNumber(r.simSeconds) << ",\n  \"cycles_per_second\": "
    << jsonNumber(r.simSeconds > 0 ? double(r.simulatedCycles) / r.simSeconds : 0)
    << ",\n  \"layers\": [";
  for (size_t i = 0; i < r.layers.size(); ++i) {
    const LayerStats &l = r.layers[i];
    s << (i ? "," : "") << "\n    {\"name\": " << jsonString(l.name) << ", \"m\": " << l.m
      << ", \"n\": " << l.n << ", \"k\": " << l.k << ", \"count\": " << l.count
      << ", \"cycles\": " << l.cycles << ", \"macs\": " << l.macs
      << ", \"utilization\": " << jsonNumber(l.utilization) << ", \"stall_in\": " << l.stallIn
      << ", \"stall_out\": " << l.stallOut << "}";
  }
  s << (r.layers.empty() ? "" : "\n  ") << "],\n  \"first_mismatch\": ";
  if (r.first) {
    const Mismatch &m = *r.first;
    s << "{\"seed\": " << m.seed << ", \"layer\": " << jsonString(m.layer) << ", \"kind\": "
      << jsonString(m.kind) << ", \"beat\": " << m.beat << ", \"m\": " << m.m << ", \"n\": " << m.n
      << ", \"expected\": " << jsonString(m.expected) << ", \"got\": " << jsonString(m.got)
      << ", \"cycle\": " << m.cycle << ", \"message\": " << jsonString(m.message) << "}";
  } else {
    s << "null";
  }
  s << ",\n  \"waveform\": " << (r.waveform.empty() ? "null" : jsonString(r.waveform)) << "\n}\n";
  return s.str();
}

} // namespace quasar::tb
