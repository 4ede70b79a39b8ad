// `top: pipeline` with a row unit (post.nonlinear: Shiftmax, ShiftGELU, I-LayerNorm after the
// requantizer; docs/dyadic-pipeline.md, "top: pipeline" and "Row units"): the analytical
// timing of a stall-free run, beat for beat, as the RTL and the SystemC model
// (sim/pipeline_top.h) run it.
//
// The chain: input beats -> qsr_dyadic_requant (kRequantStages stages, one global enable
// en = !valid_o || ready_i) -> the row unit (ready_i of the requantizer = the unit's ready_o)
// -> output beats (OBeats == 1: the unit's output register is the beat; OBeats > 1: an output
// word register whose beats are its slices). The unit takes a row's words while its input is
// open and closes it after the row's last word until the row's outputs have left, so the
// requantizer's stage 4 holds the next row's first word meanwhile and its global enable
// freezes every stage and the input's last beat behind it (non-last beats of a word are still
// taken: they only fill the staging register).
#pragma once

#include "quasar/arch/pipeline.h"
#include "quasar/config/accel.h"

#include <cstdint>

namespace quasar::arch {

// The unit's schedule from arch/pipeline.h's rowUnitFirstOut / LastOut / RowCycles (the
// numbers of arch/post_timing.h): step = rowUnitLastOut(2) - rowUnitFirstOut(2) cycles between
// two output word loads of a row (a pass-3 read, or ShiftGELU's read, start and divide); the
// input reopens after the last output word is loaded (ShiftGELU: rowUnitRowCycles ==
// rowUnitLastOut) or after it is taken (Shiftmax, I-LayerNorm: rowUnitRowCycles ==
// rowUnitLastOut + 1).
int64_t rowUnitLoadStep(const config::AccelConfig &cfg);
bool rowUnitReleasesOnLoad(const config::AccelConfig &cfg);

// A stall-free run of m rows of n elements (inputs offered back to back from busy cycle
// `inputDelay`, output ready always high), busy cycles as in pipelineTiming. With W =
// pipelineWordsPerRow(n), word i (row i / W) of IB input beats and OB output beats:
//   input   beat b < IB - 1 of word i in cycle a_i + b, a_i = E_{i-1} + 1 (a_0 = inputDelay);
//           the last beat is taken in E_i = the first cycle >= a_i + IB - 1 that is not frozen
//   stages  a word moves one stage on every non-frozen edge: it reaches stage 4 after three of
//           them (cycle A_i) and the unit takes it at T_i = A_i, except the first word of a row
//           r > 0, which waits for the unit to reopen: T_i = max(A_i, R_{r-1}); the cycles
//           A_i .. R_{r-1} - 1 are frozen (stage 4 holds a word the unit refuses)
//   unit    after the row's last word (tL = T of it): word k of the row loads into the unit's
//           output register in ld_k, ld_0 = tL + firstOut(W) - W, ld_k = ld_{k-1} + step;
//           OBeats == 1: its beat is taken in ld_k + 1; OBeats > 1: the word register takes it
//           in U_k = max(ld_k + 1, U_{k-1} + OB) and its beats leave in U_k + 1 .. U_k + OB,
//           while ld_{k+1} = max(ld_k + step, U_k) (the unit's register is held meanwhile)
//   reopen  R_r = ld_last + 1 (ShiftGELU) or the cycle after the last word is taken
//   busy    cycles_busy = the last output beat's cycle + 1
PipelineTiming pipelineRowUnitTiming(const config::AccelConfig &cfg, int64_t m, int64_t n,
                                     int64_t inputDelay = 1);

// The stall-free timing of an [m x n] run of any `top: pipeline`: pipelineRowUnitTiming with a
// row unit, pipelineTiming(cfg, m * words per row) without. What the analytical engine,
// `quasar sim` and the co-simulation's timing check call.
PipelineTiming pipelineRunTiming(const config::AccelConfig &cfg, int64_t m, int64_t n,
                                 int64_t inputDelay = 1);

} // namespace quasar::arch
