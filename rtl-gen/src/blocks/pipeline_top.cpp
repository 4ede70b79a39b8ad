// qsr_<name>_top for `top: pipeline`: the post-processing pipeline alone, for unit-level
// verification (docs/dyadic-pipeline.md, "top: pipeline"; stream layout arch/pipeline.h).
//
// qsr_csr (arch::pipelineCsrMap plus arch::postCsrMap, the same registers and parameter RAM
// logic as after the array) starts a run of dim_m rows of dim_n elements. The input side
// collects each word's beats (the first InBeats - 1 in a staging register, accepted whenever
// they come) and offers the word to qsr_dyadic_requant with the handshake of its last beat, so
// that beat waits for the requantizer's ready. Per channel, the parameter RAM is read every
// cycle at the word index the counters hold after this edge, so the word's parameters are on
// the RAM's output from the cycle after the previous word entered (one RAM word per word of a
// row: word j holds channels j*lanes .. j*lanes + lanes-1). A word of one output beat is the
// requantizer's last register (held while m_axis_tready is low: AXI4-Stream rules); a word of
// OBeats > 1 beats goes into an output word register first, whose beats are its slices, so the
// requantizer keeps going while they leave. Throughput one word per max(InBeats, OBeats)
// cycles; a word whose last input beat is taken on edge t is offered from cycle t +
// arch::pipelineStages.
//
// post.residual: qsr_dyadic_residual instead of the requantizer, and a second AXI4-Stream slave
// s_axis_res carrying z2 in the input's word format, collected the same way; a word enters
// when the last beats of both streams' words are offered (docs/dyadic-pipeline.md, "Residual
// add in top: pipeline").
#include "blocks.h"

#include "dyadic.h"
#include "quasar/arch/pipeline.h"
#include "quasar/arch/post_params.h"
#include "widths.h"

#include <algorithm>

