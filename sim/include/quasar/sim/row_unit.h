// SystemC models of the row units qsr_shiftmax, qsr_ilayernorm and qsr_shiftgelu
// (docs/dyadic-pipeline.md, "Row units"; docs/sim.md, "Row units"): ready/valid modules with the
// RTL's ports' meaning (words of `lanes` elements, last / count framing), values from the golden
// models (models::nonlinear), cycles from arch/post_timing.h. Cycle-exact against the RTL under
// input gaps and output back-pressure: every input word is taken and every output word shown in
// the same cycle as in the generated block (the comparison test sim.rowunit.*).
//
// The model holds a row, not the passes: when a row's last word is taken (cycle tL) the unit's
// output words are computed by the golden function, and only the output register's timing is
// modelled. With W words, word 0 may load into the output register from cycle
// tL + firstOut(W) - W (it shows one cycle later), word k from `step` cycles after word k - 1
// loaded, step = lastOut(2) - firstOut(2) (1: pass 3 reads a word per cycle; ShiftGELU: read,
// start and divide). A word loads in the first such cycle in which the output register is
// free or being taken (the RTL's en = !valid_o || ready_i). Nothing before pass 3 depends on
// ready_i, so this is the RTL's behaviour, not an approximation; the test checks it.
#pragma once

#include "quasar/config/enums.h"

#include <systemc>

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

namespace quasar::sim {

// One lanes-wide word of a row stream with its framing: lanes[l] is element l (32-bit signed
// in, the unit's output width out); `count` is meaningful with `last` only.
struct RowWord {
  std::vector<int64_t> lanes;
  bool last = false;
  int count = 0;
  bool operator==(const RowWord &o) const {
    return lanes == o.lanes && last == o.last && count == o.count;
  }
};
std::ostream &operator<<(std::ostream &os, const RowWord &w);
void sc_trace(sc_core::sc_trace_file *, const RowWord &, const std::string &);

// What differs between the row units.
struct RowUnitKind {
  std::string module;  // the RTL module it models (qsr_shiftmax, ...)
  int outBits = 0;     // y_o lane width
  // The row's outputs from the golden model: elements, the per-row constant (x0; unused by
  // I-LayerNorm), the per-channel parameter RAM (I-LayerNorm's bias_int; empty otherwise).
  std::function<std::vector<int64_t>(const std::vector<int64_t> &, int64_t,
                                     const std::vector<int64_t> &)>
      values;
  // arch/post_timing.h: cycles from a row's first word (no stalls) to its first / last output.
  std::function<int64_t(int64_t)> firstOut, lastOut;
  // ... and until the next row's first word is taken.
  std::function<int64_t(int64_t)> rowCycles;
  // Input reopens when the last output word is loaded (ShiftGELU: its buffer is free then) or
  // only once it has been taken (Shiftmax, I-LayerNorm: the state machine waits for out_take).
  bool releaseOnLoad = false;
};
RowUnitKind shiftmaxKind();
RowUnitKind layerNormKind();
RowUnitKind shiftGeluKind();
// The kind of post.nonlinear (InputError for none).
RowUnitKind rowUnitKind(config::Nonlinear n);

// The analytical model of a stream of rows with no stall (input offered every cycle from
// cycle `start`, output always ready): row r of W_r words starts at t_r (t_0 = start), its words
// are taken at t_r .. t_r + W_r - 1, its output word k leaves at t_r + firstOut(W_r) + k * step,
// and t_{r+1} = t_r + rowCycles(W_r). The cycles of every input and output word, in order.
struct RowStreamCycles {
  std::vector<int64_t> in, out;
  int64_t end = 0; // the cycle the next row could start (total = end - start)
};
RowStreamCycles rowStreamCycles(const RowUnitKind &kind, int lanes,
                                const std::vector<int64_t> &rowLengths, int64_t start);

class RowUnit : public sc_core::sc_module {
public:
  sc_core::sc_in<bool> clk_i, rst_ni;
  sc_core::sc_in<sc_dt::int64> param_i;  // x0_i (Shiftmax, ShiftGELU); stable while a row is inside
  sc_core::sc_in<bool> valid_i, ready_i;
  sc_core::sc_in<RowWord> x_i;      // with last_i / count_i
  sc_core::sc_out<bool> ready_o, valid_o;
  sc_core::sc_out<RowWord> y_o;     // with last_o / count_o; 0 in lanes beyond the row's end

  // `clocked`: register the clocked process (kernel mode); a model that only calls edge()
  // (decoupled, inside PipelineTop) has none.
  RowUnit(sc_core::sc_module_name name, RowUnitKind kind, int lanes, int64_t rowMax,
          bool clocked = true);
  SC_HAS_PROCESS(RowUnit);

  // The per-channel parameter RAM (I-LayerNorm's bias_int, channel w * lanes + l), written
  // while no row is inside, as the RTL's write port.
  void writeParamWord(int64_t word, const std::vector<int64_t> &lanes);

  // One clock edge without the kernel (temporal decoupling): the inputs sampled before the
  // edge in, the registered outputs after it out. The clocked process calls the same.
  struct Pins {
    bool valid = false, ready = false;
    RowWord x;
    int64_t param = 0;
  };
  void edge(const Pins &in);
  void reset();
  bool readyOut() const { return m_inputOpen; }
  bool validOut() const { return m_valid; }
  const RowWord &yOut() const { return m_y; }

private:
  void onClock();
  void drivePorts();
  void finishRow(int64_t param); // the row's last word was taken: outputs and their schedule

  RowUnitKind m_kind;
  int m_lanes;
  int64_t m_rowMax;
  int64_t m_step;                     // cycles between word loads with no stall
  std::vector<int64_t> m_paramRam;
  int64_t m_cycle = 0;                // edges since reset
  bool m_inputOpen = true;            // ready_o
  std::vector<int64_t> m_rowElems;    // the row being taken (valid lanes only)
  int64_t m_rowWords = 0;
  std::vector<RowWord> m_out;         // the row's output words, in order
  size_t m_nextLoad = 0;              // next of m_out to load into the output register
  int64_t m_loadFrom = 0;             // earliest cycle it may load
  bool m_valid = false;               // the output register (valid_o, y_o)
  RowWord m_y;
};

} // namespace quasar::sim
