#include "quasar/sim/drain.h"

#include "quasar/arch/post_params.h"
#include "quasar/arch/stream.h"
#include "quasar/arch/timing.h"
#include "quasar/sim/requant_lanes.h"

namespace quasar::sim {
Drain::Drain(sc_core::sc_module_name name, const config::AccelConfig &cfg, Buffers &buffers,
             const Csr &csr)
    : sc_core::sc_module(name), m_cfg(cfg), m_banks(arch::bankCount(cfg)),
      m_codec(arch::outputWordFormat(cfg)), m_chunksPerBeat(m_codec.chunksPerBeat()),
      m_buffers(buffers), m_csr(csr), m_fifoWords(arch::outputFifoWords(cfg)),
      m_pipeStages(arch::drainPipelineStages(cfg)), m_requant(cfg.post.requant.enabled),
      m_perChannel(m_requant && cfg.post.requant.granularity == config::Granularity::PerChannel) {
  // Every word read and not yet popped has a slot: at most fifoWords (the room rule), plus
  // the one popped and the one read on the same edge.
  m_slots.assign(size_t(m_fifoWords + 2), std::vector<uint32_t>(size_t(m_codec.chunks()), 0));
  m_pipe.assign(size_t(m_pipeStages + 1), InFlight{});
  m_fifo.assign(size_t(m_fifoWords), 0);
  m_fifoLast.assign(size_t(m_fifoWords), false);
  m_lanes.assign(size_t(cfg.array.cols), 0);
  m_params.assign(size_t(cfg.array.cols), LaneParams{});
}

void Drain::reset() {
  m_full = {false, false};
  m_reading = false;
  m_db = 0;
  m_readCount = 0;
  m_len = 0;
  m_lastTile = false;
  m_beat = 0;
  m_paramTile = m_paramPos = 0;
  m_pipeHead = m_pipeCount = 0;
  m_fifoHead = m_count = 0;
  m_fifoLast.assign(m_fifoLast.size(), false);
  m_freeSlots.clear();
  for (int s = int(m_slots.size()) - 1; s >= 0; --s) m_freeSlots.push_back(s);
}

void Drain::evaluate(const PinInputs &in, EdgeSignals &e) const {
  e.mValid = m_count != 0;
  e.mHandshake = e.mValid && in.mTready;
  const bool beatLast = m_beat == m_codec.beats() - 1;
  e.done = e.mHandshake && m_fifoLast[size_t(m_fifoHead)] && beatLast;
}

void Drain::loadTileParams() {
  if (!m_requant) return;
  loadLaneParams(m_cfg, m_csr.postRegs(), m_perChannel ? &m_csr.paramWord(m_paramTile) : nullptr,
                 m_params);
  if (!m_perChannel) return;
  // The next tile's word: ws walks m-tiles inside an n-tile, os n-tiles inside an m-tile.
  const bool ws = m_cfg.array.dataflow == config::Dataflow::WeightStationary;
  const int64_t step = ws ? arch::tileShape(m_cfg).m : m_cfg.array.cols;
  const int64_t dim = ws ? m_csr.dimM() : m_csr.dimN();
  if (m_paramPos + step >= dim) {
    m_paramPos = 0;
    m_paramTile = ws ? m_paramTile + 1 : 0;
  } else {
    m_paramPos += step;
    if (!ws) ++m_paramTile;
  }
}

void Drain::computeLanes() {
  const models::IntMatrix &bank = m_buffers.acc[size_t(m_db)];
  for (size_t c = 0; c < m_lanes.size(); ++c) m_lanes[c] = bank(m_readCount, Eigen::Index(c));
  if (!m_requant) return; // the codec wraps the sums to acc_bits
  for (size_t c = 0; c < m_lanes.size(); ++c)
    m_lanes[c] = requantLane(m_cfg, m_params[c], m_lanes[c]);
}

void Drain::update(const PinInputs &, const EdgeSignals &e) {
  const bool beatLast = m_beat == m_codec.beats() - 1;
  const bool pop = e.mHandshake && beatLast;
  const int countBefore = m_count, pipeBefore = m_pipeCount;

  // Word reads: room for this word and every word in flight (fifoWords, one more on a pop).
  bool read = false, readLast = false, release = false;
  const int readBank = m_db;
  if (!m_reading) {
    if (m_full[size_t(m_db)]) {
      m_reading = true;
      m_readCount = 0;
      m_len = m_lenOf[size_t(m_db)];
      m_lastTile = m_lastOf[size_t(m_db)];
      loadTileParams();
    }
  } else if (countBefore + pipeBefore < m_fifoWords + int(pop)) {
    read = true;
    readLast = m_readCount == m_len - 1;
    computeLanes(); // the registered read: the word as it is in the bank on this edge
    if (readLast) {
      release = true;
      m_db = m_banks == 2 ? 1 - m_db : m_db;
      m_reading = false;
    } else {
      ++m_readCount;
    }
  }
  if (e.start) {
    m_reading = false;
    m_db = 0;
    m_paramTile = m_paramPos = 0;
  }
  if (e.start) {
    m_full = {false, false};
  } else {
    if (e.accSet) {
      m_full[size_t(e.accSetBank)] = true;
      m_lenOf[size_t(e.accSetBank)] = e.accSetLen;
      m_lastOf[size_t(e.accSetBank)] = e.accSetLast;
    }
    if (release) m_full[size_t(readBank)] = false;
  }

  // FIFO and beats: the head leaves with its last beat, the oldest word in flight enters on
  // its edge, a word read now starts its way.
  if (e.mHandshake) m_beat = beatLast ? 0 : m_beat + 1;
  if (pop) {
    m_freeSlots.push_back(m_fifo[size_t(m_fifoHead)]);
    m_fifoHead = (m_fifoHead + 1) % m_fifoWords;
    --m_count;
  }
  if (m_pipeCount > 0 && m_pipe[size_t(m_pipeHead)].enterEdge == e.cycle) {
    const InFlight &f = m_pipe[size_t(m_pipeHead)];
    const size_t tail = size_t((m_fifoHead + m_count) % m_fifoWords);
    m_fifo[tail] = f.slot;
    m_fifoLast[tail] = f.last;
    ++m_count;
    m_pipeHead = (m_pipeHead + 1) % int(m_pipe.size());
    --m_pipeCount;
  }
  if (read) {
    const int slot = m_freeSlots.back();
    m_freeSlots.pop_back();
    m_codec.pack(m_lanes.data(), m_slots[size_t(slot)].data());
    InFlight &f = m_pipe[size_t((m_pipeHead + m_pipeCount) % int(m_pipe.size()))];
    f.enterEdge = e.cycle + arch::kBufferReadLatency + m_pipeStages;
    f.slot = slot;
    f.last = readLast && m_lastTile;
    ++m_pipeCount;
  }
}

void Drain::drive(PinOutputs &out) const {
  out.mTvalid = m_count != 0;
  out.mTdata = m_slots[size_t(m_fifo[size_t(m_fifoHead)])].data() + m_beat * m_chunksPerBeat;
  out.mTlast = m_fifoLast[size_t(m_fifoHead)] && m_beat == m_codec.beats() - 1;
}

} // namespace quasar::sim
