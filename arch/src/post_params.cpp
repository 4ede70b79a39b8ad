#include "quasar/arch/post_params.h"

#include "quasar/arch/csr.h"
#include "quasar/arch/pipeline.h"
#include "quasar/config/error.h"
#include "quasar/models/nonlinear.h"

#include <stdexcept>
#include <string>

namespace quasar::arch {
namespace {

namespace dy = models::dyadic;

// top: pipeline with I-LayerNorm: bias_int per channel in the parameter lane.
bool layerNormBias(const config::AccelConfig &cfg) {
  return isPipeline(cfg) && cfg.post.nonlinear == config::Nonlinear::LayerNorm;
}

bool perTensor(const config::AccelConfig &cfg) {
  return cfg.post.requant.granularity == config::Granularity::PerTensor;
}

void checkSize(size_t size, size_t want, bool mayBeEmpty, const char *what) {
  if (size == want || (mayBeEmpty && size == 0)) return;
  throw InputError(std::string("post parameters: ") + what + " has " + std::to_string(size) +
                   " entries, expected " + std::to_string(want));
}

// Sets `bits` bits of `value` at bit `lsb` of a little-endian chunk vector.
void putBits(std::vector<uint32_t> &chunks, int64_t lsb, int bits, uint64_t value) {
  for (int i = 0; i < bits; ++i)
    if ((value >> i) & 1) chunks[size_t((lsb + i) / 32)] |= uint32_t(1) << ((lsb + i) % 32);
}

} // namespace

ParamLaneLayout paramLaneLayout(const config::AccelConfig &cfg) {
  ParamLaneLayout l;
  if (perTensor(cfg) && layerNormBias(cfg)) { // the lane is bias_int alone
    l.multLsb = l.shiftLsb = l.zpLsb = -1;
    l.biasIntLsb = 0;
    l.ramLaneBits = 0;
    l.laneBits = kBiasIntBits;
    return l;
  }
  l.multLsb = 0;
  l.shiftLsb = cfg.post.requant.mult_bits;
  l.zpLsb = l.shiftLsb + kShiftFieldBits;
  l.laneBits = l.zpLsb + cfg.post.requant.out_bits;
  if (cfg.post.bias) {
    l.biasLsb = l.laneBits;
    l.laneBits += cfg.pe.acc_bits;
  }
  if (cfg.post.residual) {
    l.resMultLsb = l.laneBits;
    l.resShiftLsb = l.resMultLsb + cfg.post.requant.mult_bits;
    l.laneBits = l.resShiftLsb + kShiftFieldBits;
  }
  l.ramLaneBits = l.laneBits;
  if (layerNormBias(cfg)) {
    l.biasIntLsb = l.laneBits;
    l.laneBits += kBiasIntBits;
  }
  return l;
}

bool hasParamRam(const config::AccelConfig &cfg) {
  return cfg.post.requant.enabled && !perTensor(cfg);
}

bool hasParamRegisters(const config::AccelConfig &cfg) {
  return hasParamRam(cfg) || layerNormBias(cfg);
}

int postLanes(const config::AccelConfig &cfg) {
  return isPipeline(cfg) ? cfg.post.lanes : cfg.array.cols;
}

int paramWordBits(const config::AccelConfig &cfg) {
  return postLanes(cfg) * paramLaneLayout(cfg).laneBits;
}

int paramRamWordBits(const config::AccelConfig &cfg) {
  return postLanes(cfg) * paramLaneLayout(cfg).ramLaneBits;
}

int paramWordChunks(const config::AccelConfig &cfg) { return (paramWordBits(cfg) + 31) / 32; }

int paramRamWords(const config::AccelConfig &cfg) {
  const int64_t channels = isPipeline(cfg) ? cfg.post.row_max : cfg.limits.n_max;
  return int((channels + postLanes(cfg) - 1) / postLanes(cfg));
}

int paramIndexBits(const config::AccelConfig &cfg) {
  int bits = 1; // the RAM's address: enough for word paramRamWords - 1, at least one bit
  while ((int64_t(1) << bits) < paramRamWords(cfg)) ++bits;
  return bits;
}

dy::RequantParams requantParamsTemplate(const config::AccelConfig &cfg) {
  dy::RequantParams p;
  p.activation = cfg.post.activation;
  p.outBits = cfg.post.requant.out_bits;
  p.outSigned = cfg.post.requant.out_signed;
  p.rounding = cfg.post.requant.rounding;
  p.accBits = cfg.pe.acc_bits;
  return p;
}

namespace {

// postParamWrites and residualParamWrites: `res` holds the second branch's pairs (post.residual)
// or is null.
std::vector<std::pair<uint32_t, uint32_t>> paramWrites(const config::AccelConfig &cfg,
                                                       const dy::RequantParams &p,
                                                       const std::vector<dy::Multiplier> *res,
                                                       int64_t n, const NonlinearParams &nl) {
  std::vector<std::pair<uint32_t, uint32_t>> writes;
  if (!cfg.post.requant.enabled) return writes;
  const size_t entries = perTensor(cfg) ? 1 : size_t(n);
  checkSize(p.multipliers.size(), entries, false, "multipliers");
  if (res) checkSize(res->size(), entries, false, "multipliers2");
  checkSize(p.zeroPoints.size(), entries, false, "zeroPoints");
  checkSize(p.bias.size(), entries, true, "bias");
  if (!cfg.post.bias && !p.bias.empty())
    throw InputError("post parameters: a bias is given but the config has post.bias: false");
  auto bias = [&](size_t i) { return p.bias.empty() ? int64_t(0) : p.bias[i]; };
  if (layerNormBias(cfg)) checkSize(nl.biasInt.size(), size_t(n), true, "biasInt");
  auto biasInt = [&](size_t i) { return nl.biasInt.empty() ? int64_t(0) : nl.biasInt[i]; };
  if (perTensor(cfg)) {
    writes.push_back({csr::kRequantMult, uint32_t(p.multipliers[0].m)});
    writes.push_back({csr::kRequantShift, uint32_t(p.multipliers[0].e)});
    writes.push_back({csr::kZeroPoint, uint32_t(uint64_t(p.zeroPoints[0]))});
    if (cfg.post.bias) {
      writes.push_back({csr::kBiasLo, uint32_t(uint64_t(bias(0)))});
      if (cfg.pe.acc_bits > 32) writes.push_back({csr::kBiasHi, uint32_t(uint64_t(bias(0)) >> 32)});
    }
    if (res) {
      writes.push_back({csr::kResMult, uint32_t((*res)[0].m)});
      writes.push_back({csr::kResShift, uint32_t((*res)[0].e)});
    }
  }
  if (hasParamRegisters(cfg)) {
    const ParamLaneLayout l = paramLaneLayout(cfg);
    const int cols = postLanes(cfg);
    const int64_t words = (n + cols - 1) / cols;
    writes.push_back({csr::kParamIndex, 0});
    for (int64_t wi = 0; wi < words; ++wi) {
      std::vector<uint32_t> chunks(size_t(paramWordChunks(cfg)), 0);
      for (int c = 0; c < cols; ++c) {
        const int64_t ch = wi * cols + c;
        if (ch >= n) break; // channels beyond N: zeros
        const int64_t lsb = int64_t(c) * l.laneBits;
        if (l.biasIntLsb >= 0) putBits(chunks, lsb + l.biasIntLsb, kBiasIntBits, uint64_t(biasInt(size_t(ch))));
        if (perTensor(cfg)) continue; // the requant fields are CSRs
        putBits(chunks, lsb + l.multLsb, cfg.post.requant.mult_bits, uint64_t(p.multipliers[size_t(ch)].m));
        putBits(chunks, lsb + l.shiftLsb, kShiftFieldBits, uint64_t(p.multipliers[size_t(ch)].e));
        putBits(chunks, lsb + l.zpLsb, cfg.post.requant.out_bits, uint64_t(p.zeroPoints[size_t(ch)]));
        if (l.biasLsb >= 0) putBits(chunks, lsb + l.biasLsb, cfg.pe.acc_bits, uint64_t(bias(size_t(ch))));
        if (res) {
          putBits(chunks, lsb + l.resMultLsb, cfg.post.requant.mult_bits, uint64_t((*res)[size_t(ch)].m));
          putBits(chunks, lsb + l.resShiftLsb, kShiftFieldBits, uint64_t((*res)[size_t(ch)].e));
        }
      }
      for (uint32_t chunk : chunks) writes.push_back({csr::kParamData, chunk});
    }
  }
  if (p.activation == config::Activation::Relu6 || p.activation == config::Activation::Clip) {
    writes.push_back({csr::kClipLo, uint32_t(uint64_t(p.clipLo))});
    writes.push_back({csr::kClipHi, uint32_t(uint64_t(p.clipHi))});
  }
  if (isPipeline(cfg) && rowUnitUsesX0(cfg))
    writes.push_back({csr::kNonlinearX0, uint32_t(uint64_t(nl.x0))});
  return writes;
}

// The first branch, zero point and clamp of a residual add as requantizer parameters (no bias).
dy::RequantParams firstBranch(const config::AccelConfig &cfg, const dy::ResidualParams &p) {
  dy::RequantParams r = requantParamsTemplate(cfg);
  r.multipliers = p.multipliers1;
  r.zeroPoints = p.zeroPoints;
  r.activation = p.activation;
  r.clipLo = p.clipLo;
  r.clipHi = p.clipHi;
  return r;
}

} // namespace

std::vector<std::pair<uint32_t, uint32_t>> postParamWrites(const config::AccelConfig &cfg,
                                                           const dy::RequantParams &p, int64_t n,
                                                           const NonlinearParams &nl) {
  if (cfg.post.residual)
    throw InputError(cfg.name + ": post.residual needs the second branch's parameters "
                                "(arch::residualParamWrites)");
  return paramWrites(cfg, p, nullptr, n, nl);
}

dy::ResidualParams residualParamsTemplate(const config::AccelConfig &cfg) {
  dy::ResidualParams p;
  p.activation = cfg.post.activation;
  p.outBits = cfg.post.requant.out_bits;
  p.outSigned = cfg.post.requant.out_signed;
  p.rounding = cfg.post.requant.rounding;
  return p;
}

std::vector<std::pair<uint32_t, uint32_t>>
residualParamWrites(const config::AccelConfig &cfg, const dy::ResidualParams &p, int64_t n,
                    const NonlinearParams &nl) {
  if (!cfg.post.residual)
    throw InputError(cfg.name + ": residual parameters for a config without post.residual");
  return paramWrites(cfg, firstBranch(cfg, p), &p.multipliers2, n, nl);
}

int64_t paddingLaneValue(const config::AccelConfig &cfg, const dy::RequantParams &p) {
  const bool tensor = perTensor(cfg);
  const dy::Multiplier mult = tensor ? p.multipliers.at(0) : dy::Multiplier{0, 0};
  const int64_t zp = tensor ? p.zeroPoints.at(0) : 0;
  const int64_t z = tensor && !p.bias.empty() ? p.bias[0] : 0;
  const dy::ClampRange r =
      dy::activationRange(p.activation, zp, p.outBits, p.outSigned, p.clipLo, p.clipHi);
  return dy::requantize(z, mult, zp, r.lo, r.hi, p.outBits, p.outSigned, p.rounding);
}

std::vector<Beat> packRequantOutput(const config::AccelConfig &cfg, const models::IntMatrix &acc,
                                    const dy::RequantParams &p) {
  return packOutput(cfg, dy::requantize(acc, p), paddingLaneValue(cfg, p));
}

models::IntMatrix rowUnitGolden(const config::AccelConfig &cfg, const models::IntMatrix &acc,
                                const dy::RequantParams &p, const NonlinearParams &nl) {
  return rowUnitApply(cfg, dy::requantize(acc, p), nl);
}

models::IntMatrix rowUnitApply(const config::AccelConfig &cfg, const models::IntMatrix &y,
                               const NonlinearParams &nl) {
  switch (cfg.post.nonlinear) {
  case config::Nonlinear::Shiftmax: return models::nonlinear::shiftmax(y, nl.x0);
  case config::Nonlinear::ShiftGelu: return models::nonlinear::shiftGelu(y, nl.x0);
  case config::Nonlinear::LayerNorm:
    return models::nonlinear::layerNorm(
        y, nl.biasInt.empty() ? std::vector<int64_t>(size_t(y.cols()), 0) : nl.biasInt);
  case config::Nonlinear::None: break;
  }
  throw std::logic_error("rowUnitApply: the config has no post.nonlinear unit");
}

std::vector<Beat> packRowUnitOutput(const config::AccelConfig &cfg, const models::IntMatrix &acc,
                                    const dy::RequantParams &p, const NonlinearParams &nl) {
  return packOutput(cfg, rowUnitGolden(cfg, acc, p, nl), 0);
}

std::vector<Beat> packResidualOutput(const config::AccelConfig &cfg, const models::IntMatrix &z1,
                                     const models::IntMatrix &z2, const dy::ResidualParams &p) {
  return packOutput(cfg, dy::residual(z1, z2, p), paddingLaneValue(cfg, firstBranch(cfg, p)));
}

} // namespace quasar::arch
