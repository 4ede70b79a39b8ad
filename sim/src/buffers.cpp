#include "quasar/sim/buffers.h"

#include "quasar/arch/bitserial_timing.h"
#include "quasar/arch/stream.h"

#include <algorithm>

namespace quasar::sim {

Buffers::Buffers(const config::AccelConfig &cfg) {
  const arch::TileShape tile = arch::tileShape(cfg);
  const int64_t aBeats = arch::activationWordFormat(cfg).beatsPerWord();
  const int64_t wBeats = arch::weightWordFormat(cfg).beatsPerWord();
  const bool ws = cfg.array.dataflow == config::Dataflow::WeightStationary;
  // The longest step: ws rows weight words (after the bitmod group words) + tile.m activation
  // words; os tile.k of each.
  const int64_t maxBeats =
      ws ? (cfg.array.rows + arch::bitserialGroupWords(cfg)) * wBeats + tile.m * aBeats
         : tile.k * (aBeats + wBeats);
  inChunks = arch::activationWordFormat(cfg).chunksPerBeat();
  const int64_t accWords = ws ? tile.m : cfg.array.rows;
  for (int b = 0; b < 2; ++b) {
    inputBeats[size_t(b)].assign(size_t(maxBeats * inChunks), 0);
    acc[size_t(b)] = models::IntMatrix::Zero(accWords, cfg.array.cols);
  }
}

} // namespace quasar::sim
