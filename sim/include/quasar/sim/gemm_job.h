// Building co-simulation jobs for the SystemC engine (`quasar sim --engine systemc`): the same
// job a `quasar cosim` run gives the harness for a GEMM layer (CSR writes, the input stream of
// arch::packInput, the expected number of output beats, the counter reads), built without
// the per-bit packing of arch::packInput so that LLaMA-sized layers fit in memory and time.
// A unit test checks the input stream against arch::packInput beat for beat.
#pragma once

#include "quasar/models/dyadic.h"

#include "quasar/arch/ovp_operands.h"
#include "quasar/config/accel.h"
#include "quasar/models/bitserial.h"
#include "quasar/models/gemm.h"
#include "stimulus.h" // testbenches/harness: tb::Job, tb::BeatList

#include <cstdint>
#include <string>

namespace quasar::sim {

// The input stream of one GEMM (a [m x k], w [n x k]), equal to arch::packInput's beats.
tb::BeatList packInputBeats(const config::AccelConfig &cfg, const models::IntMatrix &a,
                            const models::IntMatrix &w);

// Output beats of the GEMM (every lastK step's mLen words).
int64_t outputBeatCount(const config::AccelConfig &cfg, int64_t m, int64_t n, int64_t k);

// The CSRs a layer job reads back after the run, in this order.
const std::vector<uint32_t> &layerReadList();

// With `post` (designs with post.requant) the job first loads those parameters
// (arch::postParamWrites).
tb::Job makeGemmJob(const config::AccelConfig &cfg, const std::string &name,
                    const models::IntMatrix &a, const models::IntMatrix &w,
                    const models::dyadic::RequantParams *post = nullptr);

// pe.type ovp: the input stream of a layer's quantized operands, equal to
// arch::packInputOvp / packInputOvpInt8's beats (lanes packed by WordCodec, not bit by bit).
tb::BeatList packInputOvpBeats(const config::AccelConfig &cfg, const arch::OvpOperands &ops);

// pe.type ovp: the job of `quasar cosim` for a layer's quantized operands (arch/ovp_operands.h):
// dim_k = the padded K, the ovp_format write, arch::packInputOvp / packInputOvpInt8's beats.
tb::Job makeOvpGemmJob(const config::AccelConfig &cfg, const std::string &name,
                       const arch::OvpOperands &ops, int64_t m, int64_t n);

// pe.type bitserial, bitplane: makeGemmJob of the weight codes with the layer's
// bitserial_format written right before the start.
tb::Job makeBitplaneGemmJob(const config::AccelConfig &cfg, const std::string &name,
                            const models::IntMatrix &a, const models::IntMatrix &codes,
                            uint32_t format, const models::dyadic::RequantParams *post = nullptr);

// pe.type bitserial, bitmod (ws): the input stream equal to arch::packInputBitmod's beats (per
// step the two group words, rows code words, mLen activation words), lanes packed by
// WordCodec.
tb::BeatList packInputBitmodBeats(const config::AccelConfig &cfg, const models::IntMatrix &a,
                                  const models::bitserial::BitmodWeights &w);
// ... and its job: the dimensions, the bitserial_format write (the mode), the start.
tb::Job makeBitmodGemmJob(const config::AccelConfig &cfg, const std::string &name,
                          const models::IntMatrix &a, const models::bitserial::BitmodWeights &w,
                          uint32_t format, const models::dyadic::RequantParams *post = nullptr);

} // namespace quasar::sim
