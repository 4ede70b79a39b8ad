// qsr_compute, pe.type bitserial (docs/bitserial-array.md): the buffer words hold weight
// *codes*; the RTL's term generators turn them into one term per pass (ws) or per cycle (os),
// and the T terms of a weight add up to its value. So at tile granularity a code is its value
// (the golden model's bitplane / bitmod decode), and the tile's sum is the integer GEMM of the
// values. ws bitmod: the dequantization unit multiplies each pass's column sum by the group
// scale s_g of the column's channel, so a weight's contribution is s_g * value: every k-tile
// lies inside one group (arch::bitserialCheckLayout), so one scale per column and step.
#include "quasar/sim/compute.h"

#include "quasar/arch/bitserial_timing.h"
#include "quasar/models/bitserial.h"
#include "quasar/sim/loader.h"

namespace quasar::sim {

namespace bs = models::bitserial;

void Compute::setBitserialFormat(uint32_t format) {
  if (m_formatSet && format == m_format) return;
  // The CSR only starts runs with a valid format (else error_code 3), so this cannot throw.
  m_terms = arch::bitserialTerms(m_cfg, format);
  m_format = format;
  m_formatSet = true;
  if (!m_bitmod) {
    // Term j of P reads code bit j (the MSB term negative): the low P bits, two's complement;
    // P = 1 with binary pm1: bit 0 means -1, bit 1 means +1.
    const int p = m_terms;
    const bool pm1 = p == 1 && m_cfg.pe.bitserial.binary == config::BitBinary::PlusMinusOne;
    m_codeMask = (uint64_t(1) << p) - 1;
    m_codeValue.resize(size_t(m_codeMask) + 1);
    for (uint64_t code = 0; code <= m_codeMask; ++code) {
      const int64_t msb = int64_t(1) << (p - 1);
      m_codeValue[size_t(code)] =
          pm1 ? (code ? 1 : -1) : (int64_t(code) ^ msb) - msb; // sign-extend from P bits
    }
    return;
  }
  // bitmod: the mode's code bits; the value depends on the group's special index (fp modes).
  const auto mode = static_cast<config::BitmodMode>(
      (format >> arch::kBitserialModeLsb) & ((1u << arch::kBitserialModeBits) - 1));
  const bs::Mode golden = arch::goldenMode(mode);
  const uint64_t codes = uint64_t(1) << bs::codeBits(golden);
  m_codeMask = codes - 1;
  m_codeValue.resize(size_t(4 * codes));
  for (int special = 0; special < 4; ++special)
    for (uint64_t code = 0; code < codes; ++code)
      m_codeValue[size_t(uint64_t(special) * codes + code)] =
          bs::bitmodValue(uint32_t(code), golden, special);
}

void Compute::decodeBitserialWord(const uint32_t *word, int64_t nLen, const int64_t *scale,
                                  const int64_t *special, int64_t *out) {
  m_wCodec.decode(word, false, out); // raw lane bits; the code is in the low bits
  // pm1: padding columns (c >= n_len) get zero terms (the compute unit's lane_valid), since no
  // code means 0 there. Otherwise padding lanes decode like any other (the host sends code 0).
  const bool zeroPadding =
      !m_bitmod && m_cfg.pe.bitserial.binary == config::BitBinary::PlusMinusOne;
  const uint64_t codes = m_codeMask + 1;
  for (int c = 0; c < m_cols; ++c) {
    const uint64_t code = uint64_t(out[c]) & m_codeMask;
    if (zeroPadding && c >= nLen)
      out[c] = 0;
    else if (m_bitmod)
      out[c] = m_codeValue[size_t(uint64_t(special[c]) * codes + code)] * scale[c];
    else
      out[c] = m_codeValue[size_t(code)];
  }
}

void Compute::gatherBitserial(const arch::TileStep &s, const uint32_t *beats) {
  const int64_t wWord = int64_t(m_wCodec.beats()) * m_buffers.inChunks;
  const int64_t *scale = nullptr, *special = nullptr;
  if (m_groupWords > 0) {
    // ws bitmod: word 0 lane c = s_g (8 bits), word 1 lane c = the special index (bits 1:0).
    m_laneScale.resize(size_t(m_cols));
    m_laneSpecial.resize(size_t(m_cols));
    m_wCodec.decode(beats, false, m_laneScale.data());
    m_wCodec.decode(beats + wWord, false, m_laneSpecial.data());
    for (int64_t &v : m_laneSpecial) v &= (1 << arch::kBitmodSpecialBits) - 1;
    scale = m_laneScale.data();
    special = m_laneSpecial.data();
    beats += m_groupWords * wWord;
  }
  gatherSteps(s, beats, [&](const uint32_t *word, int64_t *out) {
    decodeBitserialWord(word, s.nLen, scale, special, out);
  });
}

} // namespace quasar::sim
