// Report parsers against stored real Yosys / nextpnr outputs (tests/data/reports/). Every
// expected number below was read by hand from the stored file named in the test.
#include "quasar/config/error.h"
#include "quasar/fpga/json.h"
#include "quasar/fpga/reports.h"

#include <catch2/catch.hpp>

using namespace quasar;
using namespace quasar::fpga;
using config::FpgaTarget;

namespace {
std::string data(const std::string &rel) {
  return readTextFile(std::string(QUASAR_TEST_DATA) + "/reports/" + rel);
}
} // namespace

TEST_CASE("reports: xc7 stat of tiny_acc", "[reports][xc7]") {
  // tiny_xc7/stat.json: CARRY4 5, DSP48E1 1, FDRE 12, INV 14, LUT3 8, LUT5 2, LUT6 12,
  // RAMB18E1 1; num_cells 55.
  const CellCounts c = parseYosysStat(data("tiny_xc7/stat.json"), "stat.json");
  CHECK(c.cells == 55);
  CHECK(c.byType.size() == 8);
  CHECK(c.byType.at("INV") == 14);
  CHECK(c.byType.at("LUT6") == 12);
  const Resources r = summarize(FpgaTarget::Xc7, c);
  CHECK(r.lut == 22);
  CHECK(r.lutLogic == 22);
  CHECK(r.lutMemory == 0);
  CHECK(r.ff == 12);
  CHECK(r.dsp == 1);
  CHECK(r.bram == 0.5); // one RAMB18E1 is half a 36 Kb tile
  CHECK(r.carry == 5);
  CHECK(r.cells == 55);
}

TEST_CASE("reports: xc7 LUTs used as memory", "[reports][xc7]") {
  // lutram_xc7/stat.json: RAM64M 3, SRL16E 8 -> 3 * 4 + 8 * 1 = 20 LUTs, none for logic.
  const Resources r =
      summarize(FpgaTarget::Xc7, parseYosysStat(data("lutram_xc7/stat.json"), "stat.json"));
  CHECK(r.lutLogic == 0);
  CHECK(r.lutMemory == 20);
  CHECK(r.lut == 20);
  CHECK(r.ff == 0);
  CHECK(r.cells == 11);
}

TEST_CASE("reports: ice40 stat of tiny_acc", "[reports][ice40]") {
  // tiny_ice40/stat.json: SB_CARRY 80, SB_DFF 27, SB_DFFESR 34, SB_DFFSR 26, SB_LUT4 263,
  // SB_RAM40_4K 1; num_cells 431.
  const Resources r =
      summarize(FpgaTarget::Ice40, parseYosysStat(data("tiny_ice40/stat.json"), "stat.json"));
  CHECK(r.lut == 263);
  CHECK(r.ff == 27 + 34 + 26);
  CHECK(r.dsp == 0);
  CHECK(r.bram == 1.0);
  CHECK(r.carry == 80);
  CHECK(r.cells == 431);
}

TEST_CASE("reports: generic stat of tiny_acc keeps the memory unmapped", "[reports][generic]") {
  // tiny_generic/stat.json: $_SDFFE_PN0P_ 34, $_SDFF_PN0_ 26, $mem_v2 1, num_cells 759;
  // memories.json (before synthesis): num_memory_bits 8192 (512 x 16).
  const CellCounts c = parseYosysStat(data("tiny_generic/stat.json"), "stat.json");
  const Resources r = summarize(FpgaTarget::Generic, c);
  CHECK(r.ff == 60);
  CHECK(r.cells == 759);
  CHECK_FALSE(r.lut.has_value());
  CHECK_FALSE(r.dsp.has_value());
  CHECK_FALSE(r.bram.has_value());
  CHECK(c.byType.at("$mem_v2") == 1);
  CHECK(parseYosysStat(data("tiny_generic/memories.json"), "memories.json").memoryBits == 8192);
}

