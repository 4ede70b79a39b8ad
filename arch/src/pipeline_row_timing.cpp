// The stall-free timing of `top: pipeline` with a row unit (pipeline_row_timing.h): per-word
// recurrences over the requantizer's frozen cycles and the unit's output schedule.
#include "quasar/arch/pipeline_row_timing.h"

#include "quasar/config/error.h"

#include <algorithm>
#include <utility>
#include <vector>

namespace quasar::arch {

int64_t rowUnitLoadStep(const config::AccelConfig &cfg) {
  return rowUnitLastOut(cfg, 2) - rowUnitFirstOut(cfg, 2);
}

bool rowUnitReleasesOnLoad(const config::AccelConfig &cfg) {
  return rowUnitRowCycles(cfg, 1) == rowUnitLastOut(cfg, 1);
}

namespace {

// The requantizer's frozen cycles: disjoint intervals [lo, hi] in increasing order.
class FrozenCycles {
public:
  // The first cycle >= c that is not frozen.
  int64_t nextFree(int64_t c) const {
    auto it = std::upper_bound(m_spans.begin(), m_spans.end(), std::make_pair(c, INT64_MAX));
    if (it != m_spans.begin() && std::prev(it)->second >= c) return std::prev(it)->second + 1;
    return c;
  }
  void add(int64_t lo, int64_t hi) {
    if (lo <= hi) m_spans.emplace_back(lo, hi);
  }

private:
  std::vector<std::pair<int64_t, int64_t>> m_spans;
};

} // namespace

PipelineTiming pipelineRowUnitTiming(const config::AccelConfig &cfg, int64_t m, int64_t n,
                                     int64_t inputDelay) {
  if (!isPipeline(cfg) || !hasRowUnit(cfg))
    throw InputError(cfg.name + ": pipelineRowUnitTiming needs top: pipeline with post.nonlinear");
  const int64_t ib = pipelineInputWordFormat(cfg).beatsPerWord();
  const int64_t ob = outputWordFormat(cfg).beatsPerWord();
  const int64_t words = pipelineWordsPerRow(cfg, n);
  const int64_t step = rowUnitLoadStep(cfg);
  const bool releaseOnLoad = rowUnitReleasesOnLoad(cfg);
  PipelineTiming t;
  if (m <= 0 || words <= 0) return t;

  FrozenCycles frozen;
  int64_t prevLast = inputDelay - 1; // E of the previous word
  int64_t reopen = 0;                // R of the previous row (the unit is open at the start)
  int64_t prevTake = INT64_MIN / 2;  // U of the previous output word (OBeats > 1)
  for (int64_t r = 0; r < m; ++r) {
    int64_t rowLastTake = 0;
    for (int64_t k = 0; k < words; ++k) {
      const int64_t a = prevLast + 1;
      for (int64_t b = 0; b + 1 < ib; ++b) t.inputBeats.push_back(a + b);
      const int64_t e = frozen.nextFree(a + ib - 1);
      t.inputBeats.push_back(e);
      prevLast = e;
      // Three more edges (not frozen) bring the word from stage 1 to stage 4.
      int64_t c = e;
      for (int s = 1; s < kRequantStages; ++s) c = frozen.nextFree(c + 1);
      const int64_t arrive = c + 1;
      int64_t take = arrive;
      if (k == 0 && arrive < reopen) {
        frozen.add(arrive, reopen - 1);
        take = reopen;
      }
      rowLastTake = take;
    }
    // The row's outputs.
    int64_t load = rowLastTake + rowUnitFirstOut(cfg, words) - words;
    int64_t lastLoad = load, lastTaken = 0;
    for (int64_t k = 0; k < words; ++k) {
      if (k > 0) load = ob == 1 ? load + step : std::max(load + step, prevTake);
      if (ob == 1) {
        t.outputBeats.push_back(load + 1);
        lastTaken = load + 1;
      } else {
        if (k == 0) load = std::max(load, prevTake);
        const int64_t u = std::max(load + 1, prevTake + ob);
        for (int64_t b = 0; b < ob; ++b) t.outputBeats.push_back(u + 1 + b);
        prevTake = u;
        lastTaken = u;
      }
      lastLoad = load;
    }
    reopen = releaseOnLoad ? lastLoad + 1 : lastTaken + 1;
  }
  // post.residual: s_axis_res's beats are offered like the input's and a word enters only with
  // both last beats, so without stalls they are taken in the same cycles (pipelineTiming).
  if (cfg.post.residual) t.residualBeats = t.inputBeats;
  t.cyclesBusy = t.outputBeats.back() + 1;
  return t;
}

PipelineTiming pipelineRunTiming(const config::AccelConfig &cfg, int64_t m, int64_t n,
                                 int64_t inputDelay) {
  if (isPipeline(cfg) && hasRowUnit(cfg)) return pipelineRowUnitTiming(cfg, m, n, inputDelay);
  return pipelineTiming(cfg, m * pipelineWordsPerRow(cfg, n), inputDelay);
}

} // namespace quasar::arch
