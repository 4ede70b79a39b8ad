// conv2d / im2col against a direct 7-loop convolution written here on 4-D indices, and a
// hand-written im2col matrix.
#include "quasar/config/error.h"
#include "quasar/models/conv.h"

#include <catch2/catch.hpp>

#include <random>
#include <vector>

using quasar::InputError;
using quasar::models::Conv2dGeometry;
using quasar::models::IntMatrix;

namespace {

// A tensor addressed by four indices, stored in its own plain vector.
struct Tensor4 {
  int64_t d0, d1, d2, d3;
  std::vector<int64_t> v;
  Tensor4(int64_t a, int64_t b, int64_t c, int64_t d)
      : d0(a), d1(b), d2(c), d3(d), v(size_t(a * b * c * d)) {}
  int64_t &at(int64_t i, int64_t j, int64_t k, int64_t l) {
    return v[size_t(((i * d1 + j) * d2 + k) * d3 + l)];
  }
  // Rows are the first three indices, columns the last: NHWC -> [N*H*W x C].
  IntMatrix asRowsOfLast() const {
    IntMatrix m(d0 * d1 * d2, d3);
    for (int64_t i = 0; i < m.size(); ++i) m.data()[i] = v[size_t(i)];
    return m;
  }
  // [d0 x d1*d2*d3], the KRSC weights flattened per output channel.
  IntMatrix asRowsOfFirst() const {
    IntMatrix m(d0, d1 * d2 * d3);
    for (int64_t i = 0; i < m.size(); ++i) m.data()[i] = v[size_t(i)];
    return m;
  }
};

Tensor4 randomTensor(std::mt19937_64 &rng, int64_t a, int64_t b, int64_t c, int64_t d,
                     int64_t lo, int64_t hi) {
  std::uniform_int_distribution<int64_t> dist(lo, hi);
  Tensor4 t(a, b, c, d);
  for (int64_t &x : t.v) x = dist(rng);
  return t;
}

// out[n][oy][ox][k] = sum_{r,s,c} in(n, y, x, c) * w[k][r][s][c], padded taps = padValue,
// with `subtract` taken off every input value (padded or not).
Tensor4 directConv(Tensor4 &in, Tensor4 &w, const Conv2dGeometry &g, int64_t padValue,
                   int64_t subtract) {
  const int64_t oh = (g.h + g.padTop + g.padBottom - g.dilationH * (g.r - 1) - 1) / g.strideH + 1;
  const int64_t ow =
      (g.w + g.padLeft + g.padRight - g.dilationW * (g.s - 1) - 1) / g.strideW + 1;
  Tensor4 out(g.n, oh, ow, g.k);
  for (int64_t n = 0; n < g.n; ++n)
    for (int64_t oy = 0; oy < oh; ++oy)
      for (int64_t ox = 0; ox < ow; ++ox)
        for (int64_t k = 0; k < g.k; ++k) {
          int64_t sum = 0;
          for (int64_t r = 0; r < g.r; ++r)
            for (int64_t s = 0; s < g.s; ++s)
              for (int64_t c = 0; c < g.c; ++c) {
                const int64_t y = oy * g.strideH + r * g.dilationH - g.padTop;
                const int64_t x = ox * g.strideW + s * g.dilationW - g.padLeft;
                const bool inside = y >= 0 && y < g.h && x >= 0 && x < g.w;
                sum += ((inside ? in.at(n, y, x, c) : padValue) - subtract) * w.at(k, r, s, c);
              }
          out.at(n, oy, ox, k) = sum;
        }
  return out;
}

Conv2dGeometry geometry(int64_t n, int64_t h, int64_t w, int64_t c, int64_t k, int64_t r,
                        int64_t s) {
  Conv2dGeometry g;
  g.n = n, g.h = h, g.w = w, g.c = c, g.k = k, g.r = r, g.s = s;
  return g;
}

} // namespace

TEST_CASE("conv: im2col of a 3x3 image, 2x2 kernel, padding 1, by hand", "[conv]") {
  Conv2dGeometry g = geometry(1, 3, 3, 1, 1, 2, 2);
  g.padTop = g.padBottom = g.padLeft = g.padRight = 1;
  g.strideH = g.strideW = 2;
  IntMatrix input(9, 1);
  input << 1, 2, 3, 4, 5, 6, 7, 8, 9;
  // Output 2x2; taps (r, s) in order (0,0) (0,1) (1,0) (1,1); z = zero point 100.
  IntMatrix expected(4, 4);
  expected << 100, 100, 100, 1, //
      100, 100, 2, 3,           //
      100, 4, 100, 7,           //
      5, 6, 8, 9;
  CHECK(quasar::models::im2col(input, g, 100) == expected);
  CHECK(g.outH() == 2);
  CHECK(g.outW() == 2);
}