TEST_CASE("reports: nextpnr report of tiny_acc", "[reports][ice40]") {
  // tiny_ice40/report.json: fmax {"clk_i$SB_IO_IN_$glb_clk": achieved 89.758552551269531,
  // constraint 100}; utilization ICESTORM_LC 320/7680, ICESTORM_PLL 0/2, ICESTORM_RAM 1/32,
  // SB_GB 3/8, SB_IO 64/256, SB_WARMBOOT 0/1.
  const NextpnrReport rep = parseNextpnrReport(data("tiny_ice40/report.json"), "report.json");
  REQUIRE(rep.clocks.size() == 1);
  CHECK(rep.clocks[0].clock == "clk_i$SB_IO_IN_$glb_clk");
  CHECK(rep.clocks[0].achievedMhz == Approx(89.758552551269531).epsilon(1e-12));
  CHECK(rep.clocks[0].constraintMhz == 100.0);
  REQUIRE(rep.utilization.size() == 6);
  CHECK(rep.utilization[0].bel == "ICESTORM_LC");
  CHECK(rep.utilization[0].used == 320);
  CHECK(rep.utilization[0].available == 7680);
  CHECK(rep.utilization[2].bel == "ICESTORM_RAM");
  CHECK(rep.utilization[2].used == 1);
  CHECK(rep.utilization[4].bel == "SB_IO");
  CHECK(rep.utilization[4].used == 64);
  CHECK(rep.utilization[4].available == 256);
  CHECK(overused(rep.utilization).empty());
}

TEST_CASE("reports: nextpnr log of tiny_acc, last Fmax line wins", "[reports][ice40]") {
  // tiny_ice40/nextpnr.log: after placement 88.73 MHz, after routing 89.76 MHz (both FAIL at
  // 100.00 MHz); utilisation table ICESTORM_LC 320/7680 ... SB_WARMBOOT 0/1; no ERROR line.
  const NextpnrLog log = parseNextpnrLog(data("tiny_ice40/nextpnr.log"));
  REQUIRE(log.clocks.size() == 1);
  CHECK(log.clocks[0].achievedMhz == 89.76);
  CHECK(log.clocks[0].constraintMhz == 100.0);
  REQUIRE(log.utilization.size() == 6);
  CHECK(log.utilization[0].bel == "ICESTORM_LC");
  CHECK(log.utilization[0].used == 320);
  CHECK(log.errors.empty());
}

TEST_CASE("reports: nextpnr log of a design that does not fit", "[reports][ice40]") {
  // wide_ice40/nextpnr.log: ICESTORM_LC 303/7680, ICESTORM_RAM 0/32, SB_IO 310/256,
  // SB_GB 2/8, ICESTORM_PLL 0/2, SB_WARMBOOT 0/1; "ERROR: Unable to find a placement location
  // for cell 'q_o[92]$sb_io'".
  const NextpnrLog log = parseNextpnrLog(data("wide_ice40/nextpnr.log"));
  REQUIRE(log.utilization.size() == 6);
  const std::vector<BelUsage> over = overused(log.utilization);
  REQUIRE(over.size() == 1);
  CHECK(over[0].bel == "SB_IO");
  CHECK(over[0].used == 310);
  CHECK(over[0].available == 256);
  REQUIRE(log.errors.size() == 1);
  CHECK(log.errors[0] == "Unable to find a placement location for cell 'q_o[92]$sb_io'");
  CHECK(log.clocks.empty());
}

TEST_CASE("reports: malformed inputs are input errors naming the file", "[reports]") {
  CHECK_THROWS_AS(parseYosysStat("{}", "x.json"), InputError);
  CHECK_THROWS_WITH(parseYosysStat("{\"modules\": {}}", "x.json"),
                    Catch::Contains("x.json") && Catch::Contains("exactly one module"));
  CHECK_THROWS_WITH(parseYosysStat("{ not json", "bad.json"), Catch::Contains("bad.json"));
  CHECK_THROWS_AS(parseNextpnrReport("{\"fmax\": {}}", "r.json"), InputError);
  CHECK(parseNextpnrLog("").utilization.empty());
}
