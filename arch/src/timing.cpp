#include "quasar/arch/timing.h"

#include "quasar/arch/bitserial_timing.h"

#include "quasar/arch/ovp_stream.h"
#include "quasar/arch/post_timing.h"
#include "quasar/arch/stream.h"
#include "quasar/config/error.h"

namespace quasar::arch {

int peProductStages(const config::AccelConfig &cfg) {
  switch (cfg.pe.type) {
  case config::PeType::Int: return 1;
  // ovp: one register holding the small product and the exponent sum (qsr_pe_ovp).
  case config::PeType::Ovp: return 1;
  // bitserial: one register holding +-(a << shift) of the cycle's term (qsr_pe_bitserial).
  case config::PeType::Bitserial: return 1;
  }
  throw InputError("pe.type: " + config::toString(cfg.pe.type) + " has no RTL timing");
}

int bankCount(const config::AccelConfig &cfg) { return cfg.buffers.double_buffered ? 2 : 1; }
int weightBankWords(const config::AccelConfig &cfg) {
  return cfg.buffers.weight_depth / bankCount(cfg);
}
int actBankWords(const config::AccelConfig &cfg) { return cfg.buffers.act_depth / bankCount(cfg); }
int accBankWords(const config::AccelConfig &cfg) { return cfg.buffers.acc_depth / bankCount(cfg); }

StepWords stepInputWords(const config::AccelConfig &cfg, const TileStep &step) {
  // Pair words (pe.type ovp) carry two K steps; K tiles are even for them (ovpCheckLayout).
  const int wSteps = kStepsPerWord(cfg, Operand::Weights);
  const int aSteps = kStepsPerWord(cfg, Operand::Activations);
  if (cfg.array.dataflow == config::Dataflow::WeightStationary)
    // ws bitmod: the group words (scales, special indices) lead the weight words.
    return StepWords{cfg.array.rows / wSteps + bitserialGroupWords(cfg), step.mLen};
  return StepWords{step.kLen / aSteps, step.kLen / wSteps};
}

int64_t stepInputBeats(const config::AccelConfig &cfg, const TileStep &step) {
  const StepWords w = stepInputWords(cfg, step);
  const bool ws = cfg.array.dataflow == config::Dataflow::WeightStationary;
  const WordFormat first = ws ? weightWordFormat(cfg) : activationWordFormat(cfg);
  const WordFormat second = ws ? activationWordFormat(cfg) : weightWordFormat(cfg);
  return w.firstWords * first.beatsPerWord() + w.secondWords * second.beatsPerWord();
}

int wsResultLatency(const config::AccelConfig &cfg) {
  return cfg.array.rows + cfg.array.cols + peProductStages(cfg);
}

int osAccumulateLatency(const config::AccelConfig &cfg) {
  return cfg.array.rows + cfg.array.cols + peProductStages(cfg);
}

int64_t computeStepCycles(const config::AccelConfig &cfg, const TileStep &step) {
  if (cfg.array.dataflow == config::Dataflow::WeightStationary)
    return cfg.array.rows + step.mLen + wsResultLatency(cfg) + 1;
  int64_t cycles = step.kLen;
  if (step.lastK) cycles += osAccumulateLatency(cfg) - 1 + cfg.array.rows;
  return cycles;
}

int drainPipelineStages(const config::AccelConfig &cfg) {
  return cfg.post.requant.enabled ? kRequantStages : 0;
}

int outputFifoWords(const config::AccelConfig &cfg) {
  return kOutputFifoWords + drainPipelineStages(cfg);
}

int64_t drainTileBeats(const config::AccelConfig &cfg, const TileStep &step) {
  return step.mLen * outputWordFormat(cfg).beatsPerWord();
}

} // namespace quasar::arch
