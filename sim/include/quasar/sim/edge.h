// The combinational values of one rising edge, computed from the pins and every unit's state
// before any register changes (the RTL's wires between the blocks), then used by every unit to
// compute its next state. Passing them explicitly keeps register semantics exact without a
// signal per wire (docs/sim.md, "SystemC model").
#pragma once

#include <cstdint>

namespace quasar::sim {

struct EdgeSignals {
  int64_t cycle = 0; // the model's edge counter (events are scheduled on it)
  // qsr_csr
  bool start = false; // a valid start: every unit loads the run on this edge
  uint32_t ovpFormat = 0; // the ovp_format register (pe.type ovp): the edge decoders' input
  // pe.type bitserial: bitserial_format as taken at the run's start (the RTL's w_prec_q /
  // w_mode_q): the terms per weight and the term generators' precision or mode.
  uint32_t bitserialFormat = 0;
  // qsr_loader
  bool sReady = false;     // s_axis_tready
  bool sHandshake = false; // a beat is accepted
  // qsr_compute
  bool accept = false;     // takes the step in its current input bank
  int64_t acceptStep = -1; //   which schedule() step that is
  bool release = false;    // the current input bank is read: the loader may refill it
  int releaseBank = 0;
  bool accSet = false; // an accumulator bank holds a finished output tile
  int accSetBank = 0;
  int64_t accSetLen = 0;   //   its words (mLen)
  bool accSetLast = false; //   it is the GEMM's last output tile
  int64_t macInc = 0;      // useful MACs issued this cycle
  // qsr_drain
  bool mValid = false;     // m_axis_tvalid
  bool mHandshake = false; // an output beat is accepted
  bool done = false;       // ... and it is the GEMM's last
};

} // namespace quasar::sim
