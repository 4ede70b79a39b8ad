// qsr_bitserial_termgen under Icarus against the golden term tables: every code of every
// precision (bitplane 1..w_bits_max, two's complement and pm1) and every code x special index
// of every built bitmod mode, each term index of the weight; the lane bits above the code are
// random, so the generator must ignore them. Expected terms come from
// models::bitserial::bitplaneTerms / bitmodTerms (written from specs/bitserial.md by the golden
// model, not from the generator). verilator -Wall on each variant.
//
// Hidden tag [bitserial_rtl]: runs simulators (CTest rtlgen_bitserial, label cosim).
#include "bitserial_tb_util.h"

#include <catch2/catch.hpp>

#include <random>

using namespace quasar;
namespace bs = quasar::models::bitserial;
namespace fs = std::filesystem;

namespace {

struct Expect {
  int64_t code, term, sel, special; // sel: precision (bitplane) or w_mode (bitmod)
  bs::Term t;
  int valid = 1; // pm1 configs: a padding lane (valid 0) must give a zero term {0, 0}
};

std::vector<Expect> goldenCases(const config::AccelConfig &cfg, std::mt19937 &rng) {
  std::vector<Expect> out;
  const int codeBits = blocks::bitserialCodeBits(cfg);
  auto junk = [&](int bits) { // random lane bits above the code
    return bits >= codeBits ? 0 : int64_t(rng() % (1u << (codeBits - bits))) << bits;
  };
  if (blocks::isBitplane(cfg)) {
    const bool pm1 = cfg.pe.bitserial.binary == config::BitBinary::PlusMinusOne;
    for (int p = 1; p <= cfg.pe.bitserial.w_bits_max; ++p)
      for (uint64_t code = 0; code < (uint64_t(1) << p); ++code) {
        const auto terms = bs::bitplaneTerms(bstest::bitplaneWeight(code, p, pm1), p, pm1);
        for (size_t j = 0; j < terms.size(); ++j) {
          out.push_back({int64_t(code) | junk(p), int64_t(j), p, 0, terms[j]});
          if (pm1) out.push_back({int64_t(code) | junk(p), int64_t(j), p, 0, bs::Term{0, 0}, 0});
        }
      }
  } else {
    for (config::BitmodMode m : cfg.pe.bitserial.modes) {
      const bs::Mode mode = bstest::goldenMode(m);
      const int bits = bs::codeBits(mode);
      for (uint32_t code = 0; code < (1u << bits); ++code)
        for (int index = 0; index < 4; ++index) {
          const auto terms = bs::bitmodTerms(code, mode, index);
          for (size_t j = 0; j < terms.size(); ++j)
            out.push_back({int64_t(code) | junk(bits), int64_t(j), int64_t(m), index, terms[j]});
        }
    }
  }
  return out;
}

std::string testbench(const config::AccelConfig &cfg) {
  const bool plane = blocks::isBitplane(cfg);
  std::ostringstream tb;
  tb << "module tb;\n"
     << "  logic [" << blocks::bitserialCodeBits(cfg) - 1 << ":0] code;\n"
     << "  logic [" << blocks::bitserialTermIndexBits(cfg) - 1 << ":0] term;\n"
     << "  logic [" << (plane ? blocks::bitserialPrecBits(cfg) : blocks::kBitserialModeBits) - 1
     << ":0] sel;\n"
     << "  logic [1:0] special;\n"
     << "  wire [" << blocks::bitserialTermBits(cfg) - 1 << ":0] t;\n"
     << "  logic valid;\n"
     << "  integer fd, n, vc, vt, vs, vx, vv;\n"
     << "  qsr_bitserial_termgen u_gen (.code_i(code), .term_i(term), "
     << (plane ? ".prec_i(sel), " : ".mode_i(sel), .special_i(special), ")
     << (blocks::bitserialPadNeedsValid(cfg) ? ".valid_i(valid), " : "") << ".term_o(t));\n"
     << "  initial begin\n"
     << "    fd = $fopen(\"stim.txt\", \"r\");\n"
     << "    n = $fscanf(fd, \"%d %d %d %d %d\\n\", vc, vt, vs, vx, vv);\n"
     << "    while (n == 5) begin\n"
     << "      code = vc[$bits(code)-1:0]; term = vt[$bits(term)-1:0]; sel = vs[$bits(sel)-1:0];\n"
     << "      special = vx[1:0]; valid = vv[0];\n"
     << "      #1 $display(\"T %0d %0d %0d\", t[$bits(t)-1], t[$bits(t)-2], t[$bits(t)-3:0]);\n"
     << "      n = $fscanf(fd, \"%d %d %d %d %d\\n\", vc, vt, vs, vx, vv);\n"
     << "    end\n"
     << "    $finish;\n"
     << "  end\n"
     << "endmodule\n";
  return tb.str();
}

} // namespace

