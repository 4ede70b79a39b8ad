// `quasar golden shiftmax | shiftgelu | layernorm` on rows worked out by hand from the I-ViT
// definitions in specs/dyadic.md.
#include "cli_harness.h"

using clitest::DType;
using clitest::Sandbox;
using Ints = std::vector<int64_t>;

TEST_CASE("golden shiftmax: two hand-worked rows (x0 = -1)", "[cli][golden]") {
  Sandbox box;
  // s = 1 -> x0 = floor(-1 / 1) = -1, n = 15.
  // Row [0, 0]: x = 0, q = 0, r = 0, e = ((0 + 2) << 15) >> 1 = 32768 each; S = 65536;
  //   f = floor((2^31 - 1) / 65536) = 32767; out = 32768 * 32767 >> 16 = 16383.
  // Row [1, 0]: x = [0, -1]; -1 + (-1 >> 1) - (-1 >> 4) = -1; q = 1, r = 0:
  //   e = [32768, (2 << 14) >> 1 = 16384]; S = 49152; f = floor(2147483647 / 49152) = 43690;
  //   out = [32768 * 43690 >> 16 = 21845, 16384 * 43690 >> 16 = 10922].
  box.ints("x.npy", DType::I32, {2, 2}, {0, 0, 1, 0});
  for (const char *x0 : {"--scale 1", "--x0 -1"}) {
    INFO(x0);
    CLI_RUN(box, std::string("golden shiftmax --in x.npy ") + x0 + " --out y.npy", 0);
    const auto y = box.read("y.npy");
    CHECK(y.dtype() == DType::I32);
    CHECK(y.shape() == Ints{2, 2});
    CHECK(y.ints() == Ints{16383, 16383, 21845, 10922});
  }
  // Rows run along the last axis of any rank: [2, 1, 2] is the same two rows.
  box.ints("x3.npy", DType::I32, {2, 1, 2}, {0, 0, 1, 0});
  CLI_RUN(box, "golden shiftmax --in x3.npy --x0 -1 --out y.npy", 0);
  CHECK(box.read("y.npy").shape() == Ints{2, 1, 2});
  CHECK(box.read("y.npy").ints() == Ints{16383, 16383, 21845, 10922});

  CLI_RUN(box, "golden shiftmax --in x.npy --out y.npy", 2);                    // no scale
  CLI_RUN(box, "golden shiftmax --in x.npy --scale 1 --x0 -1 --out y.npy", 2);  // both
  CLI_RUN(box, "golden shiftmax --in x.npy --x0 1 --out y.npy", 2);             // x0 > 0
  CLI_RUN(box, "golden shiftmax --in x.npy --scale -1 --out y.npy", 2);
  box.reals("xf.npy", {2}, {0.5, 1});
  CLI_RUN(box, "golden shiftmax --in xf.npy --scale 1 --out y.npy", 2);         // not integers
}

TEST_CASE("golden shiftgelu: one hand-worked row (x0 = -1)", "[cli][golden]") {
  Sandbox box;
  // s = 1: x0 = floor(-1 / 1.702) = -1, n = 23. Row [2, -1], xmax = 2,
  // e2 = exp_shift(-2): -2 + (-1) - (-1) = -2, q = 2, r = 0 -> (2 << 21) >> 1 = 2^21.
  // x = 2:  e1 = exp_shift(0) = (2 << 23) >> 1 = 2^23; S = 2^23 + 2^21 = 10485760;
  //         f = floor(2147483647 / 10485760) = 204; sig = 2^23 * 204 >> 24 = 102; y = 204.
  // x = -1: x - xmax = -3: -3 + (-2) - (-1) = -4, q = 4 -> e1 = (2 << 19) >> 1 = 2^19;
  //         S = 2621440; f = 819; sig = 2^19 * 819 >> 24 = 25; y = -25.
  box.ints("x.npy", DType::I16, {1, 2}, {2, -1});
  CLI_RUN(box, "golden shiftgelu --in x.npy --scale 1 --out y.npy", 0);
  const auto y = box.read("y.npy");
  CHECK(y.dtype() == DType::I64);
  CHECK(y.ints() == Ints{204, -25});
}

TEST_CASE("golden layernorm: half-even mean, Newton to 64, bias_int", "[cli][golden]") {
  Sandbox box;
  // Row [1, 3]: mean 2, y = [-1, 1], var 2; k: 2^16 halves ten times to 64 (var / k = 0);
  //   f = floor((2^31 - 1) / 64) = 33554431; (y * f) >> 1 = [-16777216, 16777215].
  box.ints("x.npy", DType::I32, {1, 2}, {1, 3});
  CLI_RUN(box, "golden layernorm --in x.npy --out y.npy", 0);
  CHECK(box.read("y.npy").dtype() == DType::I64);
  CHECK(box.read("y.npy").ints() == Ints{-16777216, 16777215});
  box.ints("b.npy", DType::I32, {2}, {10, -10});
  CLI_RUN(box, "golden layernorm --in x.npy --bias-int b.npy --out y.npy", 0);
  CHECK(box.read("y.npy").ints() == Ints{-16777206, 16777205});

  // Mean ties: [0, 1] -> 0.5 -> 0 (even), y = [0, 1]; [1, 2] -> 1.5 -> 2, y = [-1, 0]; var 1.
  box.ints("t.npy", DType::I32, {2, 2}, {0, 1, 1, 2});
  CLI_RUN(box, "golden layernorm --in t.npy --out y.npy", 0);
  CHECK(box.read("y.npy").ints() == Ints{0, 16777215, -16777216, 0});

  // bias_int from beta / gamma: floor((beta / gamma) / (sqrt(4) / 2^30)) with C = 4:
  // beta 1, gamma 2 -> 0.5 * 2^29 = 2^28; beta -3, gamma 1 -> -3 * 2^29.
  box.ints("x4.npy", DType::I32, {1, 4}, {5, 5, 5, 5}); // y = 0 everywhere
  box.reals("beta.npy", {4}, {1, -3, 0, 0});
  box.reals("gamma.npy", {4}, {2, 1, 1, 1});
  CLI_RUN(box, "golden layernorm --in x4.npy --beta beta.npy --gamma gamma.npy --out y.npy", 0);
  CHECK(box.read("y.npy").ints() == Ints{268435456, -1610612736, 0, 0});

  box.ints("b3.npy", DType::I32, {3}, {1, 2, 3});
  CLI_RUN(box, "golden layernorm --in x.npy --bias-int b3.npy --out y.npy", 2);
  CLI_RUN(box, "golden layernorm --in x.npy --beta beta.npy --out y.npy", 2);
}
