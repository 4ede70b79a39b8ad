#include "quasar/sim/systemc_dut.h"

#include "quasar/arch/pipeline.h"
#include "quasar/arch/stream.h"
#include "quasar/config/error.h"

#include <algorithm>
#include <mutex>
#include <string>

namespace quasar::sim {

namespace {

// Half a clock period of simulated time (the value only orders events; 100 MHz nominal).
sc_core::sc_time halfPeriod() { return sc_core::sc_time(5, sc_core::SC_NS); }

// SystemC's object registry is global and not thread-safe: models are made and destroyed one
// at a time (a sweep runs points in threads). Their edges touch no shared state.
std::mutex &registryMutex() {
  static std::mutex m;
  return m;
}

// The RTL top's name, made unique if a model of the same config already exists.
std::string topName(const config::AccelConfig &cfg) {
  const std::string base = "qsr_" + cfg.name + "_top";
  std::string name = base;
  for (int i = 1; sc_core::sc_find_object(name.c_str()); ++i) name = base + "_" + std::to_string(i);
  return name;
}

} // namespace

struct SystemcDut::Signals {
  sc_core::sc_signal<bool> clk{"clk_i"}, rstN{"rst_ni"};
  sc_core::sc_signal<BeatData> sTdata{"s_axis_tdata"}, mTdata{"m_axis_tdata"};
  sc_core::sc_signal<bool> sTvalid{"s_axis_tvalid"}, sTready{"s_axis_tready"},
      sTlast{"s_axis_tlast"}, mTvalid{"m_axis_tvalid"}, mTready{"m_axis_tready"},
      mTlast{"m_axis_tlast"};
  sc_core::sc_signal<uint32_t> awaddr{"s_axi_awaddr"}, wdata{"s_axi_wdata"}, wstrb{"s_axi_wstrb"},
      bresp{"s_axi_bresp"}, araddr{"s_axi_araddr"}, rdata{"s_axi_rdata"}, rresp{"s_axi_rresp"};
  sc_core::sc_signal<bool> awvalid{"s_axi_awvalid"}, awready{"s_axi_awready"},
      wvalid{"s_axi_wvalid"}, wready{"s_axi_wready"}, bvalid{"s_axi_bvalid"},
      bready{"s_axi_bready"}, arvalid{"s_axi_arvalid"}, arready{"s_axi_arready"},
      rvalid{"s_axi_rvalid"}, rready{"s_axi_rready"};
  BeatData beat; // scratch for the input beat

