// qsr_array: rows x cols PEs of one family with the edge skew and de-skew registers.
//
// The array is written once for every family: it places `g_row[r].g_col[c].u_pe` instances of
// the family's PE module and wires the standard PE ports (pe_family.h). Row r's activations
// are delayed r cycles and (os) column c's weights c cycles, so that element t of a word meets
// its partner at PE (r, c) on cycle t + r + c. For ws the column sums leave the bottom row
// skewed by c and are de-skewed by cols-1-c registers so that one word leaves per cycle.
#include "blocks.h"

#include "quasar/arch/timing.h"

namespace quasar::blocks {
namespace {

using ir::build::assign;

// Connects clk_i and (when the PE has one) rst_ni.
void clockPins(ir::Instance &inst, bool reset) {
  connect(inst, "clk_i", "clk_i");
  if (reset) connect(inst, "rst_ni", "rst_ni");
}

ir::Instance &delay(ModuleBuilder &b, const std::string &module, const std::string &name,
                    const std::string &width, const std::string &stages) {
  ir::Instance &inst = b.instance(module, name);
  inst.params = {{"Width", width}, {"Stages", stages}};
  return inst;
}

} // namespace

ir::Module buildArray(const BlockContext &ctx, const PeFamily &family) {
  const config::AccelConfig &cfg = ctx.cfg;
  const bool ws = cfg.array.dataflow == config::Dataflow::WeightStationary;
  const int rows = cfg.array.rows, cols = cfg.array.cols;
  const int aBits = family.aBits(cfg), wBits = family.wBits(cfg), accBits = cfg.pe.acc_bits;
  const bool peReset = family.hasReset(cfg);
  // Edge decoding (pe_family.h): lane widths of coded operands at the array inputs.
  const int aLane = family.aLaneBits ? family.aLaneBits(cfg) : 0;
  const int wLane = family.wLaneBits ? family.wLaneBits(cfg) : 0;
  const bool decA = aLane > 0, decW = wLane > 0;
  const std::string aIn = decA ? "ALaneBits" : "ABits", wIn = decW ? "WLaneBits" : "WBits";
  const std::string decoder = family.buildEdgeDecoder ? family.buildEdgeDecoder(ctx).name : "";

  ModuleBuilder b(ctx, "qsr_array",
                  std::to_string(rows) + " x " + std::to_string(cols) + " " +
                      (ws ? "weight" : "output") + "-stationary array of " + family.moduleName() +
                      " with edge skew" + (ws ? " and de-skew" : ""));
  std::vector<std::string> desc;
  if (ws) {
    desc = {"a_i: one activation word (row r in lane r), unskewed; w_i/w_load_i: weight word",
            "for the rows whose w_load_i bit is set; sum_o: the column sums of the",
            "activation word given arch::wsResultLatency - 1 cycles earlier (the buffer read",
            "takes the remaining cycle), all columns aligned."};
  } else {
    desc = {"a_i/a_valid_i: one activation word (row r in lane r) with its valid; w_i: the",
            "weight word of the same k (column c in lane c), both unskewed. drain_i shifts",
            "the accumulators down one row; acc_o is the bottom row (column c in lane c)."};
  }
  if (decA || decW) {
    desc.push_back("Coded operands (docs/ovp-array.md) are decoded at the edges by " + decoder +
                   ":");
    desc.push_back(std::string(decA ? "one per row after the row skew" : "") +
                   (decA && decW ? ", " : "") +
                   (decW ? "one per column on the weight path" : "") +
                   "; the PEs see decoded operands only.");
  }
  b.describe(desc);
  b.localInt("Rows", rows, ctx.cite("array.rows"));
  b.localInt("Cols", cols, ctx.cite("array.cols"));
  b.localInt("ABits", aBits, ctx.cite("pe.a_bits"));
  b.localInt("WBits", wBits, ctx.cite("pe.w_bits"));
  b.localInt("AccBits", accBits, ctx.cite("pe.acc_bits"));
  if (decA) b.localInt("ALaneBits", aLane, "activation codes, decoded at the row edge");
  if (decW) b.localInt("WLaneBits", wLane, "weight codes, decoded at the column edge");

  b.group("Clock and reset");
  b.in("clk_i");
  if (!ws || peReset) b.in("rst_ni");
  b.group("Operand words, unskewed");
  b.in("a_i", rows * (decA ? aLane : aBits), "Rows*" + aIn);
  if (!ws) b.in("a_valid_i");
  b.in("w_i", cols * (decW ? wLane : wBits), "Cols*" + wIn);
  if (decA || decW) {
    b.group("Operand formats (ovp_format CSR)");
    if (decA) b.in("a_fmt_i", 1, {}, "activation normal type: 0 int4, 1 flint4");
    if (decW) b.in("w_fmt_i", 1, {}, "weight normal type: 0 int4, 1 flint4");
  }
  if (ws) {
    b.in("w_load_i", rows, "Rows", "row r loads w_i into its PEs");
    b.group("Column sums, de-skewed");
    b.out("sum_o", cols * accBits, "Cols*AccBits");
  } else {
    b.group("Accumulator drain");
    b.in("drain_i");
    b.out("acc_o", cols * accBits, "Cols*AccBits");
  }

  // Interconnect: the value entering PE (r, c) from the left is a_h[r*(Cols+1)+c]; from
  // above, psum_h/w_h/acc_h[r*Cols+c]. The extra last column/row are the array's outputs.
  b.banner("Interconnect");
  b.array("a_h", aBits, "ABits", 0, "Rows*(Cols+1)", "activations entering PE (r, c)");
  if (ws) {
    b.array("psum_h", accBits, "AccBits", 0, "(Rows+1)*Cols", "partial sums entering PE (r, c)");
  } else {
    b.array("av_h", 1, {}, 0, "Rows*(Cols+1)", "activation valid entering PE (r, c)");
    b.array("w_h", wBits, "WBits", 0, "(Rows+1)*Cols", "weights entering PE (r, c)");
    b.array("acc_h", accBits, "AccBits", 0, "(Rows+1)*Cols", "accumulators entering PE (r, c)");
  }

  b.banner("Row skew");
  b.beginFor("r", "Rows", "g_skew_row");
  {
    // Nets first: adding an item may move the instances a reference points to.
    if (decA) b.net("a_code", aLane, "ALaneBits", "skewed code of row r");
    ir::Instance &inst = delay(b, "qsr_delay", "u_a_skew", aIn, "r");
    connect(inst, "clk_i", "clk_i");
    connect(inst, "d_i", "a_i[r*" + aIn + " +: " + aIn + "]");
    connect(inst, "q_o", decA ? "a_code" : "a_h[r*(Cols+1)]");
    if (decA) {
      ir::Instance &dec = b.instance(decoder, "u_a_dec", "row edge decoder");
      connect(dec, "code_i", "a_code");
      connect(dec, "flint_i", "a_fmt_i");
      connect(dec, "op_o", "a_h[r*(Cols+1)]");
    }
  }
  if (!ws) {
    ir::Instance &inst = delay(b, "qsr_valid_delay", "u_valid_skew", "1", "r");
    connect(inst, "clk_i", "clk_i");
    connect(inst, "rst_ni", "rst_ni");
    connect(inst, "d_i", "a_valid_i");
    connect(inst, "q_o", "av_h[r*(Cols+1)]");
  }
  b.endFor();

  b.beginFor("c", "Cols", "g_top");
  if (ws) {
    b.assign("psum_h[c]", "'0");
    if (decW) {
      b.net("w_dec", wBits, "WBits", "decoded weight of column c, to every row");
      ir::Instance &dec = b.instance(decoder, "u_w_dec", "column edge decoder");
      connect(dec, "code_i", "w_i[c*WLaneBits +: WLaneBits]");
      connect(dec, "flint_i", "w_fmt_i");
      connect(dec, "op_o", "w_dec");
    }
  } else {
    b.assign("acc_h[c]", "'0", "zeros shift in from the top while draining");
    if (decW) b.net("w_code", wLane, "WLaneBits", "skewed code of column c");
    ir::Instance &inst = delay(b, "qsr_delay", "u_w_skew", wIn, "c");
    connect(inst, "clk_i", "clk_i");
    connect(inst, "d_i", "w_i[c*" + wIn + " +: " + wIn + "]");
    connect(inst, "q_o", decW ? "w_code" : "w_h[c]");
    if (decW) {
      ir::Instance &dec = b.instance(decoder, "u_w_dec", "column edge decoder");
      connect(dec, "code_i", "w_code");
      connect(dec, "flint_i", "w_fmt_i");
      connect(dec, "op_o", "w_h[c]");
    }
  }
  b.endFor();

  b.banner("Processing elements");
  b.beginFor("r", "Rows", "g_row");
  b.beginFor("c", "Cols", "g_col");
  {
    ir::Instance &pe = b.instance(family.moduleName(), "u_pe");
    clockPins(pe, peReset);
    connect(pe, "a_i", "a_h[r*(Cols+1)+c]");
    if (!ws) connect(pe, "a_valid_i", "av_h[r*(Cols+1)+c]");
    connect(pe, "a_o", "a_h[r*(Cols+1)+c+1]");
    if (!ws) connect(pe, "a_valid_o", "av_h[r*(Cols+1)+c+1]");
    if (ws) {
      connect(pe, "w_i", decW ? "g_top[c].w_dec" : "w_i[c*WBits +: WBits]");
      connect(pe, "w_load_i", "w_load_i[r]");
      connect(pe, "psum_i", "psum_h[r*Cols+c]");
      connect(pe, "psum_o", "psum_h[(r+1)*Cols+c]");
    } else {
      connect(pe, "w_i", "w_h[r*Cols+c]");
      connect(pe, "w_o", "w_h[(r+1)*Cols+c]");
      connect(pe, "drain_i", "drain_i");
      connect(pe, "acc_i", "acc_h[r*Cols+c]");
      connect(pe, "acc_o", "acc_h[(r+1)*Cols+c]");
    }
  }
  b.endFor();
  b.endFor();

  b.banner("Outputs");
  b.beginFor("c", "Cols", "g_bottom");
  if (ws) {
    ir::Instance &inst = delay(b, "qsr_delay", "u_deskew", "AccBits", "Cols-1-c");
    connect(inst, "clk_i", "clk_i");
    connect(inst, "d_i", "psum_h[Rows*Cols+c]");
    connect(inst, "q_o", "sum_o[c*AccBits +: AccBits]");
  } else {
    b.assign("acc_o[c*AccBits +: AccBits]", "acc_h[Rows*Cols+c]");
  }
  b.endFor();

  // The activations leaving the last column (and the weights leaving the bottom row) go
  // nowhere; name them so lint sees they are dropped on purpose.
  b.beginFor("r", "Rows", "g_unused_row");
  b.net("unused_row");
  b.assign("unused_row", ws ? "^a_h[r*(Cols+1)+Cols]"
                            : "^a_h[r*(Cols+1)+Cols] ^ av_h[r*(Cols+1)+Cols]");
  b.endFor();
  if (!ws) {
    b.beginFor("c", "Cols", "g_unused_col");
    b.net("unused_col");
    b.assign("unused_col", "^w_h[Rows*Cols+c]");
    b.endFor();
  }
  return b.take();
}

} // namespace quasar::blocks
