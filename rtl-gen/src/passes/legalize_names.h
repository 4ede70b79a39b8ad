#pragma once

#include "quasar/rtlgen/ir.h"

namespace quasar::passes {

// The one place names are made legal: a declared name that is a SystemVerilog keyword gets a
// trailing `_q`-free suffix `_sig` (and every use is renamed); two declarations of one name in
// a module are an internal error.
void legalizeNames(ir::Design &design);

} // namespace quasar::passes
