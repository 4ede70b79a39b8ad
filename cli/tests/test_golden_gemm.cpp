// `quasar golden gemm | conv2d` for every PE format pair, on products summed by hand; the
// accumulator check's exit code 1 and the operand checks' exit code 2.
#include "cli_harness.h"

using clitest::DType;
using clitest::Sandbox;
using Ints = std::vector<int64_t>;

namespace {

// Small accelerator configs, written into the sandbox by the tests that need them.
const char *kInt8 = "name: t_int8\npe: {type: int, a_bits: 8, w_bits: 8, acc_bits: 32}\n";
// acc_bits 17 suffices for k_max = 2 (2 * 128 * 128 = 32768); K = 4 can overflow it.
const char *kNarrow = "name: t_narrow\npe: {type: int, a_bits: 8, w_bits: 8, acc_bits: 17}\n"
                      "limits: {k_max: 2}\n";
const char *kOvp = "name: t_ovp\npe: {type: ovp, acc_bits: 32, ovp: {mode: w4a4, normal: int4}}\n";
const char *kOvpAuto =
    "name: t_ovp_auto\npe: {type: ovp, acc_bits: 32, ovp: {mode: w4a8, normal: auto}}\n";
const char *kBitplane = "name: t_bitplane\npe: {type: bitserial, a_bits: 8, acc_bits: 32, "
                        "bitserial: {encoding: bitplane, w_bits_max: 4}}\n";
const char *kBitmod = "name: t_bitmod\npe: {type: bitserial, a_bits: 8, acc_bits: 40, "
                      "bitserial: {encoding: bitmod, modes: [fp4, int4], group: 4}}\n";

} // namespace

TEST_CASE("golden gemm int8: a 2x3 by 2x3 product by hand", "[cli][golden]") {
  Sandbox box;
  box.text("int8.yaml", kInt8);
  // A = [[1, -2, 3], [4, 5, -6]], W = [[7, 8, 9], [-1, 0, 2]] (rows = output channels):
  //   [1*7 - 2*8 + 3*9, -1 + 0 + 6] = [18, 5];  [28 + 40 - 54, -4 + 0 - 12] = [14, -16].
  box.ints("a.npy", DType::I8, {2, 3}, {1, -2, 3, 4, 5, -6});
  box.ints("w.npy", DType::I8, {2, 3}, {7, 8, 9, -1, 0, 2});
  CLI_RUN(box, "golden gemm --arch int8.yaml --a a.npy --w w.npy --out acc.npy", 0);
  const auto acc = box.read("acc.npy");
  CHECK(acc.dtype() == DType::I32);
  CHECK(acc.shape() == Ints{2, 2});
  CHECK(acc.ints() == Ints{18, 5, 14, -16});

  // One-row A (rank 1).
  box.ints("a1.npy", DType::I16, {3}, {1, 1, 1});
  CLI_RUN(box, "golden gemm --arch int8.yaml --a a1.npy --w w.npy --out acc.npy", 0);
  CHECK(box.read("acc.npy").ints() == Ints{24, 1});

  // 200 is not an 8-bit signed activation; K mismatch; options of other formats.
  box.ints("big.npy", DType::I16, {1, 3}, {200, 0, 0});
  const auto r =
      CLI_RUN(box, "golden gemm --arch int8.yaml --a big.npy --w w.npy --out acc.npy", 2);
  CHECK(r.err.find("--a big.npy") != std::string::npos);
  box.ints("a4.npy", DType::I8, {1, 4}, {1, 1, 1, 1});
  CLI_RUN(box, "golden gemm --arch int8.yaml --a a4.npy --w w.npy --out acc.npy", 2);
  CLI_RUN(box, "golden gemm --arch int8.yaml --a a.npy --w w.npy --mode fp4 --out acc.npy", 2);
  CLI_RUN(box, "golden gemm --arch missing.yaml --a a.npy --w w.npy --out acc.npy", 2);
  box.reals("af.npy", {2, 3}, {1, 2, 3, 4, 5, 6});
  CLI_RUN(box, "golden gemm --arch int8.yaml --a af.npy --w w.npy --out acc.npy", 2);
}

TEST_CASE("golden gemm: acc_bits overflow is exit 1, decided by the data", "[cli][golden]") {
  Sandbox box;
  box.text("narrow.yaml", kNarrow);
  // 4 * (-128 * -128) = 65536 > 2^16 - 1: a 17-bit accumulator can overflow.
  box.ints("a.npy", DType::I8, {1, 4}, {-128, -128, -128, -128});
  box.ints("w.npy", DType::I8, {1, 4}, {-128, -128, -128, -128});
  const auto r =
      CLI_RUN(box, "golden gemm --arch narrow.yaml --a a.npy --w w.npy --out acc.npy", 1);
  CHECK(r.err.find("overflow") != std::string::npos);
  CHECK(r.err.find("k_max") != std::string::npos); // the note that K exceeds limits.k_max
  // 65535 fits: 3 * 16384 + 127 * 128 = 49152 + 16256 = 65408.
  box.ints("a2.npy", DType::I8, {1, 4}, {-128, -128, -128, 127});
  CLI_RUN(box, "golden gemm --arch narrow.yaml --a a2.npy --w w.npy --out acc.npy", 0);
  CHECK(box.read("acc.npy").ints() == Ints{49152 - 16256});
}

