// The pins of the accelerator top (docs/rtl-contract.md, "Ports") as the SystemC model's
// clocked process sees them on one rising edge, and what it drives back. Every output is a
// register (the RTL top is a Moore machine at its pins), so the outputs depend on the state
// only and change only at an edge.
#pragma once

#include <array>
#include <cstdint>
#include <ostream>
#include <string>

namespace sc_core {
class sc_trace_file;
}

namespace quasar::sim {

constexpr int kMaxBeatChunks = 32; // interfaces.axis_*_bits <= 1024

// One AXI4-Stream tdata value as 32-bit chunks (chunk 0 = bits 31:0); the port type of the
// SystemC top's tdata ports (the width is the config's: unused chunks stay zero).
struct BeatData {
  std::array<uint32_t, kMaxBeatChunks> chunks{};
  bool operator==(const BeatData &o) const { return chunks == o.chunks; }
};
std::ostream &operator<<(std::ostream &out, const BeatData &b);

struct PinInputs {
  bool rstN = false;
  const uint32_t *sTdata = nullptr; // in chunks; read only on an accepted beat
  bool sTvalid = false, sTlast = false;
  const uint32_t *resTdata = nullptr; // s_axis_res (post.residual); read only on an accepted beat
  bool resTvalid = false;
  bool mTready = false;
  uint32_t awaddr = 0, wdata = 0, wstrb = 0, araddr = 0;
  bool awvalid = false, wvalid = false, bready = false, arvalid = false, rready = false;
};

struct PinOutputs {
  bool sTready = false;
  bool resTready = false; // s_axis_res_tready (post.residual)
  const uint32_t *mTdata = nullptr; // the head word's current beat (outChunks chunks)
  bool mTvalid = false, mTlast = false;
  bool awready = false, wready = false, bvalid = false, arready = false, rvalid = false;
  uint32_t bresp = 0, rdata = 0, rresp = 0;
};

// sc_signal<BeatData> needs sc_trace (found by argument-dependent lookup); beats are not traced.
inline void sc_trace(sc_core::sc_trace_file *, const BeatData &, const std::string &) {}

} // namespace quasar::sim
