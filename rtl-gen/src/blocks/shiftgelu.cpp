// qsr_shiftgelu: I-ViT's ShiftGELU (specs/dyadic.md, "Integer nonlinear units"; golden model
// models::nonlinear::shiftGelu), elementwise after the row max, over rows of up to RowMax
// elements arriving as Lanes-wide words (the row framing of row_frame.h).
//
//   pass 1 (StIn)      words into the row buffer, running max
//   pass 2, per word   StRead: read the word back; StStart: per lane e1 = exp_shift(x - xmax)
//                      (n = 23, exp_shift.h), S = min(e1 + e2, 2^31 - 1) with the row's
//                      e2 = exp_shift(-xmax), xmax = max(0, row max); start the lane's divider
//                      f = floor_div(2^31 - 1, S); StWait: when done and the output register is
//                      free, sig = (e1 * f) >> 24 and y = x * sig into it
//
// The division is per element, so each lane has its own qsr_seq_div (31 / 31 bits): a word
// takes seqDivCycles(31) + 2 cycles (read, start, divide), arch::shiftGeluRowCycles. That is
// lanes sequential dividers instead of one pipelined divider per lane (31 stages of 32-bit
// subtract and register per lane: about 31x the area for 34x the throughput of pass 2).
//
// Widths (x0 in -(2^16 - 1)..-1, arch::kShiftmaxX0Bits): e1, e2 < 2^39; e1 * f < 2^39 (f = 1
// when S saturated, else e1 * f < S f <= 2^31 - 1), so sig = product[39:24] is exact in 16 bits
// (at most 127 unless S saturated); y = x * sig < 2^46 in magnitude: 48-bit signed output.
// x0 must stay stable from a row's first word until its last output word is loaded.
#include "exp_shift.h"
#include "row_frame.h"

#include "quasar/arch/post_timing.h"
#include "quasar/models/nonlinear.h"

#include <stdexcept>
#include <vector>