  void bind(Top &t) {
    t.clk_i(clk);
    t.rst_ni(rstN);
    t.s_axis_tdata(sTdata);
    t.s_axis_tvalid(sTvalid);
    t.s_axis_tready(sTready);
    t.s_axis_tlast(sTlast);
    t.m_axis_tdata(mTdata);
    t.m_axis_tvalid(mTvalid);
    t.m_axis_tready(mTready);
    t.m_axis_tlast(mTlast);
    t.s_axi_awaddr(awaddr);
    t.s_axi_awvalid(awvalid);
    t.s_axi_awready(awready);
    t.s_axi_wdata(wdata);
    t.s_axi_wstrb(wstrb);
    t.s_axi_wvalid(wvalid);
    t.s_axi_wready(wready);
    t.s_axi_bresp(bresp);
    t.s_axi_bvalid(bvalid);
    t.s_axi_bready(bready);
    t.s_axi_araddr(araddr);
    t.s_axi_arvalid(arvalid);
    t.s_axi_arready(arready);
    t.s_axi_rdata(rdata);
    t.s_axi_rresp(rresp);
    t.s_axi_rvalid(rvalid);
    t.s_axi_rready(rready);
  }
};

SystemcDut::SystemcDut(const config::AccelConfig &cfg, KernelMode mode)
    : m_mode(mode), m_asyncReset(cfg.rtl.reset == config::ResetKind::Async),
      m_outChunks(arch::outputWordFormat(cfg).chunksPerBeat()) {
  const std::lock_guard<std::mutex> lock(registryMutex());
  if (arch::isPipeline(cfg)) {
    if (mode == KernelMode::Kernel)
      throw InputError(cfg.name + ": top: pipeline has no SystemC kernel-mode model (its "
                                  "combinational s_axis_tready); run it decoupled (no --kernel)");
    m_pipe = std::make_unique<PipelineTop>(topName(cfg).c_str(), cfg);
    return;
  }
  m_top = std::make_unique<Top>(topName(cfg).c_str(), cfg, mode == KernelMode::Kernel);
  if (mode == KernelMode::Kernel) {
    m_sig = std::make_unique<Signals>();
    m_sig->bind(*m_top);
  }
}

SystemcDut::~SystemcDut() {
  const std::lock_guard<std::mutex> lock(registryMutex());
  m_sig.reset();
  m_top.reset();
  m_pipe.reset();
}

Top &SystemcDut::top() {
  if (!m_top) throw InputError("top: pipeline: the SystemC accelerator model does not apply");
  return *m_top;
}

void SystemcDut::setInputs(const tb::DutInputs &in) {
  if (m_mode == KernelMode::Decoupled) {
    m_in.rstN = in.rstN;
    m_in.sTdata = in.sTdata.data();
    m_in.sTvalid = in.sTvalid;
    m_in.sTlast = in.sTlast;
    m_in.resTdata = in.resTdata.data();
    m_in.resTvalid = in.resTvalid;
    m_in.mTready = in.mTready;
    m_in.awaddr = in.awaddr;
    m_in.awvalid = in.awvalid;
    m_in.wdata = in.wdata;
    m_in.wstrb = in.wstrb;
    m_in.wvalid = in.wvalid;
    m_in.bready = in.bready;
    m_in.araddr = in.araddr;
    m_in.arvalid = in.arvalid;
    m_in.rready = in.rready;
    if (!in.rstN && m_asyncReset) {
      if (m_pipe)
        m_pipe->asyncReset();
      else
        m_top->asyncReset();
    }
    return;
  }
  Signals &s = *m_sig;
  s.clk.write(false);
  s.rstN.write(in.rstN);
  std::copy(in.sTdata.begin(), in.sTdata.begin() + kMaxBeatChunks, s.beat.chunks.begin());
  s.sTdata.write(s.beat);
  s.sTvalid.write(in.sTvalid);
  s.sTlast.write(in.sTlast);
  s.mTready.write(in.mTready);
  s.awaddr.write(in.awaddr);
  s.awvalid.write(in.awvalid);
  s.wdata.write(in.wdata);
  s.wstrb.write(in.wstrb);
  s.wvalid.write(in.wvalid);
  s.bready.write(in.bready);
  s.araddr.write(in.araddr);
  s.arvalid.write(in.arvalid);
  s.rready.write(in.rready);
  sc_core::sc_start(halfPeriod()); // clk_i low: inputs settle (and an async reset acts)
}

const tb::DutOutputs &SystemcDut::outputs() {
  if (m_mode == KernelMode::Decoupled) {
    const PinOutputs &o = m_pipe ? m_pipe->outputs(m_in) : m_top->outputs();
    m_out.sTready = o.sTready;
    m_out.resTready = o.resTready;
    m_out.mTvalid = o.mTvalid;
    m_out.mTlast = o.mTlast;
    if (o.mTvalid) std::copy(o.mTdata, o.mTdata + m_outChunks, m_out.mTdata.begin());
    m_out.awready = o.awready;
    m_out.wready = o.wready;
    m_out.bvalid = o.bvalid;
    m_out.bresp = o.bresp;
    m_out.arready = o.arready;
    m_out.rvalid = o.rvalid;
    m_out.rdata = o.rdata;
    m_out.rresp = o.rresp;
    return m_out;
  }
  const Signals &s = *m_sig;
  m_out.sTready = s.sTready.read();
  m_out.mTvalid = s.mTvalid.read();
  m_out.mTlast = s.mTlast.read();
  const BeatData &b = s.mTdata.read();
  std::copy(b.chunks.begin(), b.chunks.begin() + m_outChunks, m_out.mTdata.begin());
  m_out.awready = s.awready.read();
  m_out.wready = s.wready.read();
  m_out.bvalid = s.bvalid.read();
  m_out.bresp = s.bresp.read();
  m_out.arready = s.arready.read();
  m_out.rvalid = s.rvalid.read();
  m_out.rdata = s.rdata.read();
  m_out.rresp = s.rresp.read();
  return m_out;
}

void SystemcDut::tick() {
  if (m_mode == KernelMode::Decoupled) {
    if (m_pipe)
      m_pipe->edge(m_in);
    else
      m_top->edge(m_in);
    return;
  }
  m_sig->clk.write(true);
  sc_core::sc_start(halfPeriod()); // the rising edge: the top's clocked process runs
}

} // namespace quasar::sim
