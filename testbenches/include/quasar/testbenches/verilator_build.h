// Building the co-simulation harness: the generated RTL Verilated together with the harness
// C++ (testbenches/harness/), cached so that a second run of the same design does not rebuild.
//
// Cache key: SHA-256 over the config hash, every RTL file named by files.f (name and
// contents), the harness sources, `verilator --version`, the Verilator arguments and any extra
// arguments. The RTL contents are part of the key so that a changed generator (same config,
// new Verilog) can never reuse a stale model. The build lives in <cacheRoot>/<key16>/ and is
// only used once its stamp file exists; concurrent builds of one key (parallel CTest jobs)
// wait on a lock file instead of building twice. The Verilator runtime and the design-independent
// harness objects are compiled once per (Verilator, flags, harness) and copied into later builds.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace quasar::tb {

struct VerilatorBuildOptions {
  std::string rtlDir;                  // holds files.f (paths relative to it)
  std::string topModule;               // e.g. "qsr_int8_8x8_top"
  std::string configHash;              // config::configHash() of the design
  std::string cacheRoot;               // e.g. "build/cache/verilator"
  std::vector<std::string> extraArgs;  // more Verilator arguments (e.g. -G overrides)
  int jobs = 2;                        // parallel C++ compiles
  std::ostream *progress = nullptr;    // "verilating ... 12.3 s" lines
};

struct VerilatorBuild {
  std::string executable; // the harness: --stimulus S --results R [--trace W]
  std::string dir;        // <cacheRoot>/<key16>
  std::string key;        // full SHA-256 hex
  bool cached = false;    // true: reused, nothing was compiled
  double seconds = 0;     // wall time of this call
};

// Builds (or reuses) the harness. Throws InputError when files.f is missing or names a
// missing file, and CheckError (with the end of the build log) when Verilator fails.
VerilatorBuild buildHarness(const VerilatorBuildOptions &options);

// The Verilator arguments every harness build uses (documented in docs/cosim.md).
std::vector<std::string> verilatorBaseArgs(int jobs);

// First line of `verilator --version`; InputError when verilator is not installed.
std::string verilatorVersion();

// Where the harness sources are (QUASAR_SOURCE_DIR/testbenches/harness) and their names.
std::string harnessSourceDir();
std::vector<std::string> harnessSources();

// The entries of files.f, RTL paths made absolute; "+define+..." style options kept as they are.
std::vector<std::string> readFileList(const std::string &rtlDir);

} // namespace quasar::tb
