#include "quasar/sweep/quant_error.h"

#include "quasar/arch/bitserial_timing.h"
#include "quasar/arch/ovp_operands.h"
#include "quasar/config/error.h"
#include "quasar/models/bitserial.h"
#include "quasar/models/workload_tensors.h"

#include <cmath>
#include <limits>
#include <optional>

namespace quasar::sweep {
namespace {

// Adds the energies of (reference, approx), weighted by `count`.
void accumulate(ErrorEnergy &e, const Eigen::MatrixXd &reference, const Eigen::MatrixXd &approx,
                int64_t count) {
  e.signal += double(count) * reference.squaredNorm();
  e.noise += double(count) * (reference - approx).squaredNorm();
}

// The operands as the accelerator's PE multiplies them, dequantized to reals.
struct Dequantized {
  Eigen::MatrixXd a, w;
};

std::string intName(int bits, bool isSigned) {
  return (isSigned ? "int" : "uint") + std::to_string(bits);
}

Dequantized dequantizeFor(const config::AccelConfig &cfg, const Eigen::MatrixXd &a,
                          const Eigen::MatrixXd &w) {
  switch (cfg.pe.type) {
  case config::PeType::Int: {
    const models::OperandFormat af{cfg.pe.a_bits, cfg.pe.a_signed};
    const models::OperandFormat wf{cfg.pe.w_bits, cfg.pe.w_signed};
    return {models::quantizeSymmetric(a, af).cast<double>() * models::symmetricScale(a, af),
            models::quantizeSymmetric(w, wf).cast<double>() * models::symmetricScale(w, wf)};
  }
  case config::PeType::Ovp: {
    arch::OvpOperands ops = arch::ovpOperands(cfg, a, w);
    return {std::move(ops.aDequant), std::move(ops.wDequant)};
  }
  case config::PeType::Bitserial: {
    const models::OperandFormat af{cfg.pe.a_bits, cfg.pe.a_signed};
    Eigen::MatrixXd aq =
        models::quantizeSymmetric(a, af).cast<double>() * models::symmetricScale(a, af);
    const config::BitserialConfig &bs = cfg.pe.bitserial;
    if (bs.encoding == config::BitEncoding::Bitmod)
      return {std::move(aq), models::bitserial::dequantizeBitmod(models::bitserial::quantizeBitmod(
                                 w, arch::goldenMode(bs.modes.front()), bs.group))};
    if (bs.w_bits_max < 2)
      throw InputError("quantization error: bitplane with w_bits_max 1 has no symmetric "
                       "quantizer (a 1-bit two's complement weight is {0, -1})");
    const models::OperandFormat wf{bs.w_bits_max, true};
    return {std::move(aq),
            models::quantizeSymmetric(w, wf).cast<double>() * models::symmetricScale(w, wf)};
  }
  }
  throw InputError("quantization error: unknown pe.type");
}

std::string formatNames(const config::AccelConfig &cfg) {
  if (cfg.pe.type == config::PeType::Ovp)
    return cfg.pe.ovp.mode == config::OvpMode::W4A4 ? "ovp4 x ovp4" : "int8 x ovp4";
  if (cfg.pe.type == config::PeType::Bitserial) {
    const config::BitserialConfig &bs = cfg.pe.bitserial;
    return intName(cfg.pe.a_bits, cfg.pe.a_signed) + " x " +
           (bs.encoding == config::BitEncoding::Bitmod
                ? "bitmod-" + config::toString(bs.modes.front())
                : "bitplane" + std::to_string(bs.w_bits_max));
  }
  return intName(cfg.pe.a_bits, cfg.pe.a_signed) + " x " + intName(cfg.pe.w_bits, cfg.pe.w_signed);
}

} // namespace

double ErrorEnergy::sqnrDb() const {
  if (noise == 0) return std::numeric_limits<double>::infinity();
  return 10.0 * std::log10(signal / noise);
}

QuantErrorReport workloadQuantError(const config::AccelConfig &cfg,
                                    const std::vector<config::GemmLayer> &gemms,
                                    int64_t outputRows) {
  if (outputRows < 1)
    throw InputError("quantization error: outputRows " + std::to_string(outputRows) +
                     " must be >= 1");
  QuantErrorReport rep;
  rep.formats = formatNames(cfg);
  for (const config::GemmLayer &g : gemms) {
    const std::optional<Eigen::MatrixXd> a = models::realTensor(g.activations, g.m, g.k);
    const std::optional<Eigen::MatrixXd> w = models::realTensor(g.weights, g.n, g.k);
    if (!a || !w) {
      ++rep.skippedLayers;
      continue;
    }
    const Dequantized q = dequantizeFor(cfg, *a, *w);
    accumulate(rep.activations, *a, q.a, g.count);
    accumulate(rep.weights, *w, q.w, g.count);
    const Eigen::Index rows = Eigen::Index(std::min(outputRows, g.m));
    const Eigen::MatrixXd reference = a->topRows(rows) * w->transpose();
    const Eigen::MatrixXd approx = q.a.topRows(rows) * q.w.transpose();
    accumulate(rep.outputs, reference, approx, g.count);
    ++rep.measuredLayers;
  }
  return rep;
}

} // namespace quasar::sweep
