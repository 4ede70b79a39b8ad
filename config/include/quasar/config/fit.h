// Whether a workload can run on an accelerator: every GEMM within the CSR limits.
#pragma once

#include "quasar/config/accel.h"
#include "quasar/config/workload.h"

#include <string>
#include <vector>

namespace quasar::config {

// Throws InputError listing every layer that exceeds limits.{m,n,k}_max (with its location).
// Returns notes about adjustments the host will make (e.g. odd K padded for OVP pairs).
std::vector<std::string> checkFit(const AccelConfig &accel, const Workload &workload);

} // namespace quasar::config
