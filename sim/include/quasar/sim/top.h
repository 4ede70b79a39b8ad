// qsr_<name>_top: the SystemC model of the generated int accelerator (docs/sim.md).
//
// The same pins as the RTL top (docs/rtl-contract.md): clk_i, rst_ni, the AXI4-Stream slave
// and master, the AXI4-Lite slave. Inside, one sc_module per RTL block (u_csr, u_loader,
// u_compute, u_drain) holds that block's registers; the buffers are shared state like the
// RTL's RAMs. One clocked process evaluates every block's combinational outputs from the state
// before the edge, then lets every block compute its next state (EdgeSignals carries the
// wires), so register semantics are exact without a signal per wire.
//
// Two ways to run it, with the same edge():
//   kernel mode: the process `onClock` is an SC_METHOD on clk_i.pos() (and rst_ni.neg() with
//     rtl.reset: async); a testbench drives the ports through signals and sc_start.
//   decoupled mode: a caller that knows the pins (the co-simulation's Dut adapter) calls
//     edge() directly for every rising edge, without entering the kernel per cycle (temporal
//     decoupling, as TLM-2.0 loosely-timed initiators do). This is what makes the model fast.
#pragma once

#include "quasar/config/accel.h"
#include "quasar/sim/buffers.h"
#include "quasar/sim/compute.h"
#include "quasar/sim/csr.h"
#include "quasar/sim/drain.h"
#include "quasar/sim/loader.h"
#include "quasar/sim/pins.h"

#include <systemc>

#include <cstdint>

namespace quasar::sim {

class Top : public sc_core::sc_module {
public:
  SC_HAS_PROCESS(Top);

  // ---- ports (RTL names) ----
  sc_core::sc_in<bool> clk_i;
  sc_core::sc_in<bool> rst_ni;
  sc_core::sc_in<BeatData> s_axis_tdata;
  sc_core::sc_in<bool> s_axis_tvalid;
  sc_core::sc_out<bool> s_axis_tready;
  sc_core::sc_in<bool> s_axis_tlast;
  sc_core::sc_out<BeatData> m_axis_tdata;
  sc_core::sc_out<bool> m_axis_tvalid;
  sc_core::sc_in<bool> m_axis_tready;
  sc_core::sc_out<bool> m_axis_tlast;
  sc_core::sc_in<uint32_t> s_axi_awaddr;
  sc_core::sc_in<bool> s_axi_awvalid;
  sc_core::sc_out<bool> s_axi_awready;
  sc_core::sc_in<uint32_t> s_axi_wdata;
  sc_core::sc_in<uint32_t> s_axi_wstrb;
  sc_core::sc_in<bool> s_axi_wvalid;
  sc_core::sc_out<bool> s_axi_wready;
  sc_core::sc_out<uint32_t> s_axi_bresp;
  sc_core::sc_out<bool> s_axi_bvalid;
  sc_core::sc_in<bool> s_axi_bready;
  sc_core::sc_in<uint32_t> s_axi_araddr;
  sc_core::sc_in<bool> s_axi_arvalid;
  sc_core::sc_out<bool> s_axi_arready;
  sc_core::sc_out<uint32_t> s_axi_rdata;
  sc_core::sc_out<uint32_t> s_axi_rresp;
  sc_core::sc_out<bool> s_axi_rvalid;
  sc_core::sc_in<bool> s_axi_rready;

  // `kernelProcess`: register the clocked process (kernel mode). Without it the ports may
  // stay unbound and many tops can exist in one program (decoupled mode only).
  Top(sc_core::sc_module_name name, const config::AccelConfig &cfg, bool kernelProcess);

  // One rising edge with these pins (decoupled mode; onClock calls it too).
  void edge(const PinInputs &in);
  // rst_ni low with rtl.reset: async resets at once, not at the edge.
  void asyncReset();
  const PinOutputs &outputs() const { return m_out; }

  const config::AccelConfig &config() const { return m_cfg; }
  int64_t edges() const { return m_cycle; }
  int64_t computeCycles() const { return u_compute.computeCycles(); }
  int64_t feedCycles() const { return u_compute.feedCycles(); }

private:
  void onClock(); // the clocked process: pins in, edge(), pins out
  void onAsyncReset();
  void resetAll();
  void publish(); // m_out from the blocks' registers

  const config::AccelConfig m_cfg;
  Buffers m_buffers;
  Loader u_loader;
  Drain u_drain;
  Compute u_compute;
  Csr u_csr;
  int64_t m_cycle = 0; // rising edges seen (events are scheduled on it)
  PinOutputs m_out;
  BeatData m_inBeat, m_outBeat; // kernel mode: port values
};

} // namespace quasar::sim
