// Shared helpers of the sweep tests: a temporary directory, the test sweep loaded, and a
// registry of stand-in stages that count their executions.
#pragma once

#include "quasar/config/error.h"
#include "quasar/config/load.h"
#include "quasar/config/sweep.h"
#include "quasar/sweep/stages.h"

#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include <unistd.h>

namespace quasar::sweep::testing {

// A fresh directory per process: ctest runs test cases as parallel processes, and several
// cases share a name ("results"), so a fixed path let one case delete another's files.
struct TempDir {
  std::filesystem::path path;
  explicit TempDir(const std::string &name)
      : path(std::filesystem::temp_directory_path() /
             ("quasar_sweep_" + name + "_" + std::to_string(::getpid()))) {
    std::filesystem::remove_all(path);
    std::filesystem::create_directories(path);
  }
  ~TempDir() { std::filesystem::remove_all(path); }
  std::string str() const { return path.string(); }
};

struct TestSweep {
  config::Sweep sweep;
  std::vector<config::SweepPoint> points;
  std::vector<WorkloadRef> workloads;
  explicit TestSweep(const std::string &file)
      : sweep(config::loadSweep(std::string(QUASAR_TEST_DATA) + "/" + file)),
        points(config::expandSweep(sweep)) {
    for (const std::string &w : sweep.workloads) workloads.push_back(loadWorkloadRef(w));
  }
};

// Stand-in stages. gen and synth are per point, analytical per workload. Their numbers are
// simple functions of the config so that the tests can state them by hand:
//   synth: lut = 1000 * rows * cols, dsp = rows * cols, ff = 10
//   analytical: every layer takes 50 cycles per instance
// `failSynthAt` makes synth throw for the point with that rows x cols.
struct FakeStages {
  std::mutex mutex;
  std::map<std::string, int> runs;       // "<hash12>/<stage>[@workload]" -> executions
  std::atomic<int> total{0};
  std::pair<int, int> failSynthAt{-1, -1};
  bool failGen = false;

  void count(const StageContext &ctx, const char *stage) {
    const std::lock_guard<std::mutex> lock(mutex);
    ++runs[ctx.configHash.substr(0, 12) + "/" + stage +
           (ctx.workload ? "@" + ctx.workload->key : "")];
    ++total;
  }

  StageRegistry registry(bool withAnalytical = true) {
    StageRegistry r;
    r.add(config::Stage::Gen, [this](const StageContext &ctx) {
      count(ctx, "gen");
      if (failGen) throw InputError("generator: not implemented yet for this config");
      StageOutput o;
      o.values["top"] = "qsr_tiny_top";
      o.values["rtl_dir"] = ctx.dir + "/rtl";
      std::filesystem::create_directories(ctx.dir + "/rtl");
      std::ofstream(ctx.dir + "/rtl/files.f") << "qsr_tiny_top.sv\n";
      return o;
    });
    r.add(config::Stage::Synth, [this](const StageContext &ctx) {
      count(ctx, "synth");
      if (ctx.earlier.count(config::Stage::Gen) == 0) throw CheckError("synth without gen");
      const int rows = ctx.cfg.array.rows, cols = ctx.cfg.array.cols;
      if (rows == failSynthAt.first && cols == failSynthAt.second)
        throw CheckError("yosys failed (exit 1)\nsecond line of the log");
      StageOutput o;
      o.values["lut"] = std::to_string(1000 * rows * cols);
      o.values["dsp"] = std::to_string(rows * cols);
      o.values["ff"] = "10";
      o.values["fits"] = "true";
      return o;
    });
    if (withAnalytical) {
      r.add(config::Stage::Analytical, [this](const StageContext &ctx) {
        count(ctx, "analytical");
        StageOutput o;
        for (const config::GemmLayer &g : ctx.workload->gemms)
          o.layers.push_back({g.name, g.m, g.n, g.k, g.count, 50});
        return o;
      });
    } else {
      r.setMissingReason(config::Stage::Analytical, "issue 5: SystemC and analytical models");
    }
    return r;
  }
};

} // namespace quasar::sweep::testing
