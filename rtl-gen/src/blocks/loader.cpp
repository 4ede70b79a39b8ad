// qsr_loader: the AXI4-Stream slave. Assembles beats into words (arch/stream.h layout) and
// writes them into the weight and activation buffers, one schedule() step per bank.
//
// Cycle behaviour (docs/microarchitecture.md, "Loader"): s_axis_tready is high while a run is
// loading and the current bank is free; a word is written one cycle after its last beat
// (arch::kLoaderWriteLatency); the bank becomes full, with its step's lengths and flags, on the
// write of the step's last word, and the loader moves on to the other bank (if double-buffered)
// on the cycle after the step's last beat.
#include "blocks.h"

#include "quasar/arch/bitserial_timing.h"
#include "widths.h"

#include <algorithm>

namespace quasar::blocks {
namespace {

using ir::build::assign;
using ir::build::caseOf;
using ir::build::ifThen;
using ir::build::lit;

// Statements writing beat `beat_q` of the stream into an assembly register of `wordBits`.
std::vector<ir::Stmt> assembleStmts(const std::string &reg, int wordBits, int beatBits, int beats,
                                    int beatCountBits) {
  auto slot = [&](int j) {
    const int lo = j * beatBits;
    const int hi = std::min(wordBits, lo + beatBits) - 1;
    const std::string dst = reg + "[" + std::to_string(hi) + ":" + std::to_string(lo) + "]";
    return assign(beats == 1 ? reg : dst, "s_tdata_i[" + std::to_string(hi - lo) + ":0]");
  };
  if (beats == 1) return {slot(0)};
  std::vector<ir::CaseItem> items;
  for (int j = 0; j < beats; ++j) items.push_back({lit(beatCountBits, j), {slot(j)}});
  items.push_back({"default", {}});
  return {caseOf("beat_q", items)};
}

} // namespace

ir::Module buildLoader(const BlockContext &ctx) {
  const config::AccelConfig &cfg = ctx.cfg;
  const Widths w = widthsOf(cfg);
  const bool ws = cfg.array.dataflow == config::Dataflow::WeightStationary;
  const int beatCountBits = ir::build::bitsFor(std::max(w.aBeats, w.wBeats) - 1);
  // ws bitmod (docs/bitserial-array.md, "Streams"): two group words (scales, special indices)
  // lead the weight words of a step; they go to per-bank group registers, not the buffer.
  const int groupWords = arch::bitserialGroupWords(cfg);
  const int cb = groupWords ? std::max(w.wordCountBits, ir::build::bitsFor(w.rows - 1 + groupWords))
                            : w.wordCountBits;

  ModuleBuilder b(ctx, "qsr_loader",
                  "AXI4-Stream slave: beats to words, words into the weight and activation "
                  "buffer banks");
  std::vector<std::string> desc = {
      std::string("Per step: ") +
          (ws ? "Rows weight words, then m_len activation words"
              : "k_len activation words, then k_len weight words") +
          " (arch/stream.h).",
      "A word is written one cycle after its last beat; the bank is full from the write",
      "of its step's last word until the compute unit releases it."};
  if (cfg.pe.type == config::PeType::Ovp) {
    desc.push_back("pe.type ovp: an OVP pair word (two K steps of every lane) is one word here and");
    desc.push_back("one buffer word; the read side selects the K step (qsr_ovp_unpack_*).");
  }
  b.describe(desc);
  b.localInt("Banks", w.banks, ctx.cite("buffers.double_buffered"));
  b.localInt("BeatBits", w.inBeatBits, ctx.cite("interfaces.axis_in_bits"));
  const bool ovp = cfg.pe.type == config::PeType::Ovp;
  b.localInt("AWordBits", w.aWordBits, ovp ? "activation stream word (arch/ovp_stream.h)" : "array.rows x pe.a_bits");
  b.localInt("WWordBits", w.wWordBits, ovp ? "weight stream word (arch/ovp_stream.h)" : "array.cols x pe.w_bits");
  b.localBits("ABeatsM1", beatCountBits, w.aBeats - 1, "beats per activation word - 1");
  b.localBits("WBeatsM1", beatCountBits, w.wBeats - 1, "beats per weight word - 1");
  // ws: the weight phase has Rows words (ws bitmod: after its group words), or Rows/2 OVP pair
  // words (two K steps each).
  std::string wsWeightWordsM1 = "RowsM1";
  if (w.wStepsPerWord == 1) {
    b.localBits("RowsM1", cb, w.rows - 1, ctx.cite("array.rows"));
    if (groupWords) {
      wsWeightWordsM1 = "WWordsM1";
      b.localBits("WWordsM1", cb, w.rows - 1 + groupWords, "group words + Rows weight words - 1");
    }
  } else {
    wsWeightWordsM1 = "WPairWordsM1";
    b.localBits(wsWeightWordsM1, cb, w.rows / w.wStepsPerWord - 1,
                "OVP pair words per weight tile - 1: " + ctx.cite("array.rows") + " / 2 - 1");
  }
  b.localBits("WBank1", w.weightRamAddrBits, w.weightRamBankWords, "first word of weight bank 1");
  b.localBits("ABank1", w.actRamAddrBits, w.actRamBankWords, "first word of activation bank 1");

  b.clockAndReset();
  b.group("Run control");
  b.in("start_i");
  b.in("dim_m_i", w.dimMBits);
  b.in("dim_n_i", w.dimNBits);
  b.in("dim_k_i", w.dimKBits);
  b.group("Input stream");
  b.in("s_tdata_i", w.inBeatBits, "BeatBits");
  b.in("s_tvalid_i");
  b.out("s_tready_o");
  b.group("Buffer writes");
  b.out("wbuf_wr_en_o");
  b.out("wbuf_wr_addr_o", w.weightRamAddrBits);
  b.out("wbuf_wr_data_o", w.wWordBits, "WWordBits");
  b.out("abuf_wr_en_o");
  b.out("abuf_wr_addr_o", w.actRamAddrBits);
  b.out("abuf_wr_data_o", w.aWordBits, "AWordBits");
  if (groupWords) {
    b.group("Group scales and special indices of meta_bank_i's step (ws bitmod)");
    b.out("group_scale_o", w.cols * arch::kBitmodScaleBits, {}, "s_g of column c in lane c");
    b.out("group_special_o", w.cols * arch::kBitmodSpecialBits, {}, "special index of column c");
  }
  b.group("Bank hand-over to the compute unit");
  b.out("bank_full_o", 2, {}, "per bank (bank 1 unused when single-buffered)");
  b.in("meta_bank_i", 1, {}, "which bank's step the outputs below describe");
  b.out("m_len_o", w.lenMBits);
  b.out("n_len_o", w.lenNBits);
  b.out("k_len_o", w.lenKBits);
  b.out("first_k_o");
  b.out("last_k_o");
  b.out("last_tile_o");
  b.in("release_i", 1, {}, "the compute unit has read the bank");
  b.in("release_bank_i");

  b.banner("Schedule");
  b.net("step_m_len", w.lenMBits);
  b.net("step_n_len", w.lenNBits);
  b.net("step_k_len", w.lenKBits);
  b.net("step_first_k");
  b.net("step_last_k");
  b.net("step_last_tile");
  b.net("step_end", 1, {}, "last beat of the step's last word");
  {
    ir::Instance &inst = b.instance("qsr_tile_walker", "u_walker");
    connect(inst, "clk_i", "clk_i");
    connect(inst, "rst_ni", "rst_ni");
    connect(inst, "start_i", "start_i");
    connect(inst, "next_i", "step_end");
    connect(inst, "dim_m_i", "dim_m_i");
    connect(inst, "dim_n_i", "dim_n_i");
    connect(inst, "dim_k_i", "dim_k_i");
    connect(inst, "m_len_o", "step_m_len");
    connect(inst, "n_len_o", "step_n_len");
    connect(inst, "k_len_o", "step_k_len");
    connect(inst, "first_k_o", "step_first_k");
    connect(inst, "last_k_o", "step_last_k");
    connect(inst, "last_tile_o", "step_last_tile");
  }

  b.banner("Control");
  b.net("active_q", 1, {}, "a run is loading");
  b.net("active_d");
  b.net("bank_q", 1, {}, "bank being filled");
  b.net("bank_d");
  b.net("phase_q", 1, {}, ws ? "0: weights, 1: activations" : "0: activations, 1: weights");
  b.net("phase_d");
  b.net("beat_q", beatCountBits);
  b.net("beat_d", beatCountBits);
  b.net("word_q", cb, {}, "word within the phase");
  b.net("word_d", cb);
  b.net("full_q", 2);
  b.net("full_d", 2);
  b.net("set_pending_q", 1, {}, "the step's last word is written this cycle");
  b.net("set_bank_q");
  b.net("is_w", 1, {}, "the current word is a weight word");
  b.net("beat_last");
  b.net("word_last");
  b.net("bank_free");
  b.net("hs", 1, {}, "a beat is accepted");
  b.net("word_done");
  b.net("words_m1", cb, {}, "words in this phase - 1");

  b.assign("is_w", ws ? "!phase_q" : "phase_q");
  b.assign("beat_last", "beat_q == (is_w ? WBeatsM1 : ABeatsM1)");
  const std::string mLenM1 = ir::build::zeroExtend("step_m_len", w.lenMBits, cb) + " - " + lit(cb, 1);
  const std::string kLenM1 = ir::build::zeroExtend("step_k_len", w.lenKBits, cb) + " - " + lit(cb, 1);
  // os: kLen words per phase, or kLen/2 OVP pair words (kLen is even for them).
  const std::string kPairsM1 =
      ir::build::zeroExtend("step_k_len[" + std::to_string(w.lenKBits - 1) + ":1]", w.lenKBits - 1, cb) +
      " - " + lit(cb, 1);
  const std::string osAWordsM1 = w.aStepsPerWord == 1 ? kLenM1 : kPairsM1;
  const std::string osWWordsM1 = w.wStepsPerWord == 1 ? kLenM1 : kPairsM1;
  const std::string osWordsM1 =
      osAWordsM1 == osWWordsM1 ? osAWordsM1 : "phase_q ? " + osWWordsM1 + " : " + osAWordsM1;
  b.assign("words_m1", ws ? "phase_q ? " + mLenM1 + " : " + wsWeightWordsM1 : osWordsM1);
  b.assign("word_last", "word_q == words_m1");
  b.assign("bank_free", "!full_q[bank_q] && !(set_pending_q && set_bank_q == bank_q)");
  b.assign("s_tready_o", "active_q && bank_free");
  b.assign("hs", "s_tvalid_i && s_tready_o");
  b.assign("word_done", "hs && beat_last");
  b.assign("step_end", "word_done && word_last && phase_q");

  const std::string nextBank = w.banks == 2 ? "~bank_q" : "bank_q";
  b.comb({assign("active_d", "active_q"), assign("bank_d", "bank_q"), assign("phase_d", "phase_q"),
          assign("beat_d", "beat_q"), assign("word_d", "word_q"),
          ifThen("start_i",
                 {assign("active_d", "1'b1"), assign("bank_d", "1'b0"), assign("phase_d", "1'b0"),
                  assign("beat_d", "'0"), assign("word_d", "'0")},
                 {ifThen("hs",
                         {ifThen("!beat_last", {assign("beat_d", "beat_q + " + lit(beatCountBits, 1))},
                                 {assign("beat_d", "'0"),
                                  ifThen("!word_last", {assign("word_d", "word_q + " + lit(cb, 1))},
                                         {assign("word_d", "'0"), assign("phase_d", "~phase_q"),
                                          ifThen("phase_q",
                                                 {assign("bank_d", nextBank),
                                                  ifThen("step_last_k && step_last_tile",
                                                         {assign("active_d", "1'b0")})})})})})})},
         "Beat, word, phase and bank counters; the run ends with its last step.");
  b.comb({assign("full_d", "full_q"),
          ifThen("start_i", {assign("full_d", "'0")},
                 {ifThen("set_pending_q", {assign("full_d[set_bank_q]", "1'b1")}),
                  ifThen("release_i", {assign("full_d[release_bank_i]", "1'b0")})})},
         "A bank is full from the write of its last word until the compute unit releases it\n"
         "(never the same bank on the same edge).");
  b.ff({assign("active_q", "1'b0"), assign("bank_q", "1'b0"), assign("phase_q", "1'b0"),
        assign("beat_q", "'0"), assign("word_q", "'0"), assign("full_q", "'0"),
        assign("set_pending_q", "1'b0"), assign("set_bank_q", "1'b0")},
       {assign("active_q", "active_d"), assign("bank_q", "bank_d"), assign("phase_q", "phase_d"),
        assign("beat_q", "beat_d"), assign("word_q", "word_d"), assign("full_q", "full_d"),
        assign("set_pending_q", "step_end"), assign("set_bank_q", "bank_q")});
  b.assign("bank_full_o", "full_q");

  b.banner("Step lengths and flags per bank");
  // One register per bank and field (two banks even when single-buffered: bank 1 is then
  // never written and synthesis drops it).
  const std::vector<std::pair<std::string, int>> fields = {
      {"m_len", w.lenMBits}, {"n_len", w.lenNBits}, {"k_len", w.lenKBits},
      {"first_k", 1},        {"last_k", 1},         {"last_tile", 1}};
  std::vector<ir::Stmt> capture;
  for (int bank = 0; bank < 2; ++bank) {
    std::vector<ir::Stmt> regs;
    for (const auto &[f, bits] : fields) {
      const std::string reg = f + "_b" + std::to_string(bank) + "_q";
      b.net(reg, bits);
      regs.push_back(assign(reg, "step_" + f));
    }
    capture.push_back(ifThen("step_end && bank_q == " + lit(1, bank), regs));
  }
  b.ffNoReset(capture, "Read only while the bank is full: no reset.");
  for (const auto &[f, bits] : fields) b.assign(f + "_o", "meta_bank_i ? " + f + "_b1_q : " + f + "_b0_q");

  b.banner("Word assembly and buffer writes");
  b.net("wasm_q", w.wWordBits, "WWordBits", "weight word being assembled");
  b.net("aasm_q", w.aWordBits, "AWordBits", "activation word being assembled");
  b.ffNoReset({ifThen("hs && is_w",
                      assembleStmts("wasm_q", w.wWordBits, w.inBeatBits, w.wBeats, beatCountBits)),
               ifThen("hs && !is_w",
                      assembleStmts("aasm_q", w.aWordBits, w.inBeatBits, w.aBeats, beatCountBits))},
              "Datapath registers: no reset.");
  if (groupWords) {
    const int sc = arch::kBitmodScaleBits, sp = arch::kBitmodSpecialBits, lane = cfg.pe.w_bits;
    b.net("grp_word", 1, {}, "the word being assembled is a group word (weight words 0, 1)");
    b.assign("grp_word", "is_w && word_q < " + lit(cb, groupWords));
    b.net("grp_wr_q", 1, {}, "a group word is complete in wasm_q");
    b.net("grp_special_q", 1, {}, "it is word 1 (special indices), else word 0 (scales)");
    b.net("grp_bank_q", 1, {}, "its bank");
    b.ff({assign("grp_wr_q", "1'b0"), assign("grp_special_q", "1'b0"), assign("grp_bank_q", "1'b0")},
         {assign("grp_wr_q", "word_done && grp_word"), assign("grp_special_q", "word_q[0]"),
          assign("grp_bank_q", "bank_q")});
    std::string scales, specials;
    for (int c = w.cols - 1; c >= 0; --c) {
      scales += std::string(scales.empty() ? "" : ", ") + "wasm_q[" +
                std::to_string(c * lane + sc - 1) + ":" + std::to_string(c * lane) + "]";
      specials += std::string(specials.empty() ? "" : ", ") + "wasm_q[" +
                  std::to_string(c * lane + sp - 1) + ":" + std::to_string(c * lane) + "]";
    }
    std::vector<ir::Stmt> writes;
    for (int bank = 0; bank < 2; ++bank) {
      const std::string n = std::to_string(bank);
      b.net("scale_b" + n + "_q", w.cols * sc);
      b.net("special_b" + n + "_q", w.cols * sp);
      writes.push_back(ifThen("grp_wr_q && grp_bank_q == " + lit(1, bank),
                              {ifThen("grp_special_q", {assign("special_b" + n + "_q", "{" + specials + "}")},
                                      {assign("scale_b" + n + "_q", "{" + scales + "}")})}));
    }
    b.ffNoReset(writes, "Read only while the bank is full: no reset.");
    b.assign("group_scale_o", "meta_bank_i ? scale_b1_q : scale_b0_q");
    b.assign("group_special_o", "meta_bank_i ? special_b1_q : special_b0_q");
  }
  b.net("waddr_q", w.weightRamAddrBits, {}, "address of the weight word being assembled");
  b.net("waddr_d", w.weightRamAddrBits);
  b.net("aaddr_q", w.actRamAddrBits, {}, "address of the activation word being assembled");
  b.net("aaddr_d", w.actRamAddrBits);
  b.net("wbuf_wr_en_q");
  b.net("abuf_wr_en_q");
  b.net("wbuf_wr_addr_q", w.weightRamAddrBits);
  b.net("abuf_wr_addr_q", w.actRamAddrBits);
  const std::string wBase = w.banks == 2 ? "(bank_d ? WBank1 : '0)" : "'0";
  const std::string aBase = w.banks == 2 ? "(bank_d ? ABank1 : '0)" : "'0";
  b.comb({assign("waddr_d", "waddr_q"), assign("aaddr_d", "aaddr_q"),
          ifThen("start_i || step_end", {assign("waddr_d", wBase), assign("aaddr_d", aBase)},
                 {ifThen(groupWords ? "word_done && is_w && !grp_word" : "word_done && is_w",
                         {assign("waddr_d", "waddr_q + " + lit(w.weightRamAddrBits, 1))}),
                  ifThen("word_done && !is_w",
                         {assign("aaddr_d", "aaddr_q + " + lit(w.actRamAddrBits, 1))})})},
         "Each step's words start at the base of its bank.");
  b.ff({assign("waddr_q", "'0"), assign("aaddr_q", "'0"), assign("wbuf_wr_en_q", "1'b0"),
        assign("abuf_wr_en_q", "1'b0"), assign("wbuf_wr_addr_q", "'0"),
        assign("abuf_wr_addr_q", "'0")},
       {assign("waddr_q", "waddr_d"), assign("aaddr_q", "aaddr_d"),
        assign("wbuf_wr_en_q", groupWords ? "word_done && is_w && !grp_word" : "word_done && is_w"),
        assign("abuf_wr_en_q", "word_done && !is_w"),
        assign("wbuf_wr_addr_q", "waddr_q"), assign("abuf_wr_addr_q", "aaddr_q")});
  b.assign("wbuf_wr_en_o", "wbuf_wr_en_q");
  b.assign("wbuf_wr_addr_o", "wbuf_wr_addr_q");
  b.assign("wbuf_wr_data_o", "wasm_q");
  b.assign("abuf_wr_en_o", "abuf_wr_en_q");
  b.assign("abuf_wr_addr_o", "abuf_wr_addr_q");
  b.assign("abuf_wr_data_o", "aasm_q");

  // Beat bits above the widest word carry padding only.
  const int used = std::max(std::min(w.aWordBits, w.inBeatBits), std::min(w.wWordBits, w.inBeatBits));
  if (used < w.inBeatBits) {
    b.net("unused_tdata", w.inBeatBits - used, {}, "zero padding above the widest word");
    b.assign("unused_tdata", "s_tdata_i[BeatBits-1:" + std::to_string(used) + "]");
  }
  return b.take();
}

} // namespace quasar::blocks
