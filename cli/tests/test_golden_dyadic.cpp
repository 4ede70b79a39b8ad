// `quasar golden multiplier | requant | residual` against values worked out by hand from
// specs/dyadic.md.
#include "cli_harness.h"

using clitest::DType;
using clitest::Sandbox;
using Ints = std::vector<int64_t>;

TEST_CASE("golden multiplier: frexp pairs by hand, renormalisation, errors", "[cli][golden]") {
  Sandbox box;
  // mult_bits 31: 0.5 = 0.5 * 2^0 -> m 2^30, e 31; 1.0 = 0.5 * 2^1 -> e 30;
  // 0.75 -> m 0.75 * 2^31 = 1610612736, e 31; 3 = 0.75 * 2^2 -> e 29.
  box.reals("M.npy", {4}, {0.5, 1.0, 0.75, 3.0});
  CLI_RUN(box, "golden multiplier --in M.npy --out-m m.npy --out-e e.npy", 0);
  const auto m = box.read("m.npy");
  CHECK(m.dtype() == DType::I32);
  CHECK(m.shape() == Ints{4});
  CHECK(m.ints() == Ints{1073741824, 1073741824, 1610612736, 1610612736});
  CHECK(box.read("e.npy").ints() == Ints{31, 30, 31, 29});

  // mult_bits 8: 0.3 = 0.6 * 2^-1, 0.6 * 256 = 153.6 -> 154, e = 8 + 1 = 9;
  // 0.99999 * 256 = 255.997 -> 256 = 2^8: renormalised to m 128, ex 1, e 7.
  box.reals("M8.npy", {2, 1}, {0.3, 0.99999});
  CLI_RUN(box, "golden multiplier --in M8.npy --mult-bits 8 --out-m m.npy --out-e e.npy", 0);
  CHECK(box.read("m.npy").shape() == Ints{2, 1});
  CHECK(box.read("m.npy").ints() == Ints{154, 128});
  CHECK(box.read("e.npy").ints() == Ints{9, 7});

  for (double bad : {0.0, -1.0, 1099511627776.0 /* 2^40: e < 0 */, 8.470329472543003e-22 /*
                     2^-70: e > 63 */}) {
    INFO(bad);
    box.reals("bad.npy", {1}, {bad});
    CLI_RUN(box, "golden multiplier --in bad.npy --mult-bits 8 --out-m m.npy --out-e e.npy", 2);
  }
  CLI_RUN(box, "golden multiplier --in M.npy --mult-bits 7 --out-m m.npy --out-e e.npy", 2);
}

TEST_CASE("golden requant: ties in every rounding mode (m 1, e 1)", "[cli][golden]") {
  Sandbox box;
  // v / 2 = -1.5, -0.5, 0.5, 1.5, 2.5, -2.5 and two exact values.
  box.ints("z.npy", DType::I32, {8}, {-3, -1, 1, 3, 5, -5, 4, -4});
  box.ints("m.npy", DType::I32, {}, {1});
  box.ints("e.npy", DType::I8, {1}, {1});
  struct Case {
    const char *mode;
    Ints y;
  };
  const Case cases[] = {
      {"half_up", {-1, 0, 1, 2, 3, -2, 2, -2}},    // floor(v / 2 + 1/2)
      {"half_even", {-2, 0, 0, 2, 2, -2, 2, -2}},  // ties to the even neighbour
      {"half_away", {-2, -1, 1, 2, 3, -3, 2, -2}}, // ties away from zero
      {"floor", {-2, -1, 0, 1, 2, -3, 2, -2}},     // v >> 1
  };
  for (const auto &c : cases) {
    INFO(c.mode);
    CLI_RUN(box,
            std::string("golden requant --acc z.npy --m m.npy --e e.npy --rounding ") + c.mode +
                " --out-bits 8 --out y.npy",
            0);
    const auto y = box.read("y.npy");
    CHECK(y.dtype() == DType::I8);
    CHECK(y.shape() == Ints{8});
    CHECK(y.ints() == c.y);
  }
}

TEST_CASE("golden requant: per-channel m, e, bias, zero point and clamps", "[cli][golden]") {
  Sandbox box;
  // Channels (last axis): m [3, 5], e [2, 1], bias [2, -1], zero point 1, half_up.
  //   (10 + 2) * 3 / 4 = 9 -> 10;     (-7 - 1) * 5 / 2 = -20 -> -19;
  //   (100 + 2) * 3 / 4 = 76.5 -> 77 -> 78;  (3 - 1) * 5 / 2 = 5 -> 6.
  box.ints("z.npy", DType::I32, {2, 2}, {10, -7, 100, 3});
  box.ints("m.npy", DType::I32, {2}, {3, 5});
  box.ints("e.npy", DType::I8, {2}, {2, 1});
  box.ints("b.npy", DType::I32, {2}, {2, -1});
  const std::string base =
      "golden requant --acc z.npy --m m.npy --e e.npy --bias b.npy --zero-point 1 "
      "--rounding half_up --out y.npy ";
  CLI_RUN(box, base + "--out-bits 8", 0);
  CHECK(box.read("y.npy").shape() == Ints{2, 2});
  CHECK(box.read("y.npy").ints() == Ints{10, -19, 78, 6});
  CLI_RUN(box, base + "--out-bits 4", 0); // [-8, 7]
  CHECK(box.read("y.npy").ints() == Ints{7, -8, 7, 6});
  CLI_RUN(box, base + "--out-bits 8 --lo -2 --hi 5", 0);
  CHECK(box.read("y.npy").ints() == Ints{5, -2, 5, 5});
  CLI_RUN(box, base + "--out-bits 8 --activation relu", 0); // lo = zero point 1
  CHECK(box.read("y.npy").ints() == Ints{10, 1, 78, 6});
  CLI_RUN(box, base + "--out-bits 4 --unsigned", 0); // [0, 15]
  CHECK(box.read("y.npy").dtype() == DType::U8);
  CHECK(box.read("y.npy").ints() == Ints{10, 0, 15, 6});

  // Per-channel zero points: 0 and 3.
  box.ints("zp.npy", DType::I8, {2}, {0, 3});
  CLI_RUN(box,
          "golden requant --acc z.npy --m m.npy --e e.npy --bias b.npy --zero-points zp.npy "
          "--rounding half_up --out-bits 8 --out y.npy",
          0);
  CHECK(box.read("y.npy").ints() == Ints{9, -17, 77, 8});

  // acc + bias = 200 does not fit an 8-bit register: a failed check, exit 1.
  box.ints("z1.npy", DType::I32, {1}, {100});
  box.ints("b1.npy", DType::I32, {1}, {100});
  box.ints("m1.npy", DType::I32, {1}, {1});
  const auto r = CLI_RUN(box,
                         "golden requant --acc z1.npy --m m1.npy --e m1.npy --bias b1.npy "
                         "--acc-bits 8 --rounding half_up --out-bits 8 --out y.npy",
                         1);
  CHECK_FALSE(r.err.empty());
}

