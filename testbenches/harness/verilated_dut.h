// Dut over a Verilated top (any config: port widths are resolved by overloads on the port
// types Verilator chose, CData/SData/IData/QData or VlWide<N>). Included only by the
// harness main, which Verilator compiles together with the model's classes.
#pragma once

#include "dut.h"

#include <verilated.h>
#include <verilated_fst_c.h>

#include <memory>
#include <string>
#include <type_traits>

namespace quasar::tb {

// Scalars and vectors up to 64 bits.
template <class T>
std::enable_if_t<std::is_integral<T>::value> putChunks(T &port, const uint32_t *chunks) {
  uint64_t v = chunks[0];
  if (sizeof(T) > 4) v |= uint64_t(chunks[1]) << 32;
  port = T(v);
}
template <class T>
std::enable_if_t<std::is_integral<T>::value> getChunks(const T &port, uint32_t *chunks) {
  const uint64_t v = uint64_t(port);
  chunks[0] = uint32_t(v);
  if (sizeof(T) > 4) chunks[1] = uint32_t(v >> 32);
}
// Wide vectors.
template <std::size_t N> void putChunks(VlWide<N> &port, const uint32_t *chunks) {
  for (std::size_t i = 0; i < N; ++i) port[i] = chunks[i];
}
template <std::size_t N> void getChunks(const VlWide<N> &port, uint32_t *chunks) {
  for (std::size_t i = 0; i < N; ++i) chunks[i] = port[i];
}

// The residual stream s_axis_res (post.residual): driven when the Verilated top has it, chosen
// by overload resolution (the int overload exists only for tops with s_axis_res_tvalid).
template <class Top>
auto driveResidual(Top &t, const DutInputs &in, int) -> decltype(t.s_axis_res_tvalid, void()) {
  putChunks(t.s_axis_res_tdata, in.resTdata.data());
  t.s_axis_res_tvalid = in.resTvalid;
  t.s_axis_res_tlast = in.resTlast;
}
template <class Top> void driveResidual(Top &, const DutInputs &, long) {}
template <class Top>
auto residualReady(const Top &t, int) -> decltype(t.s_axis_res_tready, bool()) {
  return t.s_axis_res_tready;
}
template <class Top> bool residualReady(const Top &, long) { return false; }

template <class Top> class VerilatedDut : public Dut {
public:
  // `xSeed` seeds the values of uninitialized registers (built with --x-initial unique), so
  // a design that forgets a reset shows it.
  VerilatedDut(uint64_t xSeed, const std::string &tracePath) {
    m_context = std::make_unique<VerilatedContext>();
    m_context->randReset(2);
    m_context->randSeed(int(xSeed % 0x7fffffff) + 1);
    if (!tracePath.empty()) m_context->traceEverOn(true);
    m_top = std::make_unique<Top>(m_context.get(), "TOP");
    if (!tracePath.empty()) {
      m_trace = std::make_unique<VerilatedFstC>();
      m_top->trace(m_trace.get(), 99);
      m_trace->open(tracePath.c_str());
    }
  }
  ~VerilatedDut() override {
    if (m_trace) m_trace->close();
    m_top->final();
  }

  void setInputs(const DutInputs &in) override {
    Top &t = *m_top;
    t.clk_i = 0;
    t.rst_ni = in.rstN;
    putChunks(t.s_axis_tdata, in.sTdata.data());
    t.s_axis_tvalid = in.sTvalid;
    t.s_axis_tlast = in.sTlast;
    driveResidual(t, in, 0);
    t.m_axis_tready = in.mTready;
    t.s_axi_awaddr = in.awaddr;
    t.s_axi_awvalid = in.awvalid;
    t.s_axi_wdata = in.wdata;
    t.s_axi_wstrb = in.wstrb;
    t.s_axi_wvalid = in.wvalid;
    t.s_axi_bready = in.bready;
    t.s_axi_araddr = in.araddr;
    t.s_axi_arvalid = in.arvalid;
    t.s_axi_rready = in.rready;
    t.eval();
    if (m_trace) m_trace->dump(m_time);
    ++m_time;
    m_out.sTready = t.s_axis_tready;
    m_out.resTready = residualReady(t, 0);
    m_out.mTvalid = t.m_axis_tvalid;
    m_out.mTlast = t.m_axis_tlast;
    getChunks(t.m_axis_tdata, m_out.mTdata.data());
    m_out.awready = t.s_axi_awready;
    m_out.wready = t.s_axi_wready;
    m_out.bvalid = t.s_axi_bvalid;
    m_out.bresp = t.s_axi_bresp;
    m_out.arready = t.s_axi_arready;
    m_out.rvalid = t.s_axi_rvalid;
    m_out.rdata = t.s_axi_rdata;
    m_out.rresp = t.s_axi_rresp;
  }
  const DutOutputs &outputs() override { return m_out; }
  void tick() override {
    m_top->clk_i = 1;
    m_top->eval();
    if (m_trace) m_trace->dump(m_time);
    ++m_time;
  }

private:
  std::unique_ptr<VerilatedContext> m_context;
  std::unique_ptr<Top> m_top;
  std::unique_ptr<VerilatedFstC> m_trace; // only with --trace
  uint64_t m_time = 0;                    // half cycles
  DutOutputs m_out;
};

} // namespace quasar::tb
