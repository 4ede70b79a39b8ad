// qsr_bitserial_dequant: the per-column dequantization unit of the ws bitmod array
// (docs/bitserial-array.md, specs/bitserial.md "Per-group scaling").
//
// Every ws k-tile lies inside one group (group is a multiple of array.rows), so each column
// sum of a pass belongs to one group g of the column's channel and the accumulator can add
// s_g * colsum directly; summed over passes, k-tiles and groups that is the spec's
// acc_c = sum_g s_g * P_g exactly. One unit per column (not per PE) makes a parallel 8-bit
// multiplier cheap, and it never stalls the array, where a bit-serial one would take 8 cycles
// per column sum.
#include "blocks.h"
#include "pe_bitserial.h"

#include <algorithm>

namespace quasar::blocks {

ir::Module buildBitserialDequant(const BlockContext &ctx) {
  const config::AccelConfig &cfg = ctx.cfg;
  const int accBits = cfg.pe.acc_bits;
  const int sumBits = bitserialColumnSumBits(cfg);
  // Signed sum x unsigned scale: |sum| <= 2^(SumBits-1), s_g < 2^8, so SumBits + 8 bits hold
  // the product (the scale enters as a 9-bit signed number with a zero sign bit).
  const int lowBits = std::min(sumBits, accBits);
  const int mulBits = lowBits + kBitmodScaleBits;
  ModuleBuilder b(ctx, "qsr_bitserial_dequant",
                  "per-column dequantization: a pass's column sum times the group scale s_g");
  b.describe({"scaled_o = sum_i * scale_i (exact). The column sum of one pass fits SumBits",
              "(rows terms of at most 2^(a_bits-1) << largest shift), so its high bits are sign",
              "copies; combinational, between the array's sum and the accumulator register."});
  b.localInt("AccBits", accBits, ctx.cite("pe.acc_bits"));
  b.localInt("SumBits", sumBits, "exact column sum of one pass");
  b.localInt("ScaleBits", kBitmodScaleBits, "s_g, unsigned");
  b.localInt("MulBits", mulBits, "column sum bits + ScaleBits: the product, exact");
  b.group("Column sum and group scale");
  b.in("sum_i", accBits, "AccBits", "column sum of one pass (from qsr_array sum_o)");
  b.in("scale_i", kBitmodScaleBits, "ScaleBits", "s_g of the column's channel and group");
  b.group("Scaled sum");
  b.out("scaled_o", accBits, "AccBits", "sum_i * scale_i");
  // Signed operands whose high bits are sign copies (scale: zeros above bit 7), so the
  // synthesizer narrows the multiplier to SumBits x 9 bits: one DSP48 (25 x 18).
  b.net("sum_low", lowBits, {}, "the column sum's significant bits");
  b.netSigned("sum_s", mulBits, "MulBits");
  b.netSigned("scale_s", mulBits, "MulBits");
  b.netSigned("product", mulBits, "MulBits");
  b.assign("sum_low", sumBits < accBits ? "sum_i[SumBits-1:0]" : "sum_i");
  b.assign("sum_s", ir::build::signExtend("sum_low", lowBits, mulBits));
  b.assign("scale_s", ir::build::zeroExtend("scale_i", kBitmodScaleBits, mulBits));
  b.assign("product", "sum_s * scale_s");
  if (sumBits < accBits) {
    b.net("unused_sum_hi", accBits - sumBits, {}, "sign copies of an exact column sum");
    b.assign("unused_sum_hi", "sum_i[AccBits-1:SumBits]");
  }
  if (mulBits <= accBits) {
    b.assign("scaled_o", ir::build::signExtend("product", mulBits, accBits));
  } else {
    // The config's acc_bits check bounds every true sum, so truncation is exact.
    b.assign("scaled_o", "product[AccBits-1:0]");
    b.net("unused_product_hi", mulBits - accBits);
    b.assign("unused_product_hi", "product[MulBits-1:AccBits]");
  }
  return b.take();
}

} // namespace quasar::blocks
