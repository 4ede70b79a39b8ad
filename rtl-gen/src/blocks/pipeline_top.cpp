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
//
// With post.nonlinear the requantizer's words go on into the row unit
// (addRowUnit; docs/dyadic-pipeline.md "Row units in top: pipeline") and the output beats come
// from the unit instead (addOutputBeats serves both).
#include "blocks.h"

#include "dyadic.h"
#include "quasar/arch/pipeline.h"
#include "quasar/arch/post_params.h"
#include "row_frame.h"
#include "widths.h"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace quasar::blocks {

namespace {

using ir::build::assign;
using ir::build::ifThen;
using ir::build::lit;
using ir::build::zeroExtend;

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

// u_param_ram's write data: the CSR word, or with I-LayerNorm's bias_int in the lanes only
// each lane's requant fields (the unit's bias RAM keeps bias_int).
std::string ramWriteData(const config::AccelConfig &cfg) {
  const arch::ParamLaneLayout l = arch::paramLaneLayout(cfg);
  if (l.ramLaneBits == l.laneBits) return "param_wr_data";
  std::string cat = "{";
  for (int c = arch::postLanes(cfg) - 1; c >= 0; --c) {
    const int lo = c * l.laneBits;
    cat += "param_wr_data[" + std::to_string(lo + l.ramLaneBits - 1) + ":" + std::to_string(lo) + "]";
    if (c) cat += ", ";
  }
  return cat + "}";
}

// The word the output beats come from: its handshake, the run's last word, the data.
struct OutputSource {
  std::string valid, take, last, y;
};

// m_axis from `src` (the requantizer, or the row unit): one beat per word straight from its
// output register, or an output word register whose slices are the beats (OBeats > 1).
void addOutputBeats(ModuleBuilder &b, const config::AccelConfig &cfg, const OutputSource &src,
                    const std::string &whose) {
  const arch::WordFormat out = arch::outputWordFormat(cfg);
  const int outBeats = out.beatsPerWord(), outBeatBits = cfg.interfaces.axis_out_bits;
  const int outWordBits = out.lanes * out.laneBits;
  if (outBeats == 1) {
    b.banner(std::string("Output beats: ") + whose + " last register");
    b.assign("m_axis_tvalid", src.valid);
    b.assign(src.take, "m_axis_tready");
    b.assign("m_axis_tlast", src.last);
    b.assign("m_axis_tdata", outWordBits == outBeatBits
                                 ? src.y
                                 : zeroExtend(src.y, outWordBits, outBeatBits));
  } else {
    // A word register between the source (requantizer or row unit) and the beats: the source
    // moves on while a word's beats go out, so it is held only when both are full.
    b.banner("Output word register and its beats");
    const int bb = ir::build::bitsFor(outBeats - 1);
    const int padBits = outBeats * outBeatBits;
    b.net("obuf_valid_q", 1, {}, "the register holds a word");
    b.net("obuf_last_q", 1, {}, "... the run's last");
    b.net("obuf_q", outWordBits);
    b.net("out_beat_q", bb, {}, "beats of the held word sent so far");
    b.net("out_last_beat", 1, {}, "the beat on m_axis is its word's last");
    b.assign("out_last_beat", "out_beat_q == " + lit(bb, outBeats - 1));
    b.assign(src.take, "!obuf_valid_q || (m_axis_tready && out_last_beat)",
             "the register is empty or empties on this edge");
    b.ff({assign("obuf_valid_q", "1'b0"), assign("out_beat_q", "'0")},
         {ifThen(src.take, {assign("obuf_valid_q", src.valid)}),
          ifThen("m_axis_tvalid && m_axis_tready",
                 {assign("out_beat_q", "out_last_beat ? '0 : out_beat_q + " + lit(bb, 1))})});
    b.ffNoReset({ifThen(src.take + " && " + src.valid,
                        {assign("obuf_q", src.y), assign("obuf_last_q", src.last)})},
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
}

// The row unit of post.nonlinear behind the requantizer (docs/dyadic-pipeline.md, "Row units
// in top: pipeline"): the requantizer's lanes extended to the unit's 32-bit elements, its last
// sideband (the row end) as last_i, count_i the run constant dim_n - (words per row - 1) *
// lanes, and an output row counter for the run's last word. I-LayerNorm's bias RAM is written
// by the parameter registers' strobe with each lane's bias_int slice.
void addRowUnit(ModuleBuilder &b, const config::AccelConfig &cfg, int dimMBits, int chanBits) {
  const int lanes = cfg.post.lanes, o = cfg.post.requant.out_bits;
  const int x = arch::kRowElemBits, yBits = arch::rowUnitOutBits(cfg);
  RowUnitShape shape;
  shape.lanes = lanes;
  shape.rowMax = cfg.post.row_max;
  const RowFrame fr = rowFrameOf(shape);
  b.banner("Row unit (post.nonlinear): each row of the run is one row of the unit");
  b.net("ru_x", lanes * x, {}, "the requantizer's lanes, extended to 32-bit elements");
  std::string cat = "{";
  for (int l = lanes - 1; l >= 0; --l) {
    const int lo = l * o, hi = lo + o - 1;
    const std::string lane = "rq_y[" + std::to_string(hi) + ":" + std::to_string(lo) + "]";
    cat += cfg.post.requant.out_signed
               ? "{{" + std::to_string(x - o) + "{rq_y[" + std::to_string(hi) + "]}}, " + lane + "}"
               : zeroExtend(lane, o, x);
    if (l) cat += ", ";
  }
  b.assign("ru_x", cat + "}");
  b.net("row_rest", chanBits, {}, "elements of the row from the next input word on");
  b.net("last_count_q", fr.countBits, {},
        "count_i: lanes of a row's last word (the same for every row of the run)");
  b.assign("row_rest", zeroExtend("dim_n", widthsOf(cfg).dimNBits, chanBits) + " - chan_q");
  b.ffNoReset({ifThen("word_in && row_end",
                      {assign("last_count_q", "row_rest[" + std::to_string(fr.countBits - 1) + ":0]")})},
              "Written with every row's last word, before the unit takes it; no reset.");
  if (chanBits > fr.countBits) {
    b.net("unused_row_rest", chanBits - fr.countBits, {}, "a last word holds at most Lanes");
    b.assign("unused_row_rest",
             "row_rest[" + std::to_string(chanBits - 1) + ":" + std::to_string(fr.countBits) + "]");
  }
  b.net("ru_valid");
  b.net("ru_take", 1, {}, "the unit's word is taken (its ready_i)");
  b.net("ru_last", 1, {}, "the unit's word is its row's last");
  b.net("ru_count", fr.countBits);
  b.net("ru_y", lanes * yBits);
  const char *module = cfg.post.nonlinear == config::Nonlinear::Shiftmax    ? "qsr_shiftmax"
                       : cfg.post.nonlinear == config::Nonlinear::ShiftGelu ? "qsr_shiftgelu"
                                                                            : "qsr_ilayernorm";
  ir::Instance &i = b.instance(module, "u_row_unit");
  connect(i, "clk_i", "clk_i");
  connect(i, "rst_ni", "rst_ni");
  if (arch::rowUnitUsesX0(cfg)) connect(i, "x0_i", "post_x0");
  connect(i, "valid_i", "rq_valid");
  connect(i, "ready_o", "rq_take");
  connect(i, "last_i", "rq_last");
  connect(i, "count_i", "last_count_q");
  connect(i, "x_i", "ru_x");
  if (cfg.post.nonlinear == config::Nonlinear::LayerNorm) {
    const arch::ParamLaneLayout l = arch::paramLaneLayout(cfg);
    const int pab = arch::paramIndexBits(cfg);
    if (pab != fr.addrBits)
      throw std::logic_error("qsr_ilayernorm's bias RAM and the parameter RAM differ in depth");
    std::string bias = "{";
    for (int c = lanes - 1; c >= 0; --c) {
      const int lo = c * l.laneBits + l.biasIntLsb;
      bias += "param_wr_data[" + std::to_string(lo + arch::kBiasIntBits - 1) + ":" +
              std::to_string(lo) + "]";
      if (c) bias += ", ";
    }
    connect(i, "bias_we_i", "param_wr_en");
    connect(i, "bias_waddr_i", "param_wr_addr");
    connect(i, "bias_wdata_i", bias + "}");
  }
  connect(i, "valid_o", "ru_valid");
  connect(i, "ready_i", "ru_take");
  connect(i, "last_o", "ru_last");
  connect(i, "count_o", "ru_count");
  connect(i, "y_o", "ru_y");
  b.net("unused_ru_count", fr.countBits, {}, "the output framing needs only last_o");
  b.assign("unused_ru_count", "ru_count");
  b.net("orow_q", dimMBits, {}, "row of the unit's next output word");
  b.net("ru_last_run", 1, {}, "the unit's word is the run's last (last_o of row M - 1)");
  b.assign("ru_last_run", "ru_last && orow_q == dim_m - " + lit(dimMBits, 1));
  b.ff({assign("orow_q", "'0")},
       {ifThen("start", {assign("orow_q", "'0")},
               {ifThen("ru_valid && ru_take && ru_last",
                       {assign("orow_q", "orow_q + " + lit(dimMBits, 1))})})});
}

} // namespace

ir::Module buildPipelineTop(const BlockContext &ctx) {
  const config::AccelConfig &cfg = ctx.cfg;
  const Widths w = widthsOf(cfg);
  const bool perChannel = cfg.post.requant.granularity == config::Granularity::PerChannel;
  const bool residual = cfg.post.residual;
  const bool paramRegs = arch::hasParamRegisters(cfg); // per channel, or I-LayerNorm's bias_int
  const bool rowUnit = arch::hasRowUnit(cfg);
  const bool clip = cfg.post.activation == config::Activation::Relu6 ||
                    cfg.post.activation == config::Activation::Clip;
  const int lanes = cfg.post.lanes, a = cfg.pe.acc_bits, o = cfg.post.requant.out_bits;
  const arch::WordFormat in = arch::pipelineInputWordFormat(cfg), out = arch::outputWordFormat(cfg);
  const int inBeats = in.beatsPerWord(), outBeats = out.beatsPerWord();
  const int inBeatBits = cfg.interfaces.axis_in_bits;
  const int inWordBits = lanes * a, rqWordBits = lanes * o;
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
  b.localInt("OBeats", outBeats,
             rowUnit ? "beats per output word: ceil(Lanes * the row unit's out bits / axis_out_bits)"
                     : "beats per output word: ceil(Lanes * out_bits / axis_out_bits)");
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
  if (arch::rowUnitUsesX0(cfg)) postNets.push_back({"x0", arch::kShiftmaxX0Bits});
  for (const auto &[name, bits] : postNets) b.net("post_" + name, bits);
  if (paramRegs) {
    b.net("param_wr_en");
    b.net("param_wr_addr", pab);
    b.net("param_wr_data", arch::paramWordBits(cfg));
  }
  if (perChannel) {
    b.net("param_rd_addr", pab);
    b.net("param_rd_data", arch::paramRamWordBits(cfg));
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
    if (paramRegs)
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
    i.params = {{"Width", std::to_string(arch::paramRamWordBits(cfg))},
                {"Depth", std::to_string(arch::paramRamWords(cfg))},
                {"AddrBits", std::to_string(pab)}};
    connect(i, "clk_i", "clk_i");
    connect(i, "wr_en_i", "param_wr_en");
    connect(i, "wr_addr_i", "param_wr_addr");
    connect(i, "wr_data_i", ramWriteData(cfg));
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
  b.net("rq_y", rqWordBits);
  b.net("rq_take", 1, {}, "the requantizer's word is taken (ready_i)");
  {
    ir::Instance &i = residual ? b.instance("qsr_dyadic_residual", "u_residual")
                               : b.instance("qsr_dyadic_requant", "u_requant");
    connect(i, "clk_i", "clk_i");
    connect(i, "rst_ni", "rst_ni");
    connect(i, "valid_i", "word_valid");
    connect(i, "ready_o", "rq_ready");
    connect(i, "last_i", rowUnit ? "row_end" : "run_end"); // the row unit's framing
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

  if (rowUnit) {
    addRowUnit(b, cfg, w.dimMBits, chanBits);
    addOutputBeats(b, cfg, {"ru_valid", "ru_take", "ru_last_run", "ru_y"}, "the row unit's");
  } else {
    addOutputBeats(b, cfg, {"rq_valid", "rq_take", "rq_last", "rq_y"}, "the requantizer's");
  }
  b.assign("done", "m_axis_tvalid && m_axis_tready && m_axis_tlast");
  return b.take();
}

} // namespace quasar::blocks
