// The cross-field rules of accel_validate.cpp. The accumulator widths are computed here from
// the specs' value tables (largest |a| and |w| written as literals with where they come from),
// then turned into bits by test_util.h's bit-length rule, not by the library's loop.
#include "test_util.h"

#include "quasar/config/load.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace quasar::config;
using quasar::config::testing::accBitsFor;
using quasar::config::testing::accelError;

namespace {

struct AccCase {
  const char *what;
  std::string pe;      // extra lines under `pe:` (after acc_bits), two-space indented
  int64_t kMax;
  int64_t maxA;        // largest |activation| (spec value table)
  int64_t maxW;        // largest |weight| including any per-group scale
  int expectedBits;    // the same number worked out by hand, to catch a slip in the test
};

// acc_bits is always on line 3 so the error location is fixed: "  acc_bits: N" -> column 13.
std::string accYaml(const AccCase &c, int accBits) {
  return "name: t\n"
         "pe:\n"
         "  acc_bits: " + std::to_string(accBits) + "\n" + c.pe +
         "limits:\n"
         "  k_max: " + std::to_string(c.kMax) + "\n";
}

} // namespace

TEST_CASE("validate: acc_bits must hold k_max largest products, exactly at the boundary",
          "[config][validate][acc]") {
  const std::vector<AccCase> cases = {
      // int: 2^(b-1) for signed, 2^b - 1 for unsigned.
      {"int8 x int8 signed", "  type: int\n", 4096, 128, 128, 28},
      {"int4 unsigned a x int4 signed w", "  a_bits: 4\n  a_signed: false\n  w_bits: 4\n", 4096,
       15, 8, 20},
      {"int8 x int8 unsigned", "  a_signed: false\n  w_signed: false\n", 4096, 255, 255, 29},
      {"int16 x int16 signed", "  a_bits: 16\n  w_bits: 16\n", 4096, 32768, 32768, 44},
      {"int8 x int8, k_max 1", "", 1, 128, 128, 16},
      {"int2 x int2, k_max 2^24", "  a_bits: 2\n  w_bits: 2\n", 16777216, 2, 2, 28},
      {"int8 signed a x int5 unsigned w, odd k_max", "  w_bits: 5\n  w_signed: false\n", 1000,
       128, 31, 23},
      // OVP (specs/ovp.md): largest outlier 3 << (3 + bias), bias 2 (int4) or 3 (flint4).
      {"ovp w4a4 flint4: 192 x 192", "  type: ovp\n  ovp: {normal: flint4}\n", 4096, 192, 192, 29},
      {"ovp w4a4 int4: 96 x 96", "  type: ovp\n  ovp: {normal: int4}\n", 4096, 96, 96, 27},
      {"ovp w4a4 auto covers flint4", "  type: ovp\n", 4096, 192, 192, 29},
      {"ovp w4a8 int4: int8 activations", "  type: ovp\n  ovp: {mode: w4a8, normal: int4}\n",
       4096, 128, 96, 27},
      {"ovp w4a8 flint4", "  type: ovp\n  ovp: {mode: w4a8, normal: flint4}\n", 4096, 128, 192,
       28},
      // Bit-plane (specs/bitserial.md): two's complement weights of up to w_bits_max bits.
      {"bitplane 8 bits", "  type: bitserial\n  bitserial: {w_bits_max: 8}\n", 4096, 128, 128, 28},
      {"bitplane 1 bit {0,-1}", "  type: bitserial\n  bitserial: {w_bits_max: 1}\n", 4096, 128, 1,
       21},
      {"bitplane 1 bit pm1 {-1,+1}",
       "  type: bitserial\n  bitserial: {w_bits_max: 1, binary: pm1}\n", 4096, 128, 1, 21},
      {"bitplane 4 bits, unsigned int4 activations",
       "  type: bitserial\n  a_bits: 4\n  a_signed: false\n  bitserial: {w_bits_max: 4}\n", 4096,
       15, 8, 20},
      // BitMoD: acc = sum_g s_g * P_g with s_g <= 255; fp modes count half-units (fp4 special
      // value EA = 16, fp3 EA = 12), int modes integer units.
      {"bitmod fp4: 255 * 16 * 128",
       "  type: bitserial\n  bitserial: {encoding: bitmod, modes: [fp4]}\n", 4096, 128, 255 * 16,
       32},
      {"bitmod fp3: 255 * 12 * 128, k_max 1024",
       "  type: bitserial\n  bitserial: {encoding: bitmod, modes: [fp3]}\n", 1024, 128, 255 * 12,
       30},
      {"bitmod int4: 255 * 8 * 128",
       "  type: bitserial\n  bitserial: {encoding: bitmod, modes: [int4]}\n", 4096, 128, 255 * 8,
       31},
      {"bitmod int6: 255 * 32 * 128",
       "  type: bitserial\n  bitserial: {encoding: bitmod, modes: [int6]}\n", 4096, 128, 255 * 32,
       33},
      {"bitmod fp4 + int4: fp4's 16 half-units dominate",
       "  type: bitserial\n  bitserial: {encoding: bitmod, modes: [int4, fp4]}\n", 4096, 128,
       255 * 16, 32},
      {"bitmod all five modes: int8's 128 dominates",
       "  type: bitserial\n  bitserial: {encoding: bitmod}\n", 4096, 128, 255 * 128, 35},
      {"bitmod fp4 with unsigned int8 activations",
       "  type: bitserial\n  a_signed: false\n  bitserial: {encoding: bitmod, modes: [fp4]}\n",
       4096, 255, 255 * 16, 33},
  };
  for (const AccCase &c : cases) {
    INFO(c.what);
    const int64_t product = c.maxA * c.maxW;
    const int need = accBitsFor(c.kMax, product);
    REQUIRE(need == c.expectedBits);

    const AccelConfig ok = loadAccelText(accYaml(c, need), "t.yaml");
    CHECK(ok.max_product == product);
    CHECK(ok.acc_bits_needed == need);

    CHECK(accelError(accYaml(c, need - 1)) ==
          "t.yaml:3:13: error: pe.acc_bits (" + std::to_string(need - 1) +
              ") is too narrow: limits.k_max (" + std::to_string(c.kMax) +
              ") x largest |a*w| (" + std::to_string(product) + ") needs " +
              std::to_string(need) + " bits; raise acc_bits or lower k_max");
  }
}

