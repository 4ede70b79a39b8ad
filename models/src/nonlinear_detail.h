// Argument checks shared by the nonlinear units' source files (not part of the public API).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace quasar::models::nonlinear::detail {

// InputError for an empty row, CheckError naming the first element outside 32 bits signed.
void checkRow(const std::vector<int64_t> &row, const char *unit);

} // namespace quasar::models::nonlinear::detail
