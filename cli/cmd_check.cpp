// `quasar check`: validate a configuration file and print it normalized with its hash.
#include "args.h"
#include "commands.h"

#include "quasar/config/fit.h"
#include "quasar/config/load.h"
#include "quasar/config/sweep.h"
#include "quasar/config/workload.h"

#include <yaml-cpp/yaml.h>

#include <iostream>

namespace quasar::cli {
namespace {

const char *kHelp = R"(usage: quasar check FILE [--kind accel|workload|sweep] [--workload W] [--quiet]

Validates FILE strictly (unknown keys, types, ranges, impossible combinations) and prints:
  accelerator: the fully normalized config (every default filled) and its stable hash;
  workload:    the GEMMs it lowers to and the total MAC count;
  sweep:       every point with its config hash.
The kind is detected from the top-level keys ('layers' -> workload, 'axes' -> sweep) unless
--kind is given. --workload W also checks that every layer of W fits the accelerator.

exit codes: 0 valid, 2 invalid (every error printed as file:line:col: error: message)
)";

std::string detectKind(const std::string &path) {
  try {
    const YAML::Node root = YAML::LoadFile(path);
    if (root.IsMap() && root["layers"]) return "workload";
    if (root.IsMap() && root["axes"]) return "sweep";
  } catch (const YAML::Exception &) {
    // The loader reports syntax errors with their location.
  }
  return "accel";
}

} // namespace

int runCheck(const std::vector<std::string> &argv) {
  if (wantsHelp(argv, kHelp)) return 0;
  const Args args(argv, {"kind", "workload"}, {"quiet"});
  args.expectPositional(1, "one configuration FILE");
  const std::string path = args.positional()[0];
  const std::string kind = args.optionOr("kind", detectKind(path));
  const bool quiet = args.flag("quiet");

  if (kind == "accel") {
    const config::AccelConfig cfg = config::loadAccel(path);
    if (!quiet) std::cout << config::toYaml(cfg);
    std::cout << "hash: " << config::configHash(cfg) << "\n";
    if (auto w = args.option("workload")) {
      const config::Workload workload = config::loadWorkload(*w);
      for (const auto &note : config::checkFit(cfg, workload)) std::cout << "note: " << note << "\n";
      std::cout << "workload " << workload.name << " fits " << cfg.name << "\n";
    }
  } else if (kind == "workload") {
    const config::Workload w = config::loadWorkload(path);
    int64_t macs = 0;
    for (const auto &g : config::lowerToGemm(w)) macs += g.m * g.n * g.k * g.count;
    if (!quiet) std::cout << config::loweredYaml(w);
    std::cout << "workload " << w.name << ": " << config::lowerToGemm(w).size() << " GEMMs, "
              << macs << " MACs\n";
  } else if (kind == "sweep") {
    const config::Sweep sweep = config::loadSweep(path);
    const auto points = config::expandSweep(sweep);
    if (!quiet) {
      for (size_t i = 0; i < points.size(); ++i)
        std::cout << i << ": " << config::shortHash(points[i].config) << "  "
                  << config::describeOverrides(points[i]) << "\n";
    }
    std::cout << "sweep " << sweep.name << ": " << points.size() << " points x "
              << sweep.workloads.size() << " workloads, all valid\n";
  } else {
    throw UsageError("--kind must be accel, workload or sweep, got '" + kind + "'");
  }
  return 0;
}

} // namespace quasar::cli
