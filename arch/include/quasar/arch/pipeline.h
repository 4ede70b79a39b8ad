// `top: pipeline`: the post-processing pipeline alone, AXI4-Stream in and out
// (docs/dyadic-pipeline.md, "top: pipeline"). The stream layout and the cycle facts shared by
// the generator, the models, the co-simulation host and the docs.
//
// A run processes an [M x N] matrix of accumulators row by row. Each row is sent as
// pipelineWordsPerRow(N) = ceil(N / post.lanes) input words of post.lanes lanes x pe.acc_bits
// (lane l of word j of a row is element (row, j*lanes + l), channel j*lanes + l; lanes beyond
// N are zero), each word on its own ceil(lanes * acc_bits / axis_in_bits) beats, LSB first like
// arch/stream.h; tlast on the last beat of the run. The output has the same words in the same
// order, post.lanes x post.requant.out_bits each (arch::outputWordFormat, arch::packOutput);
// lanes beyond N carry what the requantizer makes of a zero input with that lane's parameters
// (arch::paddingLaneValue).
//
// With post.nonlinear (docs/dyadic-pipeline.md, "Row units in top: pipeline") the requantizer's
// words go on into the row unit (qsr_shiftmax, qsr_shiftgelu or qsr_ilayernorm): a row of the
// run is one row of the unit, and the output words are post.lanes x rowUnitOutBits, lanes
// beyond N zero.
// post.residual: a second input stream s_axis_res carries the residual branch z2 in exactly the
// input's word format (packPipelineInput of z2; word j of row i beside the input's word j of
// row i); the output is the residual add of both (arch::packResidualOutput).
#pragma once

#include "quasar/arch/post_timing.h"
#include "quasar/arch/stream.h"
#include "quasar/config/accel.h"
#include "quasar/models/gemm.h"

#include <cstdint>
#include <vector>

