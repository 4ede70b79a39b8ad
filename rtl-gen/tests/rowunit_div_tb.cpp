// Co-simulation of qsr_seq_div: quotient and remainder against C++ integer division, and the
// start-to-done cycle count against arch::seqDivCycles. Starts come after seeded gaps, and
// while the divider is busy the testbench drives start_i and the operands with noise (the
// divider must ignore them).
#include "rowunit_tb.h"

#include "blocks/rowunits.h"
#include "hex_bits.h"
#include "quasar/arch/post_timing.h"
#include "quasar/config/error.h"

#include <fstream>
#include <vector>

namespace quasar::tb {
namespace {

struct DivCase {
  uint64_t dividend, divisor;
};

uint64_t mask(int bits) { return bits >= 64 ? ~uint64_t(0) : (uint64_t(1) << bits) - 1; }

} // namespace

void writeSeqDivRun(RowUnitRun &run) {
  const int nb = int(run.num("dividend")), db = int(run.num("divisor"));
  if (nb < 2 || nb > 64 || db < 1 || db > 64)
    throw InputError("dividend=2..64 and divisor=1..64 bits");
  const bool exhaustive = run.args.at("mode") == "exhaustive";
  std::vector<DivCase> cases;
  if (exhaustive) {
    if (nb + db > 14) throw InputError("exhaustive needs dividend + divisor <= 14 bits");
    for (uint64_t b = 0; b <= mask(db); ++b)
      for (uint64_t a = 0; a <= mask(nb); ++a) cases.push_back({a, b});
  } else {
    const uint64_t amax = mask(nb), bmax = mask(db);
    // Corners: divisor 1, dividend < divisor, 0, the maxima, 2^31 - 1 by small and large S.
    for (uint64_t a : {uint64_t(0), uint64_t(1), amax, amax - 1, amax >> 1, (amax >> 1) + 1})
      for (uint64_t b : {uint64_t(1), uint64_t(2), bmax, bmax - 1, (bmax >> 1) + 1, uint64_t(3)})
        if (b != 0) cases.push_back({a, b});
    for (int i = 0; i < 40; ++i) {
      const uint64_t b = uint64_t(run.uni(1, int64_t(std::min<uint64_t>(bmax, INT64_MAX))));
      cases.push_back({b > amax ? amax & (b - 1) : b - 1, b}); // dividend < divisor
      cases.push_back({amax, b});
    }
    const int64_t n = run.num("pairs");
    for (int64_t i = 0; i < n; ++i) {
      // Random magnitudes: operands of random bit lengths, so quotients of every size occur.
      const int la = int(run.uni(1, nb)), lb = int(run.uni(1, db));
      const uint64_t a = uint64_t(run.rng()) & mask(la);
      uint64_t b = uint64_t(run.rng()) & mask(lb);
      if (b == 0) b = 1;
      cases.push_back({a, b});
    }
  }

  ir::Design d;
  config::AccelConfig cfg;
  cfg.name = "rowunit";
  const blocks::BlockContext ctx(cfg);
  d.modules.push_back(blocks::buildSeqDiv(ctx));
  run.writeDesign(d);

  std::ofstream vec(run.dir + "/div.hex");
  for (const DivCase &c : cases) {
    // Expected: C++ unsigned division; divisor 0 as documented in rowunits.h.
    const uint64_t q = c.divisor == 0 ? mask(nb) : c.dividend / c.divisor;
    const uint64_t r = c.divisor == 0 ? c.dividend & mask(db) : c.dividend % c.divisor;
    HexBits a, b, qh, rh;
    a.push(int64_t(c.dividend), nb);
    b.push(int64_t(c.divisor), db);
    qh.push(int64_t(q), nb);
    rh.push(int64_t(r), db);
    vec << a.hex() << " " << b.hex() << " " << qh.hex() << " " << rh.hex() << "\n";
  }

  const bool bp = run.args.at("bp") == "1";
  std::ofstream tb(run.dir + "/tb.sv");
  tb << "`timescale 1ns/1ps\nmodule tb;\n"
     << "  localparam int N = " << cases.size() << ";\n"
     << "  localparam int NB = " << nb << ", DB = " << db << ";\n"
     << "  localparam int Latency = " << arch::seqDivCycles(nb) << "; // arch::seqDivCycles\n"
     << "  logic clk = 1'b0, rst_n = 1'b0;\n"
     << "  logic [NB-1:0] a_m [0:N-1], q_m [0:N-1];\n"
     << "  logic [DB-1:0] b_m [0:N-1], r_m [0:N-1];\n"
     << "  logic start, busy, done, want;\n"
     << "  logic [NB-1:0] dividend, quotient, noise_a;\n"
     << "  logic [DB-1:0] divisor, remainder, noise_b;\n"
     << "  integer issued, checked, errors, cycles, t_start, seed, fd, r;\n"
     << "  always #5 clk = ~clk;\n"
     << "  qsr_seq_div #(.DividendBits(NB), .DivisorBits(DB)) dut (.clk_i(clk), .rst_ni(rst_n),\n"
     << "    .start_i(start), .busy_o(busy), .dividend_i(dividend), .divisor_i(divisor),\n"
     << "    .done_o(done), .quotient_o(quotient), .remainder_o(remainder));\n"
     << "  // Idle: the next operands when wanted; busy: noise on every input.\n"
     << "  assign start = busy ? noise_a[0] : (want && issued < N);\n"
     << "  assign dividend = busy ? noise_a : a_m[issued < N ? issued : 0];\n"
     << "  assign divisor = busy ? noise_b : b_m[issued < N ? issued : 0];\n"
     << "  initial begin\n"
     << "    fd = $fopen(\"div.hex\", \"r\");\n"
     << "    for (int i = 0; i < N; i++) r = $fscanf(fd, \"%h %h %h %h\\n\", a_m[i], b_m[i], q_m[i], r_m[i]);\n"
     << "    $fclose(fd);\n"
     << "    issued = 0; checked = 0; errors = 0; cycles = 0; t_start = 0; seed = " << run.args.at("seed") << ";\n"
     << "    want = 1'b0; noise_a = '0; noise_b = '0;\n"
     << "    repeat (3) @(posedge clk);\n"
     << "    rst_n <= 1'b1;\n"
     << "  end\n"
     << "  always @(posedge clk) if (rst_n) begin\n"
     << "    cycles <= cycles + 1;\n"
     << "    want <= " << (bp ? "($random(seed) & 3) != 0" : "1'b1") << ";\n"
     << "    noise_a <= {" << (nb + 31) / 32 << "{$random(seed)}};\n"
     << "    noise_b <= {" << (db + 31) / 32 << "{$random(seed)}};\n"
     << "    if (start && !busy) begin\n"
     << "      if (checked + (done ? 1 : 0) != issued) begin $display(\"FAIL: start taken before done\"); errors = errors + 1; end\n"
     << "      t_start <= cycles; issued <= issued + 1;\n"
     << "    end\n"
     << "    if (done) begin\n"
     << "      if (quotient !== q_m[checked] || remainder !== r_m[checked] || cycles - t_start != Latency) begin\n"
     << "        errors = errors + 1;\n"
     << "        if (errors <= 10) $display(\"MISMATCH %0d: %h / %h = %h rem %h after %0d cycles, expected %h rem %h after %0d\",\n"
     << "          checked, a_m[checked], b_m[checked], quotient, remainder, cycles - t_start, q_m[checked], r_m[checked], Latency);\n"
     << "      end\n"
     << "      checked <= checked + 1;\n"
     << "    end\n"
     << "    if (checked == N || cycles > (Latency + 8) * N + 100) begin\n"
     << "      if (checked != N) begin $display(\"FAIL: %0d of %0d divisions done\", checked, N); errors = errors + 1; end\n"
     << "      if (errors == 0) $display(\"PASS: %0d divisions (%0d / %0d bits), %0d cycles each, in %0d cycles\", N, NB, DB, Latency, cycles);\n"
     << "      else $display(\"FAIL: %0d errors\", errors);\n"
     << "      $finish;\n"
     << "    end\n"
     << "  end\n"
     << "endmodule\n";
}

} // namespace quasar::tb
