// The pins of the accelerator as the host driver sees them, and the one interface every
// engine implements (the Verilated RTL now, the SystemC model later), so that the same host
// code drives them all and the stall pattern cannot differ between engines.
//
// One cycle, as HostDriver runs it:
//   1. setInputs(in)  - the host's pins for the coming rising edge; combinational outputs
//                       settle (with clk_i low);
//   2. outputs()      - what the DUT shows now (ready/valid/data), which decides the handshakes
//                       that happen on the edge;
//   3. tick()         - the rising edge.
// Standard C++17 only: compiled into the harness executables.
#pragma once

#include <array>
#include <cstdint>

namespace quasar::tb {

constexpr int kMaxChunks = 64; // 32-bit chunks of the widest stream beat (2048 bits)

struct DutInputs {
  bool rstN = false;
  // AXI4-Stream slave (input data)
  std::array<uint32_t, kMaxChunks> sTdata{};
  bool sTvalid = false;
  bool sTlast = false;
  // AXI4-Stream slave s_axis_res (post.residual only: the residual branch's words)
  std::array<uint32_t, kMaxChunks> resTdata{};
  bool resTvalid = false;
  bool resTlast = false;
  // AXI4-Stream master (results)
  bool mTready = false;
  // AXI4-Lite
  uint32_t awaddr = 0;
  bool awvalid = false;
  uint32_t wdata = 0;
  uint32_t wstrb = 0xF;
  bool wvalid = false;
  bool bready = false;
  uint32_t araddr = 0;
  bool arvalid = false;
  bool rready = false;
};

struct DutOutputs {
  bool sTready = false;
  bool resTready = false; // s_axis_res_tready (post.residual only)
  std::array<uint32_t, kMaxChunks> mTdata{};
  bool mTvalid = false;
  bool mTlast = false;
  bool awready = false;
  bool wready = false;
  bool bvalid = false;
  uint32_t bresp = 0;
  bool arready = false;
  bool rvalid = false;
  uint32_t rdata = 0;
  uint32_t rresp = 0;
};

class Dut {
public:
  virtual ~Dut() = default;
  virtual void setInputs(const DutInputs &in) = 0;
  virtual const DutOutputs &outputs() = 0;
  virtual void tick() = 0;
};

} // namespace quasar::tb