namespace quasar::arch {

bool isPipeline(const config::AccelConfig &cfg);

// The input word: post.lanes accumulators of pe.acc_bits on axis_in_bits beats.
WordFormat pipelineInputWordFormat(const config::AccelConfig &cfg);

// Words per row of n elements: ceil(n / post.lanes).
int64_t pipelineWordsPerRow(const config::AccelConfig &cfg, int64_t n);

// InputError unless 1 <= m <= limits.m_max and 1 <= n <= post.row_max (what dim_m and dim_n
// accept; a start with other values sets error code 1).
void checkPipelineDims(const config::AccelConfig &cfg, int64_t m, int64_t n);

// The input stream of accumulators z [m x n] (values must fit pe.acc_bits).
std::vector<Beat> packPipelineInput(const config::AccelConfig &cfg, const models::IntMatrix &z);

// Register stages between the s_axis handshake of a word's last beat and the cycle its first
// output beat is offered: the requantizer's (arch::kRequantStages; the input beats feed stage 1
// directly), plus one output word register when a word has more than one output beat.
int pipelineStages(const config::AccelConfig &cfg);

// Cycles per word without back-pressure: max(input beats, output beats) per word.
int64_t pipelineWordCycles(const config::AccelConfig &cfg);

// The analytical model of a run of `words` words without back-pressure. Busy cycle 0 is the
// cycle after the start write's edge (as in sim/analytical.h); the host offers input beats back
// to back from busy cycle `inputDelay` and output ready is always high.
//   input beats  words of IB beats: beat i is taken in cycle inputDelay + i when IB >= OB (the
//                requantizer never holds); with IB < OB the output paces the input and only
//                the output beats are given (inputBeats empty)
//   output beats beat k of word w in cycle L_w + pipelineStages + k, L_w = the cycle word w's
//                last input beat is taken; with IB < OB the output beats follow each other
//                without a gap from the first one on
//   residual     post.residual: the s_axis_res beats, offered like the input's, are taken in the
//                same cycles (a word enters when both streams' last beats are there, and
//                neither stream waits for the other without stalls); empty without residual
//                or when the input beats are not given
//   cycles_busy  the last output beat's cycle + 1
struct PipelineTiming {
  std::vector<int64_t> inputBeats;   // busy cycle each input beat is taken (see above)
  std::vector<int64_t> residualBeats; // busy cycle each s_axis_res beat is taken (post.residual)
  std::vector<int64_t> outputBeats;  // busy cycle each output beat is taken
  int64_t cyclesBusy = 0;
};
PipelineTiming pipelineTiming(const config::AccelConfig &cfg, int64_t words,
                              int64_t inputDelay = 1);

// ---- The row unit of post.nonlinear inside top: pipeline (the contract: docs/dyadic-pipeline.md,
// "Row units in top: pipeline") ----
//
// Chain: input word -> qsr_dyadic_requant (4 stages, global enable, unchanged) -> the row unit
// -> output beats. The requantizer's lanes (out_bits, sign-extended when out_signed, else
// zero-extended) are the unit's 32-bit x_i; requant valid_o -> unit valid_i, unit ready_o ->
// requant ready_i. last_i is the row's last word (the requantizer's last sideband carries the
// row end), count_i on it is pipelineLastWordCount(cfg, dim_n) (a run constant).

// post.nonlinear is not none.
bool hasRowUnit(const config::AccelConfig &cfg);

// The unit's output lane width: Shiftmax models::nonlinear::kShiftmaxOutBits (16; the values are
// 0..2^15 - 1, so signed and unsigned readings agree), ShiftGELU kShiftGeluOutBits (48, signed),
// I-LayerNorm kLayerNormOutBits (64, signed). outputWordFormat uses it for the output lanes.
int rowUnitOutBits(const config::AccelConfig &cfg);

// The unit takes x0 from the CSR nonlinear_x0 (Shiftmax, ShiftGELU).
bool rowUnitUsesX0(const config::AccelConfig &cfg);

// The x0 a start accepts: -(2^16 - 1)..-1 (arch::kShiftmaxX0Bits signed bits reach the unit);
// any other value of the 32-bit two's complement register sets csr_error::kBadX0 at start.
constexpr int64_t kRowUnitX0Min = -((int64_t(1) << (kShiftmaxX0Bits - 1)) - 1);
constexpr int64_t kRowUnitX0Max = -1;
bool rowUnitX0Valid(int64_t x0);

// count_i on a row's last word: n - (pipelineWordsPerRow(n) - 1) * lanes, in 1..lanes.
int pipelineLastWordCount(const config::AccelConfig &cfg, int64_t n);

// I-LayerNorm takes its per-channel bias_int from the parameter RAM lane's biasIntLsb field
// (arch/post_params.h); the param_index / param_data registers exist when requant is per channel
// or the unit is I-LayerNorm (hasParamRegisters).

// Timing facts (no back-pressure unless said; cycles as in pipelineTiming):
// - A word whose last input beat is taken in cycle t is offered to the unit (valid_i) from
//   cycle t + kRequantStages. While the unit's ready_o is low and the requantizer's stage 4
//   holds a word, the requantizer's global enable holds every stage (and s_axis_tready of a
//   word's last beat): words wait in place, bubbles are not squeezed out.
// - The unit's passes depend only on the cycle tL its row's last word is taken (pass 1 takes
//   words whenever they come): the row's output words are offered from tL + rowUnitFirstOut(W)
//   - (W - 1) on, one per cycle while taken (Shiftmax, I-LayerNorm) or as the unit computes
//   them (ShiftGELU). The unit takes the next row's first word (ready_o high) from the cycle
//   after its row's last output word is taken (Shiftmax, I-LayerNorm), or from the cycle its
//   last output word is shown, taken or not (ShiftGELU); post_timing.h gives the stall-free
//   numbers.
// - Output: a word the unit offers in cycle t is on m_axis from t + rowUnitOutputStages (1
//   with OBeats > 1: the output word register of the requant path, 0 otherwise: y_o directly);
//   m_axis_tlast on the last beat of the run's last row (the unit's last_o of row M - 1).
int rowUnitOutputStages(const config::AccelConfig &cfg);
// The unit's per-row functions of arch/post_timing.h for post.nonlinear (words = W of the row):
// cycles from the row's first word taken (input every cycle) to its first / last output word
// and to the next row's first word taken.
int64_t rowUnitFirstOut(const config::AccelConfig &cfg, int64_t words);
int64_t rowUnitLastOut(const config::AccelConfig &cfg, int64_t words);
int64_t rowUnitRowCycles(const config::AccelConfig &cfg, int64_t words);

} // namespace quasar::arch
