// Prune unused localparams: repeatedly drop a localparam whose name appears in no expression
// of its module (a parameter used only by a dropped parameter goes in the next round).
#include "prune_params.h"

#include "identifiers.h"

#include <algorithm>

namespace quasar::passes {

void pruneUnusedParams(ir::Design &design) {
  for (ir::Module &m : design.modules) {
    for (bool changed = true; changed;) {
      changed = false;
      std::set<std::string> used;
      forEachExpression(m, [&](const std::string &e) {
        for (const auto &id : identifiersIn(e)) used.insert(id);
      });
      const auto dead = [&](const ir::Param &p) { return p.local && !used.count(p.name); };
      const auto it = std::remove_if(m.params.begin(), m.params.end(), dead);
      if (it != m.params.end()) {
        m.params.erase(it, m.params.end());
        changed = true;
      }
    }
  }
}

} // namespace quasar::passes
