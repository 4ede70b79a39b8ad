// qsr_ovp_pair_tag and qsr_ovp_decoder: the OVP-4 decode of specs/ovp.md split where the pair
// context ends (docs/ovp-array.md). The tagger sees a whole byte (both elements of a pair)
// and marks each element that is an outlier; after that an element travels alone as a 5-bit
// tagged code {outlier, nibble} through buffers and skew registers, and the decoder at the
// array edge needs only that code and the tensor's normal type (from the ovp_format CSR).
//
// Both are combinational: the tagger sits right after the buffer read (qsr_ovp_unpack_*), the
// decoder between the skew register and the first PE, so neither adds a pipeline stage.
#include "blocks.h"

namespace quasar::blocks {

using ir::build::assign;

ir::Module buildOvpPairTag(const BlockContext &ctx) {
  ModuleBuilder b(ctx, "qsr_ovp_pair_tag",
                  "OVP-4 pair tagger: one packed byte into two tagged 5-bit codes");
  b.describe({"An element is an outlier exactly when its partner is the victim marker 1000 and",
              "it is not (specs/ovp.md, \"Pairs and the byte layout\"); a byte whose nibbles are",
              "both 1000 holds two victims. The tag is the only fact of the pair an element",
              "needs later, so elements may be stored and moved separately after this."});
  b.localBits("VictimCode", 4, 8, "nibble 1000 marks the victim");
  b.group("Packed pair");
  b.in("byte_i", 8, {}, "element 2k in bits 3:0, element 2k+1 in bits 7:4");
  b.group("Tagged codes {outlier, nibble}");
  b.out("lo_o", 5, {}, "element 2k");
  b.out("hi_o", 5, {}, "element 2k+1");
  b.net("lo_victim", 1, {}, "bits 3:0 are the victim marker");
  b.net("hi_victim", 1, {}, "bits 7:4 are the victim marker");
  b.assign("lo_victim", "byte_i[3:0] == VictimCode");
  b.assign("hi_victim", "byte_i[7:4] == VictimCode");
  b.assign("lo_o", "{hi_victim & ~lo_victim, byte_i[3:0]}");
  b.assign("hi_o", "{lo_victim & ~hi_victim, byte_i[7:4]}");
  return b.take();
}

ir::Module buildOvpDecoder(const BlockContext &ctx) {
  ModuleBuilder b(ctx, "qsr_ovp_decoder",
                  "OVP-4 edge decoder: one tagged code into the MAC operand (exp, int)");
  b.describe({"value = int << exp (specs/ovp.md, \"Decoding for the MAC\"):",
              "  victim marker 1000                -> (0, 0)",
              "  int4 normal q                     -> (0, q)",
              "  flint4 normal s,0xy / s,11y       -> (0, +-xy) / (1, +-(2+y))",
              "  flint4 normal s,101 / s,100       -> (3, +-1) / (4, +-1)",
              "  outlier (abfloat) s,e1 e0,m       -> (e + bias, +-(2+m)), bias 2 (int4), 3 (flint4)",
              "The bias follows the normal type (the spec's adaptive bias), so the CSR only holds",
              "the type. Every nibble of an outlier decodes by the formula, including the codes",
              "the encoder never produces (as the golden decoder does)."});
  b.localBits("VictimCode", 4, 8, "nibble 1000 marks the victim");
  b.group("Tagged code and format");
  b.in("code_i", 5, {}, "{outlier, nibble} from qsr_ovp_pair_tag");
  b.in("flint_i", 1, {}, "the tensor's normal type: 0 int4, 1 flint4 (ovp_format CSR)");
  b.group("MAC operand");
  b.out("op_o", 7, {}, "{exp[2:0] (shift, 0..6), int[3:0] (two's complement, -7..7)}");
  b.net("exp_o", 3, {}, "shift");
  b.net("int_o", 4, {}, "signed int");
  b.assign("op_o", "{exp_o, int_o}");

  b.banner("Fields");
  b.net("sign", 1, {}, "bit 3 of every code");
  b.net("outlier", 1, {}, "the tag");
  b.net("victim", 1, {}, "the victim marker (only meaningful without the tag)");
  b.net("nibble", 4, {}, "the element's code");
  b.net("m2", 1, {}, "flint4 magnitude code bit 2");
  b.net("m1", 1, {}, "flint4 magnitude code bit 1");
  b.net("m0", 1, {}, "flint4 magnitude code bit 0, abfloat m");
  // Fields as nets, not part selects inside the processes (Icarus 11 cannot sensitize a
  // process to a constant part select and warns).
  b.assign("nibble", "code_i[3:0]");
  b.assign("m2", "code_i[2]");
  b.assign("m1", "code_i[1]");
  b.assign("m0", "code_i[0]");
  b.assign("sign", "code_i[3]");
  b.assign("outlier", "code_i[4]");
  b.assign("victim", "nibble == VictimCode");

  b.banner("Magnitude and shift of each kind");
  b.net("out_exp", 3, {}, "abfloat: e + bias");
  b.net("fl_mag", 3, {}, "flint4 magnitude mantissa: xy, 2+y or 1");
  b.net("fl_exp", 3, {}, "flint4 shift: 0, 1, 3 or 4");
  b.net("mag", 3, {}, "magnitude of int_o for sign-magnitude kinds");
  b.net("mag_neg", 4, {}, "-mag");
  b.assign("out_exp", "{1'b0, code_i[2:1]} + (flint_i ? 3'd3 : 3'd2)");
  b.comb({assign("fl_mag", "{1'b0, m1, m0}"), assign("fl_exp", "3'd0"),
          ir::build::ifThen("m2",
                            {ir::build::ifThen("m1",
                                               {assign("fl_mag", "{2'b01, m0}"),
                                                assign("fl_exp", "3'd1")},
                                               {assign("fl_mag", "3'd1"),
                                                assign("fl_exp", "m0 ? 3'd3 : 3'd4")})})},
         "flint4 magnitude code m2 m1 m0: 0xy, 11y, 101, 100.");
  b.assign("mag", "outlier ? {2'b01, code_i[0]} : fl_mag");
  b.assign("mag_neg", "4'd0 - {1'b0, mag}");

  b.banner("Operand");
  b.comb({assign("exp_o", "3'd0"), assign("int_o", "4'd0"),
          ir::build::ifThen(
              "outlier", {assign("exp_o", "out_exp"), assign("int_o", "sign ? mag_neg : {1'b0, mag}")},
              {ir::build::ifThen(
                  "!victim",
                  {ir::build::ifThen("flint_i",
                                     {assign("exp_o", "fl_exp"),
                                      assign("int_o", "sign ? mag_neg : {1'b0, mag}")},
                                     {assign("int_o", "nibble")})})})},
         "Victims (and the unused tagged victim) stay (0, 0).");
  return b.take();
}

} // namespace quasar::blocks
