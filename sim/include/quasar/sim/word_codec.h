// Lanes <-> beat chunks for one stream word (arch/stream.h layout: lanes LSB-first, each word
// on beatsPerWord beats, unused top bits zero, a beat as 32-bit chunks with chunk 0 = bits
// 31:0). The models move raw beats, as the RTL does, and decode lanes only at tile granularity.
#pragma once

#include "quasar/arch/stream.h"

#include <cstdint>
#include <vector>

namespace quasar::sim {

class WordCodec {
public:
  explicit WordCodec(const arch::WordFormat &format);

  const arch::WordFormat &format() const { return m_format; }
  int beats() const { return m_beats; }
  int chunksPerBeat() const { return m_chunksPerBeat; }
  int chunks() const { return m_beats * m_chunksPerBeat; } // of one whole word
  // Lane i's bits start at bit i * laneBits of the word's chunk array (beats are whole chunks).
  bool contiguous() const { return m_contiguous; }

  // The unsigned code of `lane` from a word's chunks (beats one after the other).
  uint64_t laneCode(const uint32_t *word, int lane) const;
  // Every lane's code, sign-extended when `isSigned` (else zero-extended), into lanes[].
  void decode(const uint32_t *word, bool isSigned, int64_t *lanes) const;
  // Writes every lane (values wrapped to laneBits) into `word`, which it zeroes first.
  void pack(const int64_t *lanes, uint32_t *word) const;

private:
  // A run of a lane's bits that lies inside one chunk.
  struct Piece {
    int chunk;     // chunk of the word (beat * chunksPerBeat + bit in beat / 32)
    int shift;     // first bit inside that chunk
    int bits;      // how many
    int laneShift; // first bit inside the lane
  };
  arch::WordFormat m_format;
  int m_beats = 1, m_chunksPerBeat = 1;
  std::vector<int> m_firstPiece; // per lane, into m_pieces; one more at the end
  std::vector<Piece> m_pieces;
  uint64_t m_laneMask = 0;
  // Beats are whole 32-bit chunks: the word's lanes lie end to end in its chunks, so whole
  // words are read and written as one bit stream (the fast path; pieces otherwise).
  bool m_contiguous = false;
};

} // namespace quasar::sim
