// The row-stream testbench shared by the row units (see rowunit_tb.h): rows go in as
// lanes-wide words with last/count framing (noise in unused lanes), every output word is
// compared with the expected one, and with bp=0 every row's first and last output cycle and the
// next row's start are compared with the unit's arch/post_timing.h functions.
#include "rowunit_tb.h"

#include "hex_bits.h"
#include "quasar/arch/post_timing.h"
#include "quasar/config/error.h"
#include "quasar/rtlgen/ir.h"

#include <algorithm>
#include <fstream>

namespace quasar::tb {

namespace {
// t = d + (d >> 1) - (d >> 4) of the spec, to place elements exactly at the clamp n * x0.
int64_t logStep(int64_t d) { return d + (d >> 1) - (d >> 4); }
} // namespace

std::vector<int64_t> makeShiftRow(RowUnitRun &run, const std::string &kind, int64_t len,
                                  int64_t x0, int n) {
  const int64_t xMin = -(int64_t(1) << 31), xMax = (int64_t(1) << 31) - 1;
  std::vector<int64_t> x(static_cast<size_t>(len));
  const int64_t base = run.uni(xMin / 2, xMax / 2);
  for (int64_t &v : x) {
    if (kind == "equal") v = base;
    else if (kind == "negative") v = run.uni(xMin, -1);
    else if (kind == "extreme") v = run.uni(0, 2) == 0 ? xMin : run.uni(0, 1) ? xMax : run.uni(xMin, xMax);
    else if (kind == "wide") v = run.uni(xMin, xMax);
    else if (kind == "zero") v = run.uni(x0 * (n + 8), -x0 * 8); // both signs around 0
    else v = base - run.uni(0, -x0 * (n - 3)); // "near" (and "clamp" below): q over 0..n
  }
  if (kind == "clamp") {
    // Elements whose t lands exactly on n * x0 and just beside it, below a max >= 0.
    const int64_t top = run.uni(0, xMax / 2);
    const int64_t lim = n * x0;
    int64_t d = lim * 16 / 23;
    while (logStep(d) > lim) --d;
    while (logStep(d + 1) <= lim) ++d; // largest d with t <= lim
    for (size_t i = 0; i < x.size(); ++i) x[i] = top + std::min<int64_t>(0, d + int64_t(i % 5) - 2);
    x[0] = top; // the max
  }
  return x;
}

void writeRowStreamTb(RowUnitRun &run, const RowStreamSpec &spec, const std::vector<RowCase> &rows) {
  const int L = spec.lanes;
  const int countBits = ir::build::bitsFor(L);
  const int64_t xMin = -(int64_t(1) << 31), xMax = (int64_t(1) << 31) - 1;
  std::ofstream in(run.dir + "/in.hex"), exp(run.dir + "/exp.hex"), rowf(run.dir + "/rows.hex");
  size_t words = 0;
  for (const RowCase &r : rows) {
    if (r.x.size() != r.y.size() || r.x.empty()) throw InputError("row and expected row differ");
    const int64_t w = (int64_t(r.x.size()) + L - 1) / L;
    for (int64_t i = 0; i < w; ++i, ++words) {
      HexBits xh, yh;
      int count = 0;
      for (int l = 0; l < L; ++l) {
        const size_t e = size_t(i * L + l);
        if (e < r.x.size()) {
          ++count;
          if (spec.outBits < 64 && (r.y[e] < spec.outMin || r.y[e] > spec.outMax))
            throw InputError("expected output " + std::to_string(r.y[e]) + " outside the port");
          xh.push(r.x[e], arch::kRowElemBits);
          yh.push(r.y[e], spec.outBits);
        } else {
          xh.push(run.uni(xMin, xMax), arch::kRowElemBits); // noise the unit must ignore
          yh.push(0, spec.outBits);
        }
      }
      const bool last = i == w - 1;
      const int c = count % (1 << countBits);
      // Every field is read back with %h (tb.sv and sim.rowunit's replay): counts in hex too.
      in << (last ? 1 : 0) << " " << std::hex << c << std::dec << " " << xh.hex() << "\n";
      exp << (last ? 1 : 0) << " " << std::hex << (last ? c : 0) << std::dec << " " << yh.hex()
          << "\n";
    }
    HexBits ph;
    ph.push(r.param, spec.paramBits);
    rowf << ph.hex() << " " << std::hex << r.firstOut << " " << r.lastOut << " " << r.period
         << std::dec << "\n";
  }

  const bool bp = run.args.at("bp") == "1";
  // The stall pattern, one line per cycle: input offered (3 in 4 with bp=1), output ready (1 in
  // 2); a file, so the SystemC model's testbench (sim.rowunit.*) replays the same cycles.
  const int64_t timeout = 8 * int64_t(words) + int64_t(spec.rowSlack) * int64_t(rows.size()) + 1000;
  const int64_t patternCycles = timeout + 2;
  {
    std::ofstream st(run.dir + "/stall.txt");
    for (int64_t c = 0; c < patternCycles; ++c)
      st << (!bp || run.uni(0, 3) != 0 ? 1 : 0) << (!bp || run.uni(0, 1) != 0 ? 1 : 0) << "\n";
  }
  std::ofstream tb(run.dir + "/tb.sv");
  tb << "`timescale 1ns/1ps\nmodule tb;\n"
     << "  localparam int N = " << words << ", R = " << rows.size() << ";\n"
     << "  localparam int L = " << L << ", CB = " << countBits << ", OB = " << spec.outBits << ";\n"
     << "  logic clk = 1'b0, rst_n = 1'b0, go = 1'b0;\n"
     << "  logic [L*32-1:0] x_m [0:N-1];\n"
     << "  logic [L*OB-1:0] y_m [0:N-1];\n"
     << "  logic [CB-1:0] cnt_m [0:N-1], ecnt_m [0:N-1];\n"
     << "  logic last_m [0:N-1], elast_m [0:N-1];\n"
     << "  logic [" << spec.paramBits - 1 << ":0] param_m [0:R-1];\n"
     << "  integer first_m [0:R-1], lastout_m [0:R-1], period_m [0:R-1];\n"
     << "  logic [1:0] stall_m [0:" << patternCycles - 1 << "]; // {offer, ready} per cycle\n"
     << "  logic valid_i, ready_o, valid_o, ready_i, last_o;\n"
     << "  logic [CB-1:0] count_o;\n"
     << "  logic [L*OB-1:0] y_o;\n"
     << "  integer sent, got, rows_done, errors, cycles, nxt, fd, lf, r, t_row_in, t_prev_in, row_in, row_first_out;\n"
     << spec.decls
     << "  always #5 clk = ~clk;\n"
     << "  " << spec.module << " dut (.clk_i(clk), .rst_ni(rst_n),\n" << spec.conns
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
     << "    for (int i = 0; i < R; i++) r = $fscanf(fd, \"%h %h %h %h\\n\", param_m[i], first_m[i], lastout_m[i], period_m[i]);\n"
     << "    $fclose(fd);\n"
     << "    $readmemb(\"stall.txt\", stall_m);\n"
     << "    lf = $fopen(\"rtl.log\", \"w\"); // every input word taken and output word, with its cycle\n"
     << "    sent = 0; got = 0; rows_done = 0; errors = 0; cycles = 0;\n"
     << "    t_row_in = 0; t_prev_in = -1; row_in = 0; row_first_out = 1;\n"
     << "    valid_i = 1'b0; ready_i = 1'b0;\n"
     << "    repeat (3) @(posedge clk);\n"
     << "    rst_n <= 1'b1;\n"
     << spec.load
     << "    go <= 1'b1;\n"
     << "  end\n"
     << "  always @(posedge clk) if (go) begin\n"
     << "    cycles <= cycles + 1;\n"
     << "    nxt = sent + (valid_i && ready_o);\n"
     << "    if (valid_i && ready_o) $fdisplay(lf, \"in %0d %0d\", cycles, sent);\n"
     << "    if (valid_i && ready_o && (sent == 0 || last_m[sent - 1])) begin\n"
     << "      // First word of row row_in: the previous row's period (input never idle with bp=0).\n"
     << (bp ? "" :
         "      if (t_prev_in >= 0 && cycles - t_prev_in != period_m[row_in - 1]) begin\n"
         "        errors = errors + 1; $display(\"CYCLES row %0d started %0d cycles after row %0d, expected %0d\", row_in, cycles - t_prev_in, row_in - 1, period_m[row_in - 1]); end\n")
     << "      t_prev_in = cycles; t_row_in <= cycles; row_in <= row_in + 1;\n"
     << "    end\n"
     << "    sent <= nxt;\n"
     << "    if (!valid_i || ready_o) valid_i <= nxt < N && stall_m[cycles][1];\n"
     << "    ready_i <= stall_m[cycles][0];\n"
     << "    if (valid_o && ready_i) begin\n"
     << "      $fdisplay(lf, \"out %0d %0d %0d %0d %h\", cycles, got, last_o, last_o ? count_o : 0, y_o);\n"
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
     << "    if (got == N || cycles > " << timeout << ") begin\n"
     << "      $fclose(lf);\n"
     << "      if (got != N) begin $display(\"FAIL: %0d of %0d words\", got, N); errors = errors + 1; end\n"
     << "      if (errors == 0) $display(\"PASS: %0d rows, %0d words x %0d lanes in %0d cycles%s\", R, N, L, cycles, "
     << (bp ? "\" (seeded gaps and back-pressure)\"" : "\" (every row's cycles as " + spec.timingName + ")\"") << ");\n"
     << "      else $display(\"FAIL: %0d errors\", errors);\n"
     << "      $finish;\n"
     << "    end\n"
     << "  end\n"
     << "endmodule\n";
}

} // namespace quasar::tb
