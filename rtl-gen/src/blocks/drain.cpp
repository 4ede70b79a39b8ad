// qsr_drain: the AXI4-Stream master. Takes finished accumulator banks from the compute unit,
// reads their words into a two-word FIFO and sends each word as beats (arch/stream.h layout).
//
// Cycle behaviour (docs/microarchitecture.md, "Drain"): one cycle in Idle accepts a full bank;
// in Read it issues one word read per cycle while the FIFO has room for it (counting the read
// in flight and a word leaving on the same cycle), releases the bank with its last read and
// returns to Idle. m_axis_tvalid is high while the FIFO holds a word; tvalid and tdata never
// depend on tready.
//
// With post.requant (docs/dyadic-pipeline.md) a qsr_dyadic_requant sits between the
// accumulator read and the FIFO: every word read passes its arch::drainPipelineStages stages
// (never stalled: the FIFO reserves room for every word in flight), the FIFO holds
// arch::outputFifoWords requantized words, and the parameters come from the per-tensor CSRs or
// one parameter RAM word per output tile, read when the drain accepts the bank.
#include "blocks.h"

#include "dyadic.h"
#include "quasar/arch/post_params.h"
#include "quasar/arch/timing.h"
#include "widths.h"

#include <algorithm>

namespace quasar::blocks {

using ir::build::assign;
using ir::build::caseOf;
using ir::build::ifThen;
using ir::build::lit;
using ir::build::zeroExtend;

namespace {

int beatCounterBits(const Widths &w) { return ir::build::bitsFor(std::max(w.oBeats - 1, 1)); }

// The beat counter's nets: handshake, last beat of the head word, pop.
void addBeatsRegs(ModuleBuilder &b, const Widths &w) {
  b.net("beat_q", beatCounterBits(w));
  b.net("hs");
  b.net("beat_last");
  b.assign("hs", "m_tvalid_o && m_tready_i");
  b.assign("beat_last", w.oBeats == 1 ? "1'b1" : "beat_q == OBeatsM1");
  b.assign("pop", "hs && beat_last");
}

// tlast, done and tdata from the head word `head` (and its last flag).
void addBeats(ModuleBuilder &b, const Widths &w, const std::string &head,
              const std::string &headLast) {
  const int beatBits = beatCounterBits(w);
  const int padBits = w.oBeats * w.outBeatBits;
  b.assign("m_tlast_o", headLast + " && beat_last");
  b.assign("done_o", "hs && m_tlast_o");
  if (w.oBeats == 1) {
    if (w.outBeatBits == w.oWordBits) {
      b.assign("m_tdata_o", head);
    } else {
      b.assign("m_tdata_o", zeroExtend(head, w.oWordBits, w.outBeatBits));
    }
    b.net("unused_beat", beatBits);
    b.assign("unused_beat", "beat_q");
  } else {
    b.net("head_pad", padBits, {}, "head word, zero-padded to whole beats");
    b.assign("head_pad", zeroExtend(head, w.oWordBits, padBits));
    b.array("beat_h", w.outBeatBits, "BeatBits", w.oBeats, "OBeats");
    b.beginFor("j", "OBeats", "g_beat");
    b.assign("beat_h[j]", "head_pad[j*BeatBits +: BeatBits]");
    b.endFor();
    b.assign("m_tdata_o", "beat_h[beat_q]");
  }
}

// Where the requantizer's parameters come from: per-tensor CSR values, or the parameter RAM's
// read port and the GEMM dimension that tells the drain when the n-tile changes.
void addRequantParamPorts(ModuleBuilder &b, const Widths &w, bool perChannel, bool clip,
                          bool ws) {
  const config::AccelConfig &cfg = b.ctx().cfg;
  const int o = cfg.post.requant.out_bits;
  b.group("Requantization parameters");
  if (perChannel) {
    b.in(ws ? "dim_m_i" : "dim_n_i", ws ? w.dimMBits : w.dimNBits, {},
         ws ? "GEMM M: an n-tile ends after its last m-tile" : "GEMM N: the n-tiles of an m-tile");
    b.out("param_rd_en_o", 1, {}, "read the accepted tile's parameter word");
    b.out("param_rd_addr_o", arch::paramIndexBits(cfg));
    b.in("param_rd_data_i", arch::paramWordBits(cfg), {}, "arch::paramLaneLayout per lane");
  } else {
    b.in("mult_i", cfg.post.requant.mult_bits, {}, "per tensor: m");
    b.in("shift_i", arch::kShiftFieldBits, {}, "per tensor: e");
    b.in("zp_i", o, {}, "per tensor: zero point");
    if (cfg.post.bias) b.in("bias_i", cfg.pe.acc_bits, {}, "per tensor: bias");
  }
  if (clip) {
    b.in("clip_lo_i", o);
    b.in("clip_hi_i", o);
  }
}

// Per channel: which parameter word belongs to the bank being accepted. ws walks n-tiles
// outside m-tiles (the word changes after the last m-tile), os m-tiles outside n-tiles (the
// word index wraps after the last n-tile); the next tile's index is ready on every accept.
void addParamTileCounter(ModuleBuilder &b, const BlockContext &ctx, const Widths &w, bool ws) {
  const config::AccelConfig &cfg = ctx.cfg;
  const int pab = arch::paramIndexBits(cfg);
  const int64_t step = ws ? w.tile.m : cfg.array.cols;
  const int dimBits = ws ? w.dimMBits : w.dimNBits;
  const int sumBits = std::max(dimBits, ir::build::bitsFor(step)) + 1;
  const std::string dim = ws ? "dim_m_i" : "dim_n_i";
  b.banner("Parameter word of each output tile");
  b.net("ptile_q", pab, {}, "parameter word of the next tile the drain accepts");
  b.net("pos_q", dimBits, {}, ws ? "m0 of that tile" : "n0 of that tile");
  b.net("pos_next", sumBits);
  b.net("tile_wrap", 1, {}, ws ? "that tile is its n-tile's last m-tile" : "that tile is the last n-tile");
  b.assign("pos_next", zeroExtend("pos_q", dimBits, sumBits) + " + " + lit(sumBits, step));
  b.assign("tile_wrap", "pos_next >= " + zeroExtend(dim, dimBits, sumBits));
  std::vector<ir::Stmt> onAccept;
  if (ws)
    onAccept = {ifThen("tile_wrap",
                       {assign("pos_q", "'0"), assign("ptile_q", "ptile_q + " + lit(pab, 1))},
                       {assign("pos_q", "pos_next[" + std::to_string(dimBits - 1) + ":0]")})};
  else
    onAccept = {ifThen("tile_wrap", {assign("pos_q", "'0"), assign("ptile_q", "'0")},
                       {assign("pos_q", "pos_next[" + std::to_string(dimBits - 1) + ":0]"),
                        assign("ptile_q", "ptile_q + " + lit(pab, 1))})};
  b.ff({assign("ptile_q", "'0"), assign("pos_q", "'0")},
       {ifThen("start_i", {assign("ptile_q", "'0"), assign("pos_q", "'0")},
               {ifThen("accept", onAccept)})});
  b.assign("param_rd_en_o", "accept");
  b.assign("param_rd_addr_o", "ptile_q");
}

// The requantizer on every word read, and the FIFO of arch::outputFifoWords requantized words.
void addRequantFifo(ModuleBuilder &b, const BlockContext &ctx, const Widths &w, bool perChannel,
                    bool clip) {
  const config::AccelConfig &cfg = ctx.cfg;
  const arch::ParamLaneLayout l = arch::paramLaneLayout(cfg);
  const int depth = arch::outputFifoWords(cfg);
  const int ptrBits = ir::build::bitsFor(depth - 1);
  const int cntBits = ir::build::bitsFor(depth + 1);
  const int beatBits = beatCounterBits(w);
  const int o = cfg.post.requant.out_bits, mb = cfg.post.requant.mult_bits;

  b.banner("Requantizer (never stalled: room is reserved for every word in flight)");
  b.net("rq_valid", 1, {}, "a requantized word enters the FIFO");
  b.net("rq_last");
  b.net("rq_y", w.oWordBits);
  b.net("rq_ready", 1, {}, "always 1: ready_i is tied high");
  {
    ir::Instance &i = b.instance("qsr_dyadic_requant", "u_requant");
    connect(i, "clk_i", "clk_i");
    connect(i, "rst_ni", "rst_ni");
    connect(i, "valid_i", "inflight_q");
    connect(i, "ready_o", "rq_ready");
    connect(i, "last_i", "inflight_last_q");
    connect(i, "acc_i", "rd_data_i");
    auto lanes = [&](int lsb, int bits, const std::string &tensorValue) {
      return requantLaneVector(cfg, perChannel, "param_rd_data_i", lsb, bits, tensorValue);
    };
    if (cfg.post.bias) connect(i, "bias_i", lanes(l.biasLsb, cfg.pe.acc_bits, "bias_i"));
    connect(i, "mult_i", lanes(l.multLsb, mb, "mult_i"));
    connect(i, "shift_i", lanes(l.shiftLsb, arch::kShiftFieldBits, "shift_i"));
    connect(i, "zp_i", lanes(l.zpLsb, o, "zp_i"));
    if (clip) {
      connect(i, "clip_lo_i", "clip_lo_i");
      connect(i, "clip_hi_i", "clip_hi_i");
    }
    connect(i, "valid_o", "rq_valid");
    connect(i, "ready_i", "1'b1");
    connect(i, "last_o", "rq_last");
    connect(i, "y_o", "rq_y");
  }
  b.net("unused_rq_ready");
  b.assign("unused_rq_ready", "rq_ready");

  b.banner("FIFO of requantized words and beats");
  b.localInt("FifoWords", depth, "arch::outputFifoWords: two plus one per requantizer stage");
  b.array("fifo_q", w.oWordBits, {}, depth, "FifoWords", "words: valid only while counted");
  b.net("fifo_last_q", depth, {}, "per slot: the GEMM's last word");
  b.net("wr_ptr_q", ptrBits);
  b.net("rd_ptr_q", ptrBits);
  b.net("count_q", cntBits, {}, "words in the FIFO");
  b.net("pipe_q", cntBits, {}, "words read and not yet in the FIFO");
  b.net("head", w.oWordBits);
  b.net("head_last");
  b.assign("room", "count_q + pipe_q < (pop ? " + lit(cntBits, depth + 1) + " : " +
                       lit(cntBits, depth) + ")");
  addBeatsRegs(b, w);
  auto advance = [&](const std::string &ptr) {
    return assign(ptr, ptr + " == " + lit(ptrBits, depth - 1) + " ? '0 : " + ptr + " + " +
                           lit(ptrBits, 1));
  };
  b.ff({assign("inflight_q", "1'b0"), assign("inflight_last_q", "1'b0"), assign("count_q", "'0"),
        assign("pipe_q", "'0"), assign("wr_ptr_q", "'0"), assign("rd_ptr_q", "'0"),
        assign("fifo_last_q", "'0"), assign("beat_q", "'0")},
       {assign("inflight_q", "rd_en"), assign("inflight_last_q", "rd_en && rd_last && last_tile_q"),
        assign("pipe_q", "pipe_q + " + zeroExtend("rd_en", 1, cntBits) + " - " +
                             zeroExtend("rq_valid", 1, cntBits)),
        assign("count_q", "count_q + " + zeroExtend("rq_valid", 1, cntBits) + " - " +
                              zeroExtend("pop", 1, cntBits)),
        ifThen("rq_valid", {assign("fifo_last_q[wr_ptr_q]", "rq_last"), advance("wr_ptr_q")}),
        ifThen("pop", {advance("rd_ptr_q")}),
        ifThen("hs", {assign("beat_q", w.oBeats == 1 ? "'0" : "beat_last ? '0 : beat_q + " +
                                                                  lit(beatBits, 1))})});
  b.ffNoReset({ifThen("rq_valid", {assign("fifo_q[wr_ptr_q]", "rq_y")})},
              "Words: valid only while counted, no reset.");
  b.assign("head", "fifo_q[rd_ptr_q]");
  b.assign("head_last", "fifo_last_q[rd_ptr_q]");
  b.assign("m_tvalid_o", "count_q != '0");
}

} // namespace

ir::Module buildDrain(const BlockContext &ctx) {
  const config::AccelConfig &cfg = ctx.cfg;
  const Widths w = widthsOf(cfg);
  const bool rq = cfg.post.requant.enabled;
  const bool perChannel = rq && cfg.post.requant.granularity == config::Granularity::PerChannel;
  const bool clip = cfg.post.activation == config::Activation::Relu6 ||
                    cfg.post.activation == config::Activation::Clip;
  const bool ws = cfg.array.dataflow == config::Dataflow::WeightStationary;
  static_assert(arch::kOutputFifoWords == 2, "qsr_drain holds exactly two words (head, tail)");
  const int beatBits = ir::build::bitsFor(std::max(w.oBeats - 1, 1));
  const int cntBits = w.lenMBits;
  auto toggle = [&](const std::string &r) { return w.banks == 2 ? "~" + r : r; };

  ModuleBuilder b(ctx, "qsr_drain",
                  rq ? "AXI4-Stream master: accumulator banks through the requantizer to result "
                       "beats, FIFO of " + std::to_string(arch::outputFifoWords(cfg)) + " words"
                     : "AXI4-Stream master: accumulator banks to result beats, two-word FIFO");
  b.describe({"Each word (Cols accumulators) leaves as OBeats beats, lane 0 in the lowest bits;",
              "tlast marks the last beat of the GEMM's last word."});
  b.localInt("WordBits", w.oWordBits,
             rq ? "array.cols x post.requant.out_bits" : "array.cols x pe.acc_bits");
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
  b.in("rd_data_i", w.accWordBits, rq ? "" : "WordBits");
  if (rq) addRequantParamPorts(b, w, perChannel, clip, ws);
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
  if (rq) {
    b.net("room", 1, {}, "the FIFO keeps a place for this word and every word in flight");
    b.net("inflight_q", 1, {}, "a read returns its word this cycle");
    b.net("inflight_last_q", 1, {}, "that word is the GEMM's last");
    b.net("pop", 1, {}, "the head word's last beat is accepted");
  } else {
    b.net("room", 1, {}, "the FIFO can take the word this read returns");
    b.net("count_q", 2, {}, "words in the FIFO");
    b.net("inflight_q", 1, {}, "a read returns its word this cycle");
    b.net("inflight_last_q", 1, {}, "that word is the GEMM's last");
    b.net("pop", 1, {}, "the head word's last beat is accepted");
    b.assign("room", "(" + zeroExtend("count_q", 2, 3) + " + " + zeroExtend("inflight_q", 1, 3) +
                         ") < (pop ? 3'd3 : 3'd2)");
  }
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
  if (rq) {
    if (perChannel) addParamTileCounter(b, ctx, w, ws);
    addRequantFifo(b, ctx, w, perChannel, clip);
    addBeats(b, w, "head", "head_last");
    return b.take();
  }

  b.banner("Two-word FIFO and beats");
  b.net("head_q", w.oWordBits, "WordBits", "oldest word");
  b.net("tail_q", w.oWordBits, "WordBits");
  b.net("head_last_q");
  b.net("tail_last_q");
  addBeatsRegs(b, w);
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
  addBeats(b, w, "head_q", "head_last_q");
  return b.take();
}

} // namespace quasar::blocks
