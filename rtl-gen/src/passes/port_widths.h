#pragma once

#include "quasar/rtlgen/ir.h"

namespace quasar::passes {

// Port ranges may only name header `parameter`s: localparams are declared in the module
// body, after the port list, and naming them there is illegal SystemVerilog. Such ranges
// fall back to their numeric width (the IR carries both).
void lowerPortWidths(ir::Design &design);

} // namespace quasar::passes
