// `quasar quantize` on small tensors whose codes, scales and dequantized values are worked out
// by hand below (scales chosen so that every division and tie is exact in binary floating
// point).
#include "cli_harness.h"

using clitest::DType;
using clitest::Sandbox;
using Ints = std::vector<int64_t>;
using Reals = std::vector<double>;

TEST_CASE("quantize int: every rounding mode on exact ties (scale 7/7 = 1)", "[cli][quantize]") {
  Sandbox box;
  // max |x| = 7 and qmax = 7 (4-bit signed): s = 1, so x / s is x itself.
  box.reals("x.npy", {1, 5}, {7, -3.5, 2.5, 0.25, -0.5});
  struct Case {
    const char *mode;
    Ints codes;
  };
  const Case cases[] = {
      {"half_even", {7, -4, 2, 0, 0}},  // -3.5 -> -4, 2.5 -> 2, -0.5 -> -0
      {"half_up", {7, -3, 3, 0, 0}},    // ties toward +infinity
      {"half_away", {7, -4, 3, 0, -1}}, // ties away from zero
      {"floor", {7, -4, 2, 0, -1}},
  };
  for (const auto &c : cases) {
    INFO(c.mode);
    CLI_RUN(box,
            std::string("quantize --format int --bits 4 --axis tensor --in x.npy --rounding ") +
                c.mode + " --codes c.npy --scales-out s.npy --dequant d.npy",
            0);
    const auto codes = box.read("c.npy");
    CHECK(codes.dtype() == DType::I8);
    CHECK(codes.shape() == Ints{1, 5});
    CHECK(codes.ints() == c.codes);
    const auto scales = box.read("s.npy");
    CHECK(scales.shape() == Ints{1});
    CHECK(scales.reals() == Reals{1.0});
    Reals expected;
    for (int64_t q : c.codes) expected.push_back(double(q));
    CHECK(box.read("d.npy").reals() == expected);
  }
}

TEST_CASE("quantize int: per row, per group and a one-row input", "[cli][quantize]") {
  Sandbox box;
  // Rows: max |x| 7 -> s 1; max |x| 14 -> s 2 (0.5 -> 0.25 rounds to 0).
  box.reals("x.npy", {2, 2}, {7, -3.5, 0.5, 14});
  const auto r = CLI_RUN(box,
                         "quantize --format int --bits 4 --axis row --in x.npy --codes c.npy "
                         "--scales-out s.npy --dequant d.npy",
                         0);
  CHECK(box.read("c.npy").ints() == Ints{7, -4, 0, 7});
  CHECK(box.read("s.npy").shape() == Ints{2});
  CHECK(box.read("s.npy").reals() == Reals{1, 2});
  CHECK(box.read("d.npy").reals() == Reals{7, -4, 0, 14});
  CHECK(r.out.find("SQNR") != std::string::npos);

  // Groups of 2 along K: [7, 1] s 1, [-14, 2] s 2, [3.5] s 0.5 (the short last group).
  box.reals("g.npy", {5}, {7, 1, -14, 2, 3.5});
  CLI_RUN(box,
          "quantize --format int --bits 4 --axis group --group 2 --in g.npy --codes c.npy "
          "--scales-out s.npy",
          0);
  const auto codes = box.read("c.npy");
  CHECK(codes.shape() == Ints{5}); // a one-row input keeps its rank
  CHECK(codes.ints() == Ints{7, 1, -7, 1, 7});
  CHECK(box.read("s.npy").shape() == Ints{1, 3});
  CHECK(box.read("s.npy").reals() == Reals{1, 2, 0.5});
}

