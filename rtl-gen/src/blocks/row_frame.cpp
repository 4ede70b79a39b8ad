// Row framing, row buffer and lane slicing shared by the row units (see row_frame.h).
#include "row_frame.h"

#include "quasar/arch/post_timing.h"

namespace quasar::blocks {

RowFrame rowFrameOf(const RowUnitShape &s) {
  RowFrame f;
  f.lanes = s.lanes;
  f.words = int((s.rowMax + s.lanes - 1) / s.lanes);
  f.addrBits = ir::build::addrBits(f.words);
  f.cntBits = ir::build::bitsFor(f.words);
  f.countBits = ir::build::bitsFor(s.lanes);
  return f;
}

void declareRowFrame(ModuleBuilder &b, const RowUnitShape &s, const RowFrame &f) {
  b.localInt("Lanes", f.lanes, b.ctx().cite(s.lanesKey));
  b.localInt("RowMax", s.rowMax, b.ctx().cite("post.row_max"));
  b.localInt("Words", f.words, "row buffer words: ceil(RowMax / Lanes)");
  b.localInt("AddrBits", f.addrBits);
  b.localInt("CntBits", f.cntBits, "word counts 0..Words");
  b.localInt("CountBits", f.countBits, "lanes used in a last word, 1..Lanes");
  b.localInt("XBits", arch::kRowElemBits);
}

void addRowInputPorts(ModuleBuilder &b, const RowFrame &f) {
  b.group("Input words (ready/valid)");
  b.in("valid_i");
  b.out("ready_o");
  b.in("last_i", 1, {}, "the row's final word");
  b.in("count_i", f.countBits, {}, "with last_i: lanes holding elements, 1..Lanes");
  b.in("x_i", f.lanes * arch::kRowElemBits, {}, "Lanes x 32-bit signed, lane 0 in the LSBs");
}

void addRowOutputPorts(ModuleBuilder &b, const RowFrame &f, int outBits,
                       const std::string &yComment) {
  b.group("Output words (ready/valid)");
  b.out("valid_o");
  b.in("ready_i");
  b.out("last_o");
  b.out("count_o", f.countBits, {}, "count_i of the row's last word, with last_o");
  b.out("y_o", f.lanes * outBits, {}, yComment);
}

void addRowBuffer(ModuleBuilder &b, const RowFrame &f, const std::string &name, int width,
                  const std::string &wrEn, const std::string &wrAddr, const std::string &wrData,
                  const std::string &rdata) {
  ir::Instance &i = b.instance("qsr_sdp_ram", "u_" + name);
  i.params = {{"Width", std::to_string(width)}, {"Depth", std::to_string(f.words)},
              {"AddrBits", std::to_string(f.addrBits)}};
  connect(i, "clk_i", "clk_i");
  connect(i, "wr_en_i", wrEn);
  connect(i, "wr_addr_i", wrAddr);
  connect(i, "wr_data_i", wrData);
  connect(i, "rd_en_i", "rd_issue");
  connect(i, "rd_addr_i", "raddr_q[AddrBits-1:0]");
  connect(i, "rd_data_o", rdata);
}

std::vector<std::string> laneNets(ModuleBuilder &b, const std::string &prefix,
                                  const std::string &vec, int laneBits, int lanes,
                                  bool isSigned) {
  std::vector<std::string> names;
  for (int l = 0; l < lanes; ++l) {
    const std::string n = prefix + std::to_string(l);
    if (isSigned) b.netSigned(n, laneBits);
    else b.net(n, laneBits);
    b.assign(n, vec + "[" + std::to_string(l * laneBits + laneBits - 1) + ":" +
                    std::to_string(l * laneBits) + "]");
    names.push_back(n);
  }
  return names;
}

void addWordMax(ModuleBuilder &b, const RowFrame &f) {
  b.banner("Pass 1: max of the input word's valid lanes (lane 0 always holds an element)");
  b.netSigned("word_max", arch::kRowElemBits);
  const std::vector<std::string> xin =
      laneNets(b, "in_x", "x_i", arch::kRowElemBits, f.lanes, true);
  std::vector<ir::Stmt> body = {ir::build::assign("word_max", xin[0])};
  for (int l = 1; l < f.lanes; ++l)
    body.push_back(ir::build::ifThen("(!last_i || count_i > " + ir::build::lit(f.countBits, l) +
                                         ") && " + xin[size_t(l)] + " > word_max",
                                     {ir::build::assign("word_max", xin[size_t(l)])}));
  b.comb(body, "Unrolled over lanes.");
}

std::string laneHoldsElement(const RowFrame &f) {
  return "!rlast_q || {" + std::to_string(32 - f.countBits) + "'d0, lastcnt_q} > l";
}

} // namespace quasar::blocks
