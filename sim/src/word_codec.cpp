#include "quasar/sim/word_codec.h"

#include <algorithm>
#include <cstring>

namespace quasar::sim {

WordCodec::WordCodec(const arch::WordFormat &f)
    : m_format(f), m_beats(f.beatsPerWord()), m_chunksPerBeat(f.chunksPerBeat()) {
  m_laneMask = f.laneBits >= 64 ? ~uint64_t(0) : (uint64_t(1) << f.laneBits) - 1;
  for (int lane = 0; lane < f.lanes; ++lane) {
    m_firstPiece.push_back(int(m_pieces.size()));
    int done = 0;
    while (done < f.laneBits) {
      const int64_t pos = int64_t(lane) * f.laneBits + done; // bit of the word
      const int beat = int(pos / f.beatBits), inBeat = int(pos % f.beatBits);
      const int shift = inBeat % 32;
      // A piece ends at the lane's end, the chunk's end or the beat's end.
      const int bits = std::min({f.laneBits - done, 32 - shift, f.beatBits - inBeat});
      m_pieces.push_back(Piece{beat * m_chunksPerBeat + inBeat / 32, shift, bits, done});
      done += bits;
    }
  }
  m_firstPiece.push_back(int(m_pieces.size()));
}

uint64_t WordCodec::laneCode(const uint32_t *word, int lane) const {
  uint64_t v = 0;
  for (int p = m_firstPiece[size_t(lane)]; p < m_firstPiece[size_t(lane) + 1]; ++p) {
    const Piece &pc = m_pieces[size_t(p)];
    const uint64_t mask = pc.bits >= 32 ? 0xffffffffu : (uint64_t(1) << pc.bits) - 1;
    v |= ((uint64_t(word[pc.chunk]) >> pc.shift) & mask) << pc.laneShift;
  }
  return v;
}

void WordCodec::pack(const int64_t *lanes, uint32_t *word) const {
  std::memset(word, 0, sizeof(uint32_t) * size_t(chunks()));
  for (int lane = 0; lane < m_format.lanes; ++lane) {
    const uint64_t v = uint64_t(lanes[lane]) & m_laneMask;
    if (!v) continue;
    for (int p = m_firstPiece[size_t(lane)]; p < m_firstPiece[size_t(lane) + 1]; ++p) {
      const Piece &pc = m_pieces[size_t(p)];
      const uint64_t mask = pc.bits >= 32 ? 0xffffffffu : (uint64_t(1) << pc.bits) - 1;
      word[pc.chunk] |= uint32_t(((v >> pc.laneShift) & mask) << pc.shift);
    }
  }
}

} // namespace quasar::sim
