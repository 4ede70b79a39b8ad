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
  m_contiguous = f.beatBits % 32 == 0;
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

namespace {

// Whole words as one little-endian bit stream of 32-bit chunks (chunk 0 = bits 31:0).
// Byte- and halfword-sized lanes are read directly (x86 and every platform quasar builds on
// are little-endian, so byte i of the chunk array holds bits 8i..8i+7).
template <class T> void decodeAligned(const uint32_t *word, int lanes, int64_t *out) {
  const unsigned char *bytes = reinterpret_cast<const unsigned char *>(word);
  for (int lane = 0; lane < lanes; ++lane) {
    T code;
    std::memcpy(&code, bytes + size_t(lane) * sizeof(T), sizeof(T));
    out[lane] = int64_t(code);
  }
}

} // namespace

void WordCodec::decode(const uint32_t *word, bool isSigned, int64_t *lanes) const {
  const int bits = m_format.laneBits, count = m_format.lanes;
  const uint64_t signBit = uint64_t(1) << (bits - 1);
  auto extend = [&](uint64_t code) {
    return (isSigned && bits < 64 && (code & signBit)) ? int64_t(code | ~m_laneMask)
                                                       : int64_t(code);
  };
  if (!m_contiguous) {
    for (int lane = 0; lane < count; ++lane) lanes[lane] = extend(laneCode(word, lane));
    return;
  }
  switch (bits * (isSigned ? -1 : 1)) {
  case 8: return decodeAligned<uint8_t>(word, count, lanes);
  case -8: return decodeAligned<int8_t>(word, count, lanes);
  case 16: return decodeAligned<uint16_t>(word, count, lanes);
  case -16: return decodeAligned<int16_t>(word, count, lanes);
  case 32: return decodeAligned<uint32_t>(word, count, lanes);
  case -32: return decodeAligned<int32_t>(word, count, lanes);
  case 64:
  case -64: return decodeAligned<uint64_t>(word, count, lanes); // int64_t(uint64) wraps alike
  default: break;
  }
  if (bits <= 32) {
    uint64_t buffer = 0; // bits not yet used, LSB first (at most 31 + 32)
    int have = 0;
    for (int lane = 0; lane < count; ++lane) {
      if (have < bits) {
        buffer |= uint64_t(*word++) << have;
        have += 32;
      }
      lanes[lane] = extend(buffer & m_laneMask);
      buffer >>= bits;
      have -= bits;
    }
    return;
  }
  unsigned __int128 buffer = 0; // wider lanes: up to 63 + 32 bits pending
  int have = 0;
  for (int lane = 0; lane < count; ++lane) {
    while (have < bits) {
      buffer |= static_cast<unsigned __int128>(*word++) << have;
      have += 32;
    }
    lanes[lane] = extend(uint64_t(buffer) & m_laneMask);
    buffer >>= bits;
    have -= bits;
  }
}

void WordCodec::pack(const int64_t *lanes, uint32_t *word) const {
  if (m_contiguous) {
    const int bits = m_format.laneBits;
    uint32_t *out = word, *end = word + chunks();
    unsigned __int128 buffer = 0; // bits not yet written, LSB first
    int have = 0;
    for (int lane = 0; lane < m_format.lanes; ++lane) {
      buffer |= static_cast<unsigned __int128>(uint64_t(lanes[lane]) & m_laneMask) << have;
      have += bits;
      while (have >= 32) {
        *out++ = uint32_t(buffer);
        buffer >>= 32;
        have -= 32;
      }
    }
    while (out < end) { // the last partial chunk, then zero padding
      *out++ = uint32_t(buffer);
      buffer >>= 32;
    }
    return;
  }
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
