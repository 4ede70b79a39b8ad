// Printers of the non-Verilog outputs of `quasar gen`. Like the Verilog emitter they take the
// design (and the config it came from) const and only print.
#pragma once

#include "quasar/config/accel.h"
#include "quasar/rtlgen/ir.h"

#include <string>
#include <vector>

namespace quasar::emit {

// rtl/files.f: one file per line, compile order (leaves first, the top last).
std::string emitFileList(const ir::Design &design);

// manifest.json: top ports, CSR map, stream formats, tile shape, latencies, config hash.
std::string emitManifest(const ir::Design &design, const config::AccelConfig &cfg);

// quasar_params.h: the same facts as constexpr C++ (namespace quasar_params).
std::string emitParamsHeader(const ir::Design &design, const config::AccelConfig &cfg);

// <name>.core: FuseSoC CAPI2 core with `lint` (Verilator) and `sim` (Icarus) targets.
std::string emitCoreFile(const ir::Design &design, const config::AccelConfig &cfg,
                         const std::string &extraFilesets = "",
                         const std::string &extraTargets = "");

} // namespace quasar::emit
