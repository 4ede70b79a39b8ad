// Verify the IR: instance/port consistency and declared identifiers (see verify.h).
#include "verify.h"

#include "../internal_error.h"
#include "identifiers.h"

#include <map>

namespace quasar::passes {
namespace {

void checkInstances(const ir::Design &design, const ir::Module &m, const std::vector<ir::Item> &items) {
  for (const ir::Item &item : items) {
    if (const auto *g = std::get_if<ir::GenerateFor>(&item.node)) checkInstances(design, m, g->body);
    if (const auto *g = std::get_if<ir::GenerateIf>(&item.node)) {
      checkInstances(design, m, g->thenBody);
      checkInstances(design, m, g->elseBody);
    }
    const auto *inst = std::get_if<ir::Instance>(&item.node);
    if (!inst) continue;
    const std::string where = m.name + "." + inst->name;
    const ir::Module *target = ir::findModule(design, inst->module);
    QSR_ASSERT(target, where, "instantiates unknown module '" + inst->module + "'");
    std::map<std::string, int> connected;
    for (const ir::Connection &c : inst->connections) {
      QSR_ASSERT(!c.expr.empty(), where, "port '" + c.port + "' has an empty connection");
      ++connected[c.port];
    }
    for (const ir::Port &p : target->ports) {
      auto it = connected.find(p.name);
      QSR_ASSERT(it != connected.end(), where, "port '" + p.name + "' is not connected");
      QSR_ASSERT(it->second == 1, where, "port '" + p.name + "' is connected twice");
      connected.erase(it);
    }
    QSR_ASSERT(connected.empty(), where,
               "connects '" + (connected.empty() ? std::string() : connected.begin()->first) +
                   "', which " + inst->module + " does not have");
    for (const auto &pv : inst->params) {
      bool found = false;
      for (const ir::Param &p : target->params) found = found || (p.name == pv.first && !p.local);
      QSR_ASSERT(found, where, "overrides '" + pv.first + "', not a parameter of " + inst->module);
    }
  }
}

} // namespace

void verifyDesign(const ir::Design &design) {
  std::set<std::string> names;
  for (const ir::Module &m : design.modules) {
    QSR_ASSERT(m.name.rfind("qsr_", 0) == 0, m.name, "module names start with qsr_");
    QSR_ASSERT(names.insert(m.name).second, m.name, "two modules of this name");
    checkInstances(design, m, m.items);
    const std::set<std::string> declared = declaredNames(m);
    forEachExpression(m, [&](const std::string &e) {
      for (const std::string &id : identifiersIn(e))
        QSR_ASSERT(declared.count(id), m.name, "'" + id + "' is used in '" + e + "' but not declared");
    });
  }
  QSR_ASSERT(ir::findModule(design, design.top), design.top, "the top module is missing");
}

} // namespace quasar::passes
