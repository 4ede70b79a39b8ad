// qsr_ilayernorm: I-ViT's I-LayerNorm (specs/dyadic.md, "Integer nonlinear units"; golden model
// models::nonlinear::layerNorm) over rows of C <= RowMax channels arriving as Lanes-wide words
// (the row framing of row_frame.h; C is the row's element count, known at its last word).
//
//   pass 1 (StIn)    words into the row buffer; sum (signed, 32 + bits(RowMax)) and C
//   StMean           mean = round_half_even(sum / C): |sum| / C in the divider, then floor
//                    quotient and remainder by sign, then up when 2r > C or 2r = C and q odd
//   pass 2 (StVar)   var = sum (x - mean)^2 over the buffered row, 64 bits (each square is the
//                    exact 33 x 33-bit product; var < 2^63, the golden model's bound, so the
//                    64-bit sum is exact)
//   StNewt           k = 2^16; ten times k = (k + floor(var / k)) >> 1 (k >= 64 throughout)
//   StF              f = floor_div(2^31 - 1, k) (< 2^25)
//   pass 3 (StOut)   out = ((x - mean) * f) >> 1 + bias_int[c], 64-bit signed, a word a cycle
//
// One qsr_seq_div (63-bit dividend, 47-bit divisor: arch::kLayerNormDividendBits/DivisorBits)
// does all twelve divisions. bias_int lives in a RAM of Words x (Lanes x 64) written through
// bias_we_i / bias_waddr_i / bias_wdata_i (word w, lane l = channel w * Lanes + l); it is read
// with the row buffer in pass 3 and must not be written while a row is in the unit.
#include "row_frame.h"

#include "quasar/arch/post_timing.h"
#include "quasar/models/nonlinear.h"

#include <algorithm>
#include <vector>