TEST_CASE("validate: a narrow accumulator is reported at k_max when acc_bits is default",
          "[config][validate][acc]") {
  // acc_bits 32 (default) against 16-bit operands: 2^15 * 2^15 * 4096 = 2^42 -> 44 bits.
  CHECK(accelError("name: t\n"
                   "pe: {a_bits: 16, w_bits: 16}\n"
                   "limits: {k_max: 4096}\n") ==
        "t.yaml:3:17: error: pe.acc_bits (32) is too narrow: limits.k_max (4096) x largest "
        "|a*w| (1073741824) needs 44 bits; raise acc_bits or lower k_max");
  // Neither key set: the error names the file only.
  CHECK(accelError("name: t\n"
                   "pe: {a_bits: 16, w_bits: 16}\n") ==
        "t.yaml: error: pe.acc_bits (32) is too narrow: limits.k_max (4096) x largest "
        "|a*w| (1073741824) needs 44 bits; raise acc_bits or lower k_max");
}

TEST_CASE("validate: OVP PEs need an even k_max", "[config][validate][ovp]") {
  CHECK(accelError("name: t\n"
                   "pe:\n"
                   "  type: ovp\n"
                   "limits:\n"
                   "  k_max: 4095\n") ==
        "t.yaml:5:10: error: limits.k_max (4095) must be even for OVP PEs: elements are paired "
        "along K (specs/ovp.md)");
  CHECK(loadAccelText("name: t\npe: {type: ovp}\nlimits: {k_max: 4094}\n", "t.yaml")
            .limits.k_max == 4094);
  // Only OVP pairs elements: an odd k_max is fine for int PEs.
  CHECK(loadAccelText("name: t\nlimits: {k_max: 4095}\n", "t.yaml").limits.k_max == 4095);
}

TEST_CASE("validate: the bitmod group must not exceed k_max", "[config][validate][bitmod]") {
  const std::string head = "name: t\n"
                           "pe:\n"
                           "  type: bitserial\n"
                           "  bitserial:\n"
                           "    encoding: bitmod\n";
  CHECK(accelError(head + "    group: 256\n"
                          "limits:\n"
                          "  k_max: 255\n") ==
        "t.yaml:6:12: error: pe.bitserial.group (256) exceeds limits.k_max (255)");
  CHECK(loadAccelText(head + "    group: 256\nlimits:\n  k_max: 256\n", "t.yaml")
            .pe.bitserial.group == 256);
  // The default group (128) against a small k_max: reported at k_max.
  CHECK(accelError(head + "limits:\n"
                          "  k_max: 100\n") ==
        "t.yaml:7:10: error: pe.bitserial.group (128) exceeds limits.k_max (100)");
}

