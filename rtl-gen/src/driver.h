// The generator pipeline, for generate() and for the tests: check the config is supported,
// build the design with the block generators, run the passes, render every output file.
#pragma once

#include "quasar/config/accel.h"
#include "quasar/rtlgen/generate.h"
#include "quasar/rtlgen/ir.h"

#include <map>
#include <string>

namespace quasar::rtlgen {

// InputError "... not implemented yet (issue N)" naming the first unsupported key.
void checkSupported(const config::AccelConfig &cfg);

// The design after all passes.
ir::Design buildDesign(const config::AccelConfig &cfg, const GenOptions &options);

// Every output file (path relative to the output dir -> contents).
std::map<std::string, std::string> renderFiles(const config::AccelConfig &cfg,
                                               const GenOptions &options);

} // namespace quasar::rtlgen
