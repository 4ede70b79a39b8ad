// qsr_pe_bitserial alone, and qsr_array of bit-serial PEs fed by qsr_bitserial_termgen (one
// per column) and, for bitmod, scaled by qsr_bitserial_dequant (one per column), under Icarus.
//
// - PE: random signed activations and random codes of every mode; the terms streamed in are
//   the golden model's (bitplaneTerms / bitmodTerms); the accumulator (os) or each passed-down
//   partial sum (ws) must equal a plain int64 sum of a * value(w) (os) or psum + a * term (ws).
// - Array: whole GEMMs run as docs/bitserial-array.md schedules them (ws: T passes per k-tile,
//   each LoadW rows + Feed mLen + Tail wsResultLatency + 1; os: each k held P cycles), the
//   column sums (ws) accumulated here exactly as the compute unit will; results must equal
//   models::gemmBitplane / gemmBitmod on the same codes, scales and special indices. K is not
//   a multiple of rows nor of the group; several groups per channel.
// verilator -Wall on each PE variant and on the array.
//
// Hidden tag [bitserial_rtl]: runs simulators (CTest rtlgen_bitserial, label cosim).
#include "bitserial_tb_util.h"
#include "passes/legalize_names.h"
#include "passes/port_widths.h"
#include "passes/prune_params.h"
#include "passes/verify.h"
#include "quasar/arch/timing.h"
#include "quasar/models/format_gemm.h"

#include <catch2/catch.hpp>

#include <random>

using namespace quasar;
namespace bs = quasar::models::bitserial;
namespace fs = std::filesystem;

namespace {

config::AccelConfig loadCfg(const std::string &array, const std::string &bitserial,
                            int accBits = 32) {
  // k_max 256 keeps a 32-bit accumulator valid for every mode (the testbench's width).
  return config::loadAccelText("name: t\narray: " + array +
                                   "\npe: {type: bitserial, acc_bits: " + std::to_string(accBits) +
                                   ", bitserial: " + bitserial + "}\nlimits: {k_max: 256}\n",
                               "t.yaml");
}

// One weight as the array sees it: its code, its golden terms and its golden value.
struct Weight {
  uint32_t code;
  std::vector<bs::Term> terms;
  int64_t value;
};

Weight randomBitplane(std::mt19937 &rng, int precision, bool pm1) {
  const uint32_t code = rng() & ((1u << precision) - 1);
  const int64_t w = bstest::bitplaneWeight(code, precision, pm1);
  return {code, bs::bitplaneTerms(w, precision, pm1), w};
}

Weight randomBitmod(std::mt19937 &rng, bs::Mode mode, int special) {
  const uint32_t code = rng() & ((1u << bs::codeBits(mode)) - 1);
  return {code, bs::bitmodTerms(code, mode, special), bs::bitmodValue(code, mode, special)};
}

// Term word {nz, neg, shift} of a golden term.
int64_t termWord(const bs::Term &t, int shiftBits) {
  return (int64_t(t.sign != 0) << (shiftBits + 1)) | (int64_t(t.sign < 0) << shiftBits) |
         (t.sign != 0 ? t.shift : 0);
}

int64_t randomActivation(std::mt19937 &rng, int aBits) {
  return int64_t(rng() % (1u << aBits)) - (int64_t(1) << (aBits - 1));
}

} // namespace

