// Vendor-flow files for users who have the vendor tools; quasar writes them, never runs them.
//
//   DIR/vivado/build.tcl   non-project Vivado flow: read the generated files.f, read the XDC,
//                          synth_design (out of context), opt_design, place_design,
//                          route_design, report_utilization / report_timing_summary to files,
//                          plus utilization.json (cells by type, WNS, Fmax) written by the
//                          script itself: Vivado's report_utilization has no JSON output.
//                          Run: vivado -mode batch -source DIR/vivado/build.tcl
//   DIR/vivado/<name>.xdc  create_clock on clk_i with the period of fpga.clock_mhz
//   FuseSoC                fusesocSynthFilesets()/fusesocSynthTargets(): CAPI2 text for the
//                          core file (a constraints fileset; targets synth (Vivado) and
//                          synth_ice40 (Yosys + nextpnr through edalize's icestorm tool)).
//
// Out of context: the accelerator is a block for a larger design, so no pins are assigned and
// no I/O buffers are inserted; a board design adds its own pin constraints.
#pragma once

#include "quasar/config/accel.h"

#include <string>

namespace quasar::fpga {

// The XDC text: one create_clock on clk_i.
std::string xdcText(const config::AccelConfig &cfg);
// The TCL text; paths are relative to the script's own directory (DIR/vivado/), the RTL is in
// ../rtl/ and its file list is ../rtl/files.f.
std::string vivadoTclText(const config::AccelConfig &cfg, const std::string &topModule);

// Write the two files into <genDir>/vivado/ (created). Returns the path written.
// The part is fpga.part when fpga.target is xc7, else the xc7 default part.
std::string writeXdc(const config::AccelConfig &cfg, const std::string &genDir);
std::string writeVivadoTcl(const config::AccelConfig &cfg, const std::string &genDir,
                           const std::string &topModule);

// CAPI2 snippets for DIR/<name>.core (paths relative to DIR), two-space indented as members of
// the top-level `filesets:` and `targets:` maps. The rtl fileset is assumed to be named `rtl`.
std::string fusesocSynthFilesets(const config::AccelConfig &cfg);
std::string fusesocSynthTargets(const config::AccelConfig &cfg, const std::string &topModule);

// The Xilinx part used by the Vivado files: fpga.part for target xc7, else the default.
std::string vivadoPart(const config::AccelConfig &cfg);
// The iCE40 part used by the FuseSoC ice40 target: fpga.part for target ice40, else the default.
std::string ice40Part(const config::AccelConfig &cfg);

} // namespace quasar::fpga
