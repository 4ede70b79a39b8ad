// Lower port widths: keep a port's symbolic range only if every identifier in it is an
// overridable parameter of the module; otherwise print the number.
#include "port_widths.h"

#include "identifiers.h"

namespace quasar::passes {

void lowerPortWidths(ir::Design &design) {
  for (ir::Module &m : design.modules) {
    std::set<std::string> header;
    for (const ir::Param &p : m.params)
      if (!p.local) header.insert(p.name);
    for (ir::Port &port : m.ports) {
      for (std::string *expr : {&port.type.widthExpr, &port.type.arrayExpr}) {
        bool ok = true;
        for (const std::string &id : identifiersIn(*expr)) ok = ok && header.count(id);
        if (!ok) expr->clear();
      }
    }
  }
}

} // namespace quasar::passes
