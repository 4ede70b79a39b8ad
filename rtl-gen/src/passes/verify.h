#pragma once

#include "quasar/rtlgen/ir.h"

namespace quasar::passes {

// Checks the design before printing, so that a generator bug is reported here, on the IR
// object, and not by an EDA tool: every instance names a module of the design, connects each
// of its ports exactly once by name and overrides only its overridable parameters; every
// identifier an expression uses is declared in its module; module names are `qsr_` names and
// unique; the top exists. Throws rtlgen::InternalError.
void verifyDesign(const ir::Design &design);

} // namespace quasar::passes
