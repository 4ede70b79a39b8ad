// Shared between `quasar cosim` (cmd_cosim.cpp) and its multi-engine form
// (`quasar cosim --engines`, cmd_cosim_engines.cpp).
#pragma once

#include "args.h"

#include "quasar/config/accel.h"
#include "quasar/testbenches/verilator_build.h"

#include <string>
#include <vector>

namespace quasar::cli {

// The Verilated harness of cfg: the RTL generated into <workDir>/gen/ (or --rtl-dir), built
// into the cache <workDir>/verilator/.
tb::VerilatorBuild buildVerilatorHarness(const config::AccelConfig &cfg, const Args &args,
                                         const std::string &workDir, int jobs);

// What the design is, for the run's header line: "pipeline, 8 lanes" or "8x8 ws".
std::string designSummary(const config::AccelConfig &cfg);

// `quasar cosim ... --engines LIST`.
int runCosimEngines(const std::vector<std::string> &argv);

} // namespace quasar::cli