TEST_CASE("golden gemm ovp: packed bytes decoded by hand", "[cli][golden]") {
  Sandbox box;
  box.text("ovp.yaml", kOvp);
  box.text("auto.yaml", kOvpAuto);
  // int4: A bytes 0x38 -> (victim 0, outlier 0011 = 24), 0x0D -> (-3, 0): [0, 24, -3, 0].
  // W row 0: 0x21 -> (1, 2), 0xD8 -> (victim 0, outlier 1101 = -48): [1, 2, 0, -48];
  // W row 1: 0x11, 0x11 -> [1, 1, 1, 1].
  box.ints("a.npy", DType::U8, {1, 2}, {0x38, 0x0D});
  box.ints("w.npy", DType::U8, {2, 2}, {0x21, 0xD8, 0x11, 0x11});
  CLI_RUN(box, "golden gemm --arch ovp.yaml --a a.npy --w w.npy --out acc.npy", 0);
  CHECK(box.read("acc.npy").ints() == Ints{48, 21}); // 24 * 2; 24 - 3
  CLI_RUN(box, "golden gemm --arch ovp.yaml --a a.npy --w w.npy --w-normal flint4 --out acc.npy",
          2); // contradicts normal: int4

  // w4a8, normal auto: the weights' type must be named. A int8 [1, 2, 3, 4]:
  //   1*1 + 2*2 + 3*0 + 4*(-48) = -187;  1 + 2 + 3 + 4 = 10.
  box.ints("a8.npy", DType::I8, {1, 4}, {1, 2, 3, 4});
  CLI_RUN(box, "golden gemm --arch auto.yaml --a a8.npy --w w.npy --out acc.npy", 2);
  CLI_RUN(box, "golden gemm --arch auto.yaml --a a8.npy --w w.npy --w-normal int4 --out acc.npy",
          0);
  CHECK(box.read("acc.npy").ints() == Ints{-187, 10});
  box.ints("bad.npy", DType::I16, {1, 2}, {0x38, 256});
  CLI_RUN(box, "golden gemm --arch ovp.yaml --a bad.npy --w w.npy --out acc.npy", 2);
}

TEST_CASE("golden gemm bitplane: precision from the option, range checked", "[cli][golden]") {
  Sandbox box;
  box.text("bp.yaml", kBitplane);
  box.ints("a.npy", DType::I8, {1, 2}, {3, -1});
  box.ints("w.npy", DType::I8, {1, 2}, {-2, 1});
  CLI_RUN(box, "golden gemm --arch bp.yaml --a a.npy --w w.npy --precision 2 --out acc.npy", 0);
  CHECK(box.read("acc.npy").ints() == Ints{-7}); // -6 - 1
  box.ints("w2.npy", DType::I8, {1, 2}, {2, 1}); // 2 is not a 2-bit two's complement value
  CLI_RUN(box, "golden gemm --arch bp.yaml --a a.npy --w w2.npy --precision 2 --out acc.npy", 2);
  CLI_RUN(box, "golden gemm --arch bp.yaml --a a.npy --w w2.npy --precision 5 --out acc.npy", 2);
  CLI_RUN(box, "golden gemm --arch bp.yaml --a a.npy --w w2.npy --out acc.npy", 0); // P = 4
  CHECK(box.read("acc.npy").ints() == Ints{5});
}