TEST_CASE("validate: buffers hold one tile, two when double-buffered, at the boundary",
          "[config][validate][buffers]") {
  // rows 16, cols 4: a tile is max(16, 4) = 16 words; 32 when double-buffered.
  const std::string array = "name: t\narray: {rows: 16, cols: 4}\n";
  SECTION("double-buffered: 32 words pass, 31 fail") {
    CHECK(loadAccelText(array + "buffers: {weight_depth: 32, act_depth: 32, acc_depth: 32}\n",
                        "t.yaml")
              .buffers.weight_depth == 32);
    CHECK(accelError(array + "buffers: {weight_depth: 31, act_depth: 32, acc_depth: 32}\n") ==
          "t.yaml:3:25: error: buffers.weight_depth (31 words) is too small for one tile: needs "
          "max(rows, cols) = 16 words x 2 (double_buffered) = 32");
  }
  SECTION("single-buffered: 16 words pass, 15 fail") {
    CHECK(loadAccelText(array + "buffers:\n"
                                "  double_buffered: false\n"
                                "  weight_depth: 16\n"
                                "  act_depth: 16\n"
                                "  acc_depth: 16\n",
                        "t.yaml")
              .buffers.act_depth == 16);
    CHECK(accelError(array + "buffers:\n"
                             "  double_buffered: false\n"
                             "  act_depth: 15\n") ==
          "t.yaml:5:14: error: buffers.act_depth (15 words) is too small for one tile: needs "
          "max(rows, cols) = 16 words = 16");
  }
  SECTION("columns can set the tile too; every short buffer is reported") {
    CHECK(accelError("name: t\n"
                     "array: {rows: 2, cols: 24}\n"
                     "buffers: {weight_depth: 47, act_depth: 48, acc_depth: 8}\n") ==
          "t.yaml:3:25: error: buffers.weight_depth (47 words) is too small for one tile: needs "
          "max(rows, cols) = 24 words x 2 (double_buffered) = 48\n"
          "t.yaml:3:55: error: buffers.acc_depth (8 words) is too small for one tile: needs "
          "max(rows, cols) = 24 words x 2 (double_buffered) = 48");
  }
}

TEST_CASE("validate: activation and residual need requantization", "[config][validate][post]") {
  for (const char *act : {"relu", "relu6", "clip"}) {
    INFO(act);
    CHECK(accelError(std::string("name: t\npost:\n  activation: ") + act + "\n") ==
          std::string("t.yaml:3:15: error: post.activation: ") + act +
              " needs post.requant.enabled: true");
    CHECK(loadAccelText(std::string("name: t\npost:\n  requant: {enabled: true}\n  activation: ") +
                            act + "\n",
                        "t.yaml")
              .post.requant.enabled);
  }
  CHECK(accelError("name: t\n"
                   "post:\n"
                   "  residual: true\n") ==
        "t.yaml:3:13: error: post.residual needs post.requant.enabled: true (each branch has its "
        "own dyadic multiplier)");
  CHECK(loadAccelText("name: t\npost: {residual: true, requant: {enabled: true}}\n", "t.yaml")
            .post.residual);
}

TEST_CASE("validate: a pipeline top has no array and is not empty", "[config][validate][post]") {
  CHECK(accelError("name: t\n"
                   "top: pipeline\n"
                   "array: {rows: 4}\n"
                   "buffers: {act_depth: 64}\n"
                   "post:\n"
                   "  nonlinear: shiftmax\n") ==
        "t.yaml:3:1: error: 'array' is not allowed with top: pipeline (the pipeline is generated "
        "without an array)\n"
        "t.yaml:4:1: error: 'buffers' is not allowed with top: pipeline (the pipeline is "
        "generated without an array)");
  CHECK(accelError("name: t\n"
                   "top: pipeline\n") ==
        "t.yaml:2:6: error: top: pipeline needs post.requant.enabled: true or a post.nonlinear "
        "unit; the pipeline would be empty");
  CHECK(loadAccelText("name: t\ntop: pipeline\npost: {requant: {enabled: true}}\n", "t.yaml").top ==
        TopKind::Pipeline);
  CHECK(loadAccelText("name: t\ntop: pipeline\npost: {nonlinear: shiftgelu}\n", "t.yaml").top ==
        TopKind::Pipeline);
}