TEST_CASE("bitserial PE RTL: terms accumulate exactly (both encodings, both dataflows)",
          "[.][bitserial_rtl]") {
  if (!bstest::haveTool("iverilog") || !bstest::haveTool("verilator")) {
    WARN("iverilog or verilator not installed: skipped");
    return;
  }
  std::mt19937 rng(21);
  for (const char *dataflow : {"ws", "os"}) {
    for (const char *encoding : {"bitplane", "bitmod"}) {
      const std::string tag = std::string(encoding) + "_" + dataflow;
      INFO(tag);
      const bool ws = std::string(dataflow) == "ws", plane = std::string(encoding) == "bitplane";
      const config::AccelConfig cfg =
          loadCfg(std::string("{rows: 2, cols: 2, dataflow: ") + dataflow + "}",
                  std::string("{encoding: ") + encoding + "}");
      const blocks::BlockContext ctx(cfg);
      const fs::path dir = bstest::freshDir("bitserial_pe_" + tag);
      const std::string files =
          bstest::writeModules(dir, {blocks::bitserialPeFamily().buildPe(ctx)}, cfg.name);
      CHECK(bstest::lint(dir, files, "qsr_pe_bitserial").empty());

      const int aBits = cfg.pe.a_bits, shiftBits = blocks::bitserialShiftBits(cfg);
      const int termBits = blocks::bitserialTermBits(cfg);
      auto nextWeight = [&]() {
        if (plane)
          return randomBitplane(rng, 1 + int(rng() % 8), false);
        const bs::Mode mode = bstest::goldenMode(cfg.pe.bitserial.modes[rng() % 5]);
        return randomBitmod(rng, mode, int(rng() % 4));
      };
      std::ostringstream tb;
      int64_t expectedAcc = 0;
      std::vector<int64_t> expectedPsum; // ws: psum_o after each stimulus line (or unknown)
      constexpr int64_t kUnknown = INT64_MIN;
      if (ws) {
        // Lines "a term load psum". Line t presents a_t and psum_t; the stationary term s_t is
        // the one loaded on the latest line before t (load takes effect at the line's end);
        // psum_o sampled after line t shows psum_t + a_{t-1} * s_{t-1} (term register, psum
        // register). Lines 0 and 1 show X (no term before line 0 loads one).
        std::ofstream s2(dir / "stim.txt");
        int64_t stat = 0, prevA = 0, prevStat = 0;
        bool ready = false;
        for (int t = 0; t < 400; ++t) {
          const bool load = t == 0 || rng() % 5 == 0;
          const Weight weight = nextWeight();
          const bs::Term term = weight.terms[rng() % weight.terms.size()];
          const int64_t a = randomActivation(rng, aBits);
          const int64_t psum = int64_t(rng() % (1u << 28)) - (1 << 27);
          s2 << (a & ((1 << aBits) - 1)) << " " << termWord(term, shiftBits) << " " << load << " "
             << psum << "\n";
          expectedPsum.push_back(ready ? psum + prevA * prevStat : kUnknown);
          prevA = a;
          prevStat = stat;
          ready = t >= 1;
          if (load)
            stat = int64_t(term.sign) << term.shift;
        }
        s2.close();
        tb << "module tb;\n"
           << "  logic clk = 0, wl = 0;\n"
           << "  logic [" << aBits - 1 << ":0] a = '0;\n"
           << "  logic [" << termBits - 1 << ":0] w = '0;\n"
           << "  logic [31:0] psum_in = '0;\n"
           << "  wire [" << aBits - 1 << ":0] a_o;\n"
           << "  wire [31:0] psum_o;\n"
           << "  integer fd, n, va, vw, vl, vp;\n"
           << "  qsr_pe_bitserial u_pe (.clk_i(clk), .a_i(a), .a_o(a_o), .w_i(w), "
              ".w_load_i(wl), .psum_i(psum_in), .psum_o(psum_o));\n"
           << "  always #5 clk = ~clk;\n"
           << "  initial begin\n"
           << "    fd = $fopen(\"stim.txt\", \"r\");\n"
           << "    n = $fscanf(fd, \"%d %d %d %d\\n\", va, vw, vl, vp);\n"
           << "    while (n == 4) begin\n"
           << "      a = va[$bits(a)-1:0]; w = vw[$bits(w)-1:0]; wl = vl[0]; psum_in = vp;\n"
           << "      @(negedge clk);\n"
           << "      $display(\"P %0d\", $signed(psum_o));\n"
           << "      n = $fscanf(fd, \"%d %d %d %d\\n\", va, vw, vl, vp);\n"
           << "    end\n"
           << "    $finish;\n"
           << "  end\n"
           << "endmodule\n";
      } else {
        // Lines "a valid term": each weight takes T lines with the same a; random gaps with
        // valid = 0 and garbage terms must not count.
        std::ofstream s2(dir / "stim.txt");
        for (int w = 0; w < 150; ++w) {
          const Weight weight = nextWeight();
          const int64_t a = randomActivation(rng, aBits);
          expectedAcc += a * weight.value;
          for (const bs::Term &t : weight.terms) {
            if (rng() % 4 == 0)
              s2 << (rng() & ((1 << aBits) - 1)) << " 0 " << (rng() & ((1 << termBits) - 1))
                 << "\n";
            s2 << (a & ((1 << aBits) - 1)) << " 1 " << termWord(t, shiftBits) << "\n";
          }
        }
        s2.close();
        tb << "module tb;\n"
           << "  logic clk = 0, rst_n = 0, av = 0, drain = 0;\n"
           << "  logic [" << aBits - 1 << ":0] a = '0;\n"
           << "  logic [" << termBits - 1 << ":0] w = '0;\n"
           << "  logic [31:0] acc_in = '0;\n"
           << "  wire [" << aBits - 1 << ":0] a_o;\n"
           << "  wire av_o;\n"
           << "  wire [" << termBits - 1 << ":0] w_o;\n"
           << "  wire [31:0] acc_o;\n"
           << "  integer fd, n, va, vv, vw;\n"
           << "  qsr_pe_bitserial u_pe (.clk_i(clk), .rst_ni(rst_n), .a_i(a), .a_valid_i(av),"
              " .a_o(a_o), .a_valid_o(av_o), .w_i(w), .w_o(w_o), .drain_i(drain),"
              " .acc_i(acc_in), .acc_o(acc_o));\n"
           << "  always #5 clk = ~clk;\n"
           << "  initial begin\n"
           << "    @(negedge clk); @(negedge clk); rst_n = 1;\n"
           << "    fd = $fopen(\"stim.txt\", \"r\");\n"
           << "    n = $fscanf(fd, \"%d %d %d\\n\", va, vv, vw);\n"
           << "    while (n == 3) begin\n"
           << "      a = va[$bits(a)-1:0]; av = vv[0]; w = vw[$bits(w)-1:0];\n"
           << "      @(negedge clk);\n"
           << "      n = $fscanf(fd, \"%d %d %d\\n\", va, vv, vw);\n"
           << "    end\n"
           << "    av = 0;\n"
           << "    @(negedge clk); @(negedge clk); @(negedge clk);\n"
           << "    $display(\"ACC %0d\", $signed(acc_o));\n"
           << "    drain = 1; acc_in = 32'h12345678;\n"
           << "    @(negedge clk);\n"
           << "    $display(\"DRAIN %0d\", acc_o);\n"
           << "    $finish;\n"
           << "  end\n"
           << "endmodule\n";
      }
      std::ofstream(dir / "tb.sv") << tb.str();
      std::string ilog;
      REQUIRE(bstest::simulate(dir, files, ilog));
      CHECK(ilog.empty());
      std::istringstream log(bstest::readAll(dir / "sim.log"));
      std::string word;
      if (ws) {
        size_t t = 0, checked = 0;
        while (log >> word) {
          if (word != "P")
            continue;
          std::string got;
          REQUIRE(bool(log >> got));
          REQUIRE(t < expectedPsum.size());
          if (expectedPsum[t] != kUnknown) {
            INFO("line " << t);
            CHECK(got == std::to_string(expectedPsum[t]));
            ++checked;
          }
          ++t;
        }
        CHECK(checked == expectedPsum.size() - 2);
      } else {
        int64_t acc = -1, drained = -1;
        while (log >> word) {
          if (word == "ACC")
            REQUIRE(bool(log >> acc));
          if (word == "DRAIN")
            REQUIRE(bool(log >> drained));
        }
        CHECK(acc == expectedAcc);
        CHECK(drained == 0x12345678);
      }
    }
  }
}