TEST_CASE("bitserial termgen RTL: every code of every precision and mode equals the golden terms",
          "[.][bitserial_rtl]") {
  if (!bstest::haveTool("iverilog") || !bstest::haveTool("verilator")) {
    WARN("iverilog or verilator not installed: skipped");
    return;
  }
  const std::vector<std::pair<std::string, std::string>> variants = {
      {"plane8", "{w_bits_max: 8}"},
      {"plane8_pm1", "{w_bits_max: 8, binary: pm1}"},
      {"plane3", "{w_bits_max: 3}"},
      {"plane1_pm1", "{w_bits_max: 1, binary: pm1}"},
      {"plane12", "{w_bits_max: 12}"},
      {"bitmod_all", "{encoding: bitmod}"},
      {"bitmod_fp3_int4", "{encoding: bitmod, modes: [fp3, int4]}"},
      {"bitmod_int6", "{encoding: bitmod, modes: [int6]}"},
      {"bitmod_fp4", "{encoding: bitmod, modes: [fp4]}"}};
  std::mt19937 rng(8);
  for (const auto &[tag, bitserial] : variants) {
    INFO(tag);
    const config::AccelConfig cfg = config::loadAccelText(
        "name: t\npe: {type: bitserial, acc_bits: 48, bitserial: " + bitserial + "}\n", "t.yaml");
    const blocks::BlockContext ctx(cfg);
    const fs::path dir = bstest::freshDir("bitserial_termgen_" + tag);
    const std::string files =
        bstest::writeModules(dir, {blocks::buildBitserialTermgen(ctx)}, cfg.name);
    CHECK(bstest::lint(dir, files, "qsr_bitserial_termgen").empty());

    const std::vector<Expect> cases = goldenCases(cfg, rng);
    std::ofstream stim(dir / "stim.txt");
    for (const Expect &e : cases)
      stim << e.code << " " << e.term << " " << e.sel << " " << e.special << " " << e.valid
           << "\n";
    stim.close();
    std::ofstream(dir / "tb.sv") << testbench(cfg);
    std::string ilog;
    REQUIRE(bstest::simulate(dir, files, ilog));
    CHECK(ilog.empty());

    std::istringstream log(bstest::readAll(dir / "sim.log"));
    std::string word;
    size_t i = 0, mismatches = 0;
    while (log >> word) {
      if (word != "T")
        continue;
      int nz = -1, neg = -1, shift = -1;
      log >> nz >> neg >> shift;
      REQUIRE(!log.fail()); // an X or Z would not parse as a number
      REQUIRE(i < cases.size());
      const Expect &e = cases[i++];
      const int sign = nz ? (neg ? -1 : 1) : 0;
      if (sign != e.t.sign || shift != e.t.shift) {
        if (++mismatches <= 10) {
          UNSCOPED_INFO("code " << e.code << " term " << e.term << " sel " << e.sel << " special "
                                << e.special << ": got {" << sign << ", " << shift << "}, golden {"
                                << e.t.sign << ", " << e.t.shift << "}");
        }
      }
    }
    CHECK(i == cases.size());
    CHECK(mismatches == 0);
  }
}
