#include "quasar/testbenches/bitserial_layer.h"

#include "quasar/arch/bitserial_timing.h"
#include "quasar/config/error.h"
#include "quasar/models/format_gemm.h"
#include "quasar/models/workload_tensors.h"
#include "quasar/testbenches/cosim.h"

#include <random>
#include <sstream>

namespace quasar::tb {
namespace {

bool isBitserial(const config::AccelConfig &cfg, config::BitEncoding encoding) {
  return cfg.pe.type == config::PeType::Bitserial && cfg.pe.bitserial.encoding == encoding;
}

std::vector<std::string> splitList(const std::string &text) {
  std::vector<std::string> out;
  std::stringstream s(text);
  std::string item;
  while (std::getline(s, item, ',')) out.push_back(item);
  return out;
}

// Random bitmod weights [n x k]: every code equally likely, scales 1..255 and special indices
// per group, from `seed`.
models::bitserial::BitmodWeights randomBitmod(const config::AccelConfig &cfg,
                                              models::bitserial::Mode mode, int64_t n, int64_t k,
                                              uint64_t seed) {
  models::bitserial::BitmodWeights w;
  w.mode = mode;
  w.group = cfg.pe.bitserial.group;
  w.cols = k;
  const int64_t groups = (k + w.group - 1) / w.group;
  std::mt19937_64 rng(seed);
  w.codes = models::IntMatrix::Zero(n, groups * w.group);
  w.scales.resize(n, groups);
  w.specialIndex.resize(n, groups);
  const uint64_t codes = uint64_t(1) << models::bitserial::codeBits(w.mode);
  for (int64_t r = 0; r < n; ++r) {
    for (int64_t c = 0; c < k; ++c) w.codes(r, c) = int64_t(rng() % codes);
    for (int64_t g = 0; g < groups; ++g) {
      w.scales(r, g) = 1 + int64_t(rng() % 255);
      w.specialIndex(r, g) = int64_t(rng() % 4);
    }
  }
  return w;
}

} // namespace

std::vector<uint32_t> bitserialFormats(const config::AccelConfig &cfg, const std::string &wPrec,
                                       const std::string &wMode) {
  const bool plane = isBitserial(cfg, config::BitEncoding::Bitplane);
  const bool mod = isBitserial(cfg, config::BitEncoding::Bitmod);
  if (!wPrec.empty() && !plane)
    throw InputError("--w-prec applies to pe.type bitserial with encoding bitplane only");
  if (!wMode.empty() && !mod)
    throw InputError("--w-mode applies to pe.type bitserial with encoding bitmod only");
  std::vector<uint32_t> out;
  if (plane) {
    for (const std::string &item : splitList(wPrec)) {
      int p = 0;
      try {
        size_t used = 0;
        p = std::stoi(item, &used);
        if (used != item.size()) throw std::invalid_argument(item);
      } catch (const std::exception &) {
        throw InputError("--w-prec: '" + item + "' is not a precision (a list like 8,5,1)");
      }
      out.push_back(arch::bitplaneFormat(cfg, p)); // InputError naming the allowed range
    }
  } else if (mod) {
    for (const std::string &item : splitList(wMode)) {
      bool found = false;
      for (config::BitmodMode m : cfg.pe.bitserial.modes)
        if (config::toString(m) == item) {
          out.push_back(arch::bitmodFormat(cfg, m));
          found = true;
        }
      if (!found)
        throw InputError("--w-mode " + item + " is not among pe.bitserial.modes of " + cfg.name);
    }
  }
  if (out.empty() && (plane || mod)) out.push_back(arch::bitserialResetFormat(cfg));
  return out;
}

std::optional<uint32_t> layerFormat(const std::vector<uint32_t> &formats, size_t index) {
  if (formats.empty()) return std::nullopt;
  return formats[index % formats.size()];
}

BitserialOperands bitserialOperands(const config::AccelConfig &cfg,
                                    const config::GemmLayer &layer, uint64_t runSeed,
                                    uint32_t format) {
  if (!arch::bitserialFormatValid(cfg, format))
    throw InputError(cfg.name + ": bitserial_format " + std::to_string(format) +
                     " is not a format this accelerator runs");
  config::TensorSource aSrc = layer.activations, wSrc = layer.weights;
  aSrc.seed = runTensorSeed(aSrc.seed, runSeed);
  wSrc.seed = runTensorSeed(wSrc.seed, runSeed);
  BitserialOperands op;
  op.format = format;
  op.a = models::makeTensor(aSrc, layer.m, layer.k,
                            models::OperandFormat{cfg.pe.a_bits, cfg.pe.a_signed});
  if (cfg.pe.bitserial.encoding == config::BitEncoding::Bitmod) {
    const auto mode = static_cast<config::BitmodMode>(
        (format >> arch::kBitserialModeLsb) & ((1u << arch::kBitserialModeBits) - 1));
    op.bitmod = randomBitmod(cfg, arch::goldenMode(mode), layer.n, layer.k, wSrc.seed);
    op.expected = models::gemmBitmod(op.a, cfg.pe.a_bits, op.bitmod, cfg.pe.acc_bits);
    return op;
  }
  const int precision = arch::bitserialTerms(cfg, format);
  const bool pm1 = precision == 1 && cfg.pe.bitserial.binary == config::BitBinary::PlusMinusOne;
  models::IntMatrix w =
      models::makeTensor(wSrc, layer.n, layer.k, models::OperandFormat{precision, cfg.pe.w_signed});
  op.wLanes = w;
  if (pm1) {
    w = w.unaryExpr([](int64_t v) { return v == 0 ? int64_t(1) : int64_t(-1); });
    // Code 1 (+1) is the lane pattern 1: the value -1 in a 1-bit lane (w_bits_max 1).
    const int64_t one = cfg.pe.w_bits == 1 ? -1 : 1;
    op.wLanes = w.unaryExpr([one](int64_t v) { return v > 0 ? one : int64_t(0); });
  }
  op.expected = models::gemmBitplane(op.a, cfg.pe.a_bits, w, precision, pm1, cfg.pe.acc_bits);
  return op;
}

} // namespace quasar::tb
