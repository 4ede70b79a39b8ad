#include "quasar/arch/ovp_operands.h"

#include "quasar/config/error.h"
#include "quasar/models/format_gemm.h"
#include "quasar/models/workload_tensors.h"

namespace quasar::arch {
namespace {

namespace ovp = models::ovp;

ovp::NormalChoice choiceOf(config::OvpNormal n) {
  switch (n) {
  case config::OvpNormal::Int4: return ovp::NormalChoice::Int4;
  case config::OvpNormal::Flint4: return ovp::NormalChoice::Flint4;
  case config::OvpNormal::Auto: break;
  }
  return ovp::NormalChoice::Auto;
}

ovp::PairPolicy policyOf(config::OvpPairPolicy p) {
  return p == config::OvpPairPolicy::First ? ovp::PairPolicy::First : ovp::PairPolicy::Larger;
}

} // namespace

OvpOperands ovpOperands(const config::AccelConfig &cfg, const Eigen::MatrixXd &aReal,
                        const Eigen::MatrixXd &wReal) {
  if (cfg.pe.type != config::PeType::Ovp)
    throw InputError("ovpOperands: pe.type is " + config::toString(cfg.pe.type) + ", not ovp");
  if (aReal.cols() != wReal.cols() || aReal.cols() < 1)
    throw InputError("ovpOperands: A is [" + std::to_string(aReal.rows()) + " x " +
                     std::to_string(aReal.cols()) + "] but W is [" + std::to_string(wReal.rows()) +
                     " x " + std::to_string(wReal.cols()) + "]; both must be [.. x K], K >= 1");
  const ovp::NormalChoice normal = choiceOf(cfg.pe.ovp.normal);
  const ovp::PairPolicy policy = policyOf(cfg.pe.ovp.pair_policy);
  OvpOperands ops;
  ops.k = aReal.cols();
  ops.kPadded = ops.k + ops.k % 2;

  const ovp::Calibration wc = ovp::calibrateRows(wReal, normal, policy);
  const ovp::Quantized wq = ovp::quantize(wReal, wc.scales, wc.normal, policy);
  ops.wBytes = wq.bytes;
  ops.wType = wc.normal;
  ops.wDequant = ovp::dequantize(wq);
  if (cfg.pe.ovp.mode == config::OvpMode::W4A4) {
    const ovp::Calibration ac = ovp::calibrateTensor(aReal, normal, policy);
    const ovp::Quantized aq = ovp::quantize(aReal, ac.scales(0), ac.normal, policy);
    ops.aBytes = aq.bytes;
    ops.aType = ac.normal;
    ops.aDequant = ovp::dequantize(aq);
  } else {
    ops.aInt8 = models::IntMatrix::Zero(aReal.rows(), ops.kPadded);
    const models::OperandFormat int8{8, true};
    ops.aInt8.leftCols(ops.k) = models::quantizeSymmetric(aReal, int8);
    ops.aDequant = ops.aInt8.leftCols(ops.k).cast<double>() * models::symmetricScale(aReal, int8);
  }
  ops.formatCsr = (ops.wType == ovp::NormalType::Flint4 ? 1u : 0u) |
                  (cfg.pe.ovp.mode == config::OvpMode::W4A4 && ops.aType == ovp::NormalType::Flint4
                       ? 2u
                       : 0u);
  return ops;
}

models::IntMatrix ovpExpected(const config::AccelConfig &cfg, const OvpOperands &ops) {
  if (cfg.pe.ovp.mode == config::OvpMode::W4A4)
    return models::gemmOvp(ops.aBytes, ops.aType, ops.wBytes, ops.wType, cfg.pe.acc_bits);
  return models::gemmOvpInt8(ops.aInt8, ops.wBytes, ops.wType, cfg.pe.acc_bits);
}

} // namespace quasar::arch
