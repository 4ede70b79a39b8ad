#include "quasar/arch/post_timing.h"

namespace quasar::arch {

int64_t requantCycles(int64_t words) {
  return words <= 0 ? 0 : kRequantStages + (words - 1) / kRequantWordsPerCycle;
}

} // namespace quasar::arch
