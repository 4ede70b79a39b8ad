#include "quasar/sweep/stages.h"

#include "quasar/config/error.h"
#include "quasar/config/sha256.h"
#include "quasar/fpga/json.h"

#include <algorithm>
#include <set>
#include <sstream>

namespace quasar::sweep {

WorkloadRef loadWorkloadRef(const std::string &path) {
  WorkloadRef w;
  w.path = path;
  w.workload = config::loadWorkload(path);
  w.gemms = config::lowerToGemm(w.workload);
  // The file's bytes, not its lowered shapes: a changed tensor source changes cosim results.
  w.key = w.workload.name + "-" + config::sha256Hex(fpga::readTextFile(path)).substr(0, 12);
  for (const config::GemmLayer &g : w.gemms) w.macs += g.m * g.n * g.k * g.count;
  return w;
}

const StageFn *StageRegistry::find(config::Stage stage) const {
  auto it = m_fns.find(stage);
  return it == m_fns.end() ? nullptr : &it->second;
}

std::string StageRegistry::missingMessage(config::Stage stage) const {
  std::string msg = "stage " + config::toString(stage) + " not implemented yet";
  auto it = m_missing.find(stage);
  if (it != m_missing.end()) msg += " (" + it->second + ")";
  return msg;
}

bool isPerWorkload(config::Stage s) {
  return s == config::Stage::Analytical || s == config::Stage::Systemc ||
         s == config::Stage::Cosim || s == config::Stage::Quant;
}

bool needsGen(config::Stage s) {
  return s == config::Stage::Lint || s == config::Stage::Cosim || s == config::Stage::Synth;
}

std::vector<config::Stage> plannedStages(const std::vector<config::Stage> &requested) {
  std::set<config::Stage> set(requested.begin(), requested.end());
  for (config::Stage s : requested)
    if (needsGen(s)) set.insert(config::Stage::Gen);
  return {set.begin(), set.end()}; // the enum order is the run order
}

std::vector<config::Stage> parseStageList(const std::string &text) {
  std::vector<config::Stage> stages;
  std::istringstream in(text);
  std::string name;
  while (std::getline(in, name, ',')) {
    name.erase(0, name.find_first_not_of(" \t"));
    name.erase(name.find_last_not_of(" \t") + 1);
    if (name.empty()) continue;
    bool found = false;
    for (const auto &[v, spelled] : config::enumTable<config::Stage>())
      if (name == spelled) stages.push_back(v), found = true;
    if (!found)
      throw InputError("--stages: unknown stage '" + name + "'; allowed: " +
                       config::allowedValues<config::Stage>());
  }
  if (stages.empty())
    throw InputError("--stages: no stage given; allowed: " +
                     config::allowedValues<config::Stage>());
  return stages;
}

} // namespace quasar::sweep
