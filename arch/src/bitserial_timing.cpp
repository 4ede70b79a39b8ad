// Layer format and cycles of the bit-serial array (docs/bitserial-array.md).
#include "quasar/arch/bitserial_timing.h"

#include "quasar/config/error.h"
#include "quasar/models/bitserial.h"

#include <algorithm>
#include <string>

namespace quasar::arch {
namespace {

bool isBitplane(const config::AccelConfig &cfg) {
  return cfg.pe.bitserial.encoding == config::BitEncoding::Bitplane;
}

void requireBitserial(const config::AccelConfig &cfg, const char *what) {
  if (cfg.pe.type != config::PeType::Bitserial)
    throw InputError(std::string(what) + ": pe.type is " + config::toString(cfg.pe.type) +
                     ", not bitserial");
}

uint32_t field(uint32_t value, int lsb, int bits) { return (value >> lsb) & ((1u << bits) - 1); }

} // namespace

models::bitserial::Mode goldenMode(config::BitmodMode m) {
  using M = models::bitserial::Mode;
  switch (m) {
  case config::BitmodMode::Fp4:
    return M::Fp4;
  case config::BitmodMode::Fp3:
    return M::Fp3;
  case config::BitmodMode::Int8:
    return M::Int8;
  case config::BitmodMode::Int6:
    return M::Int6;
  case config::BitmodMode::Int4:
    return M::Int4;
  }
  throw InputError("bitmod mode");
}

uint32_t bitserialResetFormat(const config::AccelConfig &cfg) {
  requireBitserial(cfg, "bitserialResetFormat");
  return isBitplane(cfg) ? bitplaneFormat(cfg, cfg.pe.bitserial.w_bits_max)
                         : bitmodFormat(cfg, cfg.pe.bitserial.modes.front());
}

void bitserialCheckLayout(const config::AccelConfig &cfg) {
  requireBitserial(cfg, "bitserialCheckLayout");
  if (isBitplane(cfg))
    return;
  if (cfg.array.dataflow != config::Dataflow::WeightStationary)
    throw InputError(cfg.name + ": array.dataflow must be ws for pe.bitserial.encoding bitmod: "
                                "the group scale is applied to column sums at the bottom edge "
                                "(docs/bitserial-array.md, \"Dataflows\")");
  if (cfg.pe.bitserial.group % cfg.array.rows != 0)
    throw InputError(cfg.name + ": pe.bitserial.group (" + std::to_string(cfg.pe.bitserial.group) +
                     ") must be a multiple of "
                     "array.rows (" +
                     std::to_string(cfg.array.rows) +
                     ") for encoding bitmod: every ws k-tile must lie inside one group");
}

uint32_t bitplaneFormat(const config::AccelConfig &cfg, int precision) {
  requireBitserial(cfg, "bitplaneFormat");
  if (!isBitplane(cfg))
    throw InputError(cfg.name + ": bitplane precision on a bitmod config");
  if (precision < 1 || precision > cfg.pe.bitserial.w_bits_max)
    throw InputError(cfg.name + ": bitplane precision " + std::to_string(precision) +
                     " not in [1, pe.bitserial.w_bits_max = " +
                     std::to_string(cfg.pe.bitserial.w_bits_max) + "]");
  return uint32_t(precision) << kBitserialPrecLsb;
}

uint32_t bitmodFormat(const config::AccelConfig &cfg, config::BitmodMode mode) {
  requireBitserial(cfg, "bitmodFormat");
  if (isBitplane(cfg))
    throw InputError(cfg.name + ": bitmod mode on a bitplane config");
  const auto &modes = cfg.pe.bitserial.modes;
  if (std::find(modes.begin(), modes.end(), mode) == modes.end())
    throw InputError(cfg.name + ": bitmod mode " + config::toString(mode) +
                     " is not in pe.bitserial.modes");
  return uint32_t(static_cast<int>(mode)) << kBitserialModeLsb;
}

bool bitserialFormatValid(const config::AccelConfig &cfg, uint32_t format) {
  requireBitserial(cfg, "bitserialFormatValid");
  if (isBitplane(cfg)) {
    const uint32_t p = field(format, kBitserialPrecLsb, kBitserialPrecBits);
    return p >= 1 && p <= uint32_t(cfg.pe.bitserial.w_bits_max);
  }
  const uint32_t m = field(format, kBitserialModeLsb, kBitserialModeBits);
  for (config::BitmodMode mode : cfg.pe.bitserial.modes)
    if (uint32_t(static_cast<int>(mode)) == m)
      return true;
  return false;
}

int bitserialTerms(const config::AccelConfig &cfg, uint32_t format) {
  if (!bitserialFormatValid(cfg, format))
    throw InputError(cfg.name + ": bitserial_format " + std::to_string(format) +
                     " is not a format this accelerator runs");
  if (isBitplane(cfg))
    return int(field(format, kBitserialPrecLsb, kBitserialPrecBits));
  const auto mode =
      static_cast<config::BitmodMode>(field(format, kBitserialModeLsb, kBitserialModeBits));
  return models::bitserial::termsPerWeight(goldenMode(mode));
}

int bitserialGroupWords(const config::AccelConfig &cfg) {
  return cfg.pe.type == config::PeType::Bitserial && !isBitplane(cfg) &&
                 cfg.array.dataflow == config::Dataflow::WeightStationary
             ? 2
             : 0;
}

std::vector<Beat> packInputBitmod(const config::AccelConfig &cfg, const models::IntMatrix &a,
                                  const models::bitserial::BitmodWeights &w) {
  requireBitserial(cfg, "packInputBitmod");
  if (isBitplane(cfg)) throw InputError("packInputBitmod: " + cfg.name + " is a bitplane config");
  bitserialCheckLayout(cfg);
  if (w.group != cfg.pe.bitserial.group)
    throw InputError("packInputBitmod: weights quantized with group " + std::to_string(w.group) +
                     ", the accelerator's pe.bitserial.group is " +
                     std::to_string(cfg.pe.bitserial.group));
  if (a.cols() != w.cols)
    throw InputError("packInputBitmod: A has K = " + std::to_string(a.cols()) +
                     " but the weights K = " + std::to_string(w.cols));
  const GemmDims dims{a.rows(), w.codes.rows(), a.cols()};
  const WordFormat wf = weightWordFormat(cfg), af = activationWordFormat(cfg);
  const int rows = cfg.array.rows, cols = cfg.array.cols;
  std::vector<Beat> out;
  std::vector<int64_t> lanes;
  for (const TileStep &s : schedule(cfg, dims)) {
    const int64_t g = s.k0 / w.group; // the whole k-tile lies in group g (bitserialCheckLayout)
    for (const models::IntMatrix *field : {&w.scales, &w.specialIndex}) {
      lanes.assign(size_t(cols), 0);
      for (int c = 0; c < cols && c < s.nLen; ++c) lanes[size_t(c)] = (*field)(s.n0 + c, g);
      appendStreamWord(out, wf, lanes);
    }
    for (int r = 0; r < rows; ++r) {
      lanes.assign(size_t(cols), 0);
      for (int c = 0; c < cols; ++c)
        if (r < s.kLen && c < s.nLen) lanes[size_t(c)] = w.codes(s.n0 + c, s.k0 + r);
      appendStreamWord(out, wf, lanes);
    }
    for (int64_t i = 0; i < s.mLen; ++i) {
      lanes.assign(size_t(rows), 0);
      for (int r = 0; r < rows && r < s.kLen; ++r) lanes[size_t(r)] = a(s.m0 + i, s.k0 + r);
      appendStreamWord(out, af, lanes);
    }
  }
  if (!out.empty()) out.back().last = true;
  return out;
}

int64_t bitserialComputeStepCycles(const config::AccelConfig &cfg, const TileStep &step,
                                   int terms) {
  if (terms < 1)
    throw InputError("bitserialComputeStepCycles: terms " + std::to_string(terms));
  if (cfg.array.dataflow == config::Dataflow::WeightStationary)
    return int64_t(terms) * computeStepCycles(cfg, step);
  return computeStepCycles(cfg, step) + step.kLen * int64_t(terms - 1);
}

} // namespace quasar::arch