TEST_CASE("validate: stream widths are whole bytes and carry the widest operand",
          "[config][validate][interfaces]") {
  CHECK(accelError("name: t\n"
                   "interfaces:\n"
                   "  axis_in_bits: 12\n") ==
        "t.yaml:3:17: error: interfaces.axis_in_bits (12) must be a multiple of 8 and at least "
        "the widest operand (8 bits)");
  CHECK(accelError("name: t\n"
                   "pe: {a_bits: 16, acc_bits: 64}\n"
                   "interfaces:\n"
                   "  axis_in_bits: 8\n") ==
        "t.yaml:4:17: error: interfaces.axis_in_bits (8) must be a multiple of 8 and at least "
        "the widest operand (16 bits)");
  CHECK(loadAccelText("name: t\npe: {a_bits: 16, acc_bits: 64}\ninterfaces: {axis_in_bits: 16}\n",
                      "t.yaml")
            .interfaces.axis_in_bits == 16);
  // The widest operand is the weight here (12 bits): 16 passes, 8 fails.
  CHECK(loadAccelText("name: t\npe: {a_bits: 4, w_bits: 12}\ninterfaces: {axis_in_bits: 16}\n",
                      "t.yaml")
            .interfaces.axis_in_bits == 16);
  CHECK(accelError("name: t\n"
                   "pe: {a_bits: 4, w_bits: 12}\n"
                   "interfaces: {axis_in_bits: 8}\n") ==
        "t.yaml:3:28: error: interfaces.axis_in_bits (8) must be a multiple of 8 and at least "
        "the widest operand (12 bits)");
  // Derived widths count: bit-plane weights of up to 16 bits need 16-bit beats.
  CHECK(accelError("name: t\n"
                   "pe:\n"
                   "  type: bitserial\n"
                   "  acc_bits: 64\n"
                   "  bitserial: {w_bits_max: 16}\n"
                   "interfaces: {axis_in_bits: 8}\n") ==
        "t.yaml:6:28: error: interfaces.axis_in_bits (8) must be a multiple of 8 and at least "
        "the widest operand (16 bits)");
  CHECK(accelError("name: t\n"
                   "interfaces:\n"
                   "  axis_out_bits: 20\n") ==
        "t.yaml:3:18: error: interfaces.axis_out_bits (20) must be a multiple of 8 (AXI4-Stream "
        "tdata is whole bytes)");
}

TEST_CASE("validate: all cross-field errors of a file are reported together",
          "[config][validate]") {
  CHECK(accelError("name: t\n"
                   "post:\n"
                   "  activation: relu\n"
                   "  residual: true\n"
                   "interfaces: {axis_out_bits: 20}\n") ==
        "t.yaml:3:15: error: post.activation: relu needs post.requant.enabled: true\n"
        "t.yaml:4:13: error: post.residual needs post.requant.enabled: true (each branch has its "
        "own dyadic multiplier)\n"
        "t.yaml:5:29: error: interfaces.axis_out_bits (20) must be a multiple of 8 (AXI4-Stream "
        "tdata is whole bytes)");
  // A missing name is a cross-field error too and joins the others.
  CHECK(accelError("pe: {acc_bits: 20}\n") ==
        "t.yaml:1:1: error: missing required key 'name'\n"
        "t.yaml:1:16: error: pe.acc_bits (20) is too narrow: limits.k_max (4096) x largest |a*w| "
        "(16384) needs 28 bits; raise acc_bits or lower k_max");
}

TEST_CASE("validate: OVP and bit-serial operand widths are derived", "[config][validate]") {
  // specs/ovp.md: elements are 4-bit codes; w4a8 keeps int8 activations.
  const AccelConfig w4a4 = loadAccelText("name: t\npe: {type: ovp}\n", "t.yaml");
  CHECK(w4a4.pe.a_bits == 4);
  CHECK(w4a4.pe.w_bits == 4);
  const AccelConfig w4a8 = loadAccelText("name: t\npe: {type: ovp, ovp: {mode: w4a8}}\n", "t.yaml");
  CHECK(w4a8.pe.a_bits == 8);
  CHECK(w4a8.pe.w_bits == 4);
  // specs/bitserial.md: bit-plane weights are up to w_bits_max bits, always signed.
  const AccelConfig plane =
      loadAccelText("name: t\npe: {type: bitserial, bitserial: {w_bits_max: 5}}\n", "t.yaml");
  CHECK(plane.pe.w_bits == 5);
  CHECK(plane.pe.w_signed);
  CHECK(plane.pe.a_bits == 8);
}