namespace quasar::blocks {
namespace {

using ir::build::assign;
using ir::build::ifThen;
using ir::build::lit;
using ir::build::signExtend;
using ir::build::zeroExtend;

constexpr int kX = arch::kRowElemBits;
constexpr int kYBits = kX + 1;                        // x - mean
constexpr int kVarBits = 64;                          // the var register
constexpr int kDivN = arch::kLayerNormDividendBits;   // 63
constexpr int kDivD = arch::kLayerNormDivisorBits;    // 47: k < 2^47
constexpr int kFBits = 25;                            // f = floor((2^31 - 1) / k), k >= 64
constexpr int kBiasBits = 64;                         // |bias_int| <= 2^62
constexpr int kOutBits = arch::kLayerNormOutBits;
constexpr int kProdBits = kYBits + kFBits + 1;        // y * f, f as a nonnegative signed value

std::string bit(int i) { return "[" + std::to_string(i) + "]"; }
std::string range(int hi, int lo) { return "[" + std::to_string(hi) + ":" + std::to_string(lo) + "]"; }

} // namespace

ir::Module buildILayerNorm(const BlockContext &ctx, const RowUnitShape &s) {
  const RowFrame fr = rowFrameOf(s);
  const int lanes = fr.lanes;
  const int cBits = ir::build::bitsFor(std::max<int64_t>(s.rowMax, lanes));
  const int sumBits = kX + ir::build::bitsFor(s.rowMax);
  const int stepBits = ir::build::bitsFor(models::nonlinear::kLayerNormSteps);
  if (sumBits > kDivN || cBits > kDivD)
    throw std::logic_error("qsr_ilayernorm: row_max too large for the divider");
  ModuleBuilder b(ctx, "qsr_ilayernorm",
                  std::to_string(lanes) + " lane(s), rows of up to " + std::to_string(s.rowMax) +
                      " channels: I-ViT I-LayerNorm (64-bit out)");
  b.describe({"Pass 1 buffers the row and sums it, one qsr_seq_div computes the mean (round half",
              "even), pass 2 sums (x - mean)^2, ten Newton steps and f = floor_div(2^31 - 1, k)",
              "reuse the divider, pass 3 streams ((x - mean) * f) >> 1 + bias_int[c]. One row at a",
              "time: cycles per row in arch/post_timing.h (layerNormRowCycles)."});
  declareRowFrame(b, s, fr);
  b.localInt("CBits", cBits, "channel count C, 1..RowMax");
  b.localInt("SumBits", sumBits, "signed sum of a row");
  b.localInt("DivN", kDivN, "divider dividend bits (var < 2^63)");
  b.localInt("DivD", kDivD, "divider divisor bits (k < 2^47)");
  b.localInt("OutBits", kOutBits);
  b.localBits("K0", kDivD, models::nonlinear::kLayerNormK0, "Newton start 2^16");
  b.localBits("One", kDivN, models::nonlinear::kInt31Max, "2^31 - 1");
  b.localBits("LastStep", stepBits, models::nonlinear::kLayerNormSteps - 1, "ten Newton steps");
  b.localBits("StIn", 3, 0, "pass 1: taking words");
  b.localBits("StMean", 3, 1, "mean division");
  b.localBits("StVar", 3, 2, "pass 2: var");
  b.localBits("StNewt", 3, 3, "Newton steps");
  b.localBits("StF", 3, 4, "f = floor_div(2^31 - 1, k)");
  b.localBits("StOut", 3, 5, "pass 3: output words");

  b.clockAndReset();
  addRowInputPorts(b, fr);
  b.group("bias_int RAM write port (word w, lane l = channel w * Lanes + l)");
  b.in("bias_we_i");
  b.in("bias_waddr_i", fr.addrBits);
  b.in("bias_wdata_i", lanes * kBiasBits, {}, "Lanes x 64-bit signed");
  addRowOutputPorts(b, fr, kOutBits, "Lanes x 64-bit signed, scale gamma[c] sqrt(C) / 2^30 (0 in unused lanes)");

  b.banner("Control");
  b.net("state_q", 3);
  b.net("take", 1, {}, "an input word is taken");
  b.net("waddr_q", fr.cntBits, "CntBits", "words of the row taken so far");
  b.net("nwords_q", fr.cntBits, "CntBits", "words in the buffered row");
  b.net("lastcnt_q", fr.countBits, {}, "lanes used in its last word");
  b.net("raddr_q", fr.cntBits, "CntBits", "next buffer word to read (passes 2 and 3)");
  b.net("en", 1, {}, "pass 3 advances: the output register is free or being taken");
  b.net("rd_step", 1, {}, "the read pipeline advances");
  b.net("rd_issue", 1, {}, "a buffer word is read");
  b.net("rv_q", 1, {}, "rdata holds a word of the row");
  b.net("rlast_q", 1, {}, "... its last word");
  b.net("div_go_q", 1, {}, "start the next division");
  b.net("div_done");
  b.net("step_q", stepBits, {}, "Newton step");
  b.net("valid_q");
  b.net("last_q");
  b.net("count_q", fr.countBits);
  b.net("out_take", 1, {}, "the row's last output word is taken");
  b.assign("take", "valid_i && state_q == StIn");
  b.assign("ready_o", "state_q == StIn");
  b.assign("en", "!valid_q || ready_i");
  b.assign("rd_step", "state_q == StVar || (state_q == StOut && en)");
  b.assign("rd_issue", "rd_step && raddr_q != nwords_q");
  b.assign("out_take", "valid_q && ready_i && last_q");
  const std::string one = lit(fr.cntBits, 1);
  b.ff({assign("state_q", "StIn"), assign("waddr_q", "'0"), assign("nwords_q", "'0"),
        assign("raddr_q", "'0"), assign("rv_q", "1'b0"), assign("rlast_q", "1'b0"),
        assign("div_go_q", "1'b0"), assign("step_q", "'0"), assign("valid_q", "1'b0"),
        assign("last_q", "1'b0")},
       {assign("div_go_q", "1'b0"),
        ifThen("take", {assign("waddr_q", "waddr_q + " + one),
                        ifThen("last_i", {assign("state_q", "StMean"), assign("nwords_q", "waddr_q + " + one),
                                          assign("waddr_q", "'0"), assign("div_go_q", "1'b1")})}),
        ifThen("rd_step", {assign("rv_q", "rd_issue"),
                           assign("rlast_q", "rd_issue && raddr_q + " + one + " == nwords_q"),
                           ifThen("rd_issue", {assign("raddr_q", "raddr_q + " + one)})}),
        ifThen("state_q == StMean && div_done", {assign("state_q", "StVar"), assign("raddr_q", "'0")}),
        ifThen("state_q == StVar && rv_q && rlast_q",
               {assign("state_q", "StNewt"), assign("div_go_q", "1'b1"), assign("step_q", "'0")}),
        ifThen("state_q == StNewt && div_done",
               {assign("step_q", "step_q + " + lit(stepBits, 1)), assign("div_go_q", "1'b1"),
                ifThen("step_q == LastStep", {assign("state_q", "StF")})}),
        ifThen("state_q == StF && div_done", {assign("state_q", "StOut"), assign("raddr_q", "'0")}),
        ifThen("state_q == StOut && en", {assign("valid_q", "rv_q"), assign("last_q", "rv_q && rlast_q")}),
        ifThen("out_take", {assign("state_q", "StIn")})});
  b.assign("valid_o", "valid_q");
  b.assign("last_o", "last_q");
  b.assign("count_o", "count_q");

  b.banner("Pass 1: sum and channel count of the row");
  const std::vector<std::string> xin = laneNets(b, "in_x", "x_i", kX, lanes, true);
  b.net("word_sum", sumBits, {}, "sum of the input word's valid lanes");
  {
    // Lanes sign-extended outside the always_comb (no bit selects inside it).
    std::vector<std::string> ext;
    for (int l = 0; l < lanes; ++l) {
      ext.push_back("in_s" + std::to_string(l));
      b.net(ext.back(), sumBits);
      b.assign(ext.back(), signExtend(xin[size_t(l)], kX, sumBits));
    }
    std::vector<ir::Stmt> body = {assign("word_sum", ext[0])};
    for (int l = 1; l < lanes; ++l)
      body.push_back(ifThen("!last_i || count_i > " + lit(fr.countBits, l),
                            {assign("word_sum", "word_sum + " + ext[size_t(l)])}));
    b.comb(body, "Unrolled over lanes (lane 0 always holds an element).");
  }
  b.net("sum_q", sumBits, {}, "signed sum of the row");
  b.net("c_q", cBits, {}, "C: elements in the row");
  b.net("c_add", cBits);
  b.assign("c_add", "last_i ? " + zeroExtend("count_i", fr.countBits, cBits) + " : " + lit(cBits, lanes));

  b.banner("Divider: mean, Newton steps, f");
  b.net("mean_q", kX, {}, "round_half_even(sum / C)");
  b.net("var_q", kVarBits, {}, "sum (x - mean)^2");
  b.net("k_q", kDivD, {}, "Newton iterate, 64..2^47");
  b.net("f_q", kFBits, {}, "floor_div(2^31 - 1, k)");
  b.net("abs_sum", sumBits, {}, "|sum| (2^(SumBits-1) fits unsigned)");
  b.assign("abs_sum", "sum_q" + bit(sumBits - 1) + " ? -sum_q : sum_q");
  b.net("div_a", kDivN);
  b.net("div_b", kDivD);
  b.assign("div_a", "state_q == StMean ? " + zeroExtend("abs_sum", sumBits, kDivN) +
                        " : state_q == StNewt ? var_q" + range(kDivN - 1, 0) + " : One");
  b.assign("div_b", "state_q == StMean ? " + zeroExtend("c_q", cBits, kDivD) + " : k_q");
  b.net("quot", kDivN);
  b.net("rem", kDivD);
  b.net("unused_div_busy");
  {
    ir::Instance &i = b.instance("qsr_seq_div", "u_div");
    i.params = {{"DividendBits", std::to_string(kDivN)}, {"DivisorBits", std::to_string(kDivD)}};
    connect(i, "clk_i", "clk_i");
    connect(i, "rst_ni", "rst_ni");
    connect(i, "start_i", "div_go_q");
    connect(i, "busy_o", "unused_div_busy");
    connect(i, "dividend_i", "div_a");
    connect(i, "divisor_i", "div_b");
    connect(i, "done_o", "div_done");
    connect(i, "quotient_o", "quot");
    connect(i, "remainder_o", "rem");
  }
  // sum = -(qa C + ra) for a negative sum: floor quotient -qa - (ra != 0), remainder C - ra.
  const int qfBits = sumBits + 1;
  b.net("ra", cBits, {}, "|sum| mod C");
  b.assign("ra", "rem" + range(cBits - 1, 0));
  b.net("unused_rem", kDivD - cBits);
  b.assign("unused_rem", "rem" + range(kDivD - 1, cBits));
  b.net("ra_nz");
  b.assign("ra_nz", "ra != '0");
  b.net("neg");
  b.assign("neg", "sum_q" + bit(sumBits - 1));
  b.net("qa", qfBits);
  b.assign("qa", "quot" + range(qfBits - 1, 0));
  b.net("qf", qfBits, {}, "floor(sum / C), two's complement");
  b.assign("qf", "neg ? -(qa + " + zeroExtend("ra_nz", 1, qfBits) + ") : qa");
  b.net("rf", cBits + 1, {}, "sum - C * qf, 0..C-1");
  b.assign("rf", "(neg && ra_nz) ? " + zeroExtend("c_q", cBits, cBits + 1) + " - " + zeroExtend("ra", cBits, cBits + 1) +
                     " : " + zeroExtend("ra", cBits, cBits + 1));
  b.net("twice_r", cBits + 2);
  b.assign("twice_r", "{rf, 1'b0}");
  b.net("c_ext", cBits + 2);
  b.assign("c_ext", zeroExtend("c_q", cBits, cBits + 2));
  b.net("round_up", 1, {}, "round half to even");
  b.assign("round_up", "twice_r > c_ext || (twice_r == c_ext && qf[0])");
  b.net("mean_next", qfBits);
  b.assign("mean_next", "qf + " + zeroExtend("round_up", 1, qfBits));
  b.net("unused_mean", qfBits - kX);
  b.assign("unused_mean", "mean_next" + range(qfBits - 1, kX));
  b.net("k_sum", kDivN + 1, {}, "k + floor(var / k)");
  b.assign("k_sum", zeroExtend("k_q", kDivD, kDivN + 1) + " + " + zeroExtend("quot", kDivN, kDivN + 1));
  b.net("unused_k", kDivN + 1 - kDivD);
  b.assign("unused_k", "{k_sum" + range(kDivN, kDivD + 1) + ", k_sum[0]}");
  b.net("var_word", kVarBits, {}, "sum of the word's squares (valid lanes)");

  b.ffNoReset({ifThen("take", {assign("sum_q", "(waddr_q == '0 ? '0 : sum_q) + word_sum"),
                               assign("c_q", "(waddr_q == '0 ? '0 : c_q) + c_add")}),
               ifThen("take && last_i", {assign("lastcnt_q", "count_i")}),
               ifThen("state_q == StMean && div_done", {assign("mean_q", "mean_next" + range(kX - 1, 0)),
                                                          assign("var_q", "'0")}),
               ifThen("state_q == StVar && rv_q", {assign("var_q", "var_q + var_word")}),
               ifThen("state_q == StVar && rv_q && rlast_q", {assign("k_q", "K0")}),
               ifThen("state_q == StNewt && div_done", {assign("k_q", "k_sum" + range(kDivD, 1))}),
               ifThen("state_q == StF && div_done", {assign("f_q", "quot" + range(kFBits - 1, 0))}),
               ifThen("state_q == StOut && en && rv_q && rlast_q", {assign("count_q", "lastcnt_q")})},
              "Datapath registers: no reset (the state says which hold a row).");

  b.banner("Row buffer and bias_int RAM, read together");
  b.net("rdata", lanes * kX);
  b.net("bias_rdata", lanes * kBiasBits);
  addRowBuffer(b, fr, "row_buf", lanes * kX, "take", "waddr_q[AddrBits-1:0]", "x_i", "rdata");
  addRowBuffer(b, fr, "bias_ram", lanes * kBiasBits, "bias_we_i", "bias_waddr_i", "bias_wdata_i",
               "bias_rdata");
  if (fr.cntBits > fr.addrBits) {
    b.net("unused_addr", 2 * (fr.cntBits - fr.addrBits));
    b.assign("unused_addr", "{waddr_q[CntBits-1:AddrBits], raddr_q[CntBits-1:AddrBits]}");
  }

  b.banner("Passes 2 and 3 per lane of the word read back");
  b.net("sq_all", lanes * kVarBits, {}, "(x - mean)^2 of lanes holding elements, else 0");
  b.beginFor("l", "Lanes", "g_lane");
  b.netSigned("x", kX);
  b.assign("x", "rdata[l*XBits +: XBits]");
  b.netSigned("bias", kBiasBits);
  b.assign("bias", "bias_rdata[l*" + std::to_string(kBiasBits) + " +: " + std::to_string(kBiasBits) + "]");
  b.net("ok", 1, {}, "lane holds an element");
  b.assign("ok", laneHoldsElement(fr));
  b.netSigned("y", kYBits);
  b.assign("y", signExtend("x", kX, kYBits) + " - " + signExtend("mean_q", kX, kYBits));
  b.net("ay", kYBits, {}, "|y| (2^32 fits unsigned)");
  b.assign("ay", "y[" + std::to_string(kYBits - 1) + "] ? -y : y");
  b.net("sq", 2 * kYBits, {}, "y^2, exact");
  b.assign("sq", zeroExtend("ay", kYBits, 2 * kYBits) + " * " + zeroExtend("ay", kYBits, 2 * kYBits));
  b.net("unused_sq", 2 * kYBits - kVarBits);
  b.assign("unused_sq", "sq" + range(2 * kYBits - 1, kVarBits));
  b.assign("sq_all[l*" + std::to_string(kVarBits) + " +: " + std::to_string(kVarBits) + "]",
           "ok ? sq" + range(kVarBits - 1, 0) + " : '0");
  b.netSigned("prod", kProdBits);
  b.assign("prod", signExtend("y", kYBits, kProdBits) + " * " + zeroExtend("f_q", kFBits, kProdBits));
  b.netSigned("scaled", kProdBits, {});
  b.assign("scaled", "prod >>> 1");
  b.net("y_q", kOutBits);
  b.ffNoReset({ifThen("state_q == StOut && en",
                      {assign("y_q", "ok ? " + signExtend("scaled", kProdBits, kOutBits) + " + bias : '0")})});
  b.assign("y_o[l*OutBits +: OutBits]", "y_q");
  b.endFor();
  {
    const std::vector<std::string> sq = laneNets(b, "sq_lane", "sq_all", kVarBits, lanes, false);
    std::vector<ir::Stmt> body = {assign("var_word", "'0")};
    for (const std::string &n : sq) body.push_back(assign("var_word", "var_word + " + n));
    b.comb(body, "Sum of the word's squares, 64 bits (exact: var < 2^63).");
  }
  return b.take();
}

} // namespace quasar::blocks
