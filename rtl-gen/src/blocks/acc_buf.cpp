// qsr_acc_buf: the accumulator buffer, one qsr_sdp_ram per bank so that the compute unit
// (writing, and for ws reading back) and the drain unit (reading) use different banks at once.
// A bank belongs to the compute unit while it is not full and to the drain unit while it is,
// so the two never address the same bank on one cycle.
#include "blocks.h"

#include "widths.h"

namespace quasar::blocks {

using ir::build::assign;
using ir::build::ifThen;

ir::Module buildAccBuf(const BlockContext &ctx) {
  const config::AccelConfig &cfg = ctx.cfg;
  const Widths w = widthsOf(cfg);
  const bool ws = cfg.array.dataflow == config::Dataflow::WeightStationary;

  ModuleBuilder b(ctx, "qsr_acc_buf",
                  std::to_string(w.banks) + " bank(s) of " + std::to_string(w.accBankDepth) +
                      " accumulator words (" + std::to_string(w.accWordBits) + " bits)");
  b.describe({"Read data one cycle after the read (arch::kBufferReadLatency), from the bank the",
              "read addressed."});
  b.localInt("WordBits", w.accWordBits, "array.cols x pe.acc_bits");
  b.localInt("BankWords", w.accBankDepth, ctx.cite("buffers.acc_depth") + ", per bank");
  b.localInt("AddrBits", w.accAddrBits);

  b.group("Clock");
  b.in("clk_i");
  b.group("Write port (compute unit)");
  b.in("wr_en_i");
  b.in("wr_bank_i");
  b.in("wr_addr_i", w.accAddrBits, "AddrBits");
  b.in("wr_data_i", w.accWordBits, "WordBits");
  if (ws) {
    b.group("Read port of the compute unit (read-modify-write)");
    b.in("comp_rd_en_i");
    b.in("comp_rd_bank_i");
    b.in("comp_rd_addr_i", w.accAddrBits, "AddrBits");
    b.out("comp_rd_data_o", w.accWordBits, "WordBits");
  }
  b.group("Read port of the drain unit");
  b.in("drain_rd_en_i");
  b.in("drain_rd_bank_i");
  b.in("drain_rd_addr_i", w.accAddrBits, "AddrBits");
  b.out("drain_rd_data_o", w.accWordBits, "WordBits");

  b.array("rd_data_h", w.accWordBits, "WordBits", w.banks, {}, "read data per bank");
  for (int bank = 0; bank < w.banks; ++bank) {
    const std::string n = std::to_string(bank);
    const std::string sel = w.banks == 1 ? "1'b1" : (bank ? "" : "!");
    const std::string drainSel = "drain_sel" + n, compSel = "comp_sel" + n;
    b.comment("Bank " + n + ".");
    b.net(drainSel);
    b.assign(drainSel, w.banks == 1 ? "drain_rd_en_i" : "drain_rd_en_i && " + sel + "drain_rd_bank_i");
    if (ws) {
      b.net(compSel);
      b.assign(compSel, w.banks == 1 ? "comp_rd_en_i" : "comp_rd_en_i && " + sel + "comp_rd_bank_i");
    }
    ir::Instance &ram = b.instance("qsr_sdp_ram", "u_bank" + n);
    ram.params = {{"Width", "WordBits"}, {"Depth", "BankWords"}, {"AddrBits", "AddrBits"}};
    connect(ram, "clk_i", "clk_i");
    connect(ram, "wr_en_i", w.banks == 1 ? "wr_en_i" : "wr_en_i && " + sel + "wr_bank_i");
    connect(ram, "wr_addr_i", "wr_addr_i");
    connect(ram, "wr_data_i", "wr_data_i");
    connect(ram, "rd_en_i", ws ? drainSel + " || " + compSel : drainSel);
    connect(ram, "rd_addr_i", ws ? drainSel + " ? drain_rd_addr_i : comp_rd_addr_i" : "drain_rd_addr_i");
    connect(ram, "rd_data_o", "rd_data_h[" + n + "]");
  }

  if (w.banks == 1) {
    b.assign("drain_rd_data_o", "rd_data_h[0]");
    if (ws) b.assign("comp_rd_data_o", "rd_data_h[0]");
    b.net("unused_bank", 1, {}, "a single bank needs no bank select");
    b.assign("unused_bank", ws ? "wr_bank_i ^ drain_rd_bank_i ^ comp_rd_bank_i"
                               : "wr_bank_i ^ drain_rd_bank_i");
  } else {
    b.net("drain_bank_q", 1, {}, "bank of the drain unit's last read");
    if (ws) b.net("comp_bank_q", 1, {}, "bank of the compute unit's last read");
    std::vector<ir::Stmt> body = {
        ifThen("drain_rd_en_i", {assign("drain_bank_q", "drain_rd_bank_i")})};
    if (ws) body.push_back(ifThen("comp_rd_en_i", {assign("comp_bank_q", "comp_rd_bank_i")}));
    b.ffNoReset(body, "Select registers for read data: read only after a read, no reset.");
    b.assign("drain_rd_data_o", "rd_data_h[drain_bank_q]");
    if (ws) b.assign("comp_rd_data_o", "rd_data_h[comp_bank_q]");
  }
  return b.take();
}

} // namespace quasar::blocks
