// SHA-256 (FIPS 180-4), used for the stable config hash that names caches and generated files.
#pragma once

#include <string>

namespace quasar::config {

// Lower-case hex digest of `data`.
std::string sha256Hex(const std::string &data);

} // namespace quasar::config
