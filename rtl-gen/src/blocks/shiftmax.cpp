// qsr_shiftmax: I-ViT's Shiftmax (specs/dyadic.md, "Integer nonlinear units"; golden model
// models::nonlinear::shiftmax) over rows of up to RowMax elements arriving as Lanes-wide words.
//
//   pass 1 (StIn)   words into the row buffer (qsr_sdp_ram, ceil(RowMax / Lanes) words), running
//                   max over the valid lanes
//   pass 2 (StSum)  read every word back, e_i = exp_shift(x_i - max) per lane, S = saturating
//                   sum (min(sum, 2^31 - 1): every e_i >= 0, so saturating as it goes is the same)
//   divide (StDiv)  f = floor_div(2^31 - 1, S) in qsr_seq_div (one per unit, one per row)
//   pass 3 (StOut)  read again, out_i = (e_i * f) >> 16, one word per cycle, ready/valid
//
// exp_shift per lane: exp_shift.h (n = 15; x0 in -(2^16 - 1)..-1, arch::kShiftmaxX0Bits).
// The same per-lane function serves pass 2 and pass 3 (the buffer keeps x, not e).
// e * f is the exact 31 x 31-bit product; it is < 2^31 (e <= S when S did not saturate, f = 1
// when it did), so out = product[31:16] is exact in 16 bits.
//
// A row is the words from one after the previous `last` up to the next word with last_i; on
// that word count_i (1..Lanes) says how many lanes hold elements (the others are ignored and
// come out as 0 with count_o = count_i). Every other word is full. Rows of more than RowMax
// elements are not allowed (the buffer address would wrap).
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

constexpr int kX = arch::kRowElemBits;             // element width
constexpr int kDiffBits = kX + 1;                  // x - max
constexpr int kLogBits = kExpDBits;                // d, t = d + d/2 - d/16, and the clamp
constexpr int kEBits = arch::kRowDivQuotientBits;  // e_i, S, f: below 2^31
constexpr int kN = models::nonlinear::kShiftmaxN;  // 15
constexpr int kOutShift = 31 - models::nonlinear::kShiftmaxOutBits + 1; // 16
constexpr int kOutBits = models::nonlinear::kShiftmaxOutBits;

} // namespace

