#include "quasar/config/fit.h"

namespace quasar::config {

std::vector<std::string> checkFit(const AccelConfig &accel, const Workload &workload) {
  Diagnostics diag;
  std::vector<std::string> notes;
  std::map<std::string, SourceLoc> layerLoc;
  for (const auto &l : workload.layers) layerLoc[l.name] = l.loc;
  for (const GemmLayer &g : lowerToGemm(workload)) {
    const std::string base = g.name.substr(0, g.name.find('.'));
    const SourceLoc loc = layerLoc.count(base) ? layerLoc[base] : SourceLoc{workload.source_file};
    const std::pair<const char *, std::pair<int64_t, int64_t>> dims[] = {
        {"m", {g.m, accel.limits.m_max}}, {"n", {g.n, accel.limits.n_max}},
        {"k", {g.k, accel.limits.k_max}}};
    for (const auto &[dim, values] : dims) {
      if (values.first > values.second)
        diag.error(loc, "layer '" + g.name + "': " + dim + " = " + std::to_string(values.first) +
                            " exceeds limits." + dim + "_max = " + std::to_string(values.second) +
                            " of " + accel.name);
    }
    if (accel.pe.type == PeType::Ovp && g.k % 2 != 0)
      notes.push_back("layer '" + g.name + "': K = " + std::to_string(g.k) +
                      " is odd; OVP pairs need even K, so the host pads one zero column");
  }
  diag.checkpoint();
  return notes;
}

} // namespace quasar::config