TEST_CASE("quantize int: asymmetric zero point and given scales", "[cli][quantize]") {
  Sandbox box;
  // 2-bit signed asymmetric: [lo, hi] = [-1, 5], s = 6 / 3 = 2,
  // z = clamp(-2 - round(-0.5)) = -2 (half_even: -0.5 -> 0); q = round(x / 2) + z:
  // -0.5 -> 0 -> -2, 2.5 -> 2 -> 0. Dequantized (q - z) * s = 0, 4.
  box.reals("x.npy", {1, 2}, {-1, 5});
  CLI_RUN(box,
          "quantize --format int --bits 2 --asymmetric --axis tensor --in x.npy --codes c.npy "
          "--scales-out s.npy --zero-points-out z.npy --dequant d.npy",
          0);
  CHECK(box.read("c.npy").ints() == Ints{-2, 0});
  CHECK(box.read("s.npy").reals() == Reals{2});
  CHECK(box.read("z.npy").ints() == Ints{-2});
  CHECK(box.read("d.npy").reals() == Reals{0, 4});

  // Given scale 0.5: 1.25 / 0.5 = 2.5 -> 2, -0.75 / 0.5 = -1.5 -> -2 (half_even).
  box.reals("y.npy", {1, 2}, {1.25, -0.75});
  CLI_RUN(box, "quantize --format int --bits 8 --axis tensor --in y.npy --scale 0.5 --codes c.npy",
          0);
  CHECK(box.read("c.npy").ints() == Ints{2, -2});
  // Given per-row scales from a file.
  box.reals("s2.npy", {2}, {0.5, 4});
  box.reals("y2.npy", {2, 2}, {1.25, -0.75, 10, -6});
  CLI_RUN(box,
          "quantize --format int --bits 8 --axis row --in y2.npy --scales s2.npy --codes c.npy",
          0);
  CHECK(box.read("c.npy").ints() == Ints{2, -2, 2, -2}); // 10/4 = 2.5 -> 2, -1.5 -> -2
  // Asymmetric with given scales needs zero points.
  CLI_RUN(box,
          "quantize --format int --bits 8 --asymmetric --axis tensor --in y.npy --scale 0.5",
          2);
  CLI_RUN(box,
          "quantize --format int --bits 8 --asymmetric --axis tensor --in y.npy --scale 0.5 "
          "--zero-point 3 --codes c.npy",
          0);
  CHECK(box.read("c.npy").ints() == Ints{5, 1});
}

TEST_CASE("quantize ovp4: a hand-encoded row (int4 normals, outliers, victims)",
          "[cli][quantize]") {
  Sandbox box;
  // Scale 1, int4: normals -7..7, outliers (bias 2) 12, 16, 24, 32, 48, 64, 96.
  // (1.2, 20): 20 is a tie 16|24 -> 24 (toward +inf), outlier; 1.2 -> 1 becomes the victim.
  //   byte = hi abfloat(24 = 3 << 3: s 0, e 01, m 1 = 0011) << 4 | lo 1000 = 0x38.
  // (-3, 0.4): two normals, -3 = 1101, 0 = 0000 -> 0x0D.
  // (7.6, -50): 7.6 -> 7 normal, -50 -> -48 outlier (s 1, e 10, m 1 = 1101) -> 0xD8.
  box.reals("x.npy", {1, 6}, {1.2, 20, -3, 0.4, 7.6, -50});
  const auto r = CLI_RUN(box,
                         "quantize --format ovp4 --normal int4 --axis tensor --in x.npy --scale 1 "
                         "--codes c.npy --scales-out s.npy --dequant d.npy",
                         0);
  const auto codes = box.read("c.npy");
  CHECK(codes.dtype() == DType::U8);
  CHECK(codes.shape() == Ints{1, 3});
  CHECK(codes.ints() == Ints{0x38, 0x0D, 0xD8});
  CHECK(box.read("s.npy").reals() == Reals{1});
  CHECK(box.read("d.npy").reals() == Reals{0, 24, -3, 0, 0, -48});
  CHECK(r.out.find("outliers 2 of 6") != std::string::npos);
  CHECK(r.out.find("normal int4") != std::string::npos);
}