ir::Module buildShiftmax(const BlockContext &ctx, const RowUnitShape &s) {
  const RowFrame fr = rowFrameOf(s);
  const int lanes = fr.lanes, cntBits = fr.cntBits, countBits = fr.countBits;
  const int sumBits = kEBits + ir::build::bitsFor(lanes);
  ModuleBuilder b(ctx, "qsr_shiftmax",
                  std::to_string(lanes) + " lane(s), rows of up to " + std::to_string(s.rowMax) +
                      " elements: I-ViT Shiftmax (n = 15, 16-bit out)");
  b.describe({"Pass 1 buffers the row and finds its max, pass 2 sums exp_shift(x - max) into S",
              "(saturating at 2^31 - 1), qsr_seq_div computes f = floor_div(2^31 - 1, S), pass 3",
              "streams (e_i * f) >> 16. One row at a time: cycles per row in arch/post_timing.h",
              "(shiftmaxRowCycles). x0 in -(2^16 - 1)..-1, stable while a row is in the unit."});
  declareRowFrame(b, s, fr);
  b.localInt("EBits", kEBits, "e_i, S and f are below 2^31");
  b.localInt("OutBits", kOutBits, "B = 16");
  b.localBits("SMax", kEBits, (1LL << kEBits) - 1, "2^31 - 1: S saturates here");
  b.localBits("StIn", 2, 0, "pass 1: taking words");
  b.localBits("StSum", 2, 1, "pass 2: S");
  b.localBits("StDiv", 2, 2, "f = floor_div(2^31 - 1, S)");
  b.localBits("StOut", 2, 3, "pass 3: output words");

  b.clockAndReset();
  b.group("Constant (software: x0 = floor(-1 / s))");
  b.in("x0_i", arch::kShiftmaxX0Bits, {}, "signed, -(2^16 - 1)..-1");
  addRowInputPorts(b, fr);
  addRowOutputPorts(b, fr, kOutBits, "Lanes x 16-bit, scale 2^-15 (0 in unused lanes)");

  addExpShiftConstants(b, kN);

  b.banner("Control");
  b.net("state_q", 2);
  b.net("take", 1, {}, "an input word is taken");
  b.net("waddr_q", cntBits, "CntBits", "words of the row taken so far");
  b.net("nwords_q", cntBits, "CntBits", "words in the buffered row");
  b.net("lastcnt_q", countBits, {}, "lanes used in its last word");
  b.net("raddr_q", cntBits, "CntBits", "next buffer word to read (passes 2 and 3)");
  b.net("en", 1, {}, "pass 3 advances: the output register is free or being taken");
  b.net("rd_step", 1, {}, "the read pipeline advances");
  b.net("rd_issue", 1, {}, "a buffer word is read");
  b.net("rv_q", 1, {}, "rdata holds a word of the row");
  b.net("rlast_q", 1, {}, "... its last word");
  b.net("div_go_q", 1, {}, "start the divider (first StDiv cycle)");
  b.net("div_done");
  b.net("f_raw", kEBits);
  b.net("f_q", kEBits, {}, "floor_div(2^31 - 1, S)");
  b.net("s_q", kEBits, {}, "S, saturating");
  b.net("s_next", sumBits + 1);
  b.net("word_sum", sumBits, {}, "sum of this word's e_i (valid lanes)");
  b.netSigned("mx_q", kX); // running max of the row
  b.net("valid_q");
  b.net("last_q");
  b.net("count_q", countBits);
  b.net("out_take", 1, {}, "the row's last output word is taken");
  b.assign("take", "valid_i && state_q == StIn");
  b.assign("ready_o", "state_q == StIn");
  b.assign("en", "!valid_q || ready_i");
  b.assign("rd_step", "state_q == StSum || (state_q == StOut && en)");
  b.assign("rd_issue", "rd_step && raddr_q != nwords_q");
  b.assign("out_take", "valid_q && ready_i && last_q");
  b.assign("s_next", ir::build::zeroExtend("s_q", kEBits, sumBits + 1) + " + " +
                         ir::build::zeroExtend("word_sum", sumBits, sumBits + 1));
  const std::string one = lit(cntBits, 1);
  b.ff({assign("state_q", "StIn"), assign("waddr_q", "'0"), assign("nwords_q", "'0"),
        assign("raddr_q", "'0"), assign("rv_q", "1'b0"), assign("rlast_q", "1'b0"),
        assign("div_go_q", "1'b0"), assign("valid_q", "1'b0"), assign("last_q", "1'b0")},
       {assign("div_go_q", "1'b0"),
        ifThen("take", {assign("waddr_q", "waddr_q + " + one),
                        ifThen("last_i", {assign("state_q", "StSum"), assign("nwords_q", "waddr_q + " + one),
                                          assign("raddr_q", "'0"), assign("waddr_q", "'0")})}),
        ifThen("rd_step", {assign("rv_q", "rd_issue"),
                           assign("rlast_q", "rd_issue && raddr_q + " + one + " == nwords_q"),
                           ifThen("rd_issue", {assign("raddr_q", "raddr_q + " + one)})}),
        ifThen("state_q == StSum && rv_q && rlast_q", {assign("state_q", "StDiv"), assign("div_go_q", "1'b1")}),
        ifThen("state_q == StDiv && div_done", {assign("state_q", "StOut"), assign("raddr_q", "'0")}),
        ifThen("state_q == StOut && en", {assign("valid_q", "rv_q"), assign("last_q", "rv_q && rlast_q")}),
        ifThen("out_take", {assign("state_q", "StIn")})});
  b.ffNoReset({ifThen("take && last_i", {assign("lastcnt_q", "count_i")}),
               ifThen("take", {assign("mx_q", "(waddr_q == '0 || word_max > mx_q) ? word_max : mx_q")}),
               ifThen("take && last_i", {assign("s_q", "'0")}),
               ifThen("state_q == StSum && rv_q",
                      {assign("s_q", "(s_next > " + ir::build::zeroExtend("SMax", kEBits, sumBits + 1) +
                                         ") ? SMax : s_next[EBits-1:0]")}),
               ifThen("state_q == StDiv && div_done", {assign("f_q", "f_raw")}),
               ifThen("state_q == StOut && en && rv_q && rlast_q", {assign("count_q", "lastcnt_q")})},
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

  b.banner("Divider: f = floor_div(2^31 - 1, S), one per row");
  b.net("unused_div_busy");
  b.net("unused_div_rem", kEBits);
  {
    ir::Instance &i = b.instance("qsr_seq_div", "u_div");
    i.params = {{"DividendBits", std::to_string(kEBits)}, {"DivisorBits", std::to_string(kEBits)}};
    connect(i, "clk_i", "clk_i");
    connect(i, "rst_ni", "rst_ni");
    connect(i, "start_i", "div_go_q");
    connect(i, "busy_o", "unused_div_busy");
    connect(i, "dividend_i", "SMax");
    connect(i, "divisor_i", "s_q");
    connect(i, "done_o", "div_done");
    connect(i, "quotient_o", "f_raw");
    connect(i, "remainder_o", "unused_div_rem");
  }

  addWordMax(b, fr);

  b.banner("Passes 2 and 3: exp_shift per lane of the word read back");
  b.net("e_all", lanes * kEBits, {}, "e of every lane holding an element, else 0");
  b.beginFor("l", "Lanes", "g_lane");
  b.netSigned("x", kX);
  b.assign("x", "rdata[l*XBits +: XBits]");
  b.net("ok", 1, {}, "lane holds an element");
  b.assign("ok", laneHoldsElement(fr));
  b.netSigned("d", kLogBits); // x - max <= 0
  b.assign("d", ir::build::signExtend("x", kX, kLogBits) + " - " + ir::build::signExtend("mx_q", kX, kLogBits));
  if (addExpShift(b, "", "d", kN) != "e" || expShiftBits(kN) != kEBits)
    throw std::logic_error("qsr_shiftmax: exp_shift gives e of EBits");
  b.assign("e_all[l*EBits +: EBits]", "ok ? e : '0");
  b.net("prod", 2 * kEBits, {}, "e * f, exact; below 2^31 (see the header)");
  b.assign("prod", ir::build::zeroExtend("e", kEBits, 2 * kEBits) + " * " + ir::build::zeroExtend("f_q", kEBits, 2 * kEBits));
  b.net("unused_prod", 2 * kEBits - kOutBits);
  b.assign("unused_prod", "{prod[" + std::to_string(2 * kEBits - 1) + ":" + std::to_string(kOutShift + kOutBits) +
                              "], prod[" + std::to_string(kOutShift - 1) + ":0]}");
  b.net("y_q", kOutBits);
  b.ffNoReset({ifThen("state_q == StOut && en", {assign("y_q", "ok ? prod[" + std::to_string(kOutShift + kOutBits - 1) + ":" +
                                                                std::to_string(kOutShift) + "] : '0")})});
  b.assign("y_o[l*OutBits +: OutBits]", "y_q");
  b.endFor();
  {
    std::vector<ir::Stmt> body = {assign("word_sum", "'0")};
    for (const std::string &el : laneNets(b, "e_lane", "e_all", kEBits, lanes, false))
      body.push_back(assign("word_sum", "word_sum + " + ir::build::zeroExtend(el, kEBits, sumBits)));
    b.comb(body, "Sum of the word's e (unrolled, see the max in pass 1).");
  }
  return b.take();
}

} // namespace quasar::blocks
