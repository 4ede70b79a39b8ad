#include "quasar/testbenches/post_params.h"

#include "quasar/arch/pipeline.h"
#include "quasar/arch/post_params.h"
#include "quasar/models/gemm.h"
#include "quasar/models/workload_tensors.h"
#include "quasar/testbenches/cosim.h"
#include "quasar/models/nonlinear.h"

#include <algorithm>
#include <cmath>
#include <random>

namespace quasar::tb {

namespace dy = models::dyadic;

namespace {

// FNV-1a of the layer name, mixed with the run seed (and a stream tag): layers of one run differ.
std::mt19937_64 layerRng(const std::string &layer, uint64_t runSeed, uint64_t tag) {
  uint64_t h = 1469598103934665603ull;
  for (char c : layer) h = (h ^ uint64_t(uint8_t(c))) * 1099511628211ull;
  return std::mt19937_64(h ^ (runSeed * 0x9E3779B97F4A7C15ull) ^ tag);
}

} // namespace

arch::NonlinearParams drawNonlinearParams(const config::AccelConfig &cfg, const std::string &layer,
                                          int64_t n, uint64_t runSeed) {
  arch::NonlinearParams nl;
  if (!arch::hasRowUnit(cfg)) return nl;
  std::mt19937_64 rng = layerRng(layer, runSeed, 0x5EED0F1A7ull);
  // Raw draws only, as above; the doubles come from integers.
  auto unit = [&rng](int64_t steps) { return double(rng() % uint64_t(steps + 1)) / double(steps); };
  if (arch::rowUnitUsesX0(cfg)) {
    // log2(1 / s) uniform over the range whose x0 fits -(2^16 - 1)..-1.
    const double maxLog = std::log2(double(-arch::kRowUnitX0Min));
    for (;;) {
      const double s = std::exp2(-maxLog * unit(1 << 20));
      nl.x0 = cfg.post.nonlinear == config::Nonlinear::Shiftmax
                  ? models::nonlinear::shiftmaxX0(s, layer)
                  : models::nonlinear::shiftGeluX0(s, layer);
      if (arch::rowUnitX0Valid(nl.x0)) break;
    }
  }
  if (cfg.post.nonlinear == config::Nonlinear::LayerNorm)
    for (int64_t c = 0; c < n; ++c) {
      const double beta = 2.0 * unit(1 << 20) - 1.0, gamma = 0.5 + 1.5 * unit(1 << 20);
      nl.biasInt.push_back(models::nonlinear::layerNormBiasInt(beta, gamma, n, layer));
    }
  return nl;
}

models::dyadic::RequantParams drawPostParams(const config::AccelConfig &cfg,
                                             const std::string &layer, int64_t n, int64_t k,
                                             uint64_t runSeed) {
  dy::RequantParams p = arch::requantParamsTemplate(cfg);
  if (!cfg.post.requant.enabled) return p;
  std::mt19937_64 rng = layerRng(layer, runSeed, 0);
  // Raw draws only (the distributions of <random> differ between standard libraries).
  auto uniform = [&rng](int64_t lo, int64_t hi) { // inclusive
    return lo + int64_t(rng() % uint64_t(hi - lo + 1));
  };
  const config::RequantConfig &r = cfg.post.requant;
  const dy::ClampRange out = dy::outRange(r.out_bits, r.out_signed);
  // Typical accumulator magnitude: operands at full scale, a random walk over k products.
  const int typBits = cfg.pe.a_bits + cfg.pe.w_bits - 2 +
                      int(std::ceil(std::log2(double(std::max<int64_t>(k, 1))) / 2));
  const int64_t channels = r.granularity == config::Granularity::PerTensor ? 1 : n;
  p.multipliers.clear();
  p.zeroPoints.clear();
  for (int64_t c = 0; c < channels; ++c) {
    // m normalized like quantizeMultiplier's (top bit set); e maps typBits onto the out range,
    // +-2 so some channels saturate and some use few codes.
    const int64_t m = uniform(int64_t(1) << (r.mult_bits - 1), (int64_t(1) << r.mult_bits) - 1);
    const int e = std::clamp(r.mult_bits + typBits - (r.out_bits - 1) + int(uniform(-2, 2)), 0,
                             dy::kMaxShift);
    p.multipliers.push_back(dy::Multiplier{m, e});
    const int64_t span = (out.hi - out.lo) / 4;
    p.zeroPoints.push_back(r.out_signed ? uniform(-span, span) : uniform(0, span));
    // A bias of up to the typical magnitude: z = acc + bias stays far inside acc_bits.
    if (cfg.post.bias) {
      const int biasBits = std::min(typBits, cfg.pe.acc_bits - 2);
      p.bias.push_back(uniform(-(int64_t(1) << biasBits), int64_t(1) << biasBits));
    }
  }
  if (cfg.post.activation == config::Activation::Relu6 ||
      cfg.post.activation == config::Activation::Clip) {
    const int64_t a = uniform(out.lo, out.hi), b = uniform(out.lo, out.hi);
    p.clipLo = std::min(a, b);
    p.clipHi = std::max(a, b);
  }
  return p;
}

models::IntMatrix drawResidualBranch(const config::AccelConfig &cfg, const config::GemmLayer &layer,
                                     uint64_t runSeed) {
  config::TensorSource aSrc = layer.activations, wSrc = layer.weights;
  aSrc.seed = runTensorSeed(aSrc.seed, runSeed);
  wSrc.seed = runTensorSeed(layer.weights.seed ^ 0x5E51D0A1ull, runSeed); // the second weights
  return models::gemm(
      models::makeTensor(aSrc, layer.m, layer.k, {cfg.pe.a_bits, cfg.pe.a_signed}),
      models::makeTensor(wSrc, layer.n, layer.k, {cfg.pe.w_bits, cfg.pe.w_signed}),
      cfg.pe.acc_bits);
}

models::dyadic::ResidualParams drawResidualParams(const config::AccelConfig &cfg,
                                                  const std::string &layer, int64_t n, int64_t k,
                                                  uint64_t runSeed) {
  const dy::RequantParams p1 = drawPostParams(cfg, layer, n, k, runSeed);
  const dy::RequantParams p2 = drawPostParams(cfg, layer + "/residual", n, k, runSeed);
  dy::ResidualParams p = arch::residualParamsTemplate(cfg);
  p.multipliers1 = p1.multipliers;
  p.multipliers2 = p2.multipliers;
  p.zeroPoints = p1.zeroPoints;
  p.clipLo = p1.clipLo;
  p.clipHi = p1.clipHi;
  return p;
}

} // namespace quasar::tb
