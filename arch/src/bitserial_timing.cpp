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

uint32_t field(uint32_t value, int lsb, int bits) { return (value >> lsb) & ((1u << bits) - 1); }

} // namespace

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
             ? 1
             : 0;
}

WordFormat bitmodGroupWordFormat(const config::AccelConfig &cfg) {
  WordFormat f = weightWordFormat(cfg);
  f.laneBits = kBitmodGroupLaneBits;
  return f;
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
