// The dyadic post-processing blocks (specs/dyadic.md, docs/dyadic-pipeline.md). Declared apart
// from blocks.h so the pipeline's generators stay in their own files.
#pragma once

#include "module_builder.h"

namespace quasar::blocks {

// What a requantizer is built for: the config's post.* keys plus the accumulator width. Kept
// separate from AccelConfig so unit tests can build any corner (acc_bits 10, out_bits 4, ...).
struct RequantShape {
  int lanes = 8;            // post.lanes (pipeline) or array.cols (after the array)
  const char *lanesKey = "post.lanes"; // the config key `lanes` comes from (RTL comments)
  int accBits = 32;         // pe.acc_bits: width of the incoming accumulators and the bias
  int multBits = 31;        // post.requant.mult_bits
  int outBits = 8;          // post.requant.out_bits
  bool outSigned = true;    // post.requant.out_signed
  bool bias = false;        // post.bias
  config::Rounding rounding = config::Rounding::HalfUp;
  config::Activation activation = config::Activation::None;
};

RequantShape requantShapeOf(const config::AccelConfig &cfg, int lanes);

// A requantizer parameter input of arch::postLanes(cfg) lanes x `bits`: per channel the field
// at `lsb` of each lane of the parameter RAM word `ramWord` (arch::paramLaneLayout), per tensor
// the one value `tensorValue` broadcast to every lane.
std::string requantLaneVector(const config::AccelConfig &cfg, bool perChannel,
                              const std::string &ramWord, int lsb, int bits,
                              const std::string &tensorValue);

// qsr_dyadic_requant: bias add, exact dyadic multiply, rounding shift, zero point, activation
// clamp and out_bits saturation on `lanes` elements per beat, ready/valid, parameters per lane
// travelling with the data (see the header of dyadic_requant.cpp).
ir::Module buildDyadicRequant(const BlockContext &ctx, const RequantShape &shape);

// qsr_dyadic_residual: y = clamp(R(z1 * m1, e1) + R(z2 * m2, e2) + zero_point), two separately
// rounded branches with their own (m, e) (specs/dyadic.md, "Residual add"), same four stages,
// ports and flow control as the requantizer plus res_i / res_mult_i / res_shift_i (z2 is
// acc_bits wide too); no bias (shape.bias must be false).
ir::Module buildDyadicResidual(const BlockContext &ctx, const RequantShape &shape);

} // namespace quasar::blocks
