// qsr_sdp_ram: a simple dual-port RAM (one write port, one registered read port), written in
// the template Yosys (memory_bram) and Vivado infer as block RAM. No reset: block RAM has
// none, and every word is written before it is read.
#include "blocks.h"

namespace quasar::blocks {

using ir::build::assign;
using ir::build::ifThen;

ir::Module buildSdpRam(const BlockContext &ctx) {
  ModuleBuilder b(ctx, "qsr_sdp_ram", "simple dual-port RAM with registered read (block RAM)");
  b.describe({"Read data appears one cycle after rd_en_i (arch::kBufferReadLatency). A read and a",
              "write of the same address on one edge return the old word."});
  // Defaults are placeholders: every instance sets all three.
  b.parameter("Width", 8, "bits per word");
  b.parameter("Depth", 16, "words");
  b.parameter("AddrBits", 4, "address width, >= clog2(Depth)");
  b.group("Clock");
  b.in("clk_i");
  b.group("Write port");
  b.in("wr_en_i");
  b.in("wr_addr_i", 4, "AddrBits");
  b.in("wr_data_i", 8, "Width");
  b.group("Read port");
  b.in("rd_en_i");
  b.in("rd_addr_i", 4, "AddrBits");
  b.out("rd_data_o", 8, "Width");

  b.array("mem_q", 8, "Width", 16, "Depth");
  b.net("rd_data_q", 8, "Width");
  b.ffNoReset({ifThen("wr_en_i", {assign("mem_q[wr_addr_i]", "wr_data_i")})});
  b.ffNoReset({ifThen("rd_en_i", {assign("rd_data_q", "mem_q[rd_addr_i]")})});
  b.assign("rd_data_o", "rd_data_q");
  return b.take();
}

} // namespace quasar::blocks