TEST_CASE("golden gemm bitmod: quantize's files straight into the GEMM", "[cli][golden]") {
  Sandbox box;
  box.text("bm.yaml", kBitmod);
  // The weights of the bitmod quantize test: group 0 half-units [16, 3, 0, -3] with s_g 159,
  // group 1 [2, 4, 6, 12] with s_g 255.
  //   A row [1 x 8]:            159 * 16 + 255 * 24 = 2544 + 6120 = 8664
  //   A row [1, 2, 3, 4, 0, 0, 0, 1]: 159 * (16 + 6 + 0 - 12) + 255 * 12 = 1590 + 3060 = 4650
  box.reals("w.npy", {1, 8}, {5, 1, 0, -1, 1, 2, 3, 6});
  CLI_RUN(box,
          "quantize --format bitmod --mode fp4 --group 4 --in w.npy --codes c.npy "
          "--scales-out s.npy --specials-out sp.npy",
          0);
  box.ints("a.npy", DType::I8, {2, 8}, {1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 3, 4, 0, 0, 0, 1});
  const std::string gemm = "golden gemm --arch bm.yaml --a a.npy --w c.npy --scales s.npy ";
  CLI_RUN(box, gemm + "--specials sp.npy --mode fp4 --out acc.npy", 0);
  CHECK(box.read("acc.npy").dtype() == DType::I64);
  CHECK(box.read("acc.npy").ints() == Ints{8664, 4650});
  // Plain s_g [N, groups] works too.
  box.ints("sg.npy", DType::U8, {1, 2}, {159, 255});
  CLI_RUN(box, "golden gemm --arch bm.yaml --a a.npy --w c.npy --scales sg.npy --specials sp.npy "
               "--mode fp4 --out acc.npy",
          0);
  CHECK(box.read("acc.npy").ints() == Ints{8664, 4650});
  CLI_RUN(box, gemm + "--mode fp4 --out acc.npy", 2);                      // no specials
  CLI_RUN(box, gemm + "--specials sp.npy --mode fp3 --out acc.npy", 2);    // not in modes
  CLI_RUN(box, gemm + "--specials sp.npy --out acc.npy", 2);               // no mode
  box.ints("s0.npy", DType::U8, {1, 2}, {0, 255});
  CLI_RUN(box, "golden gemm --arch bm.yaml --a a.npy --w c.npy --scales s0.npy --specials sp.npy "
               "--mode fp4 --out acc.npy",
          2); // s_g = 0
  // int4 mode: codes are two's complement nibbles (15 = -1, 7 = 7), no specials needed.
  box.ints("ci.npy", DType::U8, {1, 4}, {15, 7, 1, 0});
  box.ints("si.npy", DType::U8, {1, 1}, {2});
  box.ints("ai.npy", DType::I8, {1, 4}, {3, 1, 1, 1});
  CLI_RUN(box, "golden gemm --arch bm.yaml --a ai.npy --w ci.npy --scales si.npy --mode int4 "
               "--out acc.npy",
          0);
  CHECK(box.read("acc.npy").ints() == Ints{2 * (-3 + 7 + 1)});
}

TEST_CASE("golden conv2d: a 3x3 input, 2x2 kernel, padding and stride by hand", "[cli][golden]") {
  Sandbox box;
  // X [1, 3, 3, 1] = 1..9 row-major, W [1, 2, 2, 1] = [[1, 0], [0, -1]] (x[y][x] - x[y+1][x+1]).
  box.ints("x.npy", DType::I8, {1, 3, 3, 1}, {1, 2, 3, 4, 5, 6, 7, 8, 9});
  box.ints("w.npy", DType::I8, {1, 2, 2, 1}, {1, 0, 0, -1});
  // No padding: 2x2 output, every value 1 - 5 = -4.
  CLI_RUN(box, "golden conv2d --in x.npy --w w.npy --out y.npy", 0);
  CHECK(box.read("y.npy").shape() == Ints{1, 2, 2, 1});
  CHECK(box.read("y.npy").ints() == Ints{-4, -4, -4, -4});
  // Padding 1, stride 2: OH = (3 + 2 - 1 - 1) / 2 + 1 = 2; taps (oy*2 - 1 + r, ox*2 - 1 + s).
  //   (0,0): pad - x[0][0] = -1; (0,1): pad - x[0][2] = -3;
  //   (1,0): pad - x[2][0] = -7; (1,1): x[1][1] - x[2][2] = 5 - 9 = -4.
  CLI_RUN(box, "golden conv2d --in x.npy --w w.npy --padding 1 --stride 2 --out y.npy", 0);
  CHECK(box.read("y.npy").ints() == Ints{-1, -3, -7, -4});
  // Zero point 10 in the padded taps: the three border outputs gain 10.
  CLI_RUN(box,
          "golden conv2d --in x.npy --w w.npy --padding 1 --stride 2 --zero-point 10 --out y.npy",
          0);
  CHECK(box.read("y.npy").ints() == Ints{9, 7, 3, -4});
  box.text("int8.yaml", kInt8);
  CLI_RUN(box, "golden conv2d --in x.npy --w w.npy --arch int8.yaml --out y.npy", 0);
  CHECK(box.read("y.npy").dtype() == DType::I32);
  box.ints("w3.npy", DType::I8, {1, 2, 2}, {1, 0, 0, -1});
  CLI_RUN(box, "golden conv2d --in x.npy --w w3.npy --out y.npy", 2); // rank 3
  CLI_RUN(box, "golden conv2d --in x.npy --w w.npy --acc-bits 3 --out y.npy", 1);
}
