#include "quasar/arch/post_timing.h"

#include "quasar/models/nonlinear.h"

namespace quasar::arch {

int64_t requantCycles(int64_t words) {
  return words <= 0 ? 0 : kRequantStages + (words - 1) / kRequantWordsPerCycle;
}

int64_t seqDivCycles(int quotientBits) { return int64_t(quotientBits) + 1; }

namespace {
constexpr int kBufferReadCycles = 1;  // the row buffer's registered read
constexpr int kOutputRegCycles = 1;   // pass 3's output register
constexpr int kLoadFactorCycles = 1;  // a division's result registered in its done cycle
} // namespace

int64_t shiftmaxFirstOut(int64_t words) {
  const int64_t pass1 = words, pass2 = words + kBufferReadCycles;
  return pass1 + pass2 + seqDivCycles(kRowDivQuotientBits) + kLoadFactorCycles +
         kBufferReadCycles + kOutputRegCycles;
}

int64_t shiftmaxLastOut(int64_t words) { return shiftmaxFirstOut(words) + words - 1; }

int64_t shiftmaxRowCycles(int64_t words) { return shiftmaxLastOut(words) + 1; }

int layerNormDivisions() { return 1 + models::nonlinear::kLayerNormSteps + 1; }

int64_t layerNormFirstOut(int64_t words) {
  const int64_t pass1 = words, pass2 = words + kBufferReadCycles;
  // Each division: seqDivCycles from start to done, and its result registered in the done
  // cycle, so the next step (or pass) begins one cycle later.
  const int64_t divisions =
      layerNormDivisions() * (seqDivCycles(kLayerNormDividendBits) + kLoadFactorCycles);
  return pass1 + divisions + pass2 + kBufferReadCycles + kOutputRegCycles;
}

int64_t layerNormLastOut(int64_t words) { return layerNormFirstOut(words) + words - 1; }

int64_t layerNormRowCycles(int64_t words) { return layerNormLastOut(words) + 1; }

namespace {
constexpr int kStartCycles = 1; // the cycle the lanes' dividers start (the read data present)
// Cycles per word of ShiftGELU's pass 2: read, start, divide.
int64_t shiftGeluWordCycles() {
  return kBufferReadCycles + kStartCycles + seqDivCycles(kRowDivQuotientBits);
}
} // namespace

int64_t shiftGeluFirstOut(int64_t words) { return words + shiftGeluWordCycles(); }

int64_t shiftGeluLastOut(int64_t words) { return words + words * shiftGeluWordCycles(); }

int64_t shiftGeluRowCycles(int64_t words) { return shiftGeluLastOut(words); }

} // namespace quasar::arch