TEST_CASE("quantize ovp4: pair policies, flint4, odd K, per-row scales", "[cli][quantize]") {
  Sandbox box;
  // (20, -50) -> (24, -48), both outliers. larger keeps -48: lo victim 1000, hi 1101 -> 0xD8;
  // first keeps 24: lo 0011, hi victim 1000 -> 0x83.
  box.reals("x.npy", {1, 2}, {20, -50});
  CLI_RUN(box,
          "quantize --format ovp4 --normal int4 --pair-policy larger --axis tensor --in x.npy "
          "--scale 1 --codes c.npy",
          0);
  CHECK(box.read("c.npy").ints() == Ints{0xD8});
  CLI_RUN(box,
          "quantize --format ovp4 --normal int4 --pair-policy first --axis tensor --in x.npy "
          "--scale 1 --codes c.npy",
          0);
  CHECK(box.read("c.npy").ints() == Ints{0x83});

  // flint4: 16 is a normal (magnitude code 100), -6 = (2+1) << 1 is 1 111 -> byte 0xF4.
  box.reals("f.npy", {1, 2}, {16, -6});
  CLI_RUN(box,
          "quantize --format ovp4 --normal flint4 --axis tensor --in f.npy --scale 1 --codes c.npy",
          0);
  CHECK(box.read("c.npy").ints() == Ints{0xF4});

  // Odd K: a zero column pads the last pair: (1, 2) -> 0x21, (3, pad 0) -> 0x03.
  box.reals("odd.npy", {1, 3}, {1, 2, 3});
  const auto r = CLI_RUN(box,
                         "quantize --format ovp4 --normal int4 --axis tensor --in odd.npy "
                         "--scale 1 --codes c.npy --dequant d.npy",
                         0);
  CHECK(box.read("c.npy").ints() == Ints{0x21, 0x03});
  CHECK(box.read("d.npy").shape() == Ints{1, 3});
  CHECK(box.read("d.npy").reals() == Reals{1, 2, 3});
  CHECK(r.out.find("padded") != std::string::npos);

  // Per-row scales 1 and 2: both rows become (3, 5) -> 0x53.
  box.reals("rows.npy", {2, 2}, {3, 5, 6, 10});
  box.reals("s.npy", {2}, {1, 2});
  CLI_RUN(box,
          "quantize --format ovp4 --normal int4 --axis row --in rows.npy --scales s.npy "
          "--codes c.npy --scales-out so.npy",
          0);
  CHECK(box.read("c.npy").ints() == Ints{0x53, 0x53});
  CHECK(box.read("so.npy").reals() == Reals{1, 2});
}

TEST_CASE("quantize ovp4: auto normal type with a given scale, all-zero calibration",
          "[cli][quantize]") {
  Sandbox box;
  // (16, 5), scale 1. int4: 16 is an outlier, 5 its victim: squared error 25. flint4: 16 is a
  // normal (0100), 5 ties 4|6 -> 6 (0111): error 1. auto keeps flint4: byte 0x74.
  box.reals("x.npy", {1, 2}, {16, 5});
  const auto r = CLI_RUN(box, "quantize --format ovp4 --axis tensor --in x.npy --scale 1 "
                              "--codes c.npy --dequant d.npy",
                         0);
  CHECK(box.read("c.npy").ints() == Ints{0x74});
  CHECK(box.read("d.npy").reals() == Reals{16, 6});
  CHECK(r.out.find("normal flint4 (chosen by auto)") != std::string::npos);
  // (7, 5): int4 exact (0111, 0101 -> 0x57); flint4 rounds both to 8 and 6 (error 2).
  box.reals("y.npy", {1, 2}, {7, 5});
  CLI_RUN(box, "quantize --format ovp4 --axis tensor --in y.npy --scale 1 --codes c.npy", 0);
  CHECK(box.read("c.npy").ints() == Ints{0x57});
  // ovp_mse calibration of an all-zero tensor: scale 1, every byte 0.
  box.reals("z.npy", {2, 2}, {0, 0, 0, 0});
  CLI_RUN(box, "quantize --format ovp4 --axis row --in z.npy --codes c.npy --scales-out s.npy",
          0);
  CHECK(box.read("c.npy").ints() == Ints{0, 0});
  CHECK(box.read("s.npy").reals() == Reals{1, 1});
}

