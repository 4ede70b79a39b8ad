// qsr_array of bit-serial PEs with one qsr_bitserial_termgen per column (and, ws bitmod, one
// qsr_bitserial_dequant per column) under Icarus: whole GEMMs run as docs/bitserial-array.md
// schedules them, and the results must equal models::gemmBitplane / gemmBitmod on the same
// codes, group scales and special indices.
//
// ws: per k-tile, T passes; pass j = LoadW (rows lines, term j of the code words), Feed (M
// activation words), Tail (wsResultLatency + 1 idle lines); the column sums of each activation
// word (scaled by the dequantization unit for bitmod) are added up here, as the compute unit's
// accumulator will. os (bitplane): each k held P lines with term j = 0..P-1, then drain.
// K is neither a multiple of rows nor of the group, so short k-tiles and a padded last group
// occur; every channel has several groups with their own scale and special index.
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

#include <map>
#include <random>

using namespace quasar;
namespace bs = quasar::models::bitserial;
namespace fs = std::filesystem;

namespace {

struct Case {
  std::string tag;
  std::string dataflow;
  int rows, cols;
  std::string bitserial; // the pe.bitserial map
  int sel;               // bitplane: precision P; bitmod: w_mode (config enum order)
  int64_t m, k;          // GEMM M (os: rows) and K
};

// One stimulus line: every input of the testbench for one cycle.
struct Line {
  std::vector<int64_t> a;        // rows lanes (a_bits)
  std::vector<int64_t> codes;    // cols lanes (code bits)
  std::vector<int64_t> scales;   // cols lanes (8 bits)
  std::vector<int64_t> specials; // cols lanes (2 bits)
  int term = 0;
  int64_t ctl = 0;       // ws: w_load bits; os: a_valid
  int64_t feedWord = -1; // ws: the activation word this line feeds (-1: none)
};

std::string testbench(const config::AccelConfig &cfg, bool ws, bool plane, int sel) {
  const int rows = cfg.array.rows, cols = cfg.array.cols, acc = cfg.pe.acc_bits;
  const int codeBits = blocks::bitserialCodeBits(cfg), termBits = blocks::bitserialTermBits(cfg);
  std::ostringstream tb;
  tb << "module tb;\n"
     << "  logic clk = 0, rst_n = 0;\n"
     << "  logic [" << rows * cfg.pe.a_bits - 1 << ":0] a = '0;\n"
     << "  logic [" << cols * codeBits - 1 << ":0] codes = '0;\n"
     << "  logic [" << cols * 8 - 1 << ":0] scales = '0;\n"
     << "  logic [" << cols * 2 - 1 << ":0] specials = '0;\n"
     << "  logic [" << blocks::bitserialTermIndexBits(cfg) - 1 << ":0] term = '0;\n"
     << "  logic [" << (ws ? rows : 1) - 1 << ":0] ctl = '0;\n"
     << "  wire [" << cols * termBits - 1 << ":0] terms;\n"
     << "  wire [" << cols * acc - 1 << ":0] res;\n"
     << "  wire [" << cols * acc - 1 << ":0] scaled;\n"
     << "  logic drain = 0;\n"
     << "  logic [1023:0] va, vc, vs, vx; integer vt, vl, n, fd, cyc = 0;\n"
     << "  for (genvar c = 0; c < " << cols << "; c++) begin : g_col\n"
     << "    qsr_bitserial_termgen u_gen (.code_i(codes[c*" << codeBits << " +: " << codeBits
     << "]), .term_i(term), "
     << (plane ? ".prec_i(" + std::to_string(blocks::bitserialPrecBits(cfg)) + "'d" +
                     std::to_string(sel) + "), "
               : ".mode_i(3'd" + std::to_string(sel) + "), .special_i(specials[c*2 +: 2]), ")
     << (blocks::bitserialPadNeedsValid(cfg) ? ".valid_i(1'b1), " : "")
     << ".term_o(terms[c*" << termBits << " +: " << termBits << "]));\n";
  if (!plane) {
    tb << "    qsr_bitserial_dequant u_deq (.sum_i(res[c*" << acc << " +: " << acc
       << "]), .scale_i(scales[c*8 +: 8]), .scaled_o(scaled[c*" << acc << " +: " << acc << "]));\n";
  } else {
    tb << "    assign scaled[c*" << acc << " +: " << acc << "] = res[c*" << acc << " +: " << acc
       << "];\n";
  }
  tb << "  end\n"
     << "  qsr_array u_array (.clk_i(clk), " << (ws ? "" : ".rst_ni(rst_n), ")
     << ".a_i(a), .w_i(terms), "
     << (ws ? ".w_load_i(ctl), .sum_o(res));\n"
            : ".a_valid_i(ctl[0]), .drain_i(drain), .acc_o(res));\n")
     << "  always #5 clk = ~clk;\n"
     << "  initial begin\n"
     << "    @(negedge clk); @(negedge clk); rst_n = 1;\n"
     << "    fd = $fopen(\"stim.txt\", \"r\");\n"
     << "    n = $fscanf(fd, \"%h %h %h %h %d %d\\n\", va, vc, vs, vx, vt, vl);\n"
     << "    while (n == 6) begin\n"
     << "      a = va[$bits(a)-1:0]; codes = vc[$bits(codes)-1:0]; scales = "
        "vs[$bits(scales)-1:0];\n"
     << "      specials = vx[$bits(specials)-1:0]; term = vt[$bits(term)-1:0];\n"
     << "      ctl = vl[$bits(ctl)-1:0];\n"
     << "      @(negedge clk); cyc = cyc + 1;\n"
     << (ws ? "      $display(\"S %0d %h\", cyc, scaled);\n" : "")
     << "      n = $fscanf(fd, \"%h %h %h %h %d %d\\n\", va, vc, vs, vx, vt, vl);\n"
     << "    end\n"
     << "    ctl = '0;\n";
  if (!ws) {
    tb << "    repeat (" << rows + cols + 4 << ") @(negedge clk);\n"
       << "    $display(\"R %h\", res);\n"
       << "    repeat (" << rows - 1 << ") begin drain = 1; @(negedge clk); "
       << "$display(\"R %h\", res); end\n";
  }
  tb << "    $finish;\n  end\nendmodule\n";
  return tb.str();
}

std::string hexWord(const std::vector<int64_t> &lanes, int width) {
  bstest::Word w(int(lanes.size()), width);
  for (size_t i = 0; i < lanes.size(); ++i)
    w.put(int(i), lanes[i]);
  return w.hex();
}

} // namespace

