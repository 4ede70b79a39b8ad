// The SystemC model behind the co-simulation's Dut interface (testbenches/harness/dut.h), so
// the one host driver (tb::runStimulus) drives the Verilated RTL and this model with the same
// cycle protocol and the same seeded stall pattern.
//
//   Mode::Kernel     the pins are sc_signals bound to the top's ports; every cycle is two
//                    sc_start() calls (clk_i low, then the rising edge), so the SystemC
//                    kernel runs the clocked process. One per program (SystemC elaborates
//                    once).
//   Mode::Decoupled  tick() calls the top's edge() with the pins directly (temporal
//                    decoupling): no kernel entry per cycle. Any number per program.
// Both run the same edge(); the co-simulation tests check both against the RTL.
// `top: pipeline` configs get the PipelineTop model instead of Top, decoupled mode only (its
// s_axis_tready follows m_axis_tready combinationally, so outputs() evaluates it per cycle).
#pragma once

#include "dut.h"
#include "quasar/config/accel.h"
#include "quasar/sim/pipeline_top.h"
#include "quasar/sim/top.h"

#include <memory>

namespace quasar::sim {

enum class KernelMode { Decoupled, Kernel };

class SystemcDut : public tb::Dut {
public:
  SystemcDut(const config::AccelConfig &cfg, KernelMode mode);
  ~SystemcDut() override;

  void setInputs(const tb::DutInputs &in) override;
  const tb::DutOutputs &outputs() override;
  void tick() override;

  // The accelerator model (not for top: pipeline: InputError).
  Top &top();

private:
  struct Signals; // kernel mode: one signal per port
  KernelMode m_mode;
  bool m_asyncReset;
  int m_outChunks;
  std::unique_ptr<Top> m_top;           // top: accelerator
  std::unique_ptr<PipelineTop> m_pipe;  // top: pipeline
  std::unique_ptr<Signals> m_sig;
  PinInputs m_in;
  tb::DutOutputs m_out;
};

} // namespace quasar::sim
