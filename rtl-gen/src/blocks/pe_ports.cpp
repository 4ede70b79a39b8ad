// The PE interface towards the array and the accumulate half of a PE, shared by every PE
// family (pe_int, pe_ovp, pe_bitserial).
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

void addToAccWidth(ModuleBuilder &b, const std::string &dst, const std::string &src, int srcBits,
                   const std::string &srcParam, int accBits, const std::string &unusedHi) {
  if (srcBits < accBits) {
    b.assign(dst, ir::build::signExtend(src, srcBits, accBits));
    return;
  }
  b.assign(dst, src + "[AccBits-1:0]");
  if (srcBits > accBits) {
    b.net(unusedHi, srcBits - accBits, {}, "above acc_bits: never set by valid data");
    b.assign(unusedHi, src + "[" + srcParam + "-1:AccBits]");
  }
}

void addPeAccumulate(ModuleBuilder &b, bool ws, int accBits, const PeAccumulate &acc) {
  using ir::build::assign;
  using ir::build::ifThen;
  std::vector<ir::Stmt> datapath{assign("a_q", "a_i")};
  if (!ws) datapath.push_back(assign("w_q", "w_i"));
  datapath.insert(datapath.end(), acc.productRegs.begin(), acc.productRegs.end());
  if (ws) {
    b.ffNoReset(datapath, "Datapath registers: no reset.");
    b.ffNoReset({ifThen("w_load_i", {assign("w_q", "w_i")})});
    b.banner("Partial sum");
    b.net("psum_q", accBits, "AccBits");
    b.ffNoReset({assign("psum_q", "psum_i + " + acc.addend)});
    b.assign("a_o", "a_q");
    b.assign("psum_o", "psum_q");
    return;
  }
  b.net("a_valid_q");
  b.net(acc.validReg);
  b.ffNoReset(datapath, "Datapath registers: no reset.");
  b.ff({assign("a_valid_q", "1'b0"), assign(acc.validReg, "1'b0")},
       {assign("a_valid_q", "a_valid_i"), assign(acc.validReg, "a_valid_i")});
  b.banner("Accumulator");
  b.net("acc_d", accBits, "AccBits");
  b.net("acc_q", accBits, "AccBits");
  b.comb({assign("acc_d", "acc_q"),
          ifThen("drain_i", {assign("acc_d", "acc_i")},
                 {ifThen(acc.validReg, {assign("acc_d", "acc_q + " + acc.addend)})})});
  b.ff({assign("acc_q", "'0")}, {assign("acc_q", "acc_d")});
  b.assign("a_o", "a_q");
  b.assign("a_valid_o", "a_valid_q");
  b.assign("w_o", "w_q");
  b.assign("acc_o", "acc_q");
}

} // namespace quasar::blocks