TEST_CASE("quantize bitplane: P = 3 symmetric, P = 1 pm1", "[cli][quantize]") {
  Sandbox box;
  // max |x| 4.5, qmax 3: s = 1.5; x / s = 2.67, -1.33, 0.67, -3 -> 3, -1, 1, -3.
  box.reals("x.npy", {1, 4}, {4, -2, 1, -4.5});
  CLI_RUN(box,
          "quantize --format bitplane --precision 3 --axis tensor --in x.npy --codes c.npy "
          "--scales-out s.npy --dequant d.npy",
          0);
  CHECK(box.read("c.npy").dtype() == DType::I8);
  CHECK(box.read("c.npy").ints() == Ints{3, -1, 1, -3});
  CHECK(box.read("s.npy").reals() == Reals{1.5});
  CHECK(box.read("d.npy").reals() == Reals{4.5, -1.5, 1.5, -4.5});

  // P = 1, pm1: signs (0 counts as +), scale = mean |x| = 4 / 4 = 1.
  box.reals("b.npy", {1, 4}, {0.5, -1.5, 2, 0});
  CLI_RUN(box,
          "quantize --format bitplane --precision 1 --pm1 --axis tensor --in b.npy --codes c.npy "
          "--scales-out s.npy",
          0);
  CHECK(box.read("c.npy").ints() == Ints{1, -1, 1, 1});
  CHECK(box.read("s.npy").reals() == Reals{1});
  // P = 1 without pm1 has no symmetric quantizer.
  CLI_RUN(box, "quantize --format bitplane --precision 1 --axis tensor --in b.npy", 2);
}

TEST_CASE("quantize bitmod fp4: special values, group scales, delta_c", "[cli][quantize]") {
  Sandbox box;
  // Group 0 = [5, 1, 0, -1]. Index 0 (+5 real): max|V| 6, scale 5/6, q = [6, 1, 0, -1],
  // error mean (2 * (1/6)^2) / 4 = 1/72. Index 1: the same error (not strictly smaller).
  // Index 2 (+8): scale 5/8, x / s = [8, 1.6, 0, -1.6] -> [8, 1.5, 0, -1.5], error
  // (2 * 0.0625^2) / 4 = 1/512 < 1/72. Index 3 (-8): 8 -> 6, error far larger. -> index 2.
  // Codes (half-units 16, 3, 0, -3): special 1000, 0011, 0000, 1011.
  // Group 1 = [1, 2, 3, 6]: index 0, scale 1, exact; half-units 2, 4, 6, 12 -> 010, 100, 101,
  // 111. delta_c = max(0.625, 1) / 255; s_g = round(0.625 * 255 = 159.375) = 159, and 255.
  box.reals("w.npy", {1, 8}, {5, 1, 0, -1, 1, 2, 3, 6});
  const auto r = CLI_RUN(box,
                         "quantize --format bitmod --mode fp4 --group 4 --in w.npy --codes c.npy "
                         "--scales-out s.npy --specials-out sp.npy --dequant d.npy",
                         0);
  const auto codes = box.read("c.npy");
  CHECK(codes.dtype() == DType::U8);
  CHECK(codes.ints() == Ints{8, 3, 0, 11, 2, 4, 5, 7});
  CHECK(box.read("sp.npy").shape() == Ints{1, 2});
  CHECK(box.read("sp.npy").ints() == Ints{2, 0});
  const auto s = box.read("s.npy");
  REQUIRE(s.shape() == Ints{1, 3});
  CHECK(s.reals()[0] == Approx(1.0 / 255).epsilon(1e-15));
  CHECK(s.reals()[1] == 159);
  CHECK(s.reals()[2] == 255);
  const auto d = box.read("d.npy").reals();
  const double g0 = 159.0 / 255;
  const Reals expected = {8 * g0, 1.5 * g0, 0, -1.5 * g0, 1, 2, 3, 6};
  REQUIRE(d.size() == expected.size());
  for (size_t i = 0; i < d.size(); ++i) CHECK(d[i] == Approx(expected[i]).margin(1e-12));
  CHECK(r.out.find("2 (+EA) 1") != std::string::npos);
  // bitmod picks its own scales.
  CLI_RUN(box, "quantize --format bitmod --mode fp4 --group 4 --in w.npy --scale 1", 2);
}

