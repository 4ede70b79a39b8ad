// conv2d lowered to GEMM by im2col (NHWC), the way the accelerator runs it.
//
// Layouts (all row-major IntMatrix):
// - input   [N*H*W x C]: one row per pixel, row index (n*H + y)*W + x, channels contiguous;
// - weights [K x R*S*C]: one row per output channel, column index (r*S + s)*C + c, i.e. the
//           [K, R, S, C] tensor flattened;
// - im2col  [N*OH*OW x R*S*C]: row (n*OH + oy)*OW + ox, columns in the same (r, s, c) order as
//           the weights, so conv2d = gemm(im2col(input), weights);
// - output  [N*OH*OW x K]: NHWC again, so it can feed the next layer as its input.
// Input pixel of output (oy, ox) and tap (r, s): y = oy*strideH - padTop + r*dilationH,
// x = ox*strideW - padLeft + s*dilationW. OH = (H + padTop + padBottom - dilationH*(R-1) - 1)
// / strideH + 1 (floor), the same formula as config::Conv2dShape::outH; OW likewise.
//
// Choices where the brief was silent:
// - Padding may differ per side (TF "SAME" pads are asymmetric); config::Conv2dShape's single
//   stride/padding/dilation map onto it with conv2dGeometry().
// - Padded taps hold `inputZeroPoint` (the quantized value of real 0), so the raw GEMM result
//   is sum over taps of x_q * w at every output, borders included, and the usual correction
//   -inputZeroPoint * sum(w) per output channel is exact everywhere.
// - An output with no pixels (OH or OW < 1) is an InputError, as in the workload loader.
#pragma once

#include "quasar/config/workload.h"
#include "quasar/models/gemm.h"

#include <cstdint>

namespace quasar::models {

struct Conv2dGeometry {
  int64_t n = 1, h = 1, w = 1, c = 1; // input [N, H, W, C]
  int64_t k = 1, r = 1, s = 1;        // weights [K, R, S, C]
  int64_t strideH = 1, strideW = 1;
  int64_t padTop = 0, padBottom = 0, padLeft = 0, padRight = 0;
  int64_t dilationH = 1, dilationW = 1;

  int64_t outH() const;
  int64_t outW() const;
  int64_t gemmM() const { return n * outH() * outW(); } // im2col rows
  int64_t gemmK() const { return r * s * c; }           // im2col columns = weight columns
};

// Symmetric padding, equal strides and dilations, as the workload config writes them.
Conv2dGeometry conv2dGeometry(const config::Conv2dShape &shape);

// Throws InputError naming the field and its value when a size is < 1, a stride or dilation
// < 1, a pad < 0, or the output would be empty.
void validateConv2d(const Conv2dGeometry &g);

// The im2col matrix A [N*OH*OW x R*S*C] (layout above); padded taps hold inputZeroPoint.
// Throws InputError when input is not [N*H*W x C].
IntMatrix im2col(const IntMatrix &input, const Conv2dGeometry &g, int64_t inputZeroPoint);

// output [N*OH*OW x K] = gemm(im2col(input, g, inputZeroPoint), weights, accBits), with
// gemm()'s accumulator check. Throws InputError when weights are not [K x R*S*C].
IntMatrix conv2d(const IntMatrix &input, const IntMatrix &weights, const Conv2dGeometry &g,
                 int64_t inputZeroPoint, int accBits);

} // namespace quasar::models
