// The post-processing parameters a co-simulation run loads into an accelerator with
// post.requant (docs/cosim.md, "Post-processing parameters"): drawn from the run seed, so every
// engine (Verilator, SystemC) of one seed gets the same values, and chosen so the outputs
// spread over the out range instead of saturating.
#pragma once

#include "quasar/arch/post_params.h"
#include "quasar/config/accel.h"
#include "quasar/config/workload.h"
#include "quasar/models/dyadic.h"

#include <cstdint>
#include <string>

namespace quasar::tb {

// Parameters for an [m x n] GEMM with reduction length k: per tensor one (m, e), zero point and
// bias, per channel n of each; clip bounds for relu6/clip. Deterministic in (layer, runSeed).
models::dyadic::RequantParams drawPostParams(const config::AccelConfig &cfg,
                                             const std::string &layer, int64_t n, int64_t k,
                                             uint64_t runSeed);

// post.residual: branch 1's pairs, the zero points and clip bounds as drawPostParams(layer),
// branch 2's pairs as drawPostParams(layer + "/residual") (both map a typical accumulator onto
// the out range +-2 bits). Deterministic in (layer, runSeed).
// post.residual: the residual branch z2 of a layer's run at `runSeed`, another layer's
// accumulators of the layer's shape [m x n]: its activations (tensor seed as tb::runTensorSeed)
// against a second weight tensor of the same source with another seed, so z2 lies in the
// accumulator's typical range like z1.
models::IntMatrix drawResidualBranch(const config::AccelConfig &cfg, const config::GemmLayer &layer,
                                     uint64_t runSeed);

models::dyadic::ResidualParams drawResidualParams(const config::AccelConfig &cfg,
                                                  const std::string &layer, int64_t n, int64_t k,
                                                  uint64_t runSeed);
// The row unit's constants for a top: pipeline run of rows of n elements (post.nonlinear): x0 =
// floor(-1 / s) (Shiftmax) or floor(-1 / (1.702 s)) (ShiftGELU) of an input scale s drawn
// log-uniformly so that x0 covers -(2^16 - 1)..-1; I-LayerNorm's bias_int of n channels from
// random beta in [-1, 1] and gamma in [0.5, 2] (models::nonlinear::layerNormBiasInt).
// Deterministic in (layer, runSeed); empty defaults without a row unit.
arch::NonlinearParams drawNonlinearParams(const config::AccelConfig &cfg, const std::string &layer,
                                          int64_t n, uint64_t runSeed);

} // namespace quasar::tb
