// qsr_compute for dataflow os: feeds k-tiles into the accumulating PEs and drains finished
// output tiles into the accumulator buffer.
//
// Per step (docs/microarchitecture.md, "Compute, os"): one cycle in Idle accepts the step (its
// bank is full); k_len cycles read activation word t and weight word t together (the bank is
// released on the last). PEs accumulate across the k-tiles of one output tile, so the next
// step of the same tile may start right away. After a last k-tile, Tail waits
// arch::osAccumulateLatency - 1 cycles for the last products, then Drain shifts the PE
// accumulators down one row per cycle for Rows cycles (waiting while the accumulator bank is
// still being drained to the stream), writing the bottom row to word Rows-1-t of the bank.
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

ir::Module buildComputeOs(const BlockContext &ctx) {
  const config::AccelConfig &cfg = ctx.cfg;
  const Widths w = widthsOf(cfg);
  const int tailCycles = arch::osAccumulateLatency(cfg) - 1;
  const int cntBits = ir::build::bitsFor(std::max<int64_t>({w.rows, w.tile.k, tailCycles}));
  auto toggle = [&](const std::string &r) { return w.banks == 2 ? "~" + r : r; };

  ModuleBuilder b(ctx, "qsr_compute",
                  "output-stationary controller: operand feed, accumulate, drain");
  b.describe({"States: Idle (accept a step), Feed (k_len cycles), then after a last k-tile Tail",
              "(osAccumulateLatency - 1 cycles) and Drain (Rows cycles with a free accumulator",
              "bank)."});
  b.localInt("Rows", w.rows, ctx.cite("array.rows"));
  b.localBits("RowsM1", cntBits, w.rows - 1);
  b.localBits("LastRow", w.accAddrBits, w.rows - 1, "accumulator word of the bottom PE row");
  b.localBits("TailM1", cntBits, tailCycles - 1, "Tail lasts osAccumulateLatency - 1 cycles");
  b.localBits("WBank1", w.weightAddrBits, w.weightBankWords, "first word of weight bank 1");
  b.localBits("ABank1", w.actAddrBits, w.actBankWords, "first word of activation bank 1");
  b.localBits("StIdle", 2, 0);
  b.localBits("StFeed", 2, 1);
  b.localBits("StTail", 2, 2);
  b.localBits("StDrain", 2, 3);

  b.clockAndReset();
  addComputeStepPorts(b, w);
  b.group("Array");
  b.out("a_valid_o", 1, {}, "the operand words arriving from the buffers are real");
  b.out("drain_o");
  b.group("Accumulator bank (written by the drain of the array)");
  b.out("acc_bank_o");
  b.out("acc_wr_en_o");
  b.out("acc_wr_addr_o", w.accAddrBits);
  b.group("Accumulator hand-over to the drain unit");
  b.in("acc_full_i", 2);
  b.out("acc_set_o", 1, {}, "the bank holds a finished output tile");
  b.out("acc_set_m_len_o", w.lenMBits);
  b.out("acc_set_last_o", 1, {}, "it is the GEMM's last output tile");
  b.group("Performance");
  b.out("mac_inc_o", w.macIncBits, {}, "useful MACs issued this cycle");
  // Bit-serial weights (docs/bitserial-array.md, "Cycles"): each k is held for T cycles, term
  // j = 0..T-1 of the weights made by the term generators from the same read data.
  const bool serial = cfg.pe.type == config::PeType::Bitserial;
  const int idxBits = serial ? bitserialTermIndexBits(cfg) : 0;
  if (serial) {
    b.group("Bit-serial terms");
    b.in("terms_m1_i", idxBits, {}, "T - 1 for the run (T terms per weight)");
    b.out("term_o", idxBits, {}, "term index of the weight word arriving from the buffer");
    if (bitserialPadNeedsValid(cfg))
      b.out("lane_valid_o", w.cols, {}, "column c < n_len of the step (pm1 padding)");
  }

  b.banner("Control");
  if (serial) {
    b.net("term_q", idxBits, {}, "term index j of the k being fed");
    b.net("last_term", 1, {}, "j = T - 1: the next cycle moves to the next k");
    b.net("term_rd_q", idxBits, {}, "j of the read data (buffer read latency 1)");
  }
  b.net("state_q", 2);
  b.net("state_d", 2);
  b.net("cnt_q", cntBits);
  b.net("cnt_d", cntBits);
  b.net("cb_q", 1, {}, "input bank of the current step");
  b.net("cb_d");
  b.net("ab_q", 1, {}, "accumulator bank the next drain writes");
  b.net("ab_d");
  b.net("accept");
  b.net("feed");
  b.net("drain");
  b.net("m_len_q", w.lenMBits);
  b.net("k_len_q", w.lenKBits);
  b.net("last_k_q");
  b.net("last_tile_q");
  b.net("step_macs_q", w.macIncBits, {}, "m_len x n_len: MACs per operand word pair");
  b.net("k_len_m1", cntBits);
  b.net("unused_first_k", 1, {}, "os PEs start from zero after every drain");
  b.assign("unused_first_k", "first_k_i");
  b.assign("k_len_m1", zeroExtend("k_len_q", w.lenKBits, cntBits) + " - " + lit(cntBits, 1));
  const std::string inc = "cnt_q + " + lit(cntBits, 1);
  std::vector<ir::CaseItem> cases = {
      {"StIdle",
       {ifThen("bank_full_i[cb_q]",
               {assign("accept", "1'b1"), assign("state_d", "StFeed"), assign("cnt_d", "'0")})}},
      {"StFeed",
       {assign("feed", "1'b1"),
        ifThen(serial ? "cnt_q == k_len_m1 && last_term" : "cnt_q == k_len_m1",
               {assign("cnt_d", "'0"), assign("release_o", "1'b1"), assign("cb_d", toggle("cb_q")),
                assign("state_d", "last_k_q ? StTail : StIdle")},
               {serial ? ifThen("last_term", {assign("cnt_d", inc)}) : assign("cnt_d", inc)})}},
      {"StTail",
       {ifThen("cnt_q == TailM1", {assign("state_d", "StDrain"), assign("cnt_d", "'0")},
               {assign("cnt_d", inc)})}},
      {"StDrain",
       {ifThen("!acc_full_i[ab_q]",
               {assign("drain", "1'b1"),
                ifThen("cnt_q == RowsM1",
                       {assign("state_d", "StIdle"), assign("acc_set_o", "1'b1"),
                        assign("ab_d", toggle("ab_q"))},
                       {assign("cnt_d", inc)})})}},
      {"default", {assign("state_d", "StIdle")}}};
  b.comb({assign("state_d", "state_q"), assign("cnt_d", "cnt_q"), assign("cb_d", "cb_q"),
          assign("ab_d", "ab_q"), assign("accept", "1'b0"), assign("feed", "1'b0"),
          assign("drain", "1'b0"), assign("release_o", "1'b0"), assign("acc_set_o", "1'b0"),
          caseOf("state_q", cases),
          ifThen("start_i", {assign("state_d", "StIdle"), assign("cb_d", "1'b0"),
                             assign("ab_d", "1'b0")})});
  b.ff({assign("state_q", "StIdle"), assign("cnt_q", "'0"), assign("cb_q", "1'b0"),
        assign("ab_q", "1'b0")},
       {assign("state_q", "state_d"), assign("cnt_q", "cnt_d"), assign("cb_q", "cb_d"),
        assign("ab_q", "ab_d")});
  b.ff({assign("m_len_q", "'0"), assign("k_len_q", "'0"), assign("last_k_q", "1'b0"),
        assign("last_tile_q", "1'b0"), assign("step_macs_q", "'0")},
       {ifThen("accept",
               {assign("m_len_q", "m_len_i"), assign("k_len_q", "k_len_i"),
                assign("last_k_q", "last_k_i"), assign("last_tile_q", "last_tile_i"),
                assign("step_macs_q", zeroExtend("m_len_i", w.lenMBits, w.macIncBits) + " * " +
                                          zeroExtend("n_len_i", w.lenNBits, w.macIncBits))})},
       "The accepted step's lengths and flags.");
  b.assign("meta_bank_o", "cb_q");
  b.assign("release_bank_o", "cb_q");
  b.assign("mac_inc_o", serial ? "feed && term_q == '0 ? step_macs_q : '0"
                                : "feed ? step_macs_q : '0");
  if (serial) {
    b.assign("last_term", "term_q == terms_m1_i");
    b.ff({assign("term_q", "'0"), assign("term_rd_q", "'0")},
         {ifThen("accept || (feed && last_term)", {assign("term_q", "'0")},
                 {ifThen("feed", {assign("term_q", "term_q + " + lit(idxBits, 1))})}),
          assign("term_rd_q", "term_q")});
    b.assign("term_o", "term_rd_q");
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

  b.banner("Buffer reads and operand valid");
  b.net("wrd_addr_q", w.weightAddrBits);
  b.net("ard_addr_q", w.actAddrBits);
  b.net("a_valid_q", 1, {}, "feed, delayed by the buffer read latency");
  b.ff({assign("wrd_addr_q", "'0"), assign("ard_addr_q", "'0"), assign("a_valid_q", "1'b0")},
       {ifThen("accept",
               {assign("wrd_addr_q", w.banks == 2 ? "cb_q ? WBank1 : '0" : "'0"),
                assign("ard_addr_q", w.banks == 2 ? "cb_q ? ABank1 : '0" : "'0")},
               {ifThen(serial ? "feed && last_term" : "feed",
                       {assign("wrd_addr_q", "wrd_addr_q + " + lit(w.weightAddrBits, 1)),
                                assign("ard_addr_q", "ard_addr_q + " + lit(w.actAddrBits, 1))})}),
        assign("a_valid_q", "feed")});
  b.assign("wbuf_rd_en_o", "feed");
  b.assign("abuf_rd_en_o", "feed");
  b.assign("wbuf_rd_addr_o", "wrd_addr_q");
  b.assign("abuf_rd_addr_o", "ard_addr_q");
  b.assign("a_valid_o", "a_valid_q");

  b.banner("Drain into the accumulator bank");
  b.net("drain_addr_q", w.accAddrBits, {}, "word of the PE row at the bottom");
  b.ff({assign("drain_addr_q", "LastRow")},
       {ifThen("drain", {assign("drain_addr_q", "drain_addr_q - " + lit(w.accAddrBits, 1))}),
        ifThen("acc_set_o || start_i", {assign("drain_addr_q", "LastRow")})});
  b.assign("drain_o", "drain");
  b.assign("acc_bank_o", "ab_q");
  b.assign("acc_wr_en_o", "drain");
  b.assign("acc_wr_addr_o", "drain_addr_q");
  b.assign("acc_set_m_len_o", "m_len_q");
  b.assign("acc_set_last_o", "last_tile_q");
  return b.take();
}

} // namespace quasar::blocks