namespace quasar::blocks {
namespace {

using ir::build::assign;
using ir::build::ifThen;
using ir::build::lit;
using ir::build::signExtend;
using ir::build::zeroExtend;

constexpr int kX = arch::kRowElemBits;
constexpr int kN = models::nonlinear::kShiftGeluN;                         // 23
constexpr int kSigShift = 31 - models::nonlinear::kShiftGeluOutBits + 1;   // 24
constexpr int kSBits = arch::kRowDivQuotientBits;                          // S, f: 31 bits
constexpr int kSigBits = 16;  // sig < 2^15 (see the header)
constexpr int kOutBits = arch::kShiftGeluOutBits; // |x * sig| < 2^46

std::string range(int hi, int lo) { return "[" + std::to_string(hi) + ":" + std::to_string(lo) + "]"; }

} // namespace

ir::Module buildShiftGelu(const BlockContext &ctx, const RowUnitShape &s) {
  const RowFrame fr = rowFrameOf(s);
  const int lanes = fr.lanes;
  const int eb = expShiftBits(kN);
  const int prodBits = eb + kSBits;
  if (kSigShift + kSigBits > prodBits) throw std::logic_error("qsr_shiftgelu: product too narrow");
  ModuleBuilder b(ctx, "qsr_shiftgelu",
                  std::to_string(lanes) + " lane(s), rows of up to " + std::to_string(s.rowMax) +
                      " elements: I-ViT ShiftGELU (n = 23, 48-bit out)");
  b.describe({"Pass 1 buffers the row and finds its max; pass 2 reads a word, starts one",
              "qsr_seq_div per lane on S = min(e1 + e2, 2^31 - 1), and loads x * ((e1 * f) >> 24)",
              "into the output register when the dividers are done. Cycles per row in",
              "arch/post_timing.h (shiftGeluRowCycles). x0 in -(2^16 - 1)..-1."});
  declareRowFrame(b, s, fr);
  b.localInt("EBits", eb, "e1, e2: exp_shift with n = 23");
  b.localInt("OutBits", kOutBits);
  b.localBits("SMax", kSBits, models::nonlinear::kInt31Max, "2^31 - 1: S saturates here");
  b.localBits("StIn", 2, 0, "pass 1: taking words");
  b.localBits("StRead", 2, 1, "pass 2: read a word");
  b.localBits("StStart", 2, 2, "start the lanes' dividers");
  b.localBits("StWait", 2, 3, "divide, then load the output register");

  b.clockAndReset();
  b.group("Constant (software: x0 = floor(-1 / (1.702 s)))");
  b.in("x0_i", arch::kShiftmaxX0Bits, {}, "signed, -(2^16 - 1)..-1");
  addRowInputPorts(b, fr);
  addRowOutputPorts(b, fr, kOutBits, "Lanes x 48-bit signed, scale s / 2^7 (0 in unused lanes)");
  addExpShiftConstants(b, kN);

  b.banner("Control");
  const int cntBits = fr.cntBits;
  b.net("state_q", 2);
  b.net("take", 1, {}, "an input word is taken");
  b.net("waddr_q", cntBits, "CntBits", "words of the row taken so far");
  b.net("nwords_q", cntBits, "CntBits", "words in the buffered row");
  b.net("lastcnt_q", fr.countBits, {}, "lanes used in its last word");
  b.net("raddr_q", cntBits, "CntBits", "next buffer word to read");
  b.net("rd_issue", 1, {}, "a buffer word is read");
  b.net("rlast_q", 1, {}, "the word read is the row's last");
  b.net("en", 1, {}, "the output register is free or being taken");
  b.net("div_start", 1, {}, "start every lane's divider");
  b.net("div_done", 1, {}, "lane 0's divider is done (all lanes run in lockstep)");
  b.net("got_q", 1, {}, "the dividers finished earlier (results held)");
  b.net("load_out", 1, {}, "load the output register");
  b.netSigned("mx_q", kX); // running max of the row
  b.net("valid_q");
  b.net("last_q");
  b.net("count_q", fr.countBits);
  b.assign("take", "valid_i && state_q == StIn");
  b.assign("ready_o", "state_q == StIn");
  b.assign("en", "!valid_q || ready_i");
  b.assign("rd_issue", "state_q == StRead");
  b.assign("div_start", "state_q == StStart");
  b.assign("load_out", "state_q == StWait && (div_done || got_q) && en");
  const std::string one = lit(cntBits, 1);
  b.ff({assign("state_q", "StIn"), assign("waddr_q", "'0"), assign("nwords_q", "'0"),
        assign("raddr_q", "'0"), assign("rlast_q", "1'b0"), assign("got_q", "1'b0"),
        assign("valid_q", "1'b0"), assign("last_q", "1'b0")},
       {ifThen("take", {assign("waddr_q", "waddr_q + " + one),
                        ifThen("last_i", {assign("state_q", "StRead"), assign("nwords_q", "waddr_q + " + one),
                                          assign("raddr_q", "'0"), assign("waddr_q", "'0")})}),
        ifThen("state_q == StRead", {assign("raddr_q", "raddr_q + " + one),
                                     assign("rlast_q", "raddr_q + " + one + " == nwords_q"),
                                     assign("state_q", "StStart")}),
        ifThen("state_q == StStart", {assign("state_q", "StWait"), assign("got_q", "1'b0")}),
        ifThen("state_q == StWait && div_done", {assign("got_q", "1'b1")}),
        ifThen("load_out", {assign("state_q", "rlast_q ? StIn : StRead"), assign("valid_q", "1'b1"),
                            assign("last_q", "rlast_q")},
               {ifThen("ready_i", {assign("valid_q", "1'b0")})})});
  b.ffNoReset({ifThen("take && last_i", {assign("lastcnt_q", "count_i")}),
               ifThen("take", {assign("mx_q", "(waddr_q == '0 || word_max > mx_q) ? word_max : mx_q")}),
               ifThen("load_out && rlast_q", {assign("count_q", "lastcnt_q")})},
              "Datapath registers: no reset (the state says which hold a row).");
  b.assign("valid_o", "valid_q");
  b.assign("last_o", "last_q");
  b.assign("count_o", "count_q");

  b.banner("Row buffer: one word per Lanes elements, registered read");
  b.net("rdata", lanes * kX);
  addRowBuffer(b, fr, "row_buf", lanes * kX, "take", "waddr_q[AddrBits-1:0]", "x_i", "rdata");
  if (cntBits > fr.addrBits) {
    b.net("unused_addr", 2 * (cntBits - fr.addrBits));
    b.assign("unused_addr", "{waddr_q[CntBits-1:AddrBits], raddr_q[CntBits-1:AddrBits]}");
  }
  addWordMax(b, fr);

  b.banner("The row's e2 = exp_shift(-xmax), xmax = max(0, row max)");
  b.netSigned("xmax_ext", kExpDBits);
  b.assign("xmax_ext", "mx_q[" + std::to_string(kX - 1) + "] ? '0 : " + signExtend("mx_q", kX, kExpDBits),
           "the 0 keeps every exp_shift input <= 0");
  b.netSigned("d2", kExpDBits);
  b.assign("d2", "-xmax_ext");
  const std::string e2 = addExpShift(b, "e2_", "d2", kN);

  b.banner("Pass 2 per lane: e1, S, the lane's divider, sig, y");
  b.net("lane_done", lanes, "Lanes", "every lane's done (lane 0's is used)");
  b.beginFor("l", "Lanes", "g_lane");
  b.netSigned("x", kX);
  b.assign("x", "rdata[l*XBits +: XBits]");
  b.netSigned("d", kExpDBits); // x - xmax <= 0
  b.assign("d", signExtend("x", kX, kExpDBits) + " - xmax_ext");
  const std::string e1 = addExpShift(b, "", "d", kN);
  b.net("s_sum", eb + 1, {}, "e1 + e2");
  b.assign("s_sum", zeroExtend(e1, eb, eb + 1) + " + " + zeroExtend(e2, eb, eb + 1));
  b.net("s_sat", kSBits, {}, "S = min(e1 + e2, 2^31 - 1)");
  b.assign("s_sat", "(s_sum > " + zeroExtend("SMax", kSBits, eb + 1) + ") ? SMax : s_sum" + range(kSBits - 1, 0));
  b.net("x_q", kX);
  b.net("e1_q", eb);
  b.net("ok_q", 1, {}, "lane holds an element");
  b.ffNoReset({ifThen("div_start", {assign("x_q", "x"), assign("e1_q", e1), assign("ok_q", laneHoldsElement(fr))})});
  b.net("f", kSBits, {}, "floor_div(2^31 - 1, S)");
  b.net("unused_div", 1 + kSBits);
  {
    ir::Instance &i = b.instance("qsr_seq_div", "u_div");
    i.params = {{"DividendBits", std::to_string(kSBits)}, {"DivisorBits", std::to_string(kSBits)}};
    connect(i, "clk_i", "clk_i");
    connect(i, "rst_ni", "rst_ni");
    connect(i, "start_i", "div_start");
    connect(i, "busy_o", "unused_div[0]");
    connect(i, "dividend_i", "SMax");
    connect(i, "divisor_i", "s_sat");
    connect(i, "done_o", "lane_done[l]");
    connect(i, "quotient_o", "f");
    connect(i, "remainder_o", "unused_div[" + std::to_string(kSBits) + ":1]");
  }
  b.net("prod", prodBits, {}, "e1 * f, exact; below 2^39");
  b.assign("prod", zeroExtend("e1_q", eb, prodBits) + " * " + zeroExtend("f", kSBits, prodBits));
  b.net("sig", kSigBits, {}, "(e1 * f) >> 24");
  b.assign("sig", "prod" + range(kSigShift + kSigBits - 1, kSigShift));
  b.net("unused_prod", prodBits - kSigBits);
  b.assign("unused_prod", "{prod" + range(prodBits - 1, kSigShift + kSigBits) + ", prod" + range(kSigShift - 1, 0) + "}");
  b.netSigned("y", kX + kSigBits + 1);
  b.assign("y", "$signed(x_q) * $signed({1'b0, sig})", "x * sig, sig nonnegative");
  b.net("unused_y");
  b.assign("unused_y", "y[" + std::to_string(kX + kSigBits) + "]");
  b.net("y_q", kOutBits);
  b.ffNoReset({ifThen("load_out", {assign("y_q", "ok_q ? y" + range(kOutBits - 1, 0) + " : '0")})});
  b.assign("y_o[l*OutBits +: OutBits]", "y_q");
  b.endFor();
  b.assign("div_done", "lane_done[0]");
  if (lanes > 1) {
    b.net("unused_done", lanes - 1);
    b.assign("unused_done", "lane_done[Lanes-1:1]");
  }
  return b.take();
}

} // namespace quasar::blocks
