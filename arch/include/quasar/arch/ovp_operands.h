// The host side of an OVP GEMM (docs/ovp-array.md): real tensors -> what the accelerator is
// given (packed bytes or int8, the ovp_format CSR value) and the result it must produce.
//
// Weights [N x K] get one scale per row and activations [M x K] one per tensor, both from the
// spec's `ovp_mse` calibration with the config's pe.ovp.normal (auto: per tensor) and
// pair_policy. w4a8 activations are quantized to int8 with quantizeSymmetric (workload
// tensors' rule). Odd K: a zero column is appended to both operands (the golden quantizer's
// pad; the result is unchanged), and `dim_k` must be written as kPadded.
#pragma once

#include "quasar/config/accel.h"
#include "quasar/models/ovp.h"

#include <Eigen/Dense>
#include <cstdint>

namespace quasar::arch {

struct OvpOperands {
  models::ovp::ByteMatrix aBytes;  // w4a4: [M x kPadded/2]
  models::IntMatrix aInt8;         // w4a8: [M x kPadded]
  models::ovp::ByteMatrix wBytes;  // [N x kPadded/2]
  models::ovp::NormalType aType = models::ovp::NormalType::Int4; // w4a4 only
  models::ovp::NormalType wType = models::ovp::NormalType::Int4;
  int64_t k = 0, kPadded = 0;
  uint32_t formatCsr = 0;          // ovp_format: bit 0 weights flint4, bit 1 activations flint4
  // The real values the codes stand for (codes x scales), [M x K] and [N x K] without the pad
  // column: what a quantization-error report compares against the real tensors.
  Eigen::MatrixXd aDequant, wDequant;
};

// InputError when pe.type is not ovp or the shapes disagree.
OvpOperands ovpOperands(const config::AccelConfig &cfg, const Eigen::MatrixXd &aReal,
                        const Eigen::MatrixXd &wReal);

// The exact result [M x N] (models::gemmOvp / gemmOvpInt8 with pe.acc_bits).
models::IntMatrix ovpExpected(const config::AccelConfig &cfg, const OvpOperands &ops);

} // namespace quasar::arch
