#include "quasar/sim/drain.h"

#include "quasar/arch/stream.h"
#include "quasar/arch/timing.h"

namespace quasar::sim {

static_assert(arch::kOutputFifoWords == 2, "Drain models a two-word FIFO (head, tail)");

Drain::Drain(sc_core::sc_module_name name, const config::AccelConfig &cfg, Buffers &buffers)
    : sc_core::sc_module(name), m_banks(arch::bankCount(cfg)), m_codec(arch::outputWordFormat(cfg)),
      m_chunksPerBeat(m_codec.chunksPerBeat()), m_buffers(buffers) {
  for (auto &slot : m_slots) slot.assign(size_t(m_codec.chunks()), 0);
  m_lanes.assign(size_t(cfg.array.cols), 0);
}

void Drain::reset() {
  m_full = {false, false};
  m_reading = false;
  m_db = 0;
  m_readCount = 0;
  m_len = 0;
  m_lastTile = false;
  m_count = 0;
  m_inflight = m_inflightLast = false;
  m_beat = 0;
  m_headLast = m_tailLast = false;
}

void Drain::evaluate(const PinInputs &in, EdgeSignals &e) const {
  e.mValid = m_count != 0;
  e.mHandshake = e.mValid && in.mTready;
  const bool beatLast = m_beat == m_codec.beats() - 1;
  e.done = e.mHandshake && m_headLast && beatLast;
}

void Drain::update(const PinInputs &, const EdgeSignals &e) {
  const bool beatLast = m_beat == m_codec.beats() - 1;
  const bool pop = e.mHandshake && beatLast;
  const int countBefore = m_count;
  const bool inflightBefore = m_inflight, inflightLastBefore = m_inflightLast;

  // Word reads into the FIFO.
  bool read = false, readLast = false, release = false;
  const int readBank = m_db;
  if (!m_reading) {
    if (m_full[size_t(m_db)]) {
      m_reading = true;
      m_readCount = 0;
      m_len = m_lenOf[size_t(m_db)];
      m_lastTile = m_lastOf[size_t(m_db)];
    }
  } else if (countBefore + int(inflightBefore) < (pop ? 3 : 2)) {
    read = true;
    readLast = m_readCount == m_len - 1;
    // The registered read: the word as it is in the bank on this edge.
    const models::IntMatrix &bank = m_buffers.acc[size_t(readBank)];
    for (size_t c = 0; c < m_lanes.size(); ++c) m_lanes[c] = bank(m_readCount, Eigen::Index(c));
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

  // FIFO and beats.
  if (e.mHandshake) m_beat = beatLast ? 0 : m_beat + 1;
  if (pop && countBefore == 2) {
    std::swap(m_head, m_tail);
    m_headLast = m_tailLast;
  }
  if (inflightBefore) {
    if (countBefore == 0 || (countBefore == 1 && pop)) {
      std::swap(m_head, m_flight);
      m_headLast = inflightLastBefore;
    } else {
      std::swap(m_tail, m_flight);
      m_tailLast = inflightLastBefore;
    }
  }
  m_count = countBefore + int(inflightBefore) - int(pop);
  m_inflight = read;
  m_inflightLast = read && readLast && m_lastTile;
  if (read) m_codec.pack(m_lanes.data(), m_slots[size_t(m_flight)].data());
}

void Drain::drive(PinOutputs &out) const {
  out.mTvalid = m_count != 0;
  out.mTdata = m_slots[size_t(m_head)].data() + m_beat * m_chunksPerBeat;
  out.mTlast = m_headLast && m_beat == m_codec.beats() - 1;
}

} // namespace quasar::sim
