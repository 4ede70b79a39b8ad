// Cross-field validation and derived values of an accelerator config (internal).
#pragma once

#include "quasar/config/accel.h"
#include "yaml_reader.h"

namespace quasar::config {

// Checks the rules that involve more than one key and fills the derived fields.
void validateAccel(AccelConfig &cfg, MapReader &root, Diagnostics &diag);

} // namespace quasar::config
