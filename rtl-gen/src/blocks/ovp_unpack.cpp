// qsr_ovp_unpack_w / qsr_ovp_unpack_a: the buffer read side of an OVP-4 operand
// (docs/ovp-array.md, "Buffers hold stream words"). The buffers hold the stream words as they
// arrive (packed OVP bytes); this block turns one buffer word into the 5-bit tagged codes
// {outlier, nibble} the array's edge decoders take, one per lane:
//   pair words (ws weights, os operands): a word holds K steps 2t and 2t+1 of every lane (one
//     byte per lane); the compute unit addresses K step k, the RAM is read at k >> 1 and k's
//     parity, registered like the RAM's read data, picks the nibble;
//   ws activations: a word is one K row of nibbles, byte j = lanes 2j and 2j+1, so every
//     byte is tagged into its two lanes.
// Combinational except the parity register; adds no cycle (the RAM's read latency stays
// arch::kBufferReadLatency).
#include "blocks.h"

#include "pe_ovp.h"
#include "quasar/arch/ovp_stream.h"

namespace quasar::blocks {

using ir::build::assign;
using ir::build::ifThen;

std::string ovpUnpackName(arch::Operand op) {
  return op == arch::Operand::Weights ? "qsr_ovp_unpack_w" : "qsr_ovp_unpack_a";
}

ir::Module buildOvpUnpack(const BlockContext &ctx, arch::Operand op) {
  const config::AccelConfig &cfg = ctx.cfg;
  const bool weights = op == arch::Operand::Weights;
  const bool pairs = arch::kStepsPerWord(cfg, op) == 2;
  const int lanes = weights ? cfg.array.cols : cfg.array.rows;
  const arch::WordFormat f = arch::ovpStreamWordFormat(cfg, op);

  ModuleBuilder b(ctx, ovpUnpackName(op),
                  std::string("OVP-4 ") + (weights ? "weight" : "activation") +
                      " buffer word into tagged codes, one per " + (weights ? "column" : "row"));
  if (pairs) {
    b.describe({"A buffer word is a pair word: lane l's byte holds K steps 2t (bits 3:0) and",
                "2t+1 (bits 7:4). sel_i (the K step's parity, with the read address) is",
                "registered on rd_en_i like the RAM's read data and picks the step."});
  } else {
    b.describe({"A buffer word is one K row of nibbles: byte j holds lanes 2j (bits 3:0) and",
                "2j+1 (bits 7:4), a pair of K elements; each byte is tagged into its two lanes."});
  }
  b.localInt("Lanes", lanes, ctx.cite(weights ? "array.cols" : "array.rows"));
  b.localInt("CodeBits", kOvpCodeBits, "tagged code {outlier, nibble}");
  if (pairs) {
    b.group("Clock");
    b.in("clk_i");
    b.group("Buffer read");
    b.in("rd_en_i", 1, {}, "the buffer read is issued");
    b.in("sel_i", 1, {}, "K step parity of the read address");
  } else {
    b.group("Buffer read");
  }
  b.in("word_i", f.lanes * f.laneBits, {}, "the buffer's read data (stream word)");
  b.group("Tagged codes");
  b.out("codes_o", lanes * kOvpCodeBits, "Lanes*CodeBits", "lane l in bits l*CodeBits +: CodeBits");

  if (pairs) {
    b.net("sel_q", 1, {}, "parity of the word on word_i");
    b.ffNoReset({ifThen("rd_en_i", {assign("sel_q", "sel_i")})},
                "Follows the RAM's registered read: no reset.");
    b.beginFor("l", "Lanes", "g_lane");
    b.net("lo", kOvpCodeBits, "CodeBits", "K step 2t");
    b.net("hi", kOvpCodeBits, "CodeBits", "K step 2t+1");
    ir::Instance &tag = b.instance("qsr_ovp_pair_tag", "u_tag");
    connect(tag, "byte_i", "word_i[l*8 +: 8]");
    connect(tag, "lo_o", "lo");
    connect(tag, "hi_o", "hi");
    b.assign("codes_o[l*CodeBits +: CodeBits]", "sel_q ? hi : lo");
    b.endFor();
  } else {
    b.beginFor("j", "Lanes/2", "g_byte");
    ir::Instance &tag = b.instance("qsr_ovp_pair_tag", "u_tag");
    connect(tag, "byte_i", "word_i[j*8 +: 8]");
    connect(tag, "lo_o", "codes_o[2*j*CodeBits +: CodeBits]");
    connect(tag, "hi_o", "codes_o[(2*j+1)*CodeBits +: CodeBits]");
    b.endFor();
  }
  return b.take();
}

} // namespace quasar::blocks