TEST_CASE("quantize minifloat: E2M1 ties to even, E4M3 saturation", "[cli][quantize]") {
  Sandbox box;
  // E2M1 values 0, 0.5, 1, 1.5, 2, 3, 4, 6; max 6 -> scale 1. -1.25 is a tie 1|1.5 -> 1.0
  // (even code 010) with sign -> 1010; 0.25 tie 0|0.5 -> 0; 2.5 tie 2|3 -> 2 (100); 6 -> 0111.
  box.reals("x.npy", {1, 4}, {6, -1.25, 0.25, 2.5});
  for (const char *type : {"--type e2m1", "--exp 2 --man 1"}) {
    INFO(type);
    CLI_RUN(box,
            std::string("quantize --format minifloat ") + type +
                " --axis tensor --in x.npy --codes c.npy --scales-out s.npy --dequant d.npy",
            0);
    CHECK(box.read("c.npy").dtype() == DType::U8);
    CHECK(box.read("c.npy").ints() == Ints{7, 10, 0, 4});
    CHECK(box.read("s.npy").reals() == Reals{1});
    CHECK(box.read("d.npy").reals() == Reals{6, -1, 0, 2});
  }
  // E4M3 (max 448 = 1.75 * 2^8: 0 1111 110): 500 saturates to the same code with scale 1.
  box.reals("y.npy", {1, 2}, {448, 500});
  const auto r = CLI_RUN(box,
                         "quantize --format minifloat --type e4m3 --axis row --in y.npy --scale 1 "
                         "--codes c.npy",
                         0);
  CHECK(box.read("c.npy").ints() == Ints{0x7E, 0x7E});
  CHECK(r.out.find("1 element(s) saturated") != std::string::npos);
}

TEST_CASE("quantize: bad usage and bad input exit with 2", "[cli][quantize]") {
  Sandbox box;
  box.reals("x.npy", {1, 2}, {1, 2});
  box.reals("r3.npy", {1, 1, 2}, {1, 2});
  box.reals("nan.npy", {2}, {1, std::nan("")});
  CLI_RUN(box, "quantize --axis tensor --in x.npy", 2);                          // no --format
  CLI_RUN(box, "quantize --format int8 --axis tensor --in x.npy", 2);            // unknown format
  CLI_RUN(box, "quantize --format int --axis tensor --in x.npy", 2);             // no --bits
  CLI_RUN(box, "quantize --format int --bits 8 --in x.npy", 2);                  // no --axis
  CLI_RUN(box, "quantize --format int --bits 8 --axis diagonal --in x.npy", 2);  // bad axis
  CLI_RUN(box, "quantize --format int --bits 17 --axis tensor --in x.npy", 2);   // bits range
  CLI_RUN(box, "quantize --format ovp4 --axis group --in x.npy", 2);             // axis of format
  CLI_RUN(box, "quantize --format int --bits 8 --axis tensor --in missing.npy", 2);
  CLI_RUN(box, "quantize --format int --bits 8 --axis tensor --in x.npy --scale 1 --scales x.npy",
          2);
  CLI_RUN(box, "quantize --format minifloat --axis tensor --in x.npy", 2);       // no type
  const auto foreign = CLI_RUN(box, "quantize --format ovp4 --bits 4 --axis tensor --in x.npy", 2);
  CHECK(foreign.err.find("--bits is not an option of --format ovp4") != std::string::npos);
  const auto rank = CLI_RUN(box, "quantize --format int --bits 8 --axis tensor --in r3.npy", 2);
  CHECK(rank.err.find("wrong rank 3") != std::string::npos);
  const auto nan = CLI_RUN(box, "quantize --format int --bits 8 --axis tensor --in nan.npy", 2);
  CHECK(nan.err.find("finite") != std::string::npos);
  CLI_RUN(box, "quantize --format int --bits 8 --axis tensor --in x.npy --scale -1", 2);
}
