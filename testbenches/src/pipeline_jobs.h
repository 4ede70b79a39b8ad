// Internal to the co-simulation driver: the jobs of a `top: pipeline` design
// (docs/cosim.md, "top: pipeline"). Each job loads post-processing parameters, starts a run of
// M rows of N accumulators, streams them (arch::packPipelineInput) and expects the golden
// requantized rows (arch::packRequantOutput, which follows the pipeline's row layout).
#pragma once

#include "cosim_jobs.h"

#include "quasar/arch/post_params.h"

#include <vector>

namespace quasar::tb {

// The accumulators of a workload layer: the golden GEMM of its tensors at run seed `runSeed`
// ([M x N], the layer's shape), with parameters drawn like the accelerator's
// (tb::drawPostParams). InputError when N exceeds post.row_max or M limits.m_max.
Job makePipelineLayerJob(const config::AccelConfig &cfg, const config::GemmLayer &layer,
                         uint64_t runSeed, Expectation &expect);

// Constructed corner words: ties of every rounding mode (both signs), saturation at both ends,
// the largest accumulator magnitudes, m = 0, e = 0 and e = 63, zero points at the out range's
// ends; per channel one job (a dyadic pair per channel), per tensor one job per pair.
std::vector<Job> makePipelineCornerJobs(const config::AccelConfig &cfg, uint64_t runSeed,
                                        std::vector<Expectation> &expects);

// One run: the parameter writes (postParamWrites with the row unit's constants `nl`), dim_m,
// dim_n, start, the stream of z [M x N] and the expected beats (golden requantize, then the
// row unit when the config has one) and read-backs.
Job makePipelineJob(const config::AccelConfig &cfg, const std::string &name,
                    const models::IntMatrix &z, const models::dyadic::RequantParams &p,
                    const arch::NonlinearParams &nl, Expectation &expect);

// post.nonlinear (pipeline_row_jobs.cpp): rows built to reach the unit unchanged through an
// identity requantizer (m = 2^(mult_bits-1), e = mult_bits - 1, zero point 0, no bias, clip
// bounds = the out range): all-equal rows at random values and at the out range's ends
// (var = 0; Shiftmax S saturation with x0 = -(2^16 - 1)), all-negative rows, tiny variances,
// exact mean ties, alternating extremes, one spike, random rows; runs of row_max, lanes + 1
// and an even length, a single-element run and rows of one element; x0 at both ends of its
// range and random; I-LayerNorm bias_int 0, +-2^62 and random. Then, for Shiftmax and
// ShiftGELU, starts with x0 = 0 and x0 = -2^16: error code 4, nothing consumed.
std::vector<Job> makeRowUnitCornerJobs(const config::AccelConfig &cfg, uint64_t runSeed,
                                       std::vector<Expectation> &expects);

// A start with M = 0: error code 1, done, nothing consumed.
Job makePipelineBadDimsJob(const config::AccelConfig &cfg, Expectation &expect);

// The CSRs read back after every pipeline run.
const std::vector<uint32_t> &pipelineReadList();

// Without stalls: every output beat's cycle, every input beat's cycle where the model gives it,
// and cycles_busy equal the analytical model (arch::pipelineRunTiming). Error-path jobs pass.
CheckOutcome checkPipelineTiming(const config::AccelConfig &cfg, const Expectation &expect,
                                 const JobResult &result);

// A generous cycle limit for an [m x n] run.
int64_t pipelineCycleBudget(const config::AccelConfig &cfg, int64_t m, int64_t n,
                            double stallProb);

} // namespace quasar::tb