namespace quasar::blocks {

using ir::build::assign;
using ir::build::ifThen;
using ir::build::lit;
using ir::build::zeroExtend;

namespace {

// The nets of one input stream's beat collection: the main stream s_axis (accumulators z1)
// or, with post.residual, s_axis_res (z2, the same word format).
struct StreamNames {
  std::string bus;      // port prefix: s_axis or s_axis_res
  std::string p;        // net prefix: "" or "res_"
  std::string word;     // the whole word: acc_word or res_word
  static StreamNames main() { return {"s_axis", "", "acc_word"}; }
  static StreamNames residual() { return {"s_axis_res", "res_", "res_word"}; }
};

// A stream's words: the first InBeats - 1 beats go into a staging register whenever they come
// (<p>in_hs), the word is {the beat on the bus, the staged beats}; <p>in_last_beat says the beat
// on the bus is its word's last. tlast is not needed (the counters know the last beat).
void collectWords(ModuleBuilder &b, const StreamNames &n, int inBeats, int inBeatBits,
                  int inWordBits) {
  const std::string p = n.p, tdata = n.bus + "_tdata";
  b.net(n.word, inWordBits, {}, "the word: earlier beats and the beat on " + n.bus);
  if (inBeats == 1) {
    b.assign(p + "in_last_beat", "1'b1");
    b.assign(n.word, inWordBits == inBeatBits
                         ? tdata
                         : tdata + "[" + std::to_string(inWordBits - 1) + ":0]");
    if (inWordBits < inBeatBits) {
      b.net("unused_" + p + "in_pad", inBeatBits - inWordBits, {},
            "padding above the last lane (zero)");
      b.assign("unused_" + p + "in_pad", tdata + "[" + std::to_string(inBeatBits - 1) + ":" +
                                             std::to_string(inWordBits) + "]");
    }
  } else {
    const int bb = ir::build::bitsFor(inBeats - 1);
    const int padBits = inBeats * inBeatBits - inWordBits;
    b.net(p + "in_beat_q", bb, {}, "beats of the word taken so far");
    b.net(p + "staged_q", (inBeats - 1) * inBeatBits, {}, "the word's earlier beats");
    b.net(p + "word_full", inBeats * inBeatBits);
    b.assign(p + "in_last_beat", p + "in_beat_q == " + lit(bb, inBeats - 1));
    b.ff({assign(p + "in_beat_q", "'0")},
         {ifThen("start", {assign(p + "in_beat_q", "'0")},
                 {ifThen(p + "in_hs", {assign(p + "in_beat_q", p + "in_last_beat ? '0 : " + p +
                                                                 "in_beat_q + " + lit(bb, 1))})})});
    std::vector<ir::Stmt> stage;
    for (int i = 0; i < inBeats - 1; ++i)
      stage.push_back(ifThen(p + "in_beat_q == " + lit(bb, i),
                             {assign(p + "staged_q[" + std::to_string((i + 1) * inBeatBits - 1) +
                                         ":" + std::to_string(i * inBeatBits) + "]",
                                     tdata)}));
    b.ffNoReset({ifThen(p + "in_hs && !" + p + "in_last_beat", stage)},
                "Earlier beats of the word: read only with its last beat, no reset.");
    b.assign(p + "word_full", "{" + tdata + ", " + p + "staged_q}");
    b.assign(n.word, p + "word_full[" + std::to_string(inWordBits - 1) + ":0]");
    if (padBits > 0) {
      b.net("unused_" + p + "in_pad", padBits, {}, "padding above the last lane (zero)");
      b.assign("unused_" + p + "in_pad", p + "word_full[" +
                                             std::to_string(inBeats * inBeatBits - 1) + ":" +
                                             std::to_string(inWordBits) + "]");
    }
  }
  b.net("unused_" + p + "tlast", 1, {}, "the counters know the last beat; tlast is not needed");
  b.assign("unused_" + p + "tlast", n.bus + "_tlast");
}

// post.residual: the second AXI4-Stream slave, z2 in the main stream's word format.
void addResidualPorts(ModuleBuilder &b) {
  b.group("AXI4-Stream slave: residual rows z2 (post.residual), the input's word format");
  b.in("s_axis_res_tdata", b.ctx().cfg.interfaces.axis_in_bits);
  b.in("s_axis_res_tvalid");
  b.out("s_axis_res_tready");
  b.in("s_axis_res_tlast");
}

// post.residual: a word enters the residual add when the last beats of both streams' words are
// offered and the add is ready; each stream's earlier beats are taken whenever they come, and
// a stream whose last beat waits for the other's cannot run ahead into its next word. Each
// tready depends on the other stream's tvalid (AXI4-Stream lets tready depend on tvalid).
void addResidualJoin(ModuleBuilder &b) {
  b.net("res_in_last_beat", 1, {}, "the beat on s_axis_res is its word's last");
  b.net("res_in_hs");
  b.net("both_last", 1, {}, "the last beats of both streams' words are offered");
  b.assign("both_last", "s_axis_tvalid && in_last_beat && s_axis_res_tvalid && res_in_last_beat");
  b.assign("s_axis_tready",
           "run_q && (!in_last_beat || (rq_ready && s_axis_res_tvalid && res_in_last_beat))");
  b.assign("s_axis_res_tready",
           "run_q && (!res_in_last_beat || (rq_ready && s_axis_tvalid && in_last_beat))");
  b.assign("in_hs", "s_axis_tvalid && s_axis_tready");
  b.assign("res_in_hs", "s_axis_res_tvalid && s_axis_res_tready");
  b.assign("word_in", "in_hs && in_last_beat", "both last beats are taken on this edge");
  b.assign("word_valid", "run_q && both_last");
}

} // namespace

ir::Module buildPipelineTop(const BlockContext &ctx) {
  const config::AccelConfig &cfg = ctx.cfg;
  const Widths w = widthsOf(cfg);
  const bool perChannel = cfg.post.requant.granularity == config::Granularity::PerChannel;
  const bool residual = cfg.post.residual;
  const bool clip = cfg.post.activation == config::Activation::Relu6 ||
                    cfg.post.activation == config::Activation::Clip;
  const int lanes = cfg.post.lanes, a = cfg.pe.acc_bits, o = cfg.post.requant.out_bits;
  const arch::WordFormat in = arch::pipelineInputWordFormat(cfg), out = arch::outputWordFormat(cfg);
  const int inBeats = in.beatsPerWord(), outBeats = out.beatsPerWord();
  const int inBeatBits = cfg.interfaces.axis_in_bits, outBeatBits = cfg.interfaces.axis_out_bits;
  const int inWordBits = lanes * a, outWordBits = lanes * o;
  const int pab = arch::paramIndexBits(cfg);
  // The channel of a word's lane 0 runs to row_max - 1 plus one word: chanBits holds it.
  const int chanBits =
      std::max(w.dimNBits, ir::build::bitsFor(int64_t(cfg.post.row_max) + lanes)) + 1;

  ModuleBuilder b(ctx, "qsr_" + cfg.name + "_top",
                  "post-processing pipeline " + cfg.name + ": " + std::to_string(lanes) +
                      " lanes, AXI4-Stream in/out, AXI4-Lite CSRs");
  b.describe({"Stream layout: arch/pipeline.h; registers and timing: docs/dyadic-pipeline.md.",
              "No array: rows of accumulators in, requantized rows out."});
  b.localInt("Lanes", lanes, ctx.cite("post.lanes"));
  b.localInt("InBeats", inBeats, "beats per input word: ceil(Lanes * acc_bits / axis_in_bits)");
  b.localInt("OBeats", outBeats, "beats per output word: ceil(Lanes * out_bits / axis_out_bits)");
  addTopPorts(b, "rows of accumulators", "requantized rows");
  if (residual) addResidualPorts(b);

  b.banner("Control and status registers");
  b.net("start", 1, {}, "a run starts on this edge");
  b.net("dim_m", w.dimMBits, {}, "rows of the run");
  b.net("dim_n", w.dimNBits, {}, "elements (channels) per row");
  b.net("done", 1, {}, "the last output beat is accepted");
  b.net("stall_in");
  b.net("stall_out");
  b.assign("stall_in", "s_axis_tready && !s_axis_tvalid");
  b.assign("stall_out", "m_axis_tvalid && !m_axis_tready");
  std::vector<std::pair<std::string, int>> postNets;
  if (!perChannel) {
    postNets = {{"mult", cfg.post.requant.mult_bits}, {"shift", arch::kShiftFieldBits}, {"zp", o}};
    if (cfg.post.bias) postNets.push_back({"bias", a});
    if (residual) {
      postNets.push_back({"res_mult", cfg.post.requant.mult_bits});
      postNets.push_back({"res_shift", arch::kShiftFieldBits});
    }
  }
  if (clip) {
    postNets.push_back({"clip_lo", o});
    postNets.push_back({"clip_hi", o});
  }
  for (const auto &[name, bits] : postNets) b.net("post_" + name, bits);
  if (perChannel) {
    b.net("param_wr_en");
    b.net("param_wr_addr", pab);
    b.net("param_wr_data", arch::paramWordBits(cfg));
    b.net("param_rd_addr", pab);
    b.net("param_rd_data", arch::paramWordBits(cfg));
  }
  {
    ir::Instance &i = b.instance("qsr_csr", "u_csr");
    connectCsrBus(i);
    connect(i, "start_o", "start");
    connect(i, "dim_m_o", "dim_m");
    connect(i, "dim_n_o", "dim_n");
    connect(i, "done_i", "done");
    connect(i, "stall_in_i", "stall_in");
    connect(i, "stall_out_i", "stall_out");
    for (const auto &[name, bits] : postNets) connect(i, name + "_o", "post_" + name);
    if (perChannel)
      for (const char *p : {"param_wr_en", "param_wr_addr", "param_wr_data"})
        connect(i, std::string(p) + "_o", p);
  }

  b.banner("Input words: counters and beat collection");
  b.net("run_q", 1, {}, "input words of the run remain");
  b.net("row_q", w.dimMBits, {}, "row of the next input word");
  b.net("chan_q", chanBits, {}, "channel of the next input word's lane 0");
  b.net("word_q", pab, {}, "word index of the next input word in its row");
  b.net("chan_next", chanBits);
  b.net("row_end", 1, {}, "the next input word is its row's last");
  b.net("run_end", 1, {}, "... and that row is the run's last");
  b.net("in_last_beat", 1, {}, "the beat on s_axis is its word's last");
  b.net("in_hs");
  b.net("word_in", 1, {}, "a whole word enters the requantizer on this edge");
  b.net("rq_ready");
  b.net("word_valid", 1, {}, "the last beat of a word is offered (valid_i of the requantizer)");
  b.assign("chan_next", "chan_q + " + lit(chanBits, lanes));
  b.assign("row_end", "chan_next >= " + zeroExtend("dim_n", w.dimNBits, chanBits));
  b.assign("run_end", "row_end && row_q == dim_m - " + lit(w.dimMBits, 1));
  if (residual) {
    addResidualJoin(b);
  } else {
    b.assign("s_axis_tready", "run_q && (!in_last_beat || rq_ready)");
    b.assign("in_hs", "s_axis_tvalid && s_axis_tready");
    b.assign("word_in", "in_hs && in_last_beat");
    b.assign("word_valid", "run_q && s_axis_tvalid && in_last_beat");
  }
  b.ff({assign("run_q", "1'b0"), assign("row_q", "'0"), assign("chan_q", "'0"),
        assign("word_q", "'0")},
       {ifThen("start", {assign("run_q", "1'b1"), assign("row_q", "'0"), assign("chan_q", "'0"),
                         assign("word_q", "'0")},
               {ifThen("word_in",
                       {ifThen("row_end",
                               {assign("chan_q", "'0"), assign("word_q", "'0"),
                                assign("row_q", "row_q + " + lit(w.dimMBits, 1)),
                                ifThen("run_end", {assign("run_q", "1'b0")})},
                               {assign("chan_q", "chan_next"),
                                assign("word_q", "word_q + " + lit(pab, 1))})})})},
       "A start (only while idle) resets the counters; every word entering advances them.");
  collectWords(b, StreamNames::main(), inBeats, inBeatBits, inWordBits);
  if (residual) {
    b.banner("Residual words (post.residual): the same beat collection on s_axis_res");
    collectWords(b, StreamNames::residual(), inBeats, inBeatBits, inWordBits);
  }

  if (perChannel) {
    b.banner("Per-channel parameters: one RAM word per word of a row");
    b.assign("param_rd_addr", "word_in ? (row_end ? '0 : word_q + " + lit(pab, 1) + ") : word_q",
             "the word index after this edge: its parameters are ready in the next cycle");
    ir::Instance &i = b.instance("qsr_sdp_ram", "u_param_ram",
                                 "Per-channel requantization parameters (arch::paramRamWords), "
                                 "written through the CSRs.");
    i.params = {{"Width", std::to_string(arch::paramWordBits(cfg))},
                {"Depth", std::to_string(arch::paramRamWords(cfg))},
                {"AddrBits", std::to_string(pab)}};
    connect(i, "clk_i", "clk_i");
    connect(i, "wr_en_i", "param_wr_en");
    connect(i, "wr_addr_i", "param_wr_addr");
    connect(i, "wr_data_i", "param_wr_data");
    connect(i, "rd_en_i", "1'b1");
    connect(i, "rd_addr_i", "param_rd_addr");
    connect(i, "rd_data_o", "param_rd_data");
  } else {
    b.net("unused_word", pab, {}, "per tensor: the word index selects no parameters");
    b.assign("unused_word", "word_q");
  }

  b.banner(residual ? "Residual add" : "Requantizer");
  const arch::ParamLaneLayout l = arch::paramLaneLayout(cfg);
  b.net("rq_valid");
  b.net("rq_last");
  b.net("rq_y", outWordBits);
  b.net("rq_take", 1, {}, "the requantizer's word is taken (ready_i)");
  {
    ir::Instance &i = residual ? b.instance("qsr_dyadic_residual", "u_residual")
                               : b.instance("qsr_dyadic_requant", "u_requant");
    connect(i, "clk_i", "clk_i");
    connect(i, "rst_ni", "rst_ni");
    connect(i, "valid_i", "word_valid");
    connect(i, "ready_o", "rq_ready");
    connect(i, "last_i", "run_end");
    connect(i, "acc_i", "acc_word");
    auto laneVec = [&](int lsb, int bits, const std::string &tensorValue) {
      return requantLaneVector(cfg, perChannel, "param_rd_data", lsb, bits, tensorValue);
    };
    if (cfg.post.bias) connect(i, "bias_i", laneVec(l.biasLsb, a, "post_bias"));
    connect(i, "mult_i", laneVec(l.multLsb, cfg.post.requant.mult_bits, "post_mult"));
    connect(i, "shift_i", laneVec(l.shiftLsb, arch::kShiftFieldBits, "post_shift"));
    connect(i, "zp_i", laneVec(l.zpLsb, o, "post_zp"));
    if (residual) {
      connect(i, "res_i", "res_word");
      connect(i, "res_mult_i",
              laneVec(l.resMultLsb, cfg.post.requant.mult_bits, "post_res_mult"));
      connect(i, "res_shift_i", laneVec(l.resShiftLsb, arch::kShiftFieldBits, "post_res_shift"));
    }
    if (clip) {
      connect(i, "clip_lo_i", "post_clip_lo");
      connect(i, "clip_hi_i", "post_clip_hi");
    }
    connect(i, "valid_o", "rq_valid");
    connect(i, "ready_i", "rq_take");
    connect(i, "last_o", "rq_last");
    connect(i, "y_o", "rq_y");
  }

  if (outBeats == 1) {
    b.banner("Output beats: the requantizer's last register");
    b.assign("m_axis_tvalid", "rq_valid");
    b.assign("rq_take", "m_axis_tready");
    b.assign("m_axis_tlast", "rq_last");
    b.assign("m_axis_tdata", outWordBits == outBeatBits
                                 ? "rq_y"
                                 : zeroExtend("rq_y", outWordBits, outBeatBits));
  } else {
    // A word register between the requantizer and the beats: the requantizer moves on while a
    // word's beats go out, so it is held only when both are full.
    b.banner("Output word register and its beats");
    const int bb = ir::build::bitsFor(outBeats - 1);
    const int padBits = outBeats * outBeatBits;
    b.net("obuf_valid_q", 1, {}, "the register holds a word");
    b.net("obuf_last_q", 1, {}, "... the run's last");
    b.net("obuf_q", outWordBits);
    b.net("out_beat_q", bb, {}, "beats of the held word sent so far");
    b.net("out_last_beat", 1, {}, "the beat on m_axis is its word's last");
    b.assign("out_last_beat", "out_beat_q == " + lit(bb, outBeats - 1));
    b.assign("rq_take", "!obuf_valid_q || (m_axis_tready && out_last_beat)",
             "the register is empty or empties on this edge");
    b.ff({assign("obuf_valid_q", "1'b0"), assign("out_beat_q", "'0")},
         {ifThen("rq_take", {assign("obuf_valid_q", "rq_valid")}),
          ifThen("m_axis_tvalid && m_axis_tready",
                 {assign("out_beat_q", "out_last_beat ? '0 : out_beat_q + " + lit(bb, 1))})});
    b.ffNoReset({ifThen("rq_take && rq_valid",
                        {assign("obuf_q", "rq_y"), assign("obuf_last_q", "rq_last")})},
                "The held word: read only while obuf_valid_q, no reset.");
    b.assign("m_axis_tvalid", "obuf_valid_q");
    b.assign("m_axis_tlast", "obuf_last_q && out_last_beat");
    b.net("y_pad", padBits, {}, "the word, zero-padded to whole beats");
    b.assign("y_pad", zeroExtend("obuf_q", outWordBits, padBits));
    b.array("out_beat", outBeatBits, {}, outBeats, "OBeats");
    b.beginFor("j", "OBeats", "g_out_beat");
    b.assign("out_beat[j]", "y_pad[j*" + std::to_string(outBeatBits) + " +: " +
                                std::to_string(outBeatBits) + "]");
    b.endFor();
    b.assign("m_axis_tdata", "out_beat[out_beat_q]");
  }
  b.assign("done", "m_axis_tvalid && m_axis_tready && m_axis_tlast");
  return b.take();
}

} // namespace quasar::blocks
