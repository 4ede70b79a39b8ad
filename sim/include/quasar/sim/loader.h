// qsr_loader: the AXI4-Stream slave. Counts beats into words and words into schedule() steps,
// one step per input bank, exactly as docs/microarchitecture.md ("Loader") describes; the
// beats themselves go into the bank unchanged (Buffers::inputBeats), for the compute unit to
// decode at tile granularity.
#pragma once

#include "quasar/arch/schedule.h"
#include "quasar/config/accel.h"
#include "quasar/sim/buffers.h"
#include "quasar/sim/edge.h"
#include "quasar/sim/pins.h"

#include <systemc>

#include <array>
#include <cstdint>
#include <vector>

namespace quasar::sim {

class Loader : public sc_core::sc_module {
public:
  Loader(sc_core::sc_module_name name, const config::AccelConfig &cfg, Buffers &buffers);

  void reset();
  // s_axis_tready and the handshake of this edge.
  void evaluate(const PinInputs &in, EdgeSignals &e) const;
  // `dims` are the CSR's dimensions (read on a start).
  void update(const PinInputs &in, const EdgeSignals &e, const arch::GemmDims &dims);

  bool sReady() const {
    return m_active && !m_full[size_t(m_bank)] && !(m_setPending && m_setBank == m_bank);
  }
  // The bank hand-over to the compute unit.
  bool full(int bank) const { return m_full[size_t(bank)]; }
  int64_t stepOf(int bank) const { return m_stepOf[size_t(bank)]; } // step index in that bank
  const arch::TileStep &step(int64_t index) const { return m_steps[size_t(index)]; }
  bool lastTile(int64_t index) const { return index >= m_lastTileFirstStep; }
  // k-steps of every output tile, and K, of the run.
  int64_t kSteps() const { return m_kSteps; }
  int64_t dimK() const { return m_dimK; }

private:
  // ---- configuration ----
  const config::AccelConfig &m_cfg; // owned by the top
  bool m_ws;
  int m_rows, m_banks, m_aBeats, m_wBeats;
  Buffers &m_buffers;
  // ---- the run ----
  std::vector<arch::TileStep> m_steps; // the walker (qsr_tile_walker), from the start's dims
  int64_t m_lastTileFirstStep = 0;     // steps from here on belong to the last output tile
  int64_t m_kSteps = 1, m_dimK = 1;
  // ---- registers ----
  bool m_active = false;
  int m_bank = 0;
  bool m_phase = false;     // ws: 0 weights, 1 activations; os: 0 activations, 1 weights
  int m_beat = 0;           // beat within the word
  int64_t m_word = 0;       // word within the phase
  int64_t m_step = 0;       // the step being loaded
  int64_t m_beatInStep = 0; // where the next beat goes in the bank
  std::array<bool, 2> m_full{};
  bool m_setPending = false; // the step's last word is written this cycle
  int m_setBank = 0;
  std::array<int64_t, 2> m_stepOf{}; // the step each bank holds
};

} // namespace quasar::sim
