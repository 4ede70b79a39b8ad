#include "quasar/sim/top.h"

#include "quasar/arch/stream.h"

#include <algorithm>

namespace quasar::sim {

std::ostream &operator<<(std::ostream &out, const BeatData &b) {
  for (int i = kMaxBeatChunks - 1; i >= 0; --i) {
    char buf[12];
    std::snprintf(buf, sizeof buf, "%08x", b.chunks[size_t(i)]);
    out << buf;
  }
  return out;
}

Top::Top(sc_core::sc_module_name name, const config::AccelConfig &cfg, bool kernelProcess)
    : sc_core::sc_module(name), clk_i("clk_i"), rst_ni("rst_ni"), s_axis_tdata("s_axis_tdata"),
      s_axis_tvalid("s_axis_tvalid"), s_axis_tready("s_axis_tready"), s_axis_tlast("s_axis_tlast"),
      m_axis_tdata("m_axis_tdata"), m_axis_tvalid("m_axis_tvalid"), m_axis_tready("m_axis_tready"),
      m_axis_tlast("m_axis_tlast"), s_axi_awaddr("s_axi_awaddr"), s_axi_awvalid("s_axi_awvalid"),
      s_axi_awready("s_axi_awready"), s_axi_wdata("s_axi_wdata"), s_axi_wstrb("s_axi_wstrb"),
      s_axi_wvalid("s_axi_wvalid"), s_axi_wready("s_axi_wready"), s_axi_bresp("s_axi_bresp"),
      s_axi_bvalid("s_axi_bvalid"), s_axi_bready("s_axi_bready"), s_axi_araddr("s_axi_araddr"),
      s_axi_arvalid("s_axi_arvalid"), s_axi_arready("s_axi_arready"), s_axi_rdata("s_axi_rdata"),
      s_axi_rresp("s_axi_rresp"), s_axi_rvalid("s_axi_rvalid"), s_axi_rready("s_axi_rready"),
      m_cfg(cfg), m_buffers(m_cfg), u_loader("u_loader", m_cfg, m_buffers),
      u_drain("u_drain", m_cfg, m_buffers, u_csr),
      u_compute("u_compute", m_cfg, m_buffers, u_loader, u_drain), u_csr("u_csr", m_cfg) {
  resetAll();
  if (kernelProcess) {
    SC_METHOD(onClock);
    sensitive << clk_i.pos();
    dont_initialize();
    if (m_cfg.rtl.reset == config::ResetKind::Async) {
      SC_METHOD(onAsyncReset);
      sensitive << rst_ni.neg();
      dont_initialize();
    }
  }
}

void Top::resetAll() {
  u_csr.reset();
  u_loader.reset();
  u_compute.reset();
  u_drain.reset();
  publish();
}

void Top::asyncReset() { resetAll(); }

void Top::edge(const PinInputs &in) {
  if (!in.rstN) {
    resetAll();
    ++m_cycle;
    return;
  }
  EdgeSignals e;
  e.cycle = m_cycle;
  // Combinational: every block from the state before the edge.
  u_csr.evaluate(in, e);
  u_loader.evaluate(in, e);
  u_compute.evaluate(e);
  u_drain.evaluate(in, e);
  // Registers.
  u_csr.update(in, e);
  u_loader.update(in, e, arch::GemmDims{u_csr.dimM(), u_csr.dimN(), u_csr.dimK()});
  u_compute.update(e);
  u_drain.update(in, e);
  ++m_cycle;
  publish();
}

void Top::publish() {
  m_out.sTready = u_loader.sReady();
  u_drain.drive(m_out);
  u_csr.drive(m_out);
}

void Top::onClock() {
  PinInputs in;
  in.rstN = rst_ni.read();
  m_inBeat = s_axis_tdata.read();
  in.sTdata = m_inBeat.chunks.data();
  in.sTvalid = s_axis_tvalid.read();
  in.sTlast = s_axis_tlast.read();
  in.mTready = m_axis_tready.read();
  in.awaddr = s_axi_awaddr.read();
  in.awvalid = s_axi_awvalid.read();
  in.wdata = s_axi_wdata.read();
  in.wstrb = s_axi_wstrb.read();
  in.wvalid = s_axi_wvalid.read();
  in.bready = s_axi_bready.read();
  in.araddr = s_axi_araddr.read();
  in.arvalid = s_axi_arvalid.read();
  in.rready = s_axi_rready.read();
  edge(in);
  // Outputs: a signal write that does not change the value schedules nothing.
  const int chunks = arch::outputWordFormat(m_cfg).chunksPerBeat();
  std::copy(m_out.mTdata, m_out.mTdata + chunks, m_outBeat.chunks.begin());
  s_axis_tready.write(m_out.sTready);
  m_axis_tdata.write(m_outBeat);
  m_axis_tvalid.write(m_out.mTvalid);
  m_axis_tlast.write(m_out.mTlast);
  s_axi_awready.write(m_out.awready);
  s_axi_wready.write(m_out.wready);
  s_axi_bresp.write(m_out.bresp);
  s_axi_bvalid.write(m_out.bvalid);
  s_axi_arready.write(m_out.arready);
  s_axi_rdata.write(m_out.rdata);
  s_axi_rresp.write(m_out.rresp);
  s_axi_rvalid.write(m_out.rvalid);
}

void Top::onAsyncReset() {
  resetAll();
  s_axis_tready.write(false);
  m_axis_tvalid.write(false);
  m_axis_tlast.write(false);
  s_axi_awready.write(m_out.awready);
  s_axi_wready.write(m_out.wready);
  s_axi_bvalid.write(false);
  s_axi_arready.write(m_out.arready);
  s_axi_rvalid.write(false);
}

} // namespace quasar::sim
