// qsr_seq_div: the unsigned sequential divider of the row units (Shiftmax's and ShiftGELU's
// floor_div(2^31 - 1, S), I-LayerNorm's mean, Newton steps and scale factor). Restoring
// division, one quotient bit per cycle, widths as module parameters so each unit instantiates
// the widths it needs:
//
//   start (start_i && !busy_o)  quot <= dividend, rem <= 0, div <= divisor, cnt <= DividendBits
//   each busy cycle             s = {rem, quot[msb]};  ge = s >= div
//                               rem <= ge ? s - div : s;  quot <= {quot << 1, ge}
//   after DividendBits steps    done_o pulses; quot = floor(dividend / divisor), rem = the rest
//
// rem < div holds before every step, so s < 2 * div fits DivisorBits + 1 bits and one compare
// decides each bit. Start to done is arch::seqDivCycles(DividendBits) cycles.
#include "rowunits.h"

#include "quasar/arch/post_timing.h"

namespace quasar::blocks {

using ir::build::assign;
using ir::build::ifThen;

ir::Module buildSeqDiv(const BlockContext &ctx) {
  ModuleBuilder b(ctx, "qsr_seq_div", "unsigned restoring divider, one quotient bit per cycle");
  b.describe({"start_i is taken when busy_o is low; done_o pulses DividendBits + 1 cycles later",
              "(arch::seqDivCycles) with quotient_o and remainder_o, which hold until the next",
              "start. A start in the done cycle is taken. Divisor 0: quotient all ones,",
              "remainder = dividend mod 2^DivisorBits."});
  // Defaults are placeholders: every instance sets both (dividend 2^31 - 1 is the row units'
  // usual case).
  b.parameter("DividendBits", arch::kRowDivQuotientBits, "quotient bits = steps, >= 2");
  b.parameter("DivisorBits", arch::kRowDivQuotientBits, "remainder bits, >= 1");
  b.localRaw("CountBits", "int", "$clog2(DividendBits + 1)", "step counter");
  b.localRaw("Steps", "logic [CountBits-1:0]", "DividendBits[CountBits-1:0]", "one step per quotient bit");
  b.localRaw("LastStep", "logic [CountBits-1:0]", "1", "counter value of the final step");
  b.clockAndReset();
  b.group("Request");
  b.in("start_i", 1, {}, "taken when busy_o is low");
  b.out("busy_o");
  b.in("dividend_i", 31, "DividendBits", "unsigned");
  b.in("divisor_i", 31, "DivisorBits", "unsigned");
  b.group("Result (valid from done_o until the next start)");
  b.out("done_o", 1, {}, "one-cycle pulse");
  b.out("quotient_o", 31, "DividendBits");
  b.out("remainder_o", 31, "DivisorBits");

  b.banner("Control");
  b.net("take", 1, {}, "a start is taken this cycle");
  b.net("busy_q");
  b.net("done_q");
  b.net("cnt_q", 5, "CountBits", "steps left");
  b.assign("take", "start_i && !busy_q");
  b.ff({assign("busy_q", "1'b0"), assign("done_q", "1'b0"), assign("cnt_q", "'0")},
       {assign("done_q", "busy_q && cnt_q == LastStep"),
        ifThen("take", {assign("busy_q", "1'b1"), assign("cnt_q", "Steps")},
               {ifThen("busy_q", {assign("cnt_q", "cnt_q - LastStep"),
                                  ifThen("cnt_q == LastStep", {assign("busy_q", "1'b0")})})})});
  b.assign("busy_o", "busy_q");
  b.assign("done_o", "done_q");

  b.banner("Datapath: one restoring step per busy cycle");
  b.net("quot_q", 31, "DividendBits", "dividend bits shift out at the top, quotient bits in");
  b.net("rem_q", 31, "DivisorBits", "partial remainder, < div_q");
  b.net("div_q", 31, "DivisorBits");
  b.net("shifted", 32, "DivisorBits+1", "partial remainder with the next dividend bit");
  b.net("diff", 31, "DivisorBits", "s - div when ge (then below div: the low bits suffice)");
  b.net("ge", 1, {}, "quotient bit");
  b.assign("shifted", "{rem_q, quot_q[DividendBits-1]}");
  b.assign("diff", "shifted[DivisorBits-1:0] - div_q");
  b.assign("ge", "shifted >= {1'b0, div_q}");
  b.ffNoReset({ifThen("take", {assign("quot_q", "dividend_i"), assign("rem_q", "'0"),
                               assign("div_q", "divisor_i")},
                      {ifThen("busy_q", {assign("quot_q", "{quot_q[DividendBits-2:0], ge}"),
                                         assign("rem_q", "ge ? diff : shifted[DivisorBits-1:0]")})})},
              "No reset: the operands are loaded by every start.");
  b.assign("quotient_o", "quot_q");
  b.assign("remainder_o", "rem_q");
  return b.take();
}

} // namespace quasar::blocks
