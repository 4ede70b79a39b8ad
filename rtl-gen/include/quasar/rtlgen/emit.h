// Printing the IR as SystemVerilog. The emitter takes the design const and only prints:
// every decision (names, which localparams exist, reset style) was made before, by the block
// generators and the passes.
#pragma once

#include "quasar/rtlgen/ir.h"

#include <string>

namespace quasar::emit {

// How to print, never what: every option picks between equivalent spellings.
struct EmitOptions {
  int indent = 2;                          // spaces per level (lowRISC style)
  std::string spdxLicense = "Apache-2.0";  // empty: no SPDX line
};

// One module as the complete text of its `.sv` file (header comment, module, trailing newline).
std::string emitModule(const ir::Design &design, const ir::Module &module,
                       const EmitOptions &options = {});

// The file-header line naming the generator, its version, the config and its hash.
std::string headerLine(const ir::DesignInfo &info);

} // namespace quasar::emit
