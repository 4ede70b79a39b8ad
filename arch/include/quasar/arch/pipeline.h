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
#pragma once

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
//   cycles_busy  the last output beat's cycle + 1
struct PipelineTiming {
  std::vector<int64_t> inputBeats;   // busy cycle each input beat is taken (see above)
  std::vector<int64_t> outputBeats;  // busy cycle each output beat is taken
  int64_t cyclesBusy = 0;
};
PipelineTiming pipelineTiming(const config::AccelConfig &cfg, int64_t words,
                              int64_t inputDelay = 1);

} // namespace quasar::arch
