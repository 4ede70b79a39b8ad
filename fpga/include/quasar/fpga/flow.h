// The scripts of the open FPGA flow, as text and argument lists (written and run by synth.h).
//
//   xc7:     read_verilog -sv ...; synth_xilinx -flatten -noiopad -noclkbuf -top TOP;
//            tee -o stat.json stat -json
//            -noiopad/-noclkbuf: the accelerator is a block inside a larger design (out of
//            context), so no I/O or clock buffers are counted (TOOLCHAIN.md).
//   ice40:   read_verilog -sv ...; synth_ice40 [-dsp on UltraPlus] -top TOP -json netlist.json;
//            tee -o stat.json stat -json; then
//            nextpnr-ice40 --<device> --package <pkg> --json netlist.json
//            --pcf-allow-unconstrained --freq <clock_mhz> --timing-allow-fail
//            --report report.json -l nextpnr.log
//            --timing-allow-fail: a missed clock target is a result (achieved Fmax), not an
//            error.
//   generic: Yosys's `synth -flatten` script (coarse, then fine) with one step left out,
//            memory_map: memories stay $mem_v2 cells and are reported as memory bits (counted
//            by a `stat` taken before synthesis) instead of thousands of flip-flops and muxes,
//            which would measure nothing and take minutes for the 1024-word buffers.
#pragma once

#include "quasar/config/enums.h"

#include <string>
#include <vector>

namespace quasar::fpga {

// An iCE40 part "hx8k-ct256": nextpnr's device switch and package.
struct Ice40Part {
  std::string device;  // lp384 lp1k lp4k lp8k hx1k hx4k hx8k up3k up5k u1k u2k u4k
  std::string package; // e.g. ct256, cm81, sg48
};
// Throws InputError naming fpga.part and the allowed devices when `part` is malformed.
Ice40Part parseIce40Part(const std::string &part);

struct FlowOptions {
  config::FpgaTarget target = config::FpgaTarget::Xc7;
  std::string part;         // ice40: "hx8k-ct256"; informative for the others
  double clockMhz = 100.0;  // ice40: nextpnr --freq
  bool noDsp = false;       // xc7/ice40: no DSP blocks (multipliers in LUTs), for comparisons
};

// The Yosys script for `files` (entries of files.f with absolute paths; "+define+X[=Y]" and
// "+incdir+D" entries become read_verilog -D / -I), top module `top`. Writes stat.json (and,
// ice40, netlist.json; generic, memories.json) in the working directory.
std::string yosysScript(const std::vector<std::string> &files, const std::string &top,
                        const FlowOptions &options);

// nextpnr-ice40 arguments (program name first), reading netlist.json, writing report.json and
// nextpnr.log in the working directory.
std::vector<std::string> nextpnrArgs(const FlowOptions &options);

} // namespace quasar::fpga
