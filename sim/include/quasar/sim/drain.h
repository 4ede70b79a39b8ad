// qsr_drain: the AXI4-Stream master. Takes finished accumulator banks, reads their words into
// a two-word FIFO (arch::kOutputFifoWords) and sends each word as beats, cycle for cycle as
// docs/microarchitecture.md ("Drain") describes. Words are packed into beats when they are
// read from the bank (the RTL's registered read), so later writes to the bank cannot change
// a word already in the FIFO.
#pragma once

#include "quasar/config/accel.h"
#include "quasar/sim/buffers.h"
#include "quasar/sim/edge.h"
#include "quasar/sim/pins.h"
#include "quasar/sim/word_codec.h"

#include <systemc>

#include <array>
#include <cstdint>
#include <vector>

namespace quasar::sim {

class Drain : public sc_core::sc_module {
public:
  Drain(sc_core::sc_module_name name, const config::AccelConfig &cfg, Buffers &buffers);

  void reset();
  // m_axis handshake and done of this edge.
  void evaluate(const PinInputs &in, EdgeSignals &e) const;
  void update(const PinInputs &in, const EdgeSignals &e);
  void drive(PinOutputs &out) const;

  bool accFull(int bank) const { return m_full[size_t(bank)]; }
  bool mValid() const { return m_count != 0; }

private:
  // ---- configuration ----
  int m_banks;
  WordCodec m_codec;
  int m_chunksPerBeat;
  Buffers &m_buffers;
  // ---- registers ----
  std::array<bool, 2> m_full{};
  std::array<int64_t, 2> m_lenOf{}; // words of each full bank
  std::array<bool, 2> m_lastOf{};   // the bank holds the GEMM's last tile
  bool m_reading = false;           // state Read (else Idle)
  int m_db = 0;                     // bank being read
  int64_t m_len = 0, m_readCount = 0;
  bool m_lastTile = false;
  int m_count = 0; // words in the FIFO
  bool m_inflight = false, m_inflightLast = false;
  int m_beat = 0;
  bool m_headLast = false, m_tailLast = false;
  // FIFO words (packed beats): three slots, named by index so moves are index swaps.
  std::array<std::vector<uint32_t>, 3> m_slots;
  int m_head = 0, m_tail = 1, m_flight = 2;
  std::vector<int64_t> m_lanes; // scratch: one word's lanes
};

} // namespace quasar::sim
