// qsr_drain: the AXI4-Stream master. Takes finished accumulator banks from the compute unit,
// reads their words into a two-word FIFO and sends each word as beats (arch/stream.h layout).
//
// Cycle behaviour (docs/microarchitecture.md, "Drain"): one cycle in Idle accepts a full bank;
// in Read it issues one word read per cycle while the FIFO has room for it (counting the read
// in flight and a word leaving on the same cycle), releases the bank with its last read and
// returns to Idle. m_axis_tvalid is high while the FIFO holds a word; tvalid and tdata never
// depend on tready.
#include "blocks.h"

#include "quasar/arch/timing.h"
#include "widths.h"

#include <algorithm>

namespace quasar::blocks {

using ir::build::assign;
using ir::build::caseOf;
using ir::build::ifThen;
using ir::build::lit;
using ir::build::zeroExtend;

ir::Module buildDrain(const BlockContext &ctx) {
  const config::AccelConfig &cfg = ctx.cfg;
  const Widths w = widthsOf(cfg);
  static_assert(arch::kOutputFifoWords == 2, "qsr_drain holds exactly two words (head, tail)");
  const int beatBits = ir::build::bitsFor(std::max(w.oBeats - 1, 1));
  const int cntBits = w.lenMBits;
  const int padBits = w.oBeats * w.outBeatBits;
  auto toggle = [&](const std::string &r) { return w.banks == 2 ? "~" + r : r; };

  ModuleBuilder b(ctx, "qsr_drain",
                  "AXI4-Stream master: accumulator banks to result beats, two-word FIFO");
  b.describe({"Each word (Cols accumulators) leaves as OBeats beats, lane 0 in the lowest bits;",
              "tlast marks the last beat of the GEMM's last word."});
  b.localInt("WordBits", w.oWordBits, "array.cols x pe.acc_bits");
  b.localInt("BeatBits", w.outBeatBits, ctx.cite("interfaces.axis_out_bits"));
  b.localInt("OBeats", w.oBeats, "beats per word");
  b.localBits("OBeatsM1", beatBits, w.oBeats - 1);
  b.localBits("StIdle", 1, 0);
  b.localBits("StRead", 1, 1);

  b.clockAndReset();
  b.group("Run control");
  b.in("start_i");
  b.out("done_o", 1, {}, "the GEMM's last beat is accepted");
  b.group("Accumulator banks (from the compute unit)");
  b.in("acc_set_i");
  b.in("acc_set_bank_i");
  b.in("acc_set_m_len_i", w.lenMBits);
  b.in("acc_set_last_i");
  b.out("acc_full_o", 2, {}, "per bank (bank 1 unused when single-buffered)");
  b.group("Accumulator buffer read port");
  b.out("rd_en_o");
  b.out("rd_bank_o");
  b.out("rd_addr_o", w.accAddrBits);
  b.in("rd_data_i", w.oWordBits, "WordBits");
  b.group("Result stream");
  b.out("m_tdata_o", w.outBeatBits, "BeatBits");
  b.out("m_tvalid_o");
  b.in("m_tready_i");
  b.out("m_tlast_o");

  b.banner("Bank hand-over");
  b.net("full_q", 2);
  b.net("full_d", 2);
  b.net("m_len_b0_q", w.lenMBits);
  b.net("m_len_b1_q", w.lenMBits);
  b.net("last_b0_q");
  b.net("last_b1_q");
  b.net("bank_release");
  b.net("db_q", 1, {}, "bank being read");
  b.comb({assign("full_d", "full_q"),
          ifThen("start_i", {assign("full_d", "'0")},
                 {ifThen("acc_set_i", {assign("full_d[acc_set_bank_i]", "1'b1")}),
                  ifThen("bank_release", {assign("full_d[db_q]", "1'b0")})})},
         "Full from the compute unit's last write until the last read (never the same bank\n"
         "on the same edge).");
  b.ff({assign("full_q", "'0")}, {assign("full_q", "full_d")});
  b.ffNoReset({ifThen("acc_set_i && !acc_set_bank_i", {assign("m_len_b0_q", "acc_set_m_len_i"),
                                                        assign("last_b0_q", "acc_set_last_i")}),
               ifThen("acc_set_i && acc_set_bank_i", {assign("m_len_b1_q", "acc_set_m_len_i"),
                                                       assign("last_b1_q", "acc_set_last_i")})},
              "Read only while the bank is full: no reset.");
  b.assign("acc_full_o", "full_q");

  b.banner("Word reads");
  b.net("state_q");
  b.net("state_d");
  b.net("db_d");
  b.net("len_q", w.lenMBits, {}, "words of the bank being read");
  b.net("last_tile_q", 1, {}, "the bank holds the GEMM's last output tile");
  b.net("rd_cnt_q", cntBits);
  b.net("rd_cnt_d", cntBits);
  b.net("rd_addr_q", w.accAddrBits);
  b.net("rd_addr_d", w.accAddrBits);
  b.net("accept");
  b.net("rd_en");
  b.net("rd_last", 1, {}, "this read is the bank's last word");
  b.net("room", 1, {}, "the FIFO can take the word this read returns");
  b.net("count_q", 2, {}, "words in the FIFO");
  b.net("inflight_q", 1, {}, "a read returns its word this cycle");
  b.net("inflight_last_q", 1, {}, "that word is the GEMM's last");
  b.net("pop", 1, {}, "the head word's last beat is accepted");
  b.assign("room", "(" + zeroExtend("count_q", 2, 3) + " + " + zeroExtend("inflight_q", 1, 3) +
                       ") < (pop ? 3'd3 : 3'd2)");
  b.assign("rd_last", "rd_cnt_q == len_q - " + lit(cntBits, 1));
  b.comb({assign("state_d", "state_q"), assign("db_d", "db_q"), assign("rd_cnt_d", "rd_cnt_q"),
          assign("rd_addr_d", "rd_addr_q"), assign("accept", "1'b0"), assign("rd_en", "1'b0"),
          assign("bank_release", "1'b0"),
          caseOf("state_q",
                 {{"StIdle",
                   {ifThen("full_q[db_q]", {assign("accept", "1'b1"), assign("state_d", "StRead"),
                                            assign("rd_cnt_d", "'0"), assign("rd_addr_d", "'0")})}},
                  {"default",
                   {ifThen("room",
                           {assign("rd_en", "1'b1"),
                            assign("rd_addr_d", "rd_addr_q + " + lit(w.accAddrBits, 1)),
                            ifThen("rd_last",
                                   {assign("bank_release", "1'b1"), assign("db_d", toggle("db_q")),
                                    assign("state_d", "StIdle")},
                                   {assign("rd_cnt_d", "rd_cnt_q + " + lit(cntBits, 1))})})}}}),
          ifThen("start_i", {assign("state_d", "StIdle"), assign("db_d", "1'b0")})});
  b.ff({assign("state_q", "StIdle"), assign("db_q", "1'b0"), assign("rd_cnt_q", "'0"),
        assign("rd_addr_q", "'0"), assign("len_q", "'0"), assign("last_tile_q", "1'b0")},
       {assign("state_q", "state_d"), assign("db_q", "db_d"), assign("rd_cnt_q", "rd_cnt_d"),
        assign("rd_addr_q", "rd_addr_d"),
        ifThen("accept", {assign("len_q", "db_q ? m_len_b1_q : m_len_b0_q"),
                          assign("last_tile_q", "db_q ? last_b1_q : last_b0_q")})});
  b.assign("rd_en_o", "rd_en");
  b.assign("rd_bank_o", "db_q");
  b.assign("rd_addr_o", "rd_addr_q");

  b.banner("Two-word FIFO and beats");
  b.net("head_q", w.oWordBits, "WordBits", "oldest word");
  b.net("tail_q", w.oWordBits, "WordBits");
  b.net("head_last_q");
  b.net("tail_last_q");
  b.net("beat_q", beatBits);
  b.net("hs");
  b.net("beat_last");
  b.assign("hs", "m_tvalid_o && m_tready_i");
  b.assign("beat_last", w.oBeats == 1 ? "1'b1" : "beat_q == OBeatsM1");
  b.assign("pop", "hs && beat_last");
  b.ff({assign("count_q", "'0"), assign("inflight_q", "1'b0"), assign("inflight_last_q", "1'b0"),
        assign("beat_q", "'0"), assign("head_last_q", "1'b0"), assign("tail_last_q", "1'b0")},
       {assign("inflight_q", "rd_en"), assign("inflight_last_q", "rd_en && rd_last && last_tile_q"),
        assign("count_q", "count_q + " + zeroExtend("inflight_q", 1, 2) + " - " +
                              zeroExtend("pop", 1, 2)),
        ifThen("hs", {assign("beat_q", w.oBeats == 1 ? "'0" : "beat_last ? '0 : beat_q + " +
                                                                  lit(beatBits, 1))}),
        // Flags move exactly like the words below.
        ifThen("pop && count_q == 2'd2", {assign("head_last_q", "tail_last_q")}),
        ifThen("inflight_q",
               {ifThen("count_q == 2'd0 || (count_q == 2'd1 && pop)",
                       {assign("head_last_q", "inflight_last_q")},
                       {assign("tail_last_q", "inflight_last_q")})})});
  b.ffNoReset({ifThen("pop && count_q == 2'd2", {assign("head_q", "tail_q")}),
               ifThen("inflight_q",
                      {ifThen("count_q == 2'd0 || (count_q == 2'd1 && pop)",
                              {assign("head_q", "rd_data_i")}, {assign("tail_q", "rd_data_i")})})},
              "Words: valid only while counted, no reset.");
  b.assign("m_tvalid_o", "count_q != 2'd0");
  b.assign("m_tlast_o", "head_last_q && beat_last");
  b.assign("done_o", "hs && m_tlast_o");
  if (w.oBeats == 1) {
    if (w.outBeatBits == w.oWordBits) {
      b.assign("m_tdata_o", "head_q");
    } else {
      b.assign("m_tdata_o", zeroExtend("head_q", w.oWordBits, w.outBeatBits));
    }
    b.net("unused_beat", beatBits);
    b.assign("unused_beat", "beat_q");
  } else {
    b.net("head_pad", padBits, {}, "head word, zero-padded to whole beats");
    b.assign("head_pad", zeroExtend("head_q", w.oWordBits, padBits));
    b.array("beat_h", w.outBeatBits, "BeatBits", w.oBeats, "OBeats");
    b.beginFor("j", "OBeats", "g_beat");
    b.assign("beat_h[j]", "head_pad[j*BeatBits +: BeatBits]");
    b.endFor();
    b.assign("m_tdata_o", "beat_h[beat_q]");
  }
  return b.take();
}

} // namespace quasar::blocks
