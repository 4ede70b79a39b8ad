// Loading configurations from YAML. The only place in quasar that reads YAML.
//
// Every loader validates strictly (unknown keys, types, ranges, impossible combinations),
// collects all errors and throws one quasar::InputError listing them, each as
// "file:line:col: error: message".
#pragma once

#include "quasar/config/accel.h"

#include <map>
#include <string>

namespace YAML {
class Node;
}

namespace quasar::config {

AccelConfig loadAccel(const std::string &path);
AccelConfig loadAccelText(const std::string &text, const std::string &name);
// From an already parsed document (used by sweeps, which override keys of a base config);
// `overrides` maps the overridden key paths to where they were set, for error locations.
AccelConfig loadAccelNode(const YAML::Node &root, const std::string &name,
                          const std::map<std::string, SourceLoc> *overrides = nullptr);

// The fully normalized configuration as YAML: every key, every default filled, fixed key
// order, no comments except the derived values at the end. Loading it gives the same config.
std::string toYaml(const AccelConfig &config);

// Stable hash: SHA-256 of toYaml(). Same semantic config -> same hash, whatever the key
// order, comments or spelled-out defaults of the source file.
std::string configHash(const AccelConfig &config);
// The first 12 hex digits, used in file headers and cache directory names.
std::string shortHash(const AccelConfig &config);

} // namespace quasar::config