TEST_CASE("bitserial array RTL: term generators, PEs and dequantization equal gemmBitplane / "
          "gemmBitmod",
          "[.][bitserial_rtl]") {
  if (!bstest::haveTool("iverilog") || !bstest::haveTool("verilator")) {
    WARN("iverilog or verilator not installed: skipped");
    return;
  }
  const std::vector<Case> cases = {
      {"ws_plane_p5", "ws", 4, 3, "{w_bits_max: 8}", 5, 5, 10},
      {"ws_plane_p8", "ws", 4, 3, "{w_bits_max: 8}", 8, 3, 9},
      {"ws_plane_p1", "ws", 3, 2, "{w_bits_max: 8}", 1, 4, 7},
      {"ws_plane_pm1", "ws", 3, 2, "{w_bits_max: 4, binary: pm1}", 1, 4, 7},
      {"ws_fp4", "ws", 4, 3, "{encoding: bitmod, group: 8}", 0, 3, 20},
      {"ws_fp3", "ws", 4, 3, "{encoding: bitmod, group: 8}", 1, 3, 20},
      {"ws_int8", "ws", 4, 3, "{encoding: bitmod, group: 8}", 2, 3, 20},
      {"ws_int6", "ws", 4, 3, "{encoding: bitmod, group: 8}", 3, 3, 20},
      {"ws_int4", "ws", 4, 3, "{encoding: bitmod, group: 8}", 4, 3, 20},
      {"os_plane_p3", "os", 3, 4, "{w_bits_max: 8}", 3, 3, 7},
      {"os_plane_p8", "os", 3, 4, "{w_bits_max: 8}", 8, 3, 5},
      {"os_plane_pm1", "os", 2, 3, "{w_bits_max: 2, binary: pm1}", 1, 2, 6}};
  std::mt19937 rng(31);
  for (const Case &tc : cases) {
    INFO(tc.tag);
    const bool ws = tc.dataflow == "ws";
    const config::AccelConfig cfg = config::loadAccelText(
        "name: t\narray: {rows: " + std::to_string(tc.rows) + ", cols: " + std::to_string(tc.cols) +
            ", dataflow: " + tc.dataflow + "}\npe: {type: bitserial, acc_bits: 32, bitserial: " +
            tc.bitserial + "}\nlimits: {k_max: 256}\n",
        "t.yaml");
    const bool plane = blocks::isBitplane(cfg);
    const bool pm1 = cfg.pe.bitserial.binary == config::BitBinary::PlusMinusOne;
    const blocks::BlockContext ctx(cfg);
    const blocks::PeFamily &family = blocks::bitserialPeFamily();
    ir::Design d;
    d.info.configName = cfg.name;
    d.info.configHash = "test";
    d.modules.push_back(blocks::buildDelay(ctx));
    d.modules.push_back(blocks::buildValidDelay(ctx));
    d.modules.push_back(family.buildPe(ctx));
    d.modules.push_back(blocks::buildArray(ctx, family));
    d.modules.push_back(blocks::buildBitserialTermgen(ctx));
    if (!plane)
      d.modules.push_back(blocks::buildBitserialDequant(ctx));
    d.top = "qsr_array";
    passes::legalizeNames(d);
    passes::lowerPortWidths(d);
    passes::pruneUnusedParams(d);
    passes::verifyDesign(d);
    const fs::path dir = bstest::freshDir("bitserial_array_" + tc.tag);
    const std::string files = bstest::writeModules(dir, d.modules, cfg.name);
    CHECK(bstest::lint(dir, " qsr_delay.sv qsr_valid_delay.sv qsr_pe_bitserial.sv qsr_array.sv",
                       "qsr_array")
              .empty());
    CHECK(bstest::lint(dir, " qsr_bitserial_termgen.sv", "qsr_bitserial_termgen").empty());
    if (!plane)
      CHECK(bstest::lint(dir, " qsr_bitserial_dequant.sv", "qsr_bitserial_dequant").empty());

    // Operands: A [M x K] signed a_bits; weights [N x K] as codes (+ bitmod groups).
    const int rows = tc.rows, cols = tc.cols, aBits = cfg.pe.a_bits;
    const int64_t M = tc.m, N = cols, K = tc.k;
    models::IntMatrix a(M, K);
    for (int64_t i = 0; i < M; ++i)
      for (int64_t k = 0; k < K; ++k)
        a(i, k) = int64_t(rng() % (1u << aBits)) - (int64_t(1) << (aBits - 1));
    models::IntMatrix codes, want;
    bs::BitmodWeights bw;
    int terms = 0;
    if (plane) {
      const int p = tc.sel;
      codes.resize(N, K);
      models::IntMatrix w(N, K);
      for (int64_t n = 0; n < N; ++n)
        for (int64_t k = 0; k < K; ++k) {
          codes(n, k) = int64_t(rng() & ((1u << p) - 1));
          w(n, k) = bstest::bitplaneWeight(uint64_t(codes(n, k)), p, pm1);
        }
      want = models::gemmBitplane(a, aBits, w, p, pm1, 32);
      terms = p;
    } else {
      const bs::Mode mode = bstest::goldenMode(config::BitmodMode(tc.sel));
      const int g = cfg.pe.bitserial.group;
      const int64_t groups = (K + g - 1) / g;
      bw.mode = mode;
      bw.group = g;
      bw.cols = K;
      bw.codes = models::IntMatrix::Zero(N, groups * g);
      bw.scales.resize(N, groups);
      bw.specialIndex.resize(N, groups);
      for (int64_t n = 0; n < N; ++n) {
        for (int64_t gi = 0; gi < groups; ++gi) {
          bw.scales(n, gi) = 1 + int64_t(rng() % 255);
          bw.specialIndex(n, gi) = int64_t(rng() % 4);
        }
        for (int64_t k = 0; k < K; ++k)
          bw.codes(n, k) = int64_t(rng() & ((1u << bs::codeBits(mode)) - 1));
      }
      want = models::gemmBitmod(a, aBits, bw, 32);
      codes = bw.codes.leftCols(K);
      terms = bs::termsPerWeight(mode);
    }

    // The schedule as stimulus lines.
    std::vector<Line> lines;
    auto blank = [&]() {
      Line l;
      l.a.assign(size_t(rows), 0);
      l.codes.assign(size_t(cols), 0);
      l.scales.assign(size_t(cols), 0);
      l.specials.assign(size_t(cols), 0);
      return l;
    };
    if (ws) {
      for (int64_t k0 = 0; k0 < K; k0 += rows) {
        Line base = blank();
        if (!plane) {
          const int64_t group = k0 / cfg.pe.bitserial.group; // rows divides the group
          for (int c = 0; c < cols; ++c) {
            base.scales[size_t(c)] = bw.scales(c, group);
            base.specials[size_t(c)] = bw.specialIndex(c, group);
          }
        }
        for (int j = 0; j < terms; ++j) {
          for (int r = 0; r < rows; ++r) { // LoadW
            Line l = base;
            l.term = j;
            l.ctl = int64_t(1) << r;
            for (int c = 0; c < cols; ++c)
              l.codes[size_t(c)] = k0 + r < K ? codes(c, k0 + r) : 0;
            lines.push_back(l);
          }
          for (int64_t i = 0; i < M; ++i) { // Feed
            Line l = base;
            l.term = j;
            l.feedWord = i;
            for (int r = 0; r < rows; ++r)
              l.a[size_t(r)] = k0 + r < K ? a(i, k0 + r) : 0;
            lines.push_back(l);
          }
          for (int t = 0; t < arch::wsResultLatency(cfg) + 1; ++t) { // Tail
            Line l = base;
            l.term = j;
            lines.push_back(l);
          }
        }
      }
    } else {
      for (int64_t k = 0; k < K; ++k)
        for (int j = 0; j < terms; ++j) {
          Line l = blank();
          l.term = j;
          l.ctl = 1;
          for (int r = 0; r < rows; ++r)
            l.a[size_t(r)] = a(r, k);
          for (int c = 0; c < cols; ++c)
            l.codes[size_t(c)] = codes(c, k);
          lines.push_back(l);
        }
    }
    std::ofstream stim(dir / "stim.txt");
    for (const Line &l : lines)
      stim << hexWord(l.a, aBits) << " " << hexWord(l.codes, blocks::bitserialCodeBits(cfg)) << " "
           << hexWord(l.scales, 8) << " " << hexWord(l.specials, 2) << " " << l.term << " " << l.ctl
           << "\n";
    stim.close();
    std::ofstream(dir / "tb.sv") << testbench(cfg, ws, plane, tc.sel);
    std::string ilog;
    REQUIRE(bstest::simulate(dir, files, ilog));
    CHECK(ilog.empty());

    std::istringstream log(bstest::readAll(dir / "sim.log"));
    std::string word;
    models::IntMatrix got = models::IntMatrix::Zero(M, N);
    if (ws) {
      // The sums of the word fed on line L (0-based) show at cyc = L + wsResultLatency - 1.
      std::map<int64_t, std::string> shown;
      while (log >> word) {
        if (word != "S")
          continue;
        int64_t cyc = 0;
        std::string hex;
        log >> cyc >> hex;
        shown[cyc] = hex;
      }
      const int64_t lat = arch::wsResultLatency(cfg) - 1;
      int64_t added = 0;
      for (size_t line = 0; line < lines.size(); ++line) {
        if (lines[line].feedWord < 0)
          continue;
        const auto it = shown.find(int64_t(line) + lat);
        REQUIRE(it != shown.end());
        INFO("line " << line << " " << it->second);
        REQUIRE(it->second.find_first_of("xz") == std::string::npos);
        const auto lanes = bstest::lanesOf(it->second, cols, 32);
        for (int c = 0; c < cols; ++c)
          got(lines[line].feedWord, c) += lanes[size_t(c)];
        ++added;
      }
      CHECK(added == M * ((K + rows - 1) / rows) * terms);
    } else {
      int j = 0;
      while (log >> word) {
        if (word != "R")
          continue;
        std::string hex;
        log >> hex;
        INFO("drain word " << j << " " << hex);
        REQUIRE(hex.find_first_of("xz") == std::string::npos);
        const auto lanes = bstest::lanesOf(hex, cols, 32);
        for (int c = 0; c < cols; ++c)
          got(rows - 1 - j, c) = lanes[size_t(c)]; // bottom first
        ++j;
      }
      CHECK(j == rows);
    }
    for (int64_t i = 0; i < M; ++i)
      for (int64_t n = 0; n < N; ++n) {
        INFO("C(" << i << ", " << n << ")");
        CHECK(got(i, n) == want(i, n));
      }
  }
}
