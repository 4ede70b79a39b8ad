// The post-processing parameters a co-simulation run loads into an accelerator with
// post.requant (docs/cosim.md, "Post-processing parameters"): drawn from the run seed, so every
// engine (Verilator, SystemC) of one seed gets the same values, and chosen so the outputs
// spread over the out range instead of saturating.
#pragma once

#include "quasar/config/accel.h"
#include "quasar/models/dyadic.h"

#include <cstdint>
#include <string>

namespace quasar::tb {

// Parameters for an [m x n] GEMM with reduction length k: per tensor one (m, e), zero point and
// bias, per channel n of each; clip bounds for relu6/clip. Deterministic in (layer, runSeed).
models::dyadic::RequantParams drawPostParams(const config::AccelConfig &cfg,
                                             const std::string &layer, int64_t n, int64_t k,
                                             uint64_t runSeed);

} // namespace quasar::tb
