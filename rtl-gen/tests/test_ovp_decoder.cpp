// The OVP-4 pair tagger and edge decoder in RTL against the golden decoder: every byte of both
// normal types goes through one qsr_ovp_pair_tag and two qsr_ovp_decoder under Icarus, and
// each (exp, int) must equal models::ovp::decodeByte (written from specs/ovp.md by the golden
// model, not from the generator). The same modules must lint clean under verilator -Wall.
//
// Hidden tag: runs simulators, so CTest runs it as rtlgen_ovp (label cosim), not with
// the emit tests.
#include "blocks/blocks.h"
#include "quasar/config/load.h"
#include "quasar/models/ovp.h"
#include "quasar/rtlgen/emit.h"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

using namespace quasar;
namespace fs = std::filesystem;

namespace {

const char *kTestbench = R"(module tb_ovp_decoder;
  logic [7:0] byte_v;
  logic flint;
  logic [4:0] lo, hi;
  logic [6:0] op_lo, op_hi;
  wire [2:0] exp_lo = op_lo[6:4], exp_hi = op_hi[6:4];
  wire [3:0] int_lo = op_lo[3:0], int_hi = op_hi[3:0];
  qsr_ovp_pair_tag u_tag (.byte_i(byte_v), .lo_o(lo), .hi_o(hi));
  qsr_ovp_decoder u_lo (.code_i(lo), .flint_i(flint), .op_o(op_lo));
  qsr_ovp_decoder u_hi (.code_i(hi), .flint_i(flint), .op_o(op_hi));
  initial begin
    for (int f = 0; f < 2; f++) begin
      for (int i = 0; i < 256; i++) begin
        flint = f[0];
        byte_v = i[7:0];
        #1;
        $display("D %0d %0d %0d %0d %0d %0d", f, i, exp_lo, $signed(int_lo), exp_hi,
                 $signed(int_hi));
      end
    end
    $finish;
  end
endmodule
)";

bool haveTool(const std::string &tool) {
  return std::system(("command -v " + tool + " > /dev/null 2>&1").c_str()) == 0;
}

std::string readAll(const fs::path &p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// The two modules as .sv files in `dir`; returns their paths.
std::vector<std::string> writeModules(const fs::path &dir) {
  const config::AccelConfig cfg =
      config::loadAccel(std::string(QUASAR_SOURCE_DIR) + "/configs/arch/ovp_w4a4_8x8.yaml");
  const blocks::BlockContext ctx(cfg);
  ir::Design d;
  d.info.configName = cfg.name;
  d.info.configHash = "test";
  d.modules.push_back(blocks::buildOvpPairTag(ctx));
  d.modules.push_back(blocks::buildOvpDecoder(ctx));
  std::vector<std::string> paths;
  for (const ir::Module &m : d.modules) {
    const fs::path p = dir / (m.name + ".sv");
    std::ofstream(p) << emit::emitModule(d, m);
    paths.push_back(p.string());
  }
  return paths;
}

} // namespace

TEST_CASE("ovp decoder RTL: 256 bytes x both normal types equal decodeByte", "[.][ovp_rtl]") {
  if (!haveTool("iverilog") || !haveTool("vvp")) {
    WARN("iverilog not installed: skipped");
    return;
  }
  const fs::path dir = fs::absolute("ovp_decoder_tb");
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::vector<std::string> modules = writeModules(dir);
  std::ofstream(dir / "tb.sv") << kTestbench;
  std::string cmd = "iverilog -g2012 -o " + (dir / "tb.vvp").string() + " " + (dir / "tb.sv").string();
  for (const std::string &m : modules) cmd += " " + m;
  cmd += " > " + (dir / "iverilog.log").string() + " 2>&1";
  INFO(cmd);
  REQUIRE(std::system(cmd.c_str()) == 0);
  CHECK(readAll(dir / "iverilog.log").empty());
  REQUIRE(std::system(("vvp -n " + (dir / "tb.vvp").string() + " > " + (dir / "sim.log").string() +
                       " 2>&1").c_str()) == 0);

  std::istringstream log(readAll(dir / "sim.log"));
  std::string line;
  int rows = 0;
  while (std::getline(log, line)) {
    if (line.rfind("D ", 0) != 0) continue;
    std::istringstream f(line.substr(2));
    int flint = -1, byte = -1, expLo = -1, intLo = 99, expHi = -1, intHi = 99;
    f >> flint >> byte >> expLo >> intLo >> expHi >> intHi;
    INFO(line);
    REQUIRE(!f.fail()); // an X or Z would not parse as a number
    const auto want = models::ovp::decodeByte(
        uint8_t(byte), flint ? models::ovp::NormalType::Flint4 : models::ovp::NormalType::Int4);
    CHECK(expLo == want.first.exp);
    CHECK(intLo == want.first.mant);
    CHECK(expHi == want.second.exp);
    CHECK(intHi == want.second.mant);
    ++rows;
  }
  CHECK(rows == 512);
}

TEST_CASE("ovp decoder RTL: verilator -Wall lints the tagger and the decoder clean",
          "[.][ovp_rtl]") {
  if (!haveTool("verilator")) {
    WARN("verilator not installed: skipped");
    return;
  }
  const fs::path dir = fs::absolute("ovp_decoder_lint");
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::vector<std::string> modules = writeModules(dir);
  for (const std::string &m : modules) {
    const std::string top = fs::path(m).stem().string();
    const fs::path logPath = dir / (top + ".log");
    const std::string cmd = "verilator --lint-only -Wall --top-module " + top + " " + m + " > " +
                            logPath.string() + " 2>&1";
    INFO(cmd << "\n" << readAll(logPath));
    CHECK(std::system(cmd.c_str()) == 0);
    CHECK(readAll(logPath).empty());
  }
}
