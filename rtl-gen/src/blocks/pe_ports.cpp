// The PE interface towards the array, shared by every PE family (pe_int, pe_ovp).
#include "blocks.h"

namespace quasar::blocks {

void addPePorts(ModuleBuilder &b, const BlockContext &ctx, bool ws, int aBits, int wBits,
                int accBits) {
  b.group("Clock and reset");
  b.in("clk_i");
  if (!ws) b.in("rst_ni", 1, {}, ctx.reset == ir::ResetKind::Async ? "asynchronous, active low"
                                                                   : "synchronous, active low");
  b.group("Activations, left to right");
  b.in("a_i", aBits, "ABits");
  if (!ws) b.in("a_valid_i");
  b.out("a_o", aBits, "ABits");
  if (!ws) b.out("a_valid_o");
  if (ws) {
    b.group("Stationary weight");
    b.in("w_i", wBits, "WBits");
    b.in("w_load_i");
    b.group("Partial sums, top to bottom");
    b.in("psum_i", accBits, "AccBits");
    b.out("psum_o", accBits, "AccBits");
  } else {
    b.group("Weights, top to bottom");
    b.in("w_i", wBits, "WBits");
    b.out("w_o", wBits, "WBits");
    b.group("Accumulator drain, top to bottom");
    b.in("drain_i");
    b.in("acc_i", accBits, "AccBits");
    b.out("acc_o", accBits, "AccBits");
  }
}

} // namespace quasar::blocks
