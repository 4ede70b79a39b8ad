// The on-chip buffers as the models keep them (qsr_sdp_ram banks in the RTL):
//   input banks: the raw beats of one schedule() step in arrival order (the weight and
//     activation buffer banks of the RTL hold the same words, assembled from these beats);
//   accumulator banks: exact sums, one row per word, one column per lane (qsr_acc_buf).
// Banks are indexed like the RTL's (bank 1 unused when single-buffered).
#pragma once

#include "quasar/config/accel.h"
#include "quasar/models/gemm.h"

#include <array>
#include <cstdint>
#include <vector>

namespace quasar::sim {

struct Buffers {
  explicit Buffers(const config::AccelConfig &cfg);

  int inChunks = 1;                                // 32-bit chunks per input beat
  std::array<std::vector<uint32_t>, 2> inputBeats; // per bank: step beats x inChunks
  std::array<models::IntMatrix, 2> acc;            // per bank: words x cols
};

} // namespace quasar::sim
