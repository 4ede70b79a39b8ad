// qsr_drain: the AXI4-Stream master. Takes finished accumulator banks, reads their words into
// a FIFO of arch::outputFifoWords words and sends each word as beats, cycle for cycle as
// docs/microarchitecture.md ("Drain") describes. Words are packed into beats when they are
// read from the bank (the RTL's registered read), so later writes to the bank cannot change
// a word already in flight. With post.requant a word also passes the requantizer's
// arch::drainPipelineStages stages before it enters the FIFO (docs/dyadic-pipeline.md); its
// values are computed when it is read, with the parameters of its tile.
#pragma once

#include "quasar/config/accel.h"
#include "quasar/models/dyadic.h"
#include "quasar/sim/buffers.h"
#include "quasar/sim/csr.h"
#include "quasar/sim/edge.h"
#include "quasar/sim/pins.h"
#include "quasar/sim/requant_lanes.h"
#include "quasar/sim/word_codec.h"

#include <systemc>

#include <array>
#include <cstdint>
#include <vector>

namespace quasar::sim {

class Drain : public sc_core::sc_module {
public:
  // `csr` supplies the GEMM dimensions and the post-processing parameters (post.requant).
  Drain(sc_core::sc_module_name name, const config::AccelConfig &cfg, Buffers &buffers,
        const Csr &csr);

  void reset();
  // m_axis handshake and done of this edge.
  void evaluate(const PinInputs &in, EdgeSignals &e) const;
  void update(const PinInputs &in, const EdgeSignals &e);
  void drive(PinOutputs &out) const;

  bool accFull(int bank) const { return m_full[size_t(bank)]; }
  bool mValid() const { return m_count != 0; }

private:
  // The parameters of the tile being accepted (per tensor: the CSRs; per channel: the RAM word
  // of its n-tile), and the next tile's word index (the RTL's ptile_q / pos_q).
  void loadTileParams();
  // Lane values of the word just read: accumulators wrapped to acc_bits, or requantized.
  void computeLanes();

  // ---- configuration ----
  const config::AccelConfig &m_cfg;
  int m_banks;
  WordCodec m_codec;
  int m_chunksPerBeat;
  Buffers &m_buffers;
  const Csr &m_csr;
  int m_fifoWords;  // arch::outputFifoWords
  int m_pipeStages; // arch::drainPipelineStages
  bool m_requant, m_perChannel;
  // ---- registers ----
  std::array<bool, 2> m_full{};
  std::array<int64_t, 2> m_lenOf{}; // words of each full bank
  std::array<bool, 2> m_lastOf{};   // the bank holds the GEMM's last tile
  bool m_reading = false;           // state Read (else Idle)
  int m_db = 0;                     // bank being read
  int64_t m_len = 0, m_readCount = 0;
  bool m_lastTile = false;
  int m_beat = 0;
  int64_t m_paramTile = 0, m_paramPos = 0; // per channel: next tile's RAM word, its m0 / n0
  std::vector<LaneParams> m_params;        // the tile being read
  // Words read and not yet in the FIFO (the RTL's in-flight read and requantizer stages), in
  // order: the edge on which each enters the FIFO, its slot and its last flag.
  struct InFlight {
    int64_t enterEdge = 0;
    int slot = 0;
    bool last = false;
  };
  std::vector<InFlight> m_pipe; // ring, m_pipeStages + 1 entries
  int m_pipeHead = 0, m_pipeCount = 0;
  std::vector<int> m_fifo;       // ring of slots, m_fifoWords entries
  std::vector<bool> m_fifoLast;  // per ring position
  int m_fifoHead = 0, m_count = 0;
  // Word storage (packed beats), named by slot index; free slots on a stack.
  std::vector<std::vector<uint32_t>> m_slots;
  std::vector<int> m_freeSlots;
  std::vector<int64_t> m_lanes; // scratch: one word's lanes
};

} // namespace quasar::sim
