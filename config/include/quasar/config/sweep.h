// A design-space sweep: a base accelerator config, axes over its keys, workloads and stages.
//
//   name: pe_families
//   base: ../arch/int8_8x8.yaml          # relative to the sweep file
//   mode: cartesian                       # or zip (all axes the same length)
//   axes:
//     - {key: array.rows, values: [4, 8, 16]}
//     - {key: array.cols, range: {from: 4, to: 16, step: 4}}
//     - name: pe                         # an overlay axis: named partial configs,
//       overlays:                        # deep-merged into the base
//         int8: {pe: {type: int, a_bits: 8, w_bits: 8}}
//         ovp4: {pe: {type: ovp, a_bits: ~, w_bits: ~}}   # ~ (null) removes a key

//   workloads: [../workloads/bert_base.yaml]
//   stages: [gen, lint, analytical]
#pragma once

#include "quasar/config/accel.h"
#include "quasar/config/diagnostics.h"
#include "quasar/config/enums.h"

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace quasar::config {

struct SweepAxis {
  std::string key;                 // dotted accelerator key, e.g. "pe.bitserial.encoding";
                                   // for an overlay axis its `name` (default "overlay")
  bool overlay = false;            // values are partial configs to deep-merge
  std::vector<std::string> values; // YAML text of each value (scalar, or an overlay mapping)
  std::vector<std::string> labels; // what a point reports for each value
  // For each value: the key paths it sets -> where in the sweep file (for error locations).
  std::vector<std::map<std::string, SourceLoc>> valueLocs;
  SourceLoc loc;
};

struct Sweep {
  std::string name;
  std::string base;                // resolved path of the base accelerator config
  SweepMode mode = SweepMode::Cartesian;
  std::vector<SweepAxis> axes;
  std::vector<std::string> workloads; // resolved paths
  std::vector<Stage> stages = {Stage::Gen, Stage::Analytical};
  std::string source_file;
};

// One point of a sweep: the overrides that make it and the validated config.
struct SweepPoint {
  std::vector<std::pair<std::string, std::string>> overrides;
  AccelConfig config;
};

// Loads and validates a sweep, its base config and its workloads (each must load).
Sweep loadSweep(const std::string &path);
Sweep loadSweepText(const std::string &text, const std::string &name);

// Every point, in order (the first axis varies slowest). A point whose config is invalid
// makes this throw InputError naming the point and the axis that produced it.
std::vector<SweepPoint> expandSweep(const Sweep &sweep);

// "array.rows=4, pe.type=ovp"
std::string describeOverrides(const SweepPoint &point);

} // namespace quasar::config