TEST_CASE("conv: equals the direct 7-loop convolution over strides, pads, dilations",
          "[conv]") {
  std::mt19937_64 rng(2718);
  struct Case {
    int64_t n, h, w, c, k, r, s, sh, sw, pt, pb, pl, pr, dh, dw;
  };
  const Case cases[] = {
      {1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1}, // a single MAC
      {2, 5, 7, 3, 4, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1}, // 1x1 conv is a plain GEMM
      {2, 6, 5, 3, 5, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1}, // "same" 3x3
      {1, 7, 8, 2, 3, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1}, // stride 2
      {1, 9, 9, 4, 2, 3, 3, 1, 1, 2, 2, 2, 2, 2, 2}, // dilation 2 with padding 2
      {2, 8, 6, 3, 3, 2, 3, 3, 2, 0, 1, 2, 0, 1, 2}, // asymmetric everything
      {1, 5, 5, 1, 1, 5, 5, 1, 1, 0, 0, 0, 0, 1, 1}, // kernel covers the image
      {1, 4, 4, 2, 2, 3, 3, 1, 1, 3, 3, 3, 3, 1, 1}, // padding wider than the kernel reach
      {3, 10, 3, 5, 7, 2, 1, 2, 1, 1, 0, 0, 0, 3, 1}, // tall dilation, rectangular kernel
      {1, 12, 12, 16, 9, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1}, // K = 144 crosses the kernel's K pad
  };
  for (const Case &t : cases) {
    Conv2dGeometry g = geometry(t.n, t.h, t.w, t.c, t.k, t.r, t.s);
    g.strideH = t.sh, g.strideW = t.sw;
    g.padTop = t.pt, g.padBottom = t.pb, g.padLeft = t.pl, g.padRight = t.pr;
    g.dilationH = t.dh, g.dilationW = t.dw;
    for (int64_t zeroPoint : {int64_t(0), int64_t(-7), int64_t(128)}) {
      INFO("N=" << t.n << " H=" << t.h << " W=" << t.w << " C=" << t.c << " K=" << t.k
                << " R=" << t.r << " S=" << t.s << " zero point " << zeroPoint);
      const bool unsignedInput = zeroPoint == 128;
      Tensor4 in = randomTensor(rng, t.n, t.h, t.w, t.c, unsignedInput ? 0 : -128,
                                unsignedInput ? 255 : 127);
      Tensor4 w = randomTensor(rng, t.k, t.r, t.s, t.c, -128, 127);
      Tensor4 ref = directConv(in, w, g, zeroPoint, 0);
      const IntMatrix out =
          quasar::models::conv2d(in.asRowsOfLast(), w.asRowsOfFirst(), g, zeroPoint, 32);
      REQUIRE(out.rows() == ref.d0 * ref.d1 * ref.d2);
      REQUIRE(out.cols() == t.k);
      REQUIRE(out == ref.asRowsOfLast());

      // Padding with the zero point makes the per-channel correction exact at the borders:
      // raw - zp * sum(w_k) equals the convolution of (x - zp) with zero padding.
      Tensor4 centered = directConv(in, w, g, zeroPoint, zeroPoint);
      const IntMatrix weightSums = w.asRowsOfFirst().rowwise().sum().transpose();
      const IntMatrix corrected = out - zeroPoint * weightSums.replicate(out.rows(), 1);
      REQUIRE(corrected == centered.asRowsOfLast());
    }
  }
}

TEST_CASE("conv: geometry from the workload config matches its output size", "[conv]") {
  quasar::config::Conv2dShape shape;
  shape.n = 2, shape.h = 17, shape.w = 11, shape.c = 3, shape.k = 8, shape.r = 3, shape.s = 5;
  shape.stride = 2, shape.padding = 2, shape.dilation = 2;
  const Conv2dGeometry g = quasar::models::conv2dGeometry(shape);
  CHECK(g.outH() == shape.outH());
  CHECK(g.outW() == shape.outW());
  CHECK(g.gemmM() == 2 * shape.outH() * shape.outW());
  CHECK(g.gemmK() == 3 * 5 * 3);
  CHECK(g.padTop == 2);
  CHECK(g.padRight == 2);
  CHECK(g.dilationW == 2);
  CHECK(g.strideH == 2);
}

TEST_CASE("conv: bad shapes and parameters are input errors with the numbers", "[conv]") {
  const Conv2dGeometry g = geometry(2, 4, 5, 3, 6, 3, 3);
  const IntMatrix input = IntMatrix::Zero(40, 3), weights = IntMatrix::Zero(6, 27);
  CHECK_NOTHROW(quasar::models::conv2d(input, weights, g, 0, 32));
  CHECK_THROWS_WITH(quasar::models::conv2d(IntMatrix::Zero(39, 3), weights, g, 0, 32),
                    Catch::Contains("input is 39x3") && Catch::Contains("N=2, H=4, W=5, C=3"));
  CHECK_THROWS_WITH(quasar::models::conv2d(input, IntMatrix::Zero(6, 26), g, 0, 32),
                    Catch::Contains("weights are 6x26") && Catch::Contains("6x27"));
  Conv2dGeometry bad = g;
  bad.strideW = 0;
  CHECK_THROWS_WITH(quasar::models::validateConv2d(bad), Catch::Contains("strideW = 0"));
  bad = g;
  bad.padLeft = -1;
  CHECK_THROWS_WITH(quasar::models::validateConv2d(bad), Catch::Contains("padLeft = -1"));
  bad = g;
  bad.dilationH = 2; // dilated kernel 5 rows > 4 input rows
  CHECK_THROWS_AS(quasar::models::im2col(input, bad, 0), InputError);
  CHECK_THROWS_WITH(quasar::models::validateConv2d(bad),
                    Catch::Contains("dilated kernel (5x3)") && Catch::Contains("(4x5)"));
  bad = g;
  bad.c = 0;
  CHECK_THROWS_WITH(quasar::models::validateConv2d(bad), Catch::Contains("c = 0"));
  bad = g;
  bad.h = int64_t(1) << 31;
  CHECK_THROWS_WITH(quasar::models::validateConv2d(bad),
                    Catch::Contains("h = 2147483648 must be in [1, 2^31)"));
  // 2^20 x 2^20 pixels x 2^10 channels: refused before anything is allocated.
  bad = geometry(1, int64_t(1) << 20, int64_t(1) << 20, int64_t(1) << 10, 1, 1, 1);
  CHECK_THROWS_WITH(quasar::models::validateConv2d(bad), Catch::Contains("more than 2^40"));
}
