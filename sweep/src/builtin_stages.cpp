// The stages quasar implements today: gen (rtl-gen), lint (Verilator), analytical and systemc
// (the cycle models of sim/, exact against the RTL), cosim (Verilator co-simulation, cycles
// measured on the RTL), synth (fpga/) and quant (quantization error of real tensors).
#include "quasar/sweep/cache.h"
#include "quasar/sweep/quant_error.h"
#include "quasar/sweep/stages.h"

#include "quasar/config/error.h"
#include "quasar/config/fit.h"
#include "quasar/config/load.h"
#include "quasar/fpga/json.h"
#include "quasar/fpga/synth.h"
#include "quasar/sim/analytical.h"
#include "quasar/sim/engine.h"
#include "quasar/testbenches/cosim.h"
#include "quasar/testbenches/process.h"
#include "quasar/testbenches/verilator_build.h"
#ifdef QUASAR_HAVE_RTLGEN
#include "quasar/rtlgen/generate.h"
#endif

#include <cmath>
#include <filesystem>
#include <sstream>

namespace fs = std::filesystem;

namespace quasar::sweep {
namespace {

const StageOutput &genOutput(const StageContext &ctx) {
  auto it = ctx.earlier.find(config::Stage::Gen);
  if (it == ctx.earlier.end()) throw InputError("no generated RTL (stage gen did not run)");
  return it->second;
}

#ifdef QUASAR_HAVE_RTLGEN
StageOutput runGen(const StageContext &ctx) {
  const rtlgen::GenResult gen = rtlgen::generate(ctx.cfg, ctx.dir);
  StageOutput out;
  out.values["rtl_dir"] = (fs::path(ctx.dir) / "rtl").string();
  out.values["top"] = gen.topModule;
  out.values["files"] = std::to_string(gen.files.size());
  return out;
}

StageOutput runLint(const StageContext &ctx) {
  const StageOutput &gen = genOutput(ctx);
  const std::string log = (fs::path(ctx.dir) / "lint.log").string();
  fs::remove(log);
  const int rc = tb::runProcess({"verilator", "--lint-only", "-Wall", "-f", "files.f",
                                 "--top-module", gen.values.at("top")},
                                log, gen.values.at("rtl_dir"));
  if (rc != 0) {
    // The first diagnostic goes on the first line: that is what the results table shows.
    std::istringstream in(fpga::readTextFile(log));
    std::string line, first;
    int count = 0;
    while (std::getline(in, line))
      if (line.rfind("%Warning", 0) == 0 || (line.rfind("%Error", 0) == 0 &&
                                               line.find("Exiting due to") == std::string::npos))
        if (count++ == 0) first = line;
    throw CheckError("verilator --lint-only -Wall: " + (first.empty() ? "failed" : first) +
                     (count > 1 ? " (+" + std::to_string(count - 1) + " more)" : "") + "; log " +
                     log);
  }
  StageOutput out;
  out.values["lint"] = "clean";
  return out;
}

StageOutput runCosimStage(const StageContext &ctx) {
  const StageOutput &gen = genOutput(ctx);
  config::checkFit(ctx.cfg, ctx.workload->workload);
  tb::VerilatorBuildOptions build;
  build.rtlDir = gen.values.at("rtl_dir");
  build.topModule = gen.values.at("top");
  build.configHash = ctx.configHash;
  build.cacheRoot = (fs::path(ctx.cacheRoot) / "verilator").string();
  build.jobs = 1; // the sweep already runs points in parallel
  const tb::VerilatorBuild harness = tb::buildHarness(build);
  tb::CosimOptions opt;
  opt.workDir = ctx.dir;
  const tb::CosimReport rep =
      tb::runCosim(ctx.cfg, ctx.workload->workload, harness.executable, opt);
  if (!rep.pass)
    throw CheckError(tb::summaryLine(rep) + (rep.first ? ": " + rep.first->message : ""));
  StageOutput out;
  for (const tb::LayerStats &l : rep.layers)
    out.layers.push_back({l.name, l.m, l.n, l.k, l.count, l.cycles});
  out.values["cosim"] = "pass";
  out.values["simulated_cycles"] = std::to_string(rep.simulatedCycles);
  return out;
}
#endif

// Cycles from the analytical model (exact without back-pressure, microseconds per layer).
StageOutput runAnalyticalStage(const StageContext &ctx) {
  StageOutput out;
  int64_t total = 0;
  for (const sim::LayerReport &r : sim::analyzeWorkload(ctx.cfg, ctx.workload->workload)) {
    out.layers.push_back({r.name, r.m, r.n, r.k, r.count, r.totalCycles});
    total += r.totalCycles * r.count;
  }
  out.values["analytical_cycles"] = std::to_string(total);
  return out;
}

// Cycles from the SystemC model (every layer simulated once, seed-0 tensors, no stalls).
StageOutput runSystemcStage(const StageContext &ctx) {
  StageOutput out;
  int64_t simulated = 0;
  double seconds = 0;
  for (const sim::SimLayer &l : sim::simulateWorkload(ctx.cfg, ctx.workload->workload, {})) {
    const sim::LayerReport &r = l.report;
    out.layers.push_back({r.name, r.m, r.n, r.k, r.count, r.totalCycles});
    simulated += l.simulatedCycles;
    seconds += l.simSeconds;
  }
  out.values["simulated_cycles"] = std::to_string(simulated);
  out.values["systemc_seconds"] = fpga::jsonNumber(seconds);
  return out;
}

// SQNR of the operands and outputs in the PE's formats (sweep/quant_error.h); empty values
// when no GEMM of the workload has real-valued tensors. The result depends only on the PE
// section and the workload, so it is shared through <cacheRoot>/quant between points that
// differ elsewhere (array size, buffers, clock): the OVP calibration of a LLaMA-7B layer takes
// minutes, and a sweep has many array sizes per PE.
StageOutput runQuantStage(const StageContext &ctx) {
  config::AccelConfig peOnly;
  peOnly.pe = ctx.cfg.pe;
  const std::string peHash = config::configHash(peOnly);
  const StageCache shared((fs::path(ctx.cacheRoot) / "quant").string());
  if (auto rec = shared.load(peHash, config::Stage::Quant, ctx.workload->key); rec && rec->ok)
    return rec->output;

  const QuantErrorReport rep = workloadQuantError(ctx.cfg, ctx.workload->gemms);
  StageOutput out;
  auto put = [&](const char *key, const ErrorEnergy &e) {
    // Empty when nothing was measured or the error is exactly 0 (no finite SQNR).
    const double db = e.sqnrDb();
    out.values[key] = rep.measuredLayers > 0 && std::isfinite(db) ? fpga::jsonNumber(db) : "";
  };
  put("sqnr_a_db", rep.activations);
  put("sqnr_w_db", rep.weights);
  put("sqnr_out_db", rep.outputs);
  out.values["quant_formats"] = rep.formats;
  out.values["quant_layers"] = std::to_string(rep.measuredLayers) + " of " +
                               std::to_string(rep.measuredLayers + rep.skippedLayers);
  StageRecord rec;
  rec.stage = config::Stage::Quant;
  rec.workload = ctx.workload->key;
  rec.ok = true;
  rec.output = out;
  shared.store(peHash, rec);
  return out;
}

StageOutput runSynthStage(const StageContext &ctx) {
  const StageOutput &gen = genOutput(ctx);
  fpga::SynthRequest req;
  req.rtlDir = gen.values.at("rtl_dir");
  req.topModule = gen.values.at("top");
  req.configHash = ctx.configHash;
  req.flow.target = ctx.cfg.fpga.target;
  req.flow.part = ctx.cfg.fpga.part.empty() ? config::defaultPart(ctx.cfg.fpga.target)
                                            : ctx.cfg.fpga.part;
  req.flow.clockMhz = ctx.cfg.fpga.clock_mhz;
  const fpga::SynthResult r = fpga::runSynth(req, ctx.dir);
  StageOutput out;
  auto put = [&](const char *k, const auto &v) {
    if (v) out.values[k] = fpga::jsonNumber(double(*v));
  };
  put("lut", r.resources.lut);
  put("ff", r.resources.ff);
  put("dsp", r.resources.dsp);
  put("bram", r.resources.bram);
  put("carry", r.resources.carry);
  put("fmax_mhz", r.fmaxMhz);
  out.values["cells"] = std::to_string(r.resources.cells);
  out.values["fits"] = r.fits ? "true" : "false";
  out.values["synth_target"] = config::toString(r.target);
  out.values["synth_part"] = r.part;
  if (!r.message.empty()) out.values["note"] = r.message;
  return out;
}

} // namespace

StageRegistry defaultRegistry() {
  StageRegistry reg;
#ifdef QUASAR_HAVE_RTLGEN
  reg.add(config::Stage::Gen, runGen);
  reg.add(config::Stage::Lint, runLint);
  reg.add(config::Stage::Cosim, runCosimStage);
#else
  for (config::Stage s : {config::Stage::Gen, config::Stage::Lint, config::Stage::Cosim})
    reg.setMissingReason(s, "this build has no RTL generator");
#endif
  reg.add(config::Stage::Synth, runSynthStage);
  reg.add(config::Stage::Analytical, runAnalyticalStage);
  reg.add(config::Stage::Systemc, runSystemcStage);
  reg.add(config::Stage::Quant, runQuantStage);
  return reg;
}

} // namespace quasar::sweep
