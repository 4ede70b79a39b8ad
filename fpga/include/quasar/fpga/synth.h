// Running the open FPGA flow on a generated design and reading its reports into one result.
//
// A run happens in one directory, which keeps everything: synth.ys (the Yosys script),
// yosys.log, stat.json, and for ice40 netlist.json, nextpnr.log, report.json; the parsed
// result goes to synth.json. synthesizeCached() names that directory by config hash and
// target (<cacheRoot>/<hash12>-<target>[-<top>][-nodsp]/) and reuses it when its synth.json
// has the same key: SHA-256 of the RTL (every file of files.f, name and contents), the Yosys
// script and the nextpnr arguments. A changed generator, part or clock therefore reruns; a
// changed tool version does not (delete the cache directory after upgrading Yosys/nextpnr).
#pragma once

#include "quasar/config/enums.h"
#include "quasar/fpga/flow.h"
#include "quasar/fpga/reports.h"

#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace quasar::fpga {

struct SynthResult {
  config::FpgaTarget target = config::FpgaTarget::Xc7;
  std::string part;
  double clockMhz = 0;            // the configured clock (ice40: nextpnr --freq)
  std::string topModule;
  std::string configHash;         // of the config the RTL came from ("" when not known)
  std::string key;                // cache key (see above)
  Resources resources;            // from Yosys
  CellCounts cells;               // Yosys cells by type
  // ice40 place and route.
  bool placed = false;            // nextpnr ran to the end
  std::vector<BelUsage> utilization;
  std::optional<double> fmaxMhz;  // lowest achieved Fmax over the clocks (after routing)
  bool fits = true;               // false: the design does not fit the part (see message)
  std::string message;            // why it does not fit, or empty
  double seconds = 0;             // tool wall time of the run (not of a cache hit)
  bool cached = false;            // this call reused a previous run
  std::string dir;                // the run directory
};

struct SynthRequest {
  std::string rtlDir;             // holds files.f
  std::string topModule;          // e.g. "qsr_int8_8x8_top"
  std::string configHash;         // recorded in the result and used in the cache name
  FlowOptions flow;
  bool force = false;             // synthesizeCached: run again even when the key matches
  std::ostream *progress = nullptr; // "yosys synth_xilinx ... 12.3 s" lines
};

// Runs the flow in `dir` (created; previous outputs are overwritten) and writes synth.json.
// Throws CheckError with the end of the tool log when Yosys fails, or when nextpnr fails
// for another reason than the design not fitting (that is a result: fits = false).
SynthResult runSynth(const SynthRequest &request, const std::string &dir);

// runSynth in <cacheRoot>/<name>/ unless that directory already holds a result with the
// same key; concurrent calls for one design take turns on a lock file.
SynthResult synthesizeCached(const SynthRequest &request, const std::string &cacheRoot);

// The cache directory name of a request: "<hash12>-<target>[-<top>][-nodsp]" (the top module
// only when it is not the design's top, i.e. does not end in "_top").
std::string cacheName(const SynthRequest &request);

std::string toJson(const SynthResult &result);
// Reads synth.json back. Throws InputError naming `what` when it is not one.
SynthResult synthResultFromJson(const std::string &text, const std::string &what);

// A short human-readable table (resources, Fmax, fit) for the terminal.
std::string summaryTable(const SynthResult &result);

} // namespace quasar::fpga
