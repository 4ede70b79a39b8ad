#include "quasar/sim/compute.h"

#include "quasar/arch/bitserial_timing.h"
#include "quasar/arch/ovp_stream.h"
#include "quasar/arch/stream.h"
#include "quasar/arch/timing.h"
#include "quasar/sim/drain.h"
#include "quasar/sim/loader.h"

#include <cstring>

namespace quasar::sim {

Compute::Compute(sc_core::sc_module_name name, const config::AccelConfig &cfg, Buffers &buffers,
                 const Loader &loader, const Drain &drain)
    : sc_core::sc_module(name), m_cfg(cfg), m_ws(cfg.array.dataflow == config::Dataflow::WeightStationary),
      m_rows(cfg.array.rows), m_cols(cfg.array.cols), m_banks(arch::bankCount(cfg)),
      m_wsLatency(arch::wsResultLatency(cfg)), m_osLatency(arch::osAccumulateLatency(cfg)),
      m_pe(peModel(cfg)), m_aCodec(arch::activationWordFormat(cfg)),
      m_wCodec(arch::weightWordFormat(cfg)), m_buffers(buffers), m_loader(loader), m_drain(drain) {
  m_array = models::IntMatrix::Zero(m_rows, m_cols);
  m_bytes = m_pe.byteOperands && m_aCodec.contiguous() && m_wCodec.contiguous();
  m_ovp = cfg.pe.type == config::PeType::Ovp;
  m_bitserial = cfg.pe.type == config::PeType::Bitserial;
  if (m_bitserial) {
    m_bitmod = cfg.pe.bitserial.encoding == config::BitEncoding::Bitmod;
    m_groupWords = arch::bitserialGroupWords(cfg);
  }
  if (m_ovp) {
    m_ovpCodedA = arch::ovpCoded(cfg, arch::Operand::Activations);
    m_aSteps = arch::kStepsPerWord(cfg, arch::Operand::Activations);
    m_wSteps = arch::kStepsPerWord(cfg, arch::Operand::Weights);
  }
}

void Compute::reset() {
  m_state = State::Idle;
  m_cb = m_ab = 0;
  m_array.setZero(); // os PE accumulators are reset (ws PEs keep no sum between words)
}

void Compute::evaluate(EdgeSignals &e) {
  const int64_t c = e.cycle;
  switch (m_state) {
  case State::Idle:
    if (m_loader.full(m_cb)) {
      const int64_t index = m_loader.stepOf(m_cb);
      // ws: a first k-tile overwrites its accumulator bank, which must be free.
      if (!m_ws || !m_loader.step(index).firstK || !m_drain.accFull(m_ab)) {
        e.accept = true;
        e.acceptStep = index;
      }
    }
    break;
  case State::Busy: // ws: LoadW, Feed, Tail
    if (c >= m_feedFirst && c <= m_macLast) e.macInc = m_stepMacs;
    if (c == m_release) {
      e.release = true;
      e.releaseBank = m_cb;
    }
    if (c == m_end && m_lastK) {
      e.accSet = true;
      e.accSetBank = m_ab;
      e.accSetLen = m_mLen;
      e.accSetLast = m_lastTile;
    }
    break;
  case State::Feed: // os: bit-serial counts MACs at term 0 of each k
    if ((c - m_feedStart) % m_terms == 0) e.macInc = m_stepMacs;
    if (c == m_release) {
      e.release = true;
      e.releaseBank = m_cb;
    }
    break;
  case State::Tail: break;
  case State::Drain:
    m_drainGo = !m_drain.accFull(m_ab);
    if (m_drainGo && m_drained == m_rows - 1) {
      e.accSet = true;
      e.accSetBank = m_ab;
      e.accSetLen = m_mLen;
      e.accSetLast = m_lastTile;
    }
    break;
  }
}

void Compute::update(const EdgeSignals &e) {
  const int64_t c = e.cycle;
  if (e.start) {
    m_state = State::Idle;
    m_cb = m_ab = 0;
    m_computeCycles = m_feedCycles = 0;
    return;
  }
  auto toggle = [this](int b) { return m_banks == 2 ? 1 - b : b; };
  switch (m_state) {
  case State::Idle: {
    if (!e.accept) break;
    const arch::TileStep &s = m_loader.step(e.acceptStep);
    m_mLen = s.mLen;
    m_lastK = s.lastK;
    m_lastTile = m_loader.lastTile(e.acceptStep);
    m_accept = c;
    if (m_bitserial) setBitserialFormat(e.bitserialFormat);
    computeStepValues(e.acceptStep, e.ovpFormat);
    if (m_ws) {
      // LoadW (rows cycles), Feed (mLen), Tail (wsResultLatency + 1); bit-serial: T such
      // passes back to back, the bank released after the last pass's Feed, MACs counted in
      // pass 0 (docs/bitserial-array.md, "Cycles").
      const int64_t pass = arch::computeStepCycles(m_cfg, s);
      m_stepMacs = s.kLen * s.nLen;
      m_feedFirst = c + m_rows + 1;
      m_macLast = c + m_rows + s.mLen;
      m_release = c + (m_terms - 1) * pass + m_rows + s.mLen;
      m_end = c + arch::bitserialComputeStepCycles(m_cfg, s, m_terms);
      m_computeCycles += m_end - c;
      m_feedCycles += s.mLen * m_terms;
      m_state = State::Busy;
    } else {
      // Each k is fed for T cycles (T = 1 but for bit-serial weights).
      m_stepMacs = s.mLen * s.nLen;
      m_feedStart = c + 1;
      m_release = c + s.kLen * m_terms;
      m_feedCycles += s.kLen * m_terms;
      if (!s.lastK) m_computeCycles += s.kLen * m_terms;
      m_state = State::Feed;
    }
    break;
  }
  case State::Busy:
    if (c == m_release) m_cb = toggle(m_cb);
    if (c == m_end) {
      m_state = State::Idle;
      if (m_lastK) m_ab = toggle(m_ab);
    }
    break;
  case State::Feed:
    if (c != m_release) break;
    m_cb = toggle(m_cb);
    if (m_lastK) {
      m_state = State::Tail;
      m_end = c + m_osLatency - 1;
    } else {
      m_state = State::Idle;
    }
    break;
  case State::Tail:
    if (c == m_end) {
      m_state = State::Drain;
      m_drained = 0;
    }
    break;
  case State::Drain:
    if (!m_drainGo) break;
    if (m_drained != m_rows - 1) {
      ++m_drained;
      break;
    }
    // The last drain cycle: the bank holds the whole tile, the PE accumulators are zero.
    m_buffers.acc[size_t(m_ab)] = m_array;
    m_array.setZero();
    m_computeCycles += c - m_accept;
    m_state = State::Idle;
    m_ab = toggle(m_ab);
    break;
  }
}

void Compute::computeStepValues(int64_t index, uint32_t ovpFormat) {
  // The step's operands go into the output tile's operand matrices; the tile's values are
  // computed once, on its last k-step, with one call of the PE family's kernel (one large
  // GEMM instead of one per step: the same sums, since two's complement accumulation is
  // order-independent, and the kernel is much faster on long K).
  const arch::TileStep &s = m_loader.step(index);
  const uint32_t *beats = m_buffers.inputBeats[size_t(m_cb)].data();
  if (s.firstK) m_tileK = 0;
  if (m_ovp)
    gatherOvp(s, beats, ovpFormat);
  else if (m_bitserial)
    gatherBitserial(s, beats);
  else if (m_bytes)
    gatherBytes(s, beats);
  else
    gatherDecoded(s, beats);
  if (!s.lastK) return;
  if (m_ws) {
    m_sum = models::IntMatrix::Zero(s.mLen, m_cols);
    if (m_bytes)
      m_pe.accumulateBytes(m_pe, m_bytesA.data(), m_bytesW.data(), s.mLen, m_cols, m_tileK, m_sum);
    else
      m_pe.accumulate(m_pe, m_tileA, m_tileW, m_sum);
    m_buffers.acc[size_t(m_ab)].topRows(s.mLen) = m_sum; // the first k-step starts from 0
  } else if (m_bytes) {
    m_pe.accumulateBytes(m_pe, m_bytesA.data(), m_bytesW.data(), m_rows, m_cols, m_tileK, m_array);
  } else {
    m_a = m_tileA.transpose(); // [rows x K]
    m_w = m_tileW.transpose(); // [cols x K]
    m_pe.accumulate(m_pe, m_a, m_w, m_array);
  }
}

void Compute::gatherDecoded(const arch::TileStep &s, const uint32_t *beats) {
  gatherSteps(s, beats, [this](const uint32_t *word, int64_t *out) {
    m_wCodec.decode(word, m_pe.wSigned, out);
  });
}

void Compute::gatherSteps(const arch::TileStep &s, const uint32_t *beats,
                          const WeightWordDecoder &decodeWeightWord) {
  const int chunks = m_buffers.inChunks;
  const int64_t aWord = int64_t(m_aCodec.beats()) * chunks,
                wWord = int64_t(m_wCodec.beats()) * chunks;
  if (m_ws) {
    // rows weight words (cols lanes: W[n0+c][k0+r]), then mLen activation words (rows lanes).
    // Every lane counts, padding lanes too (the RTL adds them): `rows` columns per step.
    if (s.firstK) {
      m_tileA.resize(s.mLen, m_loader.kSteps() * m_rows);
      m_tileW.resize(m_cols, m_loader.kSteps() * m_rows);
    }
    m_words.resize(m_rows, m_cols);
    for (int r = 0; r < m_rows; ++r) decodeWeightWord(beats + r * wWord, &m_words(r, 0));
    m_tileW.middleCols(m_tileK, m_rows) = m_words.transpose();
    const uint32_t *act = beats + m_rows * wWord;
    for (int64_t i = 0; i < s.mLen; ++i)
      m_aCodec.decode(act + i * aWord, m_pe.aSigned, &m_tileA(i, m_tileK));
    m_tileK += m_rows;
  } else {
    // kLen activation words (rows lanes: A[m0+r][k0+t]), then kLen weight words (cols lanes),
    // kept word-major (one row per t).
    if (s.firstK) {
      m_tileA.resize(m_loader.dimK(), m_rows);
      m_tileW.resize(m_loader.dimK(), m_cols);
    }
    for (int64_t t = 0; t < s.kLen; ++t)
      m_aCodec.decode(beats + t * aWord, m_pe.aSigned, &m_tileA(m_tileK + t, 0));
    const uint32_t *wts = beats + s.kLen * aWord;
    for (int64_t t = 0; t < s.kLen; ++t) decodeWeightWord(wts + t * wWord, &m_tileW(m_tileK + t, 0));
    m_tileK += s.kLen;
  }
}

void Compute::gatherBytes(const arch::TileStep &s, const uint32_t *beats) {
  // Lane i of a word is byte i of its chunks (8-bit lanes, little-endian chunks).
  const int chunks = m_buffers.inChunks;
  const int64_t aWord = int64_t(m_aCodec.beats()) * chunks,
                wWord = int64_t(m_wCodec.beats()) * chunks;
  auto bytesOf = [](const uint32_t *word) { return reinterpret_cast<const uint8_t *>(word); };
  if (s.firstK) {
    m_tileRowsA = m_ws ? s.mLen : m_rows;
    m_tileWidth = m_ws ? m_loader.kSteps() * m_rows : m_loader.dimK();
    m_bytesA.resize(size_t(m_tileRowsA * m_tileWidth));
    m_bytesW.resize(size_t(int64_t(m_cols) * m_tileWidth));
  }
  const int64_t width = m_tileWidth;
  if (m_ws) {
    for (int r = 0; r < m_rows; ++r) {
      const uint8_t *word = bytesOf(beats + r * wWord);
      for (int c = 0; c < m_cols; ++c) m_bytesW[size_t(c * width + m_tileK + r)] = word[c];
    }
    const uint32_t *act = beats + m_rows * wWord;
    for (int64_t i = 0; i < s.mLen; ++i)
      std::memcpy(&m_bytesA[size_t(i * width + m_tileK)], bytesOf(act + i * aWord), size_t(m_rows));
    m_tileK += m_rows;
  } else {
    for (int64_t t = 0; t < s.kLen; ++t) {
      const uint8_t *word = bytesOf(beats + t * aWord);
      for (int r = 0; r < m_rows; ++r) m_bytesA[size_t(r * width + m_tileK + t)] = word[r];
    }
    const uint32_t *wts = beats + s.kLen * aWord;
    for (int64_t t = 0; t < s.kLen; ++t) {
      const uint8_t *word = bytesOf(wts + t * wWord);
      for (int c = 0; c < m_cols; ++c) m_bytesW[size_t(c * width + m_tileK + t)] = word[c];
    }
    m_tileK += s.kLen;
  }
}

} // namespace quasar::sim
