// qsr_<name>_top for `top: pipeline` (docs/dyadic-pipeline.md, "top: pipeline"; stream layout
// arch/pipeline.h): the SystemC model of the post-processing pipeline alone, register for
// register like rtl-gen/src/blocks/pipeline_top.cpp.
//
//   u_csr       qsr_csr with arch::pipelineCsrMap and the per-channel parameter RAM
//   input       run/row/channel/word counters; a word's first InBeats - 1 beats in a staging
//               register, its last beat offered to the requantizer (valid_i) and taken with
//               ready_o, so that beat waits while the requantizer is held
//   param RAM   read every cycle at the word index the counters hold after the edge (registered
//               read): a word's parameters are the RAM output in the cycle it enters
//   requantizer arch::kRequantStages register stages with one global enable
//               en = !valid_o || ready_i; a word's lanes are computed when it enters stage 1
//               (requantLane, models::dyadic) and travel with it, like the RTL's parameters
//   residual    post.residual: s_axis_res words (z2) staged the same way; a word enters when
//               both streams' last beats are offered and the add is enabled (each tready
//               depends on the other stream's tvalid, as in the RTL), and its lanes are
//               residualLane of both words
//   row unit    with post.nonlinear (docs/dyadic-pipeline.md, "top: pipeline"): the
//               requantizer's last stage feeds a RowUnit (valid_o -> valid_i, the unit's
//               ready_o -> ready_i, its lanes sign- or zero-extended to the unit's x_i, last_i on
//               a row's last word with count_i = dim_n - (W - 1) * lanes), x0 from the CSR
//               nonlinear_x0 (low kShiftmaxX0Bits bits), I-LayerNorm's bias_int from the
//               parameter RAM; the unit's output register then plays the last stage's part below
//   output      OBeats == 1: the last stage (or the unit's output register) is the output beat
//               (held while m_axis_tready is low); OBeats > 1: an output word register whose
//               beats are its slices; m_axis_tlast on the run's last beat
//
// Unlike the accelerator top, two pins are combinational: s_axis_tready depends on
// m_axis_tready (through the requantizer's enable), as in the RTL. outputs(in) therefore
// evaluates the pins for this cycle's inputs. Decoupled mode only (no kernel process).
#pragma once

#include "quasar/arch/post_timing.h"
#include "quasar/config/accel.h"
#include "quasar/sim/csr.h"
#include "quasar/sim/edge.h"
#include "quasar/sim/pins.h"
#include "quasar/sim/requant_lanes.h"
#include "quasar/sim/row_unit.h"
#include "quasar/sim/word_codec.h"

#include <systemc>

#include <array>
#include <cstdint>
#include <memory>
#include <vector>

namespace quasar::sim {

class PipelineTop : public sc_core::sc_module {
public:
  PipelineTop(sc_core::sc_module_name name, const config::AccelConfig &cfg);

  // The pins in the cycle before the next edge, for these inputs (combinational paths).
  const PinOutputs &outputs(const PinInputs &in);
  // One rising edge with these pins.
  void edge(const PinInputs &in);
  // rst_ni low with rtl.reset: async resets at once, not at the edge.
  void asyncReset() { resetAll(); }

private:
  // The wires of one cycle (the RTL's nets), from the state and the pins.
  struct Wires {
    EdgeSignals e;
    bool inLastBeat = false, inHs = false, wordIn = false, wordValid = false;
    bool resLastBeat = false, resReady = false, resHs = false; // post.residual
    bool rowEnd = false, runEnd = false;
    bool rqTake = false, en = false, outLastBeat = false, mHs = false;
    // The word the output side takes from its source on this edge (the requantizer's last
    // stage, or the row unit's output register): its ready and the handshake.
    bool srcReady = false, srcTaken = false;
  };
  void evaluate(const PinInputs &in, Wires &w);
  void resetAll();
  // The requantized lanes of the word entering on this edge, packed as an output word.
  void requantWord(const PinInputs &in, std::vector<uint32_t> &out);
  // ---- the row unit (post.nonlinear) ----
  // Its edge: the requantizer's last stage offered as a row word, the output side's ready.
  void rowUnitEdge(const Wires &w);
  // At a run's start: x0 and the unit's bias_int RAM from the CSRs and the parameter RAM.
  void loadRowUnitParams();
  // The run's last output word is the one the unit shows now (its row is the run's last).
  bool rowUnitRunLast() const;

  const config::AccelConfig m_cfg;
  const bool m_perChannel;
  const bool m_residual; // post.residual: the second input stream s_axis_res
  const int m_lanes;
  const WordCodec m_inCodec, m_outCodec;
  const WordCodec m_rqCodec;          // the requantizer's words: lanes x out_bits
  Csr u_csr;
  // ---- input side ----
  bool m_run = false;
  int64_t m_row = 0, m_chan = 0, m_word = 0;
  int m_inBeat = 0;
  std::vector<uint32_t> m_inWord;     // staged beats, then the last one (a whole input word)
  int m_resBeat = 0;                  // post.residual: the same for s_axis_res
  std::vector<uint32_t> m_resWord;
  int64_t m_paramAddr = 0;            // the parameter RAM's registered read address
  // ---- requantizer: stage s holds a word when m_valid[s] (stage 0 = the RTL's stage 1) ----
  static constexpr int kStages = arch::kRequantStages;
  std::array<bool, kStages> m_valid{}, m_last{};
  std::array<std::vector<uint32_t>, kStages> m_y; // output words (chunks)
  // ---- output word register (OBeats > 1) ----
  bool m_obufValid = false, m_obufLast = false;
  std::vector<uint32_t> m_obuf;
  int m_outBeat = 0;
  // ---- row unit ----
  std::unique_ptr<RowUnit> u_row;
  int64_t m_outRow = 0;               // rows of the run whose last word the unit has handed on
  int64_t m_x0 = 0;                   // x0_i of the run
  std::vector<uint32_t> m_rowY;       // the unit's output register, packed (OBeats == 1)
  RowUnit::Pins m_rowPins;
  // ---- scratch ----
  std::vector<int64_t> m_acc, m_res, m_out;
  std::vector<LaneParams> m_params;
  PinOutputs m_pins;
};

} // namespace quasar::sim
