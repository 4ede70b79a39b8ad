// conv2d as im2col + gemm (conv.h).
#include "quasar/models/conv.h"

#include "quasar/config/error.h"

#include <algorithm>
#include <string>
#include <utility>

namespace quasar::models {

namespace {

std::string shapeText(const IntMatrix &m) {
  return std::to_string(m.rows()) + "x" + std::to_string(m.cols());
}

// Each extent is >= least and < 2^31, so no size formula of this file can overflow int64.
void requireRange(const char *field, int64_t value, int64_t least) {
  const int64_t kLimit = int64_t(1) << 31;
  if (value < least || value >= kLimit) {
    throw InputError("conv2d: " + std::string(field) + " = " + std::to_string(value) +
                     " must be in [" + std::to_string(least) + ", 2^31)");
  }
}

} // namespace

int64_t Conv2dGeometry::outH() const {
  return (h + padTop + padBottom - dilationH * (r - 1) - 1) / strideH + 1;
}

int64_t Conv2dGeometry::outW() const {
  return (w + padLeft + padRight - dilationW * (s - 1) - 1) / strideW + 1;
}

Conv2dGeometry conv2dGeometry(const config::Conv2dShape &shape) {
  Conv2dGeometry g;
  g.n = shape.n, g.h = shape.h, g.w = shape.w, g.c = shape.c;
  g.k = shape.k, g.r = shape.r, g.s = shape.s;
  g.strideH = g.strideW = shape.stride;
  g.padTop = g.padBottom = g.padLeft = g.padRight = shape.padding;
  g.dilationH = g.dilationW = shape.dilation;
  return g;
}

void validateConv2d(const Conv2dGeometry &g) {
  const std::pair<const char *, int64_t> sizes[] = {
      {"n", g.n}, {"h", g.h}, {"w", g.w}, {"c", g.c}, {"k", g.k}, {"r", g.r}, {"s", g.s},
      {"strideH", g.strideH}, {"strideW", g.strideW}, {"dilationH", g.dilationH},
      {"dilationW", g.dilationW}};
  for (const auto &[field, value] : sizes) requireRange(field, value, 1);
  const std::pair<const char *, int64_t> pads[] = {
      {"padTop", g.padTop}, {"padBottom", g.padBottom}, {"padLeft", g.padLeft},
      {"padRight", g.padRight}};
  for (const auto &[field, value] : pads) requireRange(field, value, 0);
  if (g.outH() < 1 || g.outW() < 1) {
    throw InputError("conv2d: empty output: the dilated kernel (" +
                     std::to_string(g.dilationH * (g.r - 1) + 1) + "x" +
                     std::to_string(g.dilationW * (g.s - 1) + 1) +
                     ") is larger than the padded input (" +
                     std::to_string(g.h + g.padTop + g.padBottom) + "x" +
                     std::to_string(g.w + g.padLeft + g.padRight) + ")");
  }
  const __int128 elements = __int128(g.n) * g.outH() * g.outW() * g.r * g.s * g.c;
  if (elements > (__int128(1) << 40)) {
    throw InputError("conv2d: the im2col matrix would have (N*OH*OW = " + std::to_string(g.n) +
                     "*" + std::to_string(g.outH()) + "*" + std::to_string(g.outW()) +
                     ") x (R*S*C = " + std::to_string(g.r) + "*" + std::to_string(g.s) + "*" +
                     std::to_string(g.c) + ") elements, more than 2^40");
  }
}

IntMatrix im2col(const IntMatrix &input, const Conv2dGeometry &g, int64_t inputZeroPoint) {
  validateConv2d(g);
  if (__int128(input.rows()) != __int128(g.n) * g.h * g.w || input.cols() != g.c) {
    throw InputError("conv2d: input is " + shapeText(input) + ", expected N*H*W x C = " +
                     "(N*H*W)x" + std::to_string(g.c) + " (N=" +
                     std::to_string(g.n) + ", H=" + std::to_string(g.h) + ", W=" +
                     std::to_string(g.w) + ", C=" + std::to_string(g.c) + ")");
  }
  const int64_t oh = g.outH(), ow = g.outW();
  IntMatrix cols(g.gemmM(), g.gemmK());
  for (int64_t b = 0; b < g.n; ++b) {
    for (int64_t oy = 0; oy < oh; ++oy) {
      for (int64_t ox = 0; ox < ow; ++ox) {
        int64_t *dst = cols.data() + ((b * oh + oy) * ow + ox) * g.gemmK();
        for (int64_t r = 0; r < g.r; ++r) {
          const int64_t y = oy * g.strideH - g.padTop + r * g.dilationH;
          for (int64_t s = 0; s < g.s; ++s, dst += g.c) {
            const int64_t x = ox * g.strideW - g.padLeft + s * g.dilationW;
            if (y < 0 || y >= g.h || x < 0 || x >= g.w) {
              std::fill(dst, dst + g.c, inputZeroPoint);
            } else {
              const int64_t *src = input.data() + ((b * g.h + y) * g.w + x) * g.c;
              std::copy(src, src + g.c, dst);
            }
          }
        }
      }
    }
  }
  return cols;
}

IntMatrix conv2d(const IntMatrix &input, const IntMatrix &weights, const Conv2dGeometry &g,
                 int64_t inputZeroPoint, int accBits) {
  validateConv2d(g);
  if (weights.rows() != g.k || weights.cols() != g.gemmK()) {
    throw InputError("conv2d: weights are " + shapeText(weights) + ", expected K x R*S*C = " +
                     std::to_string(g.k) + "x" + std::to_string(g.gemmK()) + " (K=" +
                     std::to_string(g.k) + ", R=" + std::to_string(g.r) + ", S=" +
                     std::to_string(g.s) + ", C=" + std::to_string(g.c) + ")");
  }
  return gemm(im2col(input, g, inputZeroPoint), weights, accBits);
}

} // namespace quasar::models
