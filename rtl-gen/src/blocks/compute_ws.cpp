// qsr_compute for dataflow ws: runs one schedule() step at a time on the array.
//
// Per step (docs/microarchitecture.md, "Compute, ws"): one cycle in Idle accepts the step (its
// bank is full, and for a first k-tile the accumulator bank is free); Rows cycles read the
// weight words (row r loads on the cycle its word arrives); m_len cycles read one activation
// word each (the bank is released on the last); the column sums of word i leave the array
// arch::wsResultLatency cycles after its read and are added to accumulator word i (read the
// cycle before, written the cycle after: read-modify-write over a registered sum). The step
// ends with the last write; after a last k-tile the accumulator bank goes to the drain unit.
#include "blocks.h"

#include "pe_bitserial.h"
#include "quasar/arch/timing.h"
#include "widths.h"

#include <algorithm>

namespace quasar::blocks {

using ir::build::assign;
using ir::build::caseOf;
using ir::build::ifThen;
using ir::build::lit;
using ir::build::zeroExtend;

ir::Module buildComputeWs(const BlockContext &ctx) {
  const config::AccelConfig &cfg = ctx.cfg;
  const Widths w = widthsOf(cfg);
  const int latency = arch::wsResultLatency(cfg);
  const int tailCycles = latency + 1; // last feed -> last accumulator write
  const int cntBits = ir::build::bitsFor(std::max<int64_t>({w.rows, w.tile.m, tailCycles}));
  const int accBits = cfg.pe.acc_bits;

  ModuleBuilder b(ctx, "qsr_compute",
                  "weight-stationary controller: weight load, activation feed, accumulate");
  b.describe({"States: Idle (accept a step), LoadW (Rows cycles), Feed (m_len cycles), Tail",
              "(wsResultLatency + 1 cycles, ending with the last accumulator write)."});
  b.localInt("Rows", w.rows, ctx.cite("array.rows"));
  b.localInt("Cols", w.cols, ctx.cite("array.cols"));
  b.localInt("AccBits", accBits, ctx.cite("pe.acc_bits"));
  b.localInt("ResultLatency", latency, "arch::wsResultLatency: feed read -> column sums");
  b.localBits("RowsM1", cntBits, w.rows - 1);
  b.localBits("TailM1", cntBits, tailCycles - 1, "Tail lasts ResultLatency + 1 cycles");
  b.localBits("WBank1", w.weightAddrBits, w.weightBankWords, "first word of weight bank 1");
  b.localBits("ABank1", w.actAddrBits, w.actBankWords, "first word of activation bank 1");
  b.localBits("StIdle", 2, 0);
  b.localBits("StLoadW", 2, 1);
  b.localBits("StFeed", 2, 2);
  b.localBits("StTail", 2, 3);

  b.clockAndReset();
  addComputeStepPorts(b, w);
  b.group("Array");
  b.out("w_load_o", w.rows, "Rows");
  b.in("sum_i", w.cols * accBits, "Cols*AccBits");
  b.group("Accumulator bank (read-modify-write)");
  b.out("acc_bank_o");
  b.out("acc_rd_en_o");
  b.out("acc_rd_addr_o", w.accAddrBits);
  b.in("acc_rd_data_i", w.cols * accBits, "Cols*AccBits");
  b.out("acc_wr_en_o");
  b.out("acc_wr_addr_o", w.accAddrBits);
  b.out("acc_wr_data_o", w.cols * accBits, "Cols*AccBits");
  b.group("Accumulator hand-over to the drain unit");
  b.in("acc_full_i", 2);
  b.out("acc_set_o", 1, {}, "the bank holds a finished output tile");
  b.out("acc_set_m_len_o", w.lenMBits);
  b.out("acc_set_last_o", 1, {}, "it is the GEMM's last output tile");
  b.group("Performance");
  b.out("mac_inc_o", w.macIncBits, {}, "useful MACs issued this cycle");
  // Bit-serial weights (docs/bitserial-array.md, "Cycles"): a step runs T passes back to back;
  // pass j loads term j of each weight (the term generators turn the weight bank's codes into
  // terms), feeds every activation word again and adds its column sums into the accumulator.
  const bool serial = cfg.pe.type == config::PeType::Bitserial;
  const int idxBits = serial ? bitserialTermIndexBits(cfg) : 0;
  if (serial) {
    b.group("Bit-serial passes");
    b.in("terms_m1_i", idxBits, {}, "T - 1 for the run (T terms per weight)");
    b.out("term_o", idxBits, {}, "the pass: term index of the weights being loaded");
    if (bitserialPadNeedsValid(cfg))
      b.out("lane_valid_o", w.cols, {}, "column c < n_len of the step (pm1 padding)");
    if (!isBitplane(cfg)) {
      b.in("group_scale_i", w.cols * kBitmodScaleBits, {}, "the step's s_g per column (loader)");
      b.in("group_special_i", w.cols * kBitmodSpecialBits, {}, "its special indices");
      b.out("group_special_o", w.cols * kBitmodSpecialBits, {},
            "special indices of the running step (term generators)");
    }
  }

  b.banner("Control");
  b.net("state_q", 2);
  b.net("state_d", 2);
  b.net("cnt_q", cntBits);
  b.net("cnt_d", cntBits);
  b.net("cb_q", 1, {}, "input bank of the current step");
  b.net("cb_d");
  b.net("ab_q", 1, {}, "accumulator bank of the current output tile");
  b.net("ab_d");
  b.net("can_start");
  b.net("accept");
  b.net("feed");
  b.net("m_len_q", w.lenMBits);
  b.net("first_k_q");
  b.net("last_k_q");
  b.net("last_tile_q");
  b.net("step_macs_q", w.macIncBits, {}, "k_len x n_len: MACs per activation word");
  b.net("m_len_m1", cntBits);
  if (serial) {
    b.net("next_pass", 1, {}, "the Tail of a pass that is not the last ends");
    b.net("pass_q", idxBits, {}, "j: the pass (term index) of the current step");
    b.net("last_pass", 1, {}, "j = T - 1");
  }
  b.assign("can_start", "bank_full_i[cb_q] && (!first_k_i || !acc_full_i[ab_q])");
  b.assign("m_len_m1", zeroExtend("m_len_q", w.lenMBits, cntBits) + " - " + lit(cntBits, 1));
  auto toggle = [&](const std::string &r) { return w.banks == 2 ? "~" + r : r; };
  std::vector<ir::CaseItem> cases = {
      {"StIdle",
       {ifThen("can_start", {assign("accept", "1'b1"), assign("state_d", "StLoadW"),
                             assign("cnt_d", "'0")})}},
      {"StLoadW",
       {assign("wbuf_rd_en_o", "1'b1"),
        ifThen("cnt_q == RowsM1", {assign("state_d", "StFeed"), assign("cnt_d", "'0")},
               {assign("cnt_d", "cnt_q + " + lit(cntBits, 1))})}},
      {"StFeed",
       {assign("abuf_rd_en_o", "1'b1"), assign("feed", "1'b1"),
        ifThen("cnt_q == m_len_m1",
               serial ? std::vector<ir::Stmt>{assign("state_d", "StTail"), assign("cnt_d", "'0"),
                                              ifThen("last_pass", {assign("release_o", "1'b1"),
                                                                   assign("cb_d", toggle("cb_q"))})}
                      : std::vector<ir::Stmt>{assign("state_d", "StTail"), assign("cnt_d", "'0"),
                                              assign("release_o", "1'b1"),
                                              assign("cb_d", toggle("cb_q"))},
               {assign("cnt_d", "cnt_q + " + lit(cntBits, 1))})}},
      {"StTail",
       {ifThen("cnt_q == TailM1",
               serial ? std::vector<ir::Stmt>{ifThen(
                            "last_pass",
                            {assign("state_d", "StIdle"),
                             ifThen("last_k_q",
                                    {assign("acc_set_o", "1'b1"), assign("ab_d", toggle("ab_q"))})},
                            {assign("state_d", "StLoadW"), assign("cnt_d", "'0"),
                             assign("next_pass", "1'b1")})}
                      : std::vector<ir::Stmt>{assign("state_d", "StIdle"),
                                              ifThen("last_k_q", {assign("acc_set_o", "1'b1"),
                                                                  assign("ab_d", toggle("ab_q"))})},
               {assign("cnt_d", "cnt_q + " + lit(cntBits, 1))})}},
      {"default", {assign("state_d", "StIdle")}}};
  std::vector<ir::Stmt> control = {
      assign("state_d", "state_q"),    assign("cnt_d", "cnt_q"),         assign("cb_d", "cb_q"),
      assign("ab_d", "ab_q"),          assign("accept", "1'b0"),         assign("feed", "1'b0"),
      assign("release_o", "1'b0"),     assign("acc_set_o", "1'b0"),      assign("wbuf_rd_en_o", "1'b0"),
      assign("abuf_rd_en_o", "1'b0")};
  if (serial) control.push_back(assign("next_pass", "1'b0"));
  control.push_back(caseOf("state_q", cases));
  control.push_back(ifThen("start_i", {assign("state_d", "StIdle"), assign("cb_d", "1'b0"),
                                       assign("ab_d", "1'b0")}));
  b.comb(control);
  b.ff({assign("state_q", "StIdle"), assign("cnt_q", "'0"), assign("cb_q", "1'b0"),
        assign("ab_q", "1'b0")},
       {assign("state_q", "state_d"), assign("cnt_q", "cnt_d"), assign("cb_q", "cb_d"),
        assign("ab_q", "ab_d")});
  b.ff({assign("m_len_q", "'0"), assign("first_k_q", "1'b0"), assign("last_k_q", "1'b0"),
        assign("last_tile_q", "1'b0"), assign("step_macs_q", "'0")},
       {ifThen("accept",
               {assign("m_len_q", "m_len_i"), assign("first_k_q", "first_k_i"),
                assign("last_k_q", "last_k_i"), assign("last_tile_q", "last_tile_i"),
                assign("step_macs_q", zeroExtend("k_len_i", w.lenKBits, w.macIncBits) + " * " +
                                          zeroExtend("n_len_i", w.lenNBits, w.macIncBits))})},
       "The accepted step's lengths and flags.");
  b.assign("meta_bank_o", "cb_q");
  b.assign("release_bank_o", "cb_q");
  b.assign("mac_inc_o", serial ? "feed && pass_q == '0 ? step_macs_q : '0"
                                : "feed ? step_macs_q : '0");
  // A pass starts on accept (pass 0) or after the previous pass's Tail (next_pass): the bank
  // addresses, the weight row and the accumulator addresses start over.
  const std::string passStart = serial ? "accept || next_pass" : "accept";
  if (serial) {
    b.assign("last_pass", "pass_q == terms_m1_i");
    b.ff({assign("pass_q", "'0")},
         {ifThen("accept", {assign("pass_q", "'0")},
                 {ifThen("next_pass", {assign("pass_q", "pass_q + " + lit(idxBits, 1))})})});
    b.assign("term_o", "pass_q");
    if (!isBitplane(cfg)) {
      // The loader may refill the bank once it is released (end of the last Feed), but the
      // last pass's Tail still scales: the step's group is held here from accept.
      b.net("scale_q", w.cols * kBitmodScaleBits, {}, "s_g per column of the running step");
      b.net("special_q", w.cols * kBitmodSpecialBits, {}, "special indices of the step");
      b.ffNoReset({ifThen("accept", {assign("scale_q", "group_scale_i"),
                                     assign("special_q", "group_special_i")})},
                  "Read only after an accept: no reset.");
      b.assign("group_special_o", "special_q");
    }
    if (bitserialPadNeedsValid(cfg)) {
      std::string valid;
      for (int c = w.cols - 1; c >= 0; --c)
        valid += std::string(valid.empty() ? "" : ", ") + "n_len_i > " + lit(w.lenNBits, c);
      b.net("lane_valid_q", w.cols, {}, "columns of the accepted step");
      b.ff({assign("lane_valid_q", "'0")},
           {ifThen("accept", {assign("lane_valid_q", "{" + valid + "}")})});
      b.assign("lane_valid_o", "lane_valid_q");
    }
  }

  b.banner("Buffer read addresses");
  b.net("wrd_addr_q", w.weightAddrBits);
  b.net("ard_addr_q", w.actAddrBits);
  b.ff({assign("wrd_addr_q", "'0"), assign("ard_addr_q", "'0")},
       {ifThen(passStart,
               {assign("wrd_addr_q", w.banks == 2 ? "cb_q ? WBank1 : '0" : "'0"),
                assign("ard_addr_q", w.banks == 2 ? "cb_q ? ABank1 : '0" : "'0")},
               {ifThen("wbuf_rd_en_o", {assign("wrd_addr_q", "wrd_addr_q + " +
                                                              lit(w.weightAddrBits, 1))}),
                ifThen("abuf_rd_en_o",
                       {assign("ard_addr_q", "ard_addr_q + " + lit(w.actAddrBits, 1))})})});
  b.assign("wbuf_rd_addr_o", "wrd_addr_q");
  b.assign("abuf_rd_addr_o", "ard_addr_q");

  b.banner("Weight load");
  b.net("row_sel_q", w.rows, "Rows", "one-hot: the row whose weight word is read");
  b.net("w_load_q", w.rows, "Rows", "the row whose weight word arrives from the buffer");
  b.ff({assign("row_sel_q", "'0"), assign("w_load_q", "'0")},
       {ifThen(passStart, {assign("row_sel_q", lit(w.rows, 1))},
               {ifThen("wbuf_rd_en_o", {assign("row_sel_q", "row_sel_q << 1")})}),
        assign("w_load_q", "wbuf_rd_en_o ? row_sel_q : '0")});
  b.assign("w_load_o", "w_load_q");

  b.banner("Accumulate");
  b.net("rmw_rd_v", 1, {}, "read accumulator word: its column sums arrive next cycle");
  b.net("rmw_add_v_q", 1, {}, "column sums and old accumulator word are here");
  b.net("rmw_wr_v_q", 1, {}, "sum_q is written");
  {
    ir::Instance &inst = b.instance("qsr_valid_delay", "u_rmw_delay",
                                    "Feed valid, delayed to the accumulator read.");
    inst.params = {{"Width", "1"}, {"Stages", "ResultLatency - 1"}};
    connect(inst, "clk_i", "clk_i");
    connect(inst, "rst_ni", "rst_ni");
    connect(inst, "d_i", "feed");
    connect(inst, "q_o", "rmw_rd_v");
  }
  b.net("acc_rd_addr_q", w.accAddrBits);
  b.net("acc_wr_addr_q", w.accAddrBits);
  b.ff({assign("rmw_add_v_q", "1'b0"), assign("rmw_wr_v_q", "1'b0"), assign("acc_rd_addr_q", "'0"),
        assign("acc_wr_addr_q", "'0")},
       {assign("rmw_add_v_q", "rmw_rd_v"), assign("rmw_wr_v_q", "rmw_add_v_q"),
        ifThen(passStart, {assign("acc_rd_addr_q", "'0"), assign("acc_wr_addr_q", "'0")},
               {ifThen("rmw_rd_v",
                       {assign("acc_rd_addr_q", "acc_rd_addr_q + " + lit(w.accAddrBits, 1))}),
                ifThen("rmw_wr_v_q",
                       {assign("acc_wr_addr_q", "acc_wr_addr_q + " + lit(w.accAddrBits, 1))})})});
  b.net("sum_d", w.cols * accBits, "Cols*AccBits");
  b.net("sum_q", w.cols * accBits, "Cols*AccBits");
  b.beginFor("c", "Cols", "g_col");
  b.net("acc_old", accBits, "AccBits", "the accumulator word's column c, or 0 on a first k-tile");
  b.assign("acc_old", std::string(serial ? "first_k_q && pass_q == '0" : "first_k_q") +
                          " ? '0 : acc_rd_data_i[c*AccBits +: AccBits]");
  if (serial && !isBitplane(cfg)) {
    // Per-column dequantization (qsr_bitserial_dequant): the pass's column sum times s_g.
    b.net("scaled", accBits, "AccBits", "column sum x s_g");
    ir::Instance &dq = b.instance("qsr_bitserial_dequant", "u_dequant");
    connect(dq, "sum_i", "sum_i[c*AccBits +: AccBits]");
    connect(dq, "scale_i", "scale_q[c*" + std::to_string(kBitmodScaleBits) + " +: " +
                               std::to_string(kBitmodScaleBits) + "]");
    connect(dq, "scaled_o", "scaled");
    b.assign("sum_d[c*AccBits +: AccBits]", "acc_old + scaled");
  } else {
    b.assign("sum_d[c*AccBits +: AccBits]", "acc_old + sum_i[c*AccBits +: AccBits]");
  }
  b.endFor();
  b.ffNoReset({assign("sum_q", "sum_d")}, "Datapath register: no reset.");
  b.assign("acc_bank_o", "ab_q");
  b.assign("acc_rd_en_o", "rmw_rd_v");
  b.assign("acc_rd_addr_o", "acc_rd_addr_q");
  b.assign("acc_wr_en_o", "rmw_wr_v_q");
  b.assign("acc_wr_addr_o", "acc_wr_addr_q");
  b.assign("acc_wr_data_o", "sum_q");
  b.assign("acc_set_m_len_o", "m_len_q");
  b.assign("acc_set_last_o", "last_tile_q");
  return b.take();
}

} // namespace quasar::blocks
