// The OVP operands of qsr_compute's model (docs/ovp-array.md): a step's buffer words decoded
// into K-step values at tile granularity, as qsr_ovp_unpack_* (pair tagger, K-step select) and
// the edge decoders do in the RTL. The values are int << exp of the spec, so the PE family's
// kernel is a plain integer GEMM (PeModel "ovp").
#include "quasar/models/ovp.h"
#include "quasar/sim/compute.h"
#include "quasar/sim/loader.h"

namespace quasar::sim {

void Compute::decodeOvpWord(const WordCodec &codec, bool coded, int stepsPerWord, bool flint4,
                            const uint32_t *word, int64_t *out0, int64_t *out1) {
  const int lanes = codec.format().lanes;
  m_codes.resize(size_t(lanes));
  codec.decode(word, !coded, m_codes.data()); // int8 activations: signed lanes, done
  if (!coded) {
    std::copy(m_codes.begin(), m_codes.end(), out0);
    return;
  }
  const models::ovp::NormalType type =
      flint4 ? models::ovp::NormalType::Flint4 : models::ovp::NormalType::Int4;
  if (stepsPerWord == 2) { // pair word: lane l's byte holds K steps 2t and 2t+1
    for (int l = 0; l < lanes; ++l) {
      const auto v = models::ovp::byteValues(uint8_t(m_codes[size_t(l)]), type);
      out0[l] = v.first;
      out1[l] = v.second;
    }
    return;
  }
  for (int j = 0; 2 * j + 1 < lanes; ++j) { // ws activations: nibbles 2j, 2j+1 are one byte
    const auto v = models::ovp::byteValues(
        uint8_t(m_codes[size_t(2 * j)] | (m_codes[size_t(2 * j + 1)] << 4)), type);
    out0[2 * j] = v.first;
    out0[2 * j + 1] = v.second;
  }
}

void Compute::gatherOvp(const arch::TileStep &s, const uint32_t *beats, uint32_t ovpFormat) {
  const bool wFlint = ovpFormat & 1, aFlint = (ovpFormat >> 1) & 1;
  const int chunks = m_buffers.inChunks;
  const int64_t aWord = int64_t(m_aCodec.beats()) * chunks,
                wWord = int64_t(m_wCodec.beats()) * chunks;
  m_step0.resize(size_t(std::max(m_rows, m_cols)));
  m_step1.resize(m_step0.size());
  if (m_ws) {
    // rows/wSteps weight words (cols lanes), then mLen activation words (rows lanes along K).
    if (s.firstK) {
      m_tileA.resize(s.mLen, m_loader.kSteps() * m_rows);
      m_tileW.resize(m_cols, m_loader.kSteps() * m_rows);
    }
    for (int t = 0; t < m_rows / m_wSteps; ++t) {
      decodeOvpWord(m_wCodec, true, m_wSteps, wFlint, beats + t * wWord, m_step0.data(),
                    m_step1.data());
      for (int c = 0; c < m_cols; ++c) {
        m_tileW(c, m_tileK + m_wSteps * t) = m_step0[size_t(c)];
        if (m_wSteps == 2) m_tileW(c, m_tileK + 2 * t + 1) = m_step1[size_t(c)];
      }
    }
    const uint32_t *act = beats + (m_rows / m_wSteps) * wWord;
    for (int64_t i = 0; i < s.mLen; ++i) {
      decodeOvpWord(m_aCodec, m_ovpCodedA, 1, aFlint, act + i * aWord, m_step0.data(), nullptr);
      for (int r = 0; r < m_rows; ++r) m_tileA(i, m_tileK + r) = m_step0[size_t(r)];
    }
    m_tileK += m_rows;
  } else {
    // kLen/aSteps activation words (rows lanes), then kLen/wSteps weight words (cols lanes),
    // kept K-step-major (one row per K step).
    if (s.firstK) {
      m_tileA.resize(m_loader.dimK(), m_rows);
      m_tileW.resize(m_loader.dimK(), m_cols);
    }
    auto operand = [&](const WordCodec &codec, bool coded, int steps, bool flint,
                       const uint32_t *words, int64_t wordChunks, int lanes,
                       models::IntMatrix &tile) {
      for (int64_t t = 0; t < s.kLen / steps; ++t) {
        decodeOvpWord(codec, coded, steps, flint, words + t * wordChunks, m_step0.data(),
                      m_step1.data());
        for (int l = 0; l < lanes; ++l) {
          tile(m_tileK + steps * t, l) = m_step0[size_t(l)];
          if (steps == 2) tile(m_tileK + 2 * t + 1, l) = m_step1[size_t(l)];
        }
      }
    };
    operand(m_aCodec, m_ovpCodedA, m_aSteps, aFlint, beats, aWord, m_rows, m_tileA);
    operand(m_wCodec, true, m_wSteps, wFlint, beats + (s.kLen / m_aSteps) * aWord, wWord, m_cols,
            m_tileW);
    m_tileK += s.kLen;
  }
}

} // namespace quasar::sim
