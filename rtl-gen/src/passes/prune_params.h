#pragma once

#include "quasar/rtlgen/ir.h"

namespace quasar::passes {

// Removes localparams no expression of their module uses, so that block generators may declare
// every config fact they might cite and the output stays free of unused-parameter warnings.
void pruneUnusedParams(ir::Design &design);

} // namespace quasar::passes
