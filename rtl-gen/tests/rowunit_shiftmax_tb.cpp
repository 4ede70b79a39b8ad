// Co-simulation of qsr_shiftmax against models::nonlinear::shiftmax: rows of several lengths
// and kinds (random, all equal, all negative, 32-bit extremes, elements at the n * x0 clamp,
// single elements, rows of row_max, saturating S), x0 from -1 to -(2^16 - 1) changing per row,
// lanes beyond a row's end filled with noise. With bp=1 the input has seeded gaps and the output
// seeded back-pressure; with bp=0 every row's first and last output cycle and the next row's
// start are checked against arch::shiftmaxFirstOut / LastOut / RowCycles.
#include "rowunit_tb.h"

#include "blocks/blocks.h"
#include "blocks/rowunits.h"
#include "hex_bits.h"
#include "quasar/arch/post_timing.h"
#include "quasar/config/error.h"
#include "quasar/models/nonlinear.h"

#include <algorithm>
#include <fstream>
#include <vector>

namespace quasar::tb {
namespace {

constexpr int64_t kX0Min = -((int64_t(1) << (arch::kShiftmaxX0Bits - 1)) - 1);
constexpr int64_t kXMin = -(int64_t(1) << 31), kXMax = (int64_t(1) << 31) - 1;

struct Row {
  int64_t x0;
  std::vector<int64_t> x;
};

// t = d + (d >> 1) - (d >> 4) of the spec, to place elements exactly at the clamp n * x0.
int64_t logStep(int64_t d) { return d + (d >> 1) - (d >> 4); }

Row makeRow(RowUnitRun &run, const std::string &kind, int64_t len, int64_t x0) {
  Row r{x0, std::vector<int64_t>(size_t(len))};
  const int64_t base = run.uni(kXMin / 2, kXMax / 2);
  for (int64_t &x : r.x) {
    if (kind == "equal") x = base;
    else if (kind == "negative") x = run.uni(kXMin, -1);
    else if (kind == "extreme") x = run.uni(0, 2) == 0 ? kXMin : run.uni(0, 1) ? kXMax : run.uni(kXMin, kXMax);
    else if (kind == "wide") x = run.uni(kXMin, kXMax);
    else x = base - run.uni(0, -x0 * 12); // "near": q spread over 0..n
  }
  if (kind == "clamp") {
    // Elements whose t lands exactly on n * x0 and just beside it.
    const int64_t lim = models::nonlinear::kShiftmaxN * x0;
    int64_t d = lim * 16 / 23;
    while (logStep(d) > lim) --d;
    while (logStep(d + 1) <= lim) ++d; // largest d with t <= lim
    for (size_t i = 0; i < r.x.size(); ++i) {
      const int64_t off = int64_t(i % 5) - 2;
      r.x[i] = base + std::min<int64_t>(0, d + off);
    }
    r.x[0] = base; // the max
  }
  return r;
}

} // namespace

void writeShiftmaxRun(RowUnitRun &run) {
  blocks::RowUnitShape s;
  s.lanes = int(run.num("lanes"));
  s.rowMax = run.num("rowmax");
  const int L = s.lanes;
  std::vector<Row> rows;
  const std::vector<int64_t> x0s = {-1, kX0Min, -7, -100, -3000, -(int64_t(1) << 15)};
  auto pickX0 = [&](size_t i) { return i < x0s.size() ? x0s[i] : run.uni(kX0Min, -1); };
  const std::vector<std::string> kinds = {"near", "equal", "negative", "extreme", "wide", "clamp"};
  // Corners first: every kind at a single element, a full row_max row, a row of one full word
  // plus one element, then random lengths and kinds.
  size_t n = 0;
  for (const std::string &k : kinds) {
    rows.push_back(makeRow(run, k, 1, pickX0(n++ % 7)));
    rows.push_back(makeRow(run, k, s.rowMax, pickX0(n++ % 7)));
    rows.push_back(makeRow(run, k, std::min<int64_t>(s.rowMax, L + 1), pickX0(n++ % 7)));
  }
  // S saturates: all equal with |x0| large (each e = |x0| * 2^15).
  rows.push_back(makeRow(run, "equal", std::min<int64_t>(s.rowMax, 3), kX0Min));
  const int64_t randomRows = run.num("rows");
  for (int64_t i = 0; i < randomRows; ++i)
    rows.push_back(makeRow(run, kinds[size_t(run.uni(0, int64_t(kinds.size()) - 1))],
                           run.uni(1, s.rowMax), pickX0(size_t(run.uni(0, 9)))));

  ir::Design d;
  config::AccelConfig cfg;
  cfg.name = "rowunit";
  const blocks::BlockContext ctx(cfg);
  d.modules.push_back(blocks::buildSdpRam(ctx));
  d.modules.push_back(blocks::buildSeqDiv(ctx));
  d.modules.push_back(blocks::buildShiftmax(ctx, s));
  run.writeDesign(d);

  const int countBits = ir::build::bitsFor(L);
  const int outBits = models::nonlinear::kShiftmaxOutBits;
  std::ofstream in(run.dir + "/in.hex"), exp(run.dir + "/exp.hex"), rowf(run.dir + "/rows.hex");
  size_t words = 0;
  for (const Row &r : rows) {
    const std::vector<int64_t> y = models::nonlinear::shiftmax(r.x, r.x0);
    const int64_t w = (int64_t(r.x.size()) + L - 1) / L;
    for (int64_t i = 0; i < w; ++i, ++words) {
      HexBits xh, yh;
      int count = 0;
      for (int l = 0; l < L; ++l) {
        const size_t e = size_t(i * L + l);
        if (e < r.x.size()) {
          ++count;
          if (y[e] < 0 || y[e] >= (int64_t(1) << outBits))
            throw InputError("golden Shiftmax output " + std::to_string(y[e]) + " outside 16 bits");
          xh.push(r.x[e], arch::kRowElemBits);
          yh.push(y[e], outBits);
        } else {
          xh.push(run.uni(kXMin, kXMax), arch::kRowElemBits); // noise the unit must ignore
          yh.push(0, outBits);
        }
      }
      const bool last = i == w - 1;
      in << (last ? 1 : 0) << " " << count % (1 << countBits) << " " << xh.hex() << "\n";
      exp << (last ? 1 : 0) << " " << (last ? count % (1 << countBits) : 0) << " " << yh.hex() << "\n";
    }
    HexBits x0h;
    x0h.push(r.x0, arch::kShiftmaxX0Bits);
    rowf << x0h.hex() << " " << std::hex << arch::shiftmaxFirstOut(w) << " "
         << arch::shiftmaxLastOut(w) << " " << arch::shiftmaxRowCycles(w) << std::dec << "\n";
  }

  const bool bp = run.args.at("bp") == "1";
  std::ofstream tb(run.dir + "/tb.sv");
  tb << "`timescale 1ns/1ps\nmodule tb;\n"
     << "  localparam int N = " << words << ", R = " << rows.size() << ";\n"
     << "  localparam int L = " << L << ", CB = " << countBits << ", OB = " << outBits << ";\n"
     << "  logic clk = 1'b0, rst_n = 1'b0;\n"
     << "  logic [L*32-1:0] x_m [0:N-1];\n"
     << "  logic [L*OB-1:0] y_m [0:N-1];\n"
     << "  logic [CB-1:0] cnt_m [0:N-1], ecnt_m [0:N-1];\n"
     << "  logic last_m [0:N-1], elast_m [0:N-1];\n"
     << "  logic [" << arch::kShiftmaxX0Bits - 1 << ":0] x0_m [0:R-1];\n"
     << "  integer first_m [0:R-1], lastout_m [0:R-1], period_m [0:R-1];\n"
     << "  logic valid_i, ready_o, valid_o, ready_i, last_o;\n"
     << "  logic [CB-1:0] count_o;\n"
     << "  logic [L*OB-1:0] y_o;\n"
     << "  integer sent, got, rows_done, errors, cycles, seed, nxt, fd, r, t_row_in, t_prev_in, row_in, row_first_out;\n"
     << "  always #5 clk = ~clk;\n"
     << "  qsr_shiftmax dut (.clk_i(clk), .rst_ni(rst_n), .x0_i(x0_m[rows_done < R ? rows_done : 0]),\n"
     << "    .valid_i(valid_i), .ready_o(ready_o), .last_i(last_m[sent < N ? sent : 0]),\n"
     << "    .count_i(cnt_m[sent < N ? sent : 0]), .x_i(x_m[sent < N ? sent : 0]),\n"
     << "    .valid_o(valid_o), .ready_i(ready_i), .last_o(last_o), .count_o(count_o), .y_o(y_o));\n"
     << "  initial begin\n"
     << "    fd = $fopen(\"in.hex\", \"r\");\n"
     << "    for (int i = 0; i < N; i++) r = $fscanf(fd, \"%h %h %h\\n\", last_m[i], cnt_m[i], x_m[i]);\n"
     << "    $fclose(fd);\n"
     << "    fd = $fopen(\"exp.hex\", \"r\");\n"
     << "    for (int i = 0; i < N; i++) r = $fscanf(fd, \"%h %h %h\\n\", elast_m[i], ecnt_m[i], y_m[i]);\n"
     << "    $fclose(fd);\n"
     << "    fd = $fopen(\"rows.hex\", \"r\");\n"
     << "    for (int i = 0; i < R; i++) r = $fscanf(fd, \"%h %h %h %h\\n\", x0_m[i], first_m[i], lastout_m[i], period_m[i]);\n"
     << "    $fclose(fd);\n"
     << "    sent = 0; got = 0; rows_done = 0; errors = 0; cycles = 0; seed = " << run.args.at("seed") << ";\n"
     << "    t_row_in = 0; t_prev_in = -1; row_in = 0; row_first_out = 1;\n"
     << "    valid_i = 1'b0; ready_i = 1'b0;\n"
     << "    repeat (3) @(posedge clk);\n"
     << "    rst_n <= 1'b1;\n"
     << "  end\n"
     << "  always @(posedge clk) if (rst_n) begin\n"
     << "    cycles <= cycles + 1;\n"
     << "    nxt = sent + (valid_i && ready_o);\n"
     << "    if (valid_i && ready_o && (sent == 0 || last_m[sent - 1])) begin\n"
     << "      // First word of row row_in: the previous row's period (input never idle with bp=0).\n"
     << (bp ? "" :
         "      if (t_prev_in >= 0 && cycles - t_prev_in != period_m[row_in - 1]) begin\n"
         "        errors = errors + 1; $display(\"CYCLES row %0d started %0d cycles after row %0d, expected %0d\", row_in, cycles - t_prev_in, row_in - 1, period_m[row_in - 1]); end\n")
     << "      t_prev_in = cycles; t_row_in <= cycles; row_in <= row_in + 1;\n"
     << "    end\n"
     << "    sent <= nxt;\n"
     << "    if (!valid_i || ready_o) valid_i <= nxt < N && " << (bp ? "($random(seed) & 3) != 0" : "1'b1") << ";\n"
     << "    ready_i <= " << (bp ? "($random(seed) & 1) != 0" : "1'b1") << ";\n"
     << "    if (valid_o && ready_i) begin\n"
     << "      if ($isunknown(y_o) || y_o !== y_m[got] || last_o !== elast_m[got] || (last_o && count_o !== ecnt_m[got])) begin\n"
     << "        errors = errors + 1;\n"
     << "        if (errors <= 10) $display(\"MISMATCH word %0d (row %0d): got %h last %b count %0d, expected %h last %b count %0d\",\n"
     << "          got, rows_done, y_o, last_o, count_o, y_m[got], elast_m[got], ecnt_m[got]);\n"
     << "      end\n"
     << (bp ? "" :
         "      if (row_first_out && cycles - t_row_in != first_m[rows_done]) begin\n"
         "        errors = errors + 1; $display(\"CYCLES row %0d: first output after %0d cycles, expected %0d\", rows_done, cycles - t_row_in, first_m[rows_done]); end\n"
         "      if (last_o && cycles - t_row_in != lastout_m[rows_done]) begin\n"
         "        errors = errors + 1; $display(\"CYCLES row %0d: last output after %0d cycles, expected %0d\", rows_done, cycles - t_row_in, lastout_m[rows_done]); end\n")
     << "      row_first_out <= last_o;\n"
     << "      if (last_o) rows_done <= rows_done + 1;\n"
     << "      got <= got + 1;\n"
     << "    end\n"
     << "    if (got == N || cycles > 8 * N + 60 * R + 1000) begin\n"
     << "      if (got != N) begin $display(\"FAIL: %0d of %0d words\", got, N); errors = errors + 1; end\n"
     << "      if (errors == 0) $display(\"PASS: %0d rows, %0d words x %0d lanes in %0d cycles%s\", R, N, L, cycles, "
     << (bp ? "\" (seeded gaps and back-pressure)\"" : "\" (every row's cycles as arch::shiftmax*)\"") << ");\n"
     << "      else $display(\"FAIL: %0d errors\", errors);\n"
     << "      $finish;\n"
     << "    end\n"
     << "  end\n"
     << "endmodule\n";
}

} // namespace quasar::tb
