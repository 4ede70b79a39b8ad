// Parsers of the reports the open FPGA tools write, and the resource summary per target.
//
//   Yosys `stat -json`       -> CellCounts (cells by type of the design, memory bits)
//   CellCounts + target      -> Resources (LUT, FF, DSP, BRAM, carry; see summarize())
//   nextpnr `--report r.json` -> NextpnrReport (utilization per BEL type, Fmax per clock)
//   nextpnr log (-l)          -> NextpnrLog: the same facts from the text, which is all there is
//                                when placement fails (no report is written then)
#pragma once

#include "quasar/config/enums.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace quasar::fpga {

// Yosys `stat -json`: the "design" section (whole hierarchy under the top) when present, else
// the only module.
struct CellCounts {
  std::map<std::string, int64_t> byType; // "LUT6" -> 12, "$_DFF_P_" -> 3, ...
  int64_t cells = 0;                     // num_cells
  int64_t memoryBits = 0;                // num_memory_bits (unmapped memories)
};

// Throws InputError naming `what` when the text is not a Yosys stat report.
CellCounts parseYosysStat(const std::string &jsonText, const std::string &what);

// The resources a target counts, from its cell library. Empty where the target has no such
// resource or the flow does not map to it:
//   xc7:     lut = LUT1..LUT6 (logic) + LUTs used as memory (SRL16E/SRLC32E 1, RAM32X1S/RAM64X1S
//            1, RAM32X1D/RAM64X1D/RAM128X1S 2, RAM128X1D/RAM256X1S/RAM32M/RAM64M 4); ff = FDRE,
//            FDSE, FDCE, FDPE; dsp = DSP48E1; bram = RAMB36E1 + RAMB18E1 / 2 (36 Kb tiles, as
//            Vivado counts them); carry = CARRY4. MUXF7/MUXF8 and INV are not LUTs.
//   ice40:   lut = SB_LUT4; ff = SB_DFF*; dsp = SB_MAC16; bram = SB_RAM40_4K (4 Kb blocks);
//            carry = SB_CARRY.
//   generic: ff = Yosys internal flip-flops ($_DFF*, $_SDFF*, $_ALDFF*, $_DLATCH*); no LUTs
//            (a gate netlist); memories stay unmapped (memoryBits).
struct Resources {
  std::optional<int64_t> lut, lutLogic, lutMemory, ff, dsp, carry;
  std::optional<double> bram;
  int64_t cells = 0;
  int64_t memoryBits = 0;
};
Resources summarize(config::FpgaTarget target, const CellCounts &counts);

struct BelUsage {
  std::string bel; // "ICESTORM_LC", "SB_IO", ...
  int64_t used = 0;
  int64_t available = 0;
};

struct ClockFmax {
  std::string clock;        // nextpnr's net name, e.g. "clk_i$SB_IO_IN_$glb_clk"
  double achievedMhz = 0;
  double constraintMhz = 0; // --freq
};

struct NextpnrReport {
  std::vector<BelUsage> utilization; // sorted by BEL name
  std::vector<ClockFmax> clocks;     // sorted by clock name
};
NextpnrReport parseNextpnrReport(const std::string &jsonText, const std::string &what);

struct NextpnrLog {
  std::vector<BelUsage> utilization;  // the last "Device utilisation" table
  std::vector<ClockFmax> clocks;      // the last "Max frequency for clock" line of each clock
  std::vector<std::string> errors;    // "ERROR: ..." lines, without the prefix
};
NextpnrLog parseNextpnrLog(const std::string &text);

// The BELs whose use exceeds what the device has ("SB_IO 310/256"), empty when it fits.
std::vector<BelUsage> overused(const std::vector<BelUsage> &utilization);

} // namespace quasar::fpga
