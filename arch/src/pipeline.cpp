#include "quasar/arch/pipeline.h"

#include "quasar/arch/post_timing.h"
#include "quasar/config/error.h"
#include "quasar/models/nonlinear.h"

#include <algorithm>
#include <cstdint>
#include <stdexcept>
#include <string>

namespace quasar::arch {

bool isPipeline(const config::AccelConfig &cfg) { return cfg.top == config::TopKind::Pipeline; }

WordFormat pipelineInputWordFormat(const config::AccelConfig &cfg) {
  return WordFormat{cfg.post.lanes, cfg.pe.acc_bits, cfg.interfaces.axis_in_bits};
}

int64_t pipelineWordsPerRow(const config::AccelConfig &cfg, int64_t n) {
  return (n + cfg.post.lanes - 1) / cfg.post.lanes;
}

void checkPipelineDims(const config::AccelConfig &cfg, int64_t m, int64_t n) {
  if (m < 1 || m > cfg.limits.m_max || n < 1 || n > cfg.post.row_max)
    throw InputError(cfg.name + ": a [" + std::to_string(m) + " x " + std::to_string(n) +
                     "] run does not fit the pipeline: rows 1..limits.m_max (" +
                     std::to_string(cfg.limits.m_max) + "), row length 1..post.row_max (" +
                     std::to_string(cfg.post.row_max) + ")");
}

std::vector<Beat> packPipelineInput(const config::AccelConfig &cfg, const models::IntMatrix &z) {
  const WordFormat f = pipelineInputWordFormat(cfg);
  const int a = cfg.pe.acc_bits;
  const int64_t hi = a >= 64 ? INT64_MAX : (int64_t(1) << (a - 1)) - 1, lo = -hi - 1;
  std::vector<Beat> out;
  std::vector<int64_t> lanes;
  const int64_t words = pipelineWordsPerRow(cfg, z.cols());
  for (int64_t r = 0; r < z.rows(); ++r) {
    for (int64_t j = 0; j < words; ++j) {
      lanes.assign(size_t(f.lanes), 0);
      for (int l = 0; l < f.lanes && j * f.lanes + l < z.cols(); ++l) {
        const int64_t v = z(r, j * f.lanes + l);
        if (v < lo || v > hi)
          throw InputError("pipeline input (" + std::to_string(r) + ", " +
                           std::to_string(j * f.lanes + l) + ") = " + std::to_string(v) +
                           " does not fit pe.acc_bits (" + std::to_string(cfg.pe.acc_bits) + ")");
        lanes[size_t(l)] = v;
      }
      appendStreamWord(out, f, lanes);
    }
  }
  if (!out.empty()) out.back().last = true;
  return out;
}

int pipelineStages(const config::AccelConfig &cfg) {
  return kRequantStages + (outputWordFormat(cfg).beatsPerWord() > 1 ? 1 : 0);
}

int64_t pipelineWordCycles(const config::AccelConfig &cfg) {
  return std::max(pipelineInputWordFormat(cfg).beatsPerWord(),
                  outputWordFormat(cfg).beatsPerWord());
}

PipelineTiming pipelineTiming(const config::AccelConfig &cfg, int64_t words, int64_t inputDelay) {
  const int64_t ib = pipelineInputWordFormat(cfg).beatsPerWord();
  const int64_t ob = outputWordFormat(cfg).beatsPerWord();
  const int64_t stages = pipelineStages(cfg);
  PipelineTiming t;
  if (words <= 0) return t;
  const int64_t firstLast = inputDelay + ib - 1; // word 0's last input beat
  for (int64_t w = 0; w < words; ++w) {
    if (ib >= ob) {
      for (int64_t b = 0; b < ib; ++b) t.inputBeats.push_back(inputDelay + w * ib + b);
      for (int64_t k = 0; k < ob; ++k) t.outputBeats.push_back(firstLast + w * ib + stages + k);
    } else {
      for (int64_t k = 0; k < ob; ++k) t.outputBeats.push_back(firstLast + stages + w * ob + k);
    }
  }
  if (cfg.post.residual) t.residualBeats = t.inputBeats;
  t.cyclesBusy = t.outputBeats.back() + 1;
  return t;
}

bool hasRowUnit(const config::AccelConfig &cfg) {
  return cfg.post.nonlinear != config::Nonlinear::None;
}

int rowUnitOutBits(const config::AccelConfig &cfg) {
  switch (cfg.post.nonlinear) {
  case config::Nonlinear::Shiftmax: return models::nonlinear::kShiftmaxOutBits;
  case config::Nonlinear::ShiftGelu: return kShiftGeluOutBits;
  case config::Nonlinear::LayerNorm: return kLayerNormOutBits;
  case config::Nonlinear::None: break;
  }
  throw std::logic_error("rowUnitOutBits: the config has no post.nonlinear unit");
}

bool rowUnitUsesX0(const config::AccelConfig &cfg) {
  return cfg.post.nonlinear == config::Nonlinear::Shiftmax ||
         cfg.post.nonlinear == config::Nonlinear::ShiftGelu;
}

bool rowUnitX0Valid(int64_t x0) { return x0 >= kRowUnitX0Min && x0 <= kRowUnitX0Max; }

int pipelineLastWordCount(const config::AccelConfig &cfg, int64_t n) {
  return int(n - (pipelineWordsPerRow(cfg, n) - 1) * cfg.post.lanes);
}

int rowUnitOutputStages(const config::AccelConfig &cfg) {
  return outputWordFormat(cfg).beatsPerWord() > 1 ? 1 : 0;
}

int64_t rowUnitFirstOut(const config::AccelConfig &cfg, int64_t words) {
  switch (cfg.post.nonlinear) {
  case config::Nonlinear::Shiftmax: return shiftmaxFirstOut(words);
  case config::Nonlinear::ShiftGelu: return shiftGeluFirstOut(words);
  case config::Nonlinear::LayerNorm: return layerNormFirstOut(words);
  case config::Nonlinear::None: break;
  }
  throw std::logic_error("rowUnitFirstOut: the config has no post.nonlinear unit");
}

int64_t rowUnitLastOut(const config::AccelConfig &cfg, int64_t words) {
  switch (cfg.post.nonlinear) {
  case config::Nonlinear::Shiftmax: return shiftmaxLastOut(words);
  case config::Nonlinear::ShiftGelu: return shiftGeluLastOut(words);
  case config::Nonlinear::LayerNorm: return layerNormLastOut(words);
  case config::Nonlinear::None: break;
  }
  throw std::logic_error("rowUnitLastOut: the config has no post.nonlinear unit");
}

int64_t rowUnitRowCycles(const config::AccelConfig &cfg, int64_t words) {
  switch (cfg.post.nonlinear) {
  case config::Nonlinear::Shiftmax: return shiftmaxRowCycles(words);
  case config::Nonlinear::ShiftGelu: return shiftGeluRowCycles(words);
  case config::Nonlinear::LayerNorm: return layerNormRowCycles(words);
  case config::Nonlinear::None: break;
  }
  throw std::logic_error("rowUnitRowCycles: the config has no post.nonlinear unit");
}

} // namespace quasar::arch
