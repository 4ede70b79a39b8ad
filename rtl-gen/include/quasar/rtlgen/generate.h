// The generator's entry point: one validated config in, a directory of RTL and metadata out.
//
//   DIR/rtl/*.sv           one module per file, lint-clean, deterministic
//   DIR/rtl/files.f        the files in compile order (paths relative to DIR/rtl)
//   DIR/manifest.json      top ports, CSR map, stream formats, latencies, config hash
//   DIR/quasar_params.h    the same facts as C++ constants (testbenches include it)
//   DIR/<name>.core        FuseSoC CAPI2 core with lint and sim targets
#pragma once

#include "quasar/config/accel.h"

#include <string>
#include <vector>

namespace quasar::rtlgen {

struct GenOptions {
  bool withVersion = true; // false: omit the quasar version from headers (diffable output)
  // Extra CAPI2 text for DIR/<name>.core, two-space indented as members of the top-level
  // `filesets:` and `targets:` maps (the FPGA flow adds its synthesis targets this way; the
  // generator does not depend on it).
  std::string coreFilesets;
  std::string coreTargets;
};

struct GenResult {
  std::string topModule;          // "qsr_<name>_top"
  std::vector<std::string> files; // written files, relative to the output dir, sorted
};

// Throws InputError ("... not implemented yet ...") for configs the generator cannot build
// yet, naming the key; never emits a design that silently ignores part of the config.
GenResult generate(const config::AccelConfig &cfg, const std::string &outDir,
                   const GenOptions &options = {});

} // namespace quasar::rtlgen
