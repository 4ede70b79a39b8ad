// The quantization error of a workload on one accelerator (the sweep stage `quant`): how far
// the operands the accelerator multiplies, quantized in its PE's formats exactly as the host
// quantizes them for the hardware, and the GEMM outputs they produce are from the real tensors.
//
// Choices (also in docs/sweeps.md, "Quantization error"):
// - A GEMM is measured when both operands are real-valued (random real distributions or
//   floating-point files, models::realTensor); layers with integer codes (int_uniform, integer
//   files) have no real reference and are counted as skipped.
// - Formats: int PEs use the workload tensors' symmetric per-tensor quantizer with the config's
//   a_bits/w_bits and signedness (models::quantizeSymmetric); ovp PEs use the host side of the
//   OVP accelerator (arch::ovpOperands: ovp_mse calibration, per-row weight scales, w4a8 int8
//   activations); bit-serial PEs quantize activations like int PEs and weights at the config's
//   largest setting (a layer's precision/mode is a run-time CSR): bitplane at P = w_bits_max
//   (symmetric per tensor, signed; P = 1 is refused: a 1-bit two's complement weight is
//   {0, -1}), bitmod in the first mode of pe.bitserial.modes with the spec's group quantizer.
// - Outputs are compared on the first `outputRows` rows of A (the real GEMM in double precision
//   against the GEMM of the dequantized operands), which bounds the cost on LLaMA-size layers;
//   operands are compared whole.
// - SQNR = 10 log10(signal energy / noise energy), with the energies of all measured GEMMs added
//   up, each weighted by its count (a layer repeated 12 times weighs 12 times).
#pragma once

#include "quasar/config/accel.h"
#include "quasar/config/workload.h"

#include <cstdint>
#include <string>
#include <vector>

namespace quasar::sweep {

struct ErrorEnergy {
  double signal = 0; // sum of reference^2
  double noise = 0;  // sum of (reference - quantized)^2
  // +inf when there is no noise, -inf when there is no signal but noise.
  double sqnrDb() const;
};

struct QuantErrorReport {
  ErrorEnergy activations, weights, outputs;
  int64_t measuredLayers = 0; // distinct GEMMs with real-valued operands
  int64_t skippedLayers = 0;  // distinct GEMMs with integer codes
  std::string formats;        // activations x weights: "int8 x int8", "ovp4 x ovp4", "int8 x ovp4",
                              // "int8 x bitplane8", "int8 x bitmod-fp4"
};

constexpr int64_t kQuantErrorOutputRows = 256;

QuantErrorReport workloadQuantError(const config::AccelConfig &cfg,
                                    const std::vector<config::GemmLayer> &gemms,
                                    int64_t outputRows = kQuantErrorOutputRows);

} // namespace quasar::sweep
