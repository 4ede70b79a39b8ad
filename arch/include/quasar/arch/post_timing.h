// Cycle-level facts of the dyadic post-processing pipeline (docs/dyadic-pipeline.md), shared by
// the RTL generator (which builds the stages from these numbers), the models and the docs.
// Kept apart from timing.h (the array's units) so the pipeline's numbers live in one place.
#pragma once

#include <cstdint>

namespace quasar::arch {

// qsr_dyadic_requant's register stages: (1) bias add, (2) dyadic product, (3) rounding shift,
// (4) zero point, clamp and saturation. A word accepted on cycle t (valid_i && ready_o) is
// offered on valid_o from cycle t + kRequantStages when nothing downstream stalls.
constexpr int kRequantStages = 4;

// Words per cycle the requantizer accepts with no back-pressure (every stage is fully
// pipelined): one word of post.lanes elements per cycle.
constexpr int kRequantWordsPerCycle = 1;

// Cycles from accepting the first of `words` words to offering the last, with no
// back-pressure: kRequantStages + words - 1 (0 words: 0).
int64_t requantCycles(int64_t words);

} // namespace quasar::arch