TEST_CASE("golden requant: bad parameters exit with 2", "[cli][golden]") {
  Sandbox box;
  box.ints("z.npy", DType::I32, {2, 3}, {1, 2, 3, 4, 5, 6});
  box.ints("m.npy", DType::I32, {1}, {3});
  box.ints("m2.npy", DType::I32, {2}, {3, 3}); // neither 1 nor 3 channels
  box.ints("e.npy", DType::I32, {1}, {1});
  box.ints("e64.npy", DType::I32, {1}, {64});
  box.reals("mf.npy", {1}, {3.0});
  const std::string tail = " --rounding half_up --out-bits 8 --out y.npy";
  CLI_RUN(box, "golden requant --acc z.npy --m m.npy --e e.npy" + tail, 0);
  const auto shape = CLI_RUN(box, "golden requant --acc z.npy --m m2.npy --e e.npy" + tail, 2);
  CHECK(shape.err.find("m2.npy") != std::string::npos);
  CLI_RUN(box, "golden requant --acc z.npy --m m.npy --e e64.npy" + tail, 2);
  CLI_RUN(box, "golden requant --acc z.npy --m mf.npy --e e.npy" + tail, 2); // not integers
  CLI_RUN(box, "golden requant --acc z.npy --m m.npy --e e.npy --rounding up --out-bits 8 "
               "--out y.npy",
          2);
  CLI_RUN(box, "golden requant --acc z.npy --m m.npy --e e.npy --out-bits 8 --out y.npy", 2);
  CLI_RUN(box, "golden requant --acc z.npy --m m.npy --e e.npy --rounding floor --out y.npy", 2);
  CLI_RUN(box, "golden requant --acc z.npy --m m.npy --e e.npy --lo 1" + tail, 2);
  CLI_RUN(box, "golden requant --acc z.npy --m m.npy --e e.npy --lo 3 --hi 1" + tail, 2);
  CLI_RUN(box, "golden requant --acc z.npy --m m.npy --e e.npy --activation clip" + tail, 2);
  CLI_RUN(box, "golden requant --acc z.npy --m m.npy --e e.npy --zero-point 200" + tail, 2);
}

TEST_CASE("golden residual: two separately rounded branches", "[cli][golden]") {
  Sandbox box;
  // Branch 1: m 1, e 1: 4 -> 2, -3 -> -1.5. Branch 2: m 3, e 2: 18/4 = 4.5, 15/4 = 3.75.
  //   half_up:   2 + 5 = 7,  -1 + 4 = 3
  //   half_even: 2 + 4 = 6,  -2 + 4 = 2
  box.ints("z1.npy", DType::I32, {1, 2}, {4, -3});
  box.ints("z2.npy", DType::I32, {1, 2}, {6, 5});
  box.ints("one.npy", DType::I32, {1}, {1});
  box.ints("three.npy", DType::I32, {1}, {3});
  box.ints("two.npy", DType::I32, {1}, {2});
  const std::string base = "golden residual --z1 z1.npy --m1 one.npy --e1 one.npy --z2 z2.npy "
                           "--m2 three.npy --e2 two.npy --out-bits 8 --out y.npy --rounding ";
  CLI_RUN(box, base + "half_up", 0);
  CHECK(box.read("y.npy").ints() == Ints{7, 3});
  CLI_RUN(box, base + "half_even", 0);
  CHECK(box.read("y.npy").ints() == Ints{6, 2});
  CLI_RUN(box, base + "half_up --zero-point -10 --lo -5 --hi 100", 0); // -3, -7 -> clamp -5
  CHECK(box.read("y.npy").ints() == Ints{-3, -5});

  box.ints("z3.npy", DType::I32, {2}, {4, -3});
  const auto r = CLI_RUN(box,
                         "golden residual --z1 z1.npy --m1 one.npy --e1 one.npy --z2 z3.npy "
                         "--m2 three.npy --e2 two.npy --out-bits 8 --out y.npy --rounding floor",
                         2);
  CHECK(r.err.find("same shape") != std::string::npos);
}
