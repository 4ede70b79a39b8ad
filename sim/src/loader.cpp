#include "quasar/sim/loader.h"

#include "quasar/arch/stream.h"
#include "quasar/arch/timing.h"

#include <algorithm>
#include <cstring>

namespace quasar::sim {

Loader::Loader(sc_core::sc_module_name name, const config::AccelConfig &cfg, Buffers &buffers)
    : sc_core::sc_module(name), m_cfg(cfg),
      m_ws(cfg.array.dataflow == config::Dataflow::WeightStationary), m_rows(cfg.array.rows),
      m_banks(cfg.buffers.double_buffered ? 2 : 1),
      m_aBeats(arch::activationWordFormat(cfg).beatsPerWord()),
      m_wBeats(arch::weightWordFormat(cfg).beatsPerWord()), m_buffers(buffers) {}

void Loader::reset() {
  m_active = false;
  m_bank = 0;
  m_phase = false;
  m_beat = 0;
  m_word = 0;
  m_full = {false, false};
  m_setPending = false;
  m_setBank = 0;
}

void Loader::evaluate(const PinInputs &in, EdgeSignals &e) const {
  e.sReady = sReady();
  e.sHandshake = in.sTvalid && e.sReady;
}

void Loader::update(const PinInputs &in, const EdgeSignals &e, const arch::GemmDims &dims) {
  bool stepEnd = false;
  const int bank = m_bank;
  if (e.start) {
    // A fresh walk of the start's dimensions (the CSR checked them against the limits).
    m_steps = arch::schedule(m_cfg, dims);
    // The last output tile's steps: the final run of steps after the last-but-one lastK.
    m_lastTileFirstStep = int64_t(m_steps.size()) - 1;
    while (m_lastTileFirstStep > 0 && !m_steps[size_t(m_lastTileFirstStep - 1)].lastK)
      --m_lastTileFirstStep;
    m_dimK = dims.k;
    m_kSteps = 0;
    while (m_kSteps < int64_t(m_steps.size()) && !m_steps[size_t(m_kSteps)].lastK) ++m_kSteps;
    ++m_kSteps;
    m_active = true;
    m_bank = 0;
    m_phase = false;
    m_beat = 0;
    m_word = 0;
    m_step = 0;
    m_beatInStep = 0;
  } else if (e.sHandshake) {
    const int chunks = m_buffers.inChunks;
    std::memcpy(m_buffers.inputBeats[size_t(bank)].data() + m_beatInStep * chunks, in.sTdata,
                sizeof(uint32_t) * size_t(chunks));
    ++m_beatInStep;
    const bool isWeight = m_ws ? !m_phase : m_phase;
    const arch::TileStep &s = m_steps[size_t(m_step)];
    // Words per phase (arch::stepInputWords: an OVP pair word holds two K steps).
    const arch::StepWords stepWords = arch::stepInputWords(m_cfg, s);
    const int64_t words = m_phase ? stepWords.secondWords : stepWords.firstWords;
    if (m_beat != (isWeight ? m_wBeats : m_aBeats) - 1) {
      ++m_beat;
    } else {
      m_beat = 0;
      if (m_word != words - 1) {
        ++m_word;
      } else {
        m_word = 0;
        if (m_phase) {
          stepEnd = true;
          if (s.lastK && lastTile(m_step)) m_active = false;
          m_bank = m_banks == 2 ? 1 - m_bank : m_bank;
          m_stepOf[size_t(bank)] = m_step;
          ++m_step;
          m_beatInStep = 0;
        }
        m_phase = !m_phase;
      }
    }
  }
  if (e.start) {
    m_full = {false, false};
  } else {
    if (m_setPending) m_full[size_t(m_setBank)] = true;
    if (e.release) m_full[size_t(e.releaseBank)] = false;
  }
  m_setPending = stepEnd;
  m_setBank = bank;
}

} // namespace quasar::sim
