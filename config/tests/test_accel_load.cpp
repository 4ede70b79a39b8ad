// The schema rules of the accelerator loader (accel_load.cpp, yaml_reader.cpp): one test per
// rule, each comparing the whole error message. Every expected line:col was counted by hand
// from the YAML text of the test (1-based; the column of the offending key or value).
#include "test_util.h"

#include "quasar/config/load.h"

#include <catch2/catch.hpp>

#include <string>
#include <utility>
#include <vector>

using namespace quasar::config;
using quasar::config::testing::accelError;

TEST_CASE("accel: unknown key with a close match suggests it, at the key", "[config][accel]") {
  CHECK(accelError("name: t\n"
                   "array:\n"
                   "  colls: 8\n") ==
        "t.yaml:3:3: error: unknown key 'array.colls'; did you mean 'cols'?");
  CHECK(accelError("name: t\n"
                   "rtll: {reset: sync}\n") ==
        "t.yaml:2:1: error: unknown key 'rtll'; did you mean 'rtl'?");
  // Three levels deep, inside a flow mapping.
  CHECK(accelError("name: t\n"
                   "pe:\n"
                   "  type: ovp\n"
                   "  ovp: {mode: w4a4, pair_polcy: first}\n") ==
        "t.yaml:4:21: error: unknown key 'pe.ovp.pair_polcy'; did you mean 'pair_policy'?");
}

TEST_CASE("accel: unknown key without a close match lists the known keys", "[config][accel]") {
  CHECK(accelError("name: t\n"
                   "array:\n"
                   "  banana: 3\n") ==
        "t.yaml:3:3: error: unknown key 'array.banana'; known keys here: cols dataflow rows");
  CHECK(accelError("name: t\n"
                   "widgets: 3\n") ==
        "t.yaml:2:1: error: unknown key 'widgets'; known keys here: array buffers fpga "
        "interfaces limits name pe post rtl top");
}

TEST_CASE("accel: duplicate keys are errors at the second occurrence", "[config][accel]") {
  CHECK(accelError("name: t\n"
                   "array:\n"
                   "  rows: 4\n"
                   "  cols: 4\n"
                   "  rows: 8\n") == "t.yaml:5:3: error: duplicate key 'array.rows'");
  CHECK(accelError("name: t\n"
                   "pe: {acc_bits: 32}\n"
                   "pe: {acc_bits: 40}\n") == "t.yaml:3:1: error: duplicate key 'pe'");
  CHECK(accelError("name: t\n"
                   "array: {rows: 1, rows: 2}\n") ==
        "t.yaml:2:18: error: duplicate key 'array.rows'");
}

TEST_CASE("accel: wrong value types are reported at the value", "[config][accel]") {
  SECTION("a word for an integer") {
    CHECK(accelError("name: t\n"
                     "array: {rows: eight}\n") ==
          "t.yaml:2:15: error: 'array.rows' must be an integer in [1, 64], got 'eight'");
  }
  SECTION("a fraction for an integer") {
    CHECK(accelError("name: t\n"
                     "pe:\n"
                     "  w_bits: 8.5\n") ==
          "t.yaml:3:11: error: 'pe.w_bits' must be an integer in [2, 16], got '8.5'");
  }
  SECTION("an integer too large for 64 bits") {
    CHECK(accelError("name: t\n"
                     "limits: {k_max: 99999999999999999999}\n") ==
          "t.yaml:2:17: error: 'limits.k_max' must be an integer in [1, 16777216], got "
          "'99999999999999999999'");
  }
  SECTION("'yes' for a boolean (only true and false are booleans)") {
    CHECK(accelError("name: t\n"
                     "buffers:\n"
                     "  double_buffered: yes\n") ==
          "t.yaml:3:20: error: 'buffers.double_buffered' must be true or false, got 'yes'");
  }
  SECTION("a list for a scalar") {
    CHECK(accelError("name: t\n"
                     "limits:\n"
                     "  k_max: [4096]\n") ==
          "t.yaml:3:10: error: 'limits.k_max' must be an integer in [1, 16777216]");
  }
  SECTION("a mapping for an enumeration") {
    CHECK(accelError("name: t\n"
                     "array:\n"
                     "  dataflow: {ws: 1}\n") ==
          "t.yaml:3:13: error: 'array.dataflow' must be one of ws or os");
  }
  SECTION("a word for a number") {
    CHECK(accelError("name: t\n"
                     "fpga: {clock_mhz: fast}\n") ==
          "t.yaml:2:19: error: 'fpga.clock_mhz' must be a number in [1, 1000], got 'fast'");
  }
  SECTION("a scalar for a section") {
    CHECK(accelError("name: t\n"
                     "pe: int\n") == "t.yaml:2:5: error: 'pe' must be a mapping of key: value");
  }
  SECTION("a list for a section") {
    CHECK(accelError("name: t\n"
                     "post: [bias]\n") ==
          "t.yaml:2:7: error: 'post' must be a mapping of key: value");
  }
  SECTION("a mapping for a string") {
    CHECK(accelError("name: {x: 1}\n") == "t.yaml:1:7: error: 'name' must be a string");
  }
}

// A key without a value is a null node that yaml-cpp marks at the next token (the next key);
// the error must point at the key itself (line 3).
TEST_CASE("accel: a key without a value is reported at that key", "[config][accel]") {
  CHECK(accelError("name: t\n"
                   "array:\n"
                   "  rows:\n"
                   "  cols: 4\n") ==
        "t.yaml:3:3: error: 'array.rows' must be an integer in [1, 64]");
}

TEST_CASE("accel: a section without a value keeps its defaults", "[config][accel]") {
  const AccelConfig c = loadAccelText("name: t\narray:\npe:\n", "t.yaml");
  CHECK(c.array.rows == 8);
  CHECK(c.pe.acc_bits == 32);
}

TEST_CASE("accel: out-of-range values name the allowed range", "[config][accel]") {
  // {yaml, expected}: the offending value is at line 3 (line 4 or 5 for deeper keys).
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"array:\n  rows: 0\n",
       "t.yaml:3:9: error: 'array.rows' = 0 is out of range; allowed: [1, 64]"},
      {"array:\n  rows: 65\n",
       "t.yaml:3:9: error: 'array.rows' = 65 is out of range; allowed: [1, 64]"},
      {"array:\n  cols: 0\n",
       "t.yaml:3:9: error: 'array.cols' = 0 is out of range; allowed: [1, 64]"},
      {"array:\n  cols: 65\n",
       "t.yaml:3:9: error: 'array.cols' = 65 is out of range; allowed: [1, 64]"},
      {"pe:\n  a_bits: 1\n",
       "t.yaml:3:11: error: 'pe.a_bits' = 1 is out of range; allowed: [2, 16]"},
      {"pe:\n  a_bits: 17\n",
       "t.yaml:3:11: error: 'pe.a_bits' = 17 is out of range; allowed: [2, 16]"},
      {"pe:\n  w_bits: 1\n",
       "t.yaml:3:11: error: 'pe.w_bits' = 1 is out of range; allowed: [2, 16]"},
      {"pe:\n  w_bits: 17\n",
       "t.yaml:3:11: error: 'pe.w_bits' = 17 is out of range; allowed: [2, 16]"},
      {"pe:\n  acc_bits: 7\n",
       "t.yaml:3:13: error: 'pe.acc_bits' = 7 is out of range; allowed: [8, 64]"},
      {"pe:\n  acc_bits: 65\n",
       "t.yaml:3:13: error: 'pe.acc_bits' = 65 is out of range; allowed: [8, 64]"},
      {"limits:\n  k_max: 0\n",
       "t.yaml:3:10: error: 'limits.k_max' = 0 is out of range; allowed: [1, 16777216]"},
      {"limits:\n  k_max: 16777217\n",
       "t.yaml:3:10: error: 'limits.k_max' = 16777217 is out of range; allowed: [1, 16777216]"},
      {"limits:\n  m_max: 0\n",
       "t.yaml:3:10: error: 'limits.m_max' = 0 is out of range; allowed: [1, 16777216]"},
      {"limits:\n  n_max: 16777217\n",
       "t.yaml:3:10: error: 'limits.n_max' = 16777217 is out of range; allowed: [1, 16777216]"},
      {"buffers:\n  weight_depth: 0\n",
       "t.yaml:3:17: error: 'buffers.weight_depth' = 0 is out of range; allowed: [1, 1048576]"},
      {"buffers:\n  act_depth: 1048577\n",
       "t.yaml:3:14: error: 'buffers.act_depth' = 1048577 is out of range; allowed: [1, 1048576]"},
      {"buffers:\n  acc_depth: -1\n",
       "t.yaml:3:14: error: 'buffers.acc_depth' = -1 is out of range; allowed: [1, 1048576]"},
      {"post:\n  row_max: 0\n",
       "t.yaml:3:12: error: 'post.row_max' = 0 is out of range; allowed: [1, 65536]"},
      {"post:\n  row_max: 65537\n",
       "t.yaml:3:12: error: 'post.row_max' = 65537 is out of range; allowed: [1, 65536]"},
      {"post:\n  lanes: 0\n",
       "t.yaml:3:10: error: 'post.lanes' = 0 is out of range; allowed: [1, 64]"},
      {"post:\n  lanes: 65\n",
       "t.yaml:3:10: error: 'post.lanes' = 65 is out of range; allowed: [1, 64]"},
      {"post:\n  requant:\n    mult_bits: 7\n",
       "t.yaml:4:16: error: 'post.requant.mult_bits' = 7 is out of range; allowed: [8, 31]"},
      {"post:\n  requant:\n    mult_bits: 32\n",
       "t.yaml:4:16: error: 'post.requant.mult_bits' = 32 is out of range; allowed: [8, 31]"},
      {"post:\n  requant:\n    out_bits: 3\n",
       "t.yaml:4:15: error: 'post.requant.out_bits' = 3 is out of range; allowed: [4, 16]"},
      {"post:\n  requant:\n    out_bits: 17\n",
       "t.yaml:4:15: error: 'post.requant.out_bits' = 17 is out of range; allowed: [4, 16]"},
      {"interfaces:\n  axis_in_bits: 7\n",
       "t.yaml:3:17: error: 'interfaces.axis_in_bits' = 7 is out of range; allowed: [8, 1024]"},
      {"interfaces:\n  axis_in_bits: 1032\n",
       "t.yaml:3:17: error: 'interfaces.axis_in_bits' = 1032 is out of range; allowed: [8, 1024]"},
      {"interfaces:\n  axis_out_bits: 1025\n",
       "t.yaml:3:18: error: 'interfaces.axis_out_bits' = 1025 is out of range; allowed: [8, 1024]"},
      {"interfaces:\n  axil_addr_bits: 7\n",
       "t.yaml:3:19: error: 'interfaces.axil_addr_bits' = 7 is out of range; allowed: [8, 32]"},
      {"interfaces:\n  axil_addr_bits: 33\n",
       "t.yaml:3:19: error: 'interfaces.axil_addr_bits' = 33 is out of range; allowed: [8, 32]"},
      {"interfaces:\n  axil_data_bits: 64\n",
       "t.yaml:3:19: error: 'interfaces.axil_data_bits' = 64 is out of range; allowed: [32, 32]"},
      {"fpga:\n  clock_mhz: 0.5\n",
       "t.yaml:3:14: error: 'fpga.clock_mhz' = 0.5 is out of range; allowed: a number in "
       "[1, 1000]"},
      {"fpga:\n  clock_mhz: 1001\n",
       "t.yaml:3:14: error: 'fpga.clock_mhz' = 1001 is out of range; allowed: a number in "
       "[1, 1000]"},
      {"pe:\n  type: bitserial\n  bitserial:\n    w_bits_max: 0\n",
       "t.yaml:5:17: error: 'pe.bitserial.w_bits_max' = 0 is out of range; allowed: [1, 16]"},
      {"pe:\n  type: bitserial\n  bitserial:\n    w_bits_max: 17\n",
       "t.yaml:5:17: error: 'pe.bitserial.w_bits_max' = 17 is out of range; allowed: [1, 16]"},
      {"pe:\n  type: bitserial\n  bitserial:\n    encoding: bitmod\n    group: 1\n",
       "t.yaml:6:12: error: 'pe.bitserial.group' = 1 is out of range; allowed: [2, 4096]"},
      {"pe:\n  type: bitserial\n  bitserial:\n    encoding: bitmod\n    group: 4097\n",
       "t.yaml:6:12: error: 'pe.bitserial.group' = 4097 is out of range; allowed: [2, 4096]"},
  };
  for (const auto &[body, expected] : cases) {
    INFO(body);
    CHECK(accelError("name: t\n" + body) == expected);
  }
}

TEST_CASE("accel: the bounds of every range are accepted", "[config][accel]") {
  const AccelConfig low = loadAccelText("name: t\n"
                                        "array: {rows: 1, cols: 1}\n"
                                        "pe: {a_bits: 2, w_bits: 2, acc_bits: 8}\n"
                                        "limits: {k_max: 1, m_max: 1, n_max: 1}\n"
                                        "buffers: {weight_depth: 1, act_depth: 1, acc_depth: 1, "
                                        "double_buffered: false}\n"
                                        "post:\n"
                                        "  requant: {mult_bits: 8, out_bits: 4}\n"
                                        "  row_max: 1\n"
                                        "  lanes: 1\n"
                                        "interfaces: {axis_in_bits: 8, axis_out_bits: 8, "
                                        "axil_addr_bits: 8, axil_data_bits: 32}\n"
                                        "fpga: {clock_mhz: 1}\n",
                                        "low.yaml");
  CHECK(low.array.rows == 1);
  CHECK(low.array.cols == 1);
  CHECK(low.pe.a_bits == 2);
  CHECK(low.pe.w_bits == 2);
  CHECK(low.pe.acc_bits == 8);
  CHECK(low.limits.k_max == 1);
  CHECK(low.limits.m_max == 1);
  CHECK(low.limits.n_max == 1);
  CHECK(low.buffers.weight_depth == 1);
  CHECK(low.post.requant.mult_bits == 8);
  CHECK(low.post.requant.out_bits == 4);
  CHECK(low.post.row_max == 1);
  CHECK(low.post.lanes == 1);
  CHECK(low.interfaces.axis_in_bits == 8);
  CHECK(low.interfaces.axil_addr_bits == 8);
  CHECK(low.fpga.clock_mhz == 1.0);

  const AccelConfig high = loadAccelText("name: t\n"
                                         "array: {rows: 64, cols: 64}\n"
                                         "pe: {a_bits: 16, w_bits: 16, acc_bits: 64}\n"
                                         "limits: {k_max: 16777216, m_max: 16777216, "
                                         "n_max: 16777216}\n"
                                         "buffers: {weight_depth: 1048576, act_depth: 1048576, "
                                         "acc_depth: 1048576}\n"
                                         "post:\n"
                                         "  requant: {mult_bits: 31, out_bits: 16}\n"
                                         "  row_max: 65536\n"
                                         "  lanes: 64\n"
                                         "interfaces: {axis_in_bits: 1024, axis_out_bits: 1024, "
                                         "axil_addr_bits: 32}\n"
                                         "fpga: {clock_mhz: 1000}\n",
                                         "high.yaml");
  CHECK(high.array.rows == 64);
  CHECK(high.array.cols == 64);
  CHECK(high.pe.a_bits == 16);
  CHECK(high.pe.w_bits == 16);
  CHECK(high.pe.acc_bits == 64);
  CHECK(high.limits.k_max == 16777216);
  CHECK(high.buffers.acc_depth == 1048576);
  CHECK(high.post.requant.mult_bits == 31);
  CHECK(high.post.requant.out_bits == 16);
  CHECK(high.post.row_max == 65536);
  CHECK(high.post.lanes == 64);
  CHECK(high.interfaces.axis_out_bits == 1024);
  CHECK(high.interfaces.axil_addr_bits == 32);
  CHECK(high.fpga.clock_mhz == 1000.0);
}

TEST_CASE("accel: invalid enumeration values list the allowed values", "[config][accel]") {
  CHECK(accelError("name: t\n"
                   "array: {dataflow: rs}\n") ==
        "t.yaml:2:19: error: invalid value 'rs' for 'array.dataflow'; allowed: ws or os");
  CHECK(accelError("name: t\n"
                   "top: chip\n") ==
        "t.yaml:2:6: error: invalid value 'chip' for 'top'; allowed: accelerator or pipeline");
  CHECK(accelError("name: t\n"
                   "pe: {type: float}\n") ==
        "t.yaml:2:12: error: invalid value 'float' for 'pe.type'; allowed: int, ovp or bitserial");
  CHECK(accelError("name: t\n"
                   "pe:\n"
                   "  type: ovp\n"
                   "  ovp: {normal: int8}\n") ==
        "t.yaml:4:17: error: invalid value 'int8' for 'pe.ovp.normal'; allowed: int4, flint4 "
        "or auto");
  CHECK(accelError("name: t\n"
                   "pe:\n"
                   "  type: ovp\n"
                   "  ovp: {mode: w8a8}\n") ==
        "t.yaml:4:15: error: invalid value 'w8a8' for 'pe.ovp.mode'; allowed: w4a4 or w4a8");
  CHECK(accelError("name: t\n"
                   "pe:\n"
                   "  type: ovp\n"
                   "  ovp: {pair_policy: both}\n") ==
        "t.yaml:4:22: error: invalid value 'both' for 'pe.ovp.pair_policy'; allowed: larger or "
        "first");
  CHECK(accelError("name: t\n"
                   "pe:\n"
                   "  type: bitserial\n"
                   "  bitserial: {encoding: booth}\n") ==
        "t.yaml:4:25: error: invalid value 'booth' for 'pe.bitserial.encoding'; allowed: "
        "bitplane or bitmod");
  CHECK(accelError("name: t\n"
                   "pe:\n"
                   "  type: bitserial\n"
                   "  bitserial: {binary: ones}\n") ==
        "t.yaml:4:23: error: invalid value 'ones' for 'pe.bitserial.binary'; allowed: twos or "
        "pm1");
  CHECK(accelError("name: t\n"
                   "post:\n"
                   "  requant: {rounding: half_down}\n") ==
        "t.yaml:3:23: error: invalid value 'half_down' for 'post.requant.rounding'; allowed: "
        "half_up, half_even, half_away or floor");
  CHECK(accelError("name: t\n"
                   "post:\n"
                   "  requant: {granularity: per_row}\n") ==
        "t.yaml:3:26: error: invalid value 'per_row' for 'post.requant.granularity'; allowed: "
        "per_tensor or per_channel");
  CHECK(accelError("name: t\n"
                   "post: {activation: gelu}\n") ==
        "t.yaml:2:20: error: invalid value 'gelu' for 'post.activation'; allowed: none, relu, "
        "relu6 or clip");
  CHECK(accelError("name: t\n"
                   "post: {nonlinear: softmax}\n") ==
        "t.yaml:2:19: error: invalid value 'softmax' for 'post.nonlinear'; allowed: none, "
        "shiftmax, shiftgelu or layernorm");
  CHECK(accelError("name: t\n"
                   "fpga: {target: ecp5}\n") ==
        "t.yaml:2:16: error: invalid value 'ecp5' for 'fpga.target'; allowed: xc7, ice40 or "
        "generic");
  CHECK(accelError("name: t\n"
                   "rtl: {reset: none}\n") ==
        "t.yaml:2:14: error: invalid value 'none' for 'rtl.reset'; allowed: sync or async");
}

TEST_CASE("accel: bitmod mode lists reject unknown, repeated and empty entries",
          "[config][accel]") {
  const std::string head = "name: t\n"
                           "pe:\n"
                           "  type: bitserial\n"
                           "  acc_bits: 40\n"
                           "  bitserial:\n"
                           "    encoding: bitmod\n";
  CHECK(accelError(head + "    modes: [fp4, fp5]\n") ==
        "t.yaml:7:18: error: invalid entry in 'pe.bitserial.modes'; allowed: fp4, fp3, int8, "
        "int6 or int4");
  CHECK(accelError(head + "    modes: [int4, fp3, int4]\n") ==
        "t.yaml:7:24: error: 'int4' listed twice in 'pe.bitserial.modes'");
  CHECK(accelError(head + "    modes: []\n") ==
        "t.yaml:7:12: error: 'pe.bitserial.modes' must be a non-empty list of fp4, fp3, int8, "
        "int6 or int4");
  CHECK(accelError(head + "    modes: fp4\n") ==
        "t.yaml:7:12: error: 'pe.bitserial.modes' must be a non-empty list of fp4, fp3, int8, "
        "int6 or int4");
}

TEST_CASE("accel: OVP PEs forbid the operand width keys", "[config][accel]") {
  CHECK(accelError("name: t\n"
                   "pe:\n"
                   "  type: ovp\n"
                   "  w_bits: 4\n") ==
        "t.yaml:4:3: error: 'pe.w_bits' is not allowed here: OVP operand widths follow "
        "pe.ovp.mode (w4a4 or w4a8)");
  CHECK(accelError("name: t\n"
                   "pe: {type: ovp, a_signed: true, a_bits: 4, w_signed: true}\n") ==
        "t.yaml:2:33: error: 'pe.a_bits' is not allowed here: OVP operand widths follow "
        "pe.ovp.mode (w4a4 or w4a8)\n"
        "t.yaml:2:17: error: 'pe.a_signed' is not allowed here: OVP operand widths follow "
        "pe.ovp.mode (w4a4 or w4a8)\n"
        "t.yaml:2:44: error: 'pe.w_signed' is not allowed here: OVP operand widths follow "
        "pe.ovp.mode (w4a4 or w4a8)");
}

TEST_CASE("accel: a PE section of another PE type is forbidden", "[config][accel]") {
  CHECK(accelError("name: t\n"
                   "pe:\n"
                   "  ovp: {mode: w4a8}\n") ==
        "t.yaml:3:3: error: 'pe.ovp' is not allowed here: pe.type is int");
  CHECK(accelError("name: t\n"
                   "pe:\n"
                   "  type: ovp\n"
                   "  bitserial: {encoding: bitmod}\n") ==
        "t.yaml:4:3: error: 'pe.bitserial' is not allowed here: pe.type is ovp");
  CHECK(accelError("name: t\n"
                   "pe:\n"
                   "  type: bitserial\n"
                   "  ovp: {}\n") ==
        "t.yaml:4:3: error: 'pe.ovp' is not allowed here: pe.type is bitserial");
}

TEST_CASE("accel: bit-serial PEs forbid weight widths and the other encoding's keys",
          "[config][accel]") {
  CHECK(accelError("name: t\n"
                   "pe:\n"
                   "  type: bitserial\n"
                   "  w_bits: 4\n"
                   "  w_signed: false\n") ==
        "t.yaml:4:3: error: 'pe.w_bits' is not allowed here: bit-serial weight precision is "
        "pe.bitserial.w_bits_max or its modes\n"
        "t.yaml:5:3: error: 'pe.w_signed' is not allowed here: bit-serial weights are always "
        "signed");
  SECTION("bitplane-only keys under bitmod") {
    CHECK(accelError("name: t\n"
                     "pe:\n"
                     "  type: bitserial\n"
                     "  acc_bits: 40\n"
                     "  bitserial:\n"
                     "    encoding: bitmod\n"
                     "    w_bits_max: 4\n"
                     "    binary: pm1\n") ==
          "t.yaml:7:5: error: 'pe.bitserial.w_bits_max' is not allowed here: bitmod precision "
          "is set by its modes\n"
          "t.yaml:8:5: error: 'pe.bitserial.binary' is not allowed here: binary: pm1 belongs "
          "to encoding: bitplane");
  }
  SECTION("bitmod-only keys under bitplane, given or by default") {
    const std::string expected =
        "t.yaml:6:5: error: 'pe.bitserial.modes' is not allowed here: it selects bitmod "
        "datatypes; this PE uses encoding: bitplane\n"
        "t.yaml:7:5: error: 'pe.bitserial.group' is not allowed here: groups belong to "
        "encoding: bitmod";
    CHECK(accelError("name: t\n"
                     "pe:\n"
                     "  type: bitserial\n"
                     "  bitserial:\n"
                     "    encoding: bitplane\n"
                     "    modes: [fp4]\n"
                     "    group: 64\n") == expected);
    CHECK(accelError("name: t\n"
                     "pe:\n"
                     "  type: bitserial\n"
                     "  bitserial:\n"
                     "    w_bits_max: 4\n"
                     "    modes: [fp4]\n"
                     "    group: 64\n") == expected);
  }
}

TEST_CASE("accel: 'name' is required and must be a valid identifier", "[config][accel]") {
  CHECK(accelError("array: {rows: 8}\n") == "t.yaml:1:1: error: missing required key 'name'");
  const std::string rule = "error: 'name' must match [a-z][a-z0-9_]* (it names modules and "
                           "files), got ";
  CHECK(accelError("name: Int8\n") == "t.yaml:1:7: " + rule + "'Int8'");
  CHECK(accelError("name: 8x8\n") == "t.yaml:1:7: " + rule + "'8x8'");
  CHECK(accelError("name: int-8\n") == "t.yaml:1:7: " + rule + "'int-8'");
  CHECK(accelError("name: _x\n") == "t.yaml:1:7: " + rule + "'_x'");
  CHECK(accelError("# a comment first\nname: \"\"\n") == "t.yaml:2:7: " + rule + "''");
  CHECK(loadAccelText("name: a\n", "t.yaml").name == "a");
  CHECK(loadAccelText("name: int8_8x8\n", "t.yaml").name == "int8_8x8");
}

TEST_CASE("accel: an empty file or a non-mapping document is rejected", "[config][accel]") {
  CHECK(accelError("") == "t.yaml: error: empty configuration; 'name' is required");
  CHECK(accelError("# only a comment\n") ==
        "t.yaml: error: empty configuration; 'name' is required");
  CHECK(accelError("- name: t\n") ==
        "t.yaml:1:1: error: 'document' must be a mapping of key: value");
  CHECK(accelError("hello\n") == "t.yaml:1:1: error: 'document' must be a mapping of key: value");
}

TEST_CASE("accel: YAML syntax errors carry yaml-cpp's location", "[config][accel]") {
  // An unclosed flow mapping is noticed at the end of the text (line 3, column 1).
  CHECK(accelError("name: t\n"
                   "array: {rows: 8\n") ==
        "t.yaml:3:1: error: YAML syntax: end of map flow not found");
  // A key indented less than its siblings ends the block mapping early.
  CHECK(accelError("name: t\n"
                   "array:\n"
                   "  rows: 8\n"
                   " cols: 8\n") == "t.yaml:4:2: error: YAML syntax: end of map not found");
}

TEST_CASE("accel: all schema errors of a file are reported together", "[config][accel]") {
  CHECK(accelError("name: t\n"
                   "array:\n"
                   "  rows: 0\n"
                   "  colls: 8\n"
                   "pe:\n"
                   "  a_bits: 17\n") ==
        "t.yaml:3:9: error: 'array.rows' = 0 is out of range; allowed: [1, 64]\n"
        "t.yaml:4:3: error: unknown key 'array.colls'; did you mean 'cols'?\n"
        "t.yaml:6:11: error: 'pe.a_bits' = 17 is out of range; allowed: [2, 16]");
}

TEST_CASE("accel: cross-field rules wait until every key parsed", "[config][accel]") {
  // acc_bits 9 is far too narrow, but the schema error comes first and alone: the
  // cross-field rules assume a fully parsed config (accel_load.cpp).
  CHECK(accelError("name: t\n"
                   "pe: {acc_bits: 9, a_bitz: 8}\n") ==
        "t.yaml:2:19: error: unknown key 'pe.a_bitz'; did you mean 'a_bits'?");
}

// Every field of a config that sets only `name`, against the literal defaults written in the
// comments of accel.h and the README's config reference.
TEST_CASE("accel: a minimal config has the documented defaults", "[config][accel]") {
  const AccelConfig c = loadAccelText("name: minimal\n", "min.yaml");
  CHECK(c.name == "minimal");
  CHECK(c.top == TopKind::Accelerator);
  CHECK(c.array.rows == 8);
  CHECK(c.array.cols == 8);
  CHECK(c.array.dataflow == Dataflow::WeightStationary);
  CHECK(c.pe.type == PeType::Int);
  CHECK(c.pe.a_bits == 8);
  CHECK(c.pe.w_bits == 8);
  CHECK(c.pe.a_signed);
  CHECK(c.pe.w_signed);
  CHECK(c.pe.acc_bits == 32);
  CHECK(c.pe.ovp.mode == OvpMode::W4A4);
  CHECK(c.pe.ovp.normal == OvpNormal::Auto);
  CHECK(c.pe.ovp.pair_policy == OvpPairPolicy::Larger);
  CHECK(c.pe.bitserial.encoding == BitEncoding::Bitplane);
  CHECK(c.pe.bitserial.w_bits_max == 8);
  CHECK(c.pe.bitserial.binary == BitBinary::TwosComplement);
  CHECK(c.pe.bitserial.modes == std::vector<BitmodMode>{BitmodMode::Fp4, BitmodMode::Fp3,
                                                        BitmodMode::Int8, BitmodMode::Int6,
                                                        BitmodMode::Int4});
  CHECK(c.pe.bitserial.group == 128);
  CHECK(c.limits.k_max == 4096);
  CHECK(c.limits.m_max == 65535);
  CHECK(c.limits.n_max == 65535);
  CHECK(c.buffers.weight_depth == 1024);
  CHECK(c.buffers.act_depth == 1024);
  CHECK(c.buffers.acc_depth == 1024);
  CHECK(c.buffers.double_buffered);
  CHECK_FALSE(c.post.bias);
  CHECK_FALSE(c.post.requant.enabled);
  CHECK(c.post.requant.mult_bits == 31);
  CHECK(c.post.requant.granularity == Granularity::PerChannel);
  CHECK(c.post.requant.rounding == Rounding::HalfUp);
  CHECK(c.post.requant.out_bits == 8);
  CHECK(c.post.requant.out_signed);
  CHECK(c.post.activation == Activation::None);
  CHECK_FALSE(c.post.residual);
  CHECK(c.post.nonlinear == Nonlinear::None);
  CHECK(c.post.row_max == 1024);
  CHECK(c.post.lanes == 8);
  CHECK(c.interfaces.axis_in_bits == 64);
  CHECK(c.interfaces.axis_out_bits == 64);
  CHECK(c.interfaces.axil_addr_bits == 12);
  CHECK(c.interfaces.axil_data_bits == 32);
  CHECK(c.fpga.target == FpgaTarget::Xc7);
  CHECK(c.fpga.part == "xc7a100tcsg324-1");
  CHECK(c.fpga.clock_mhz == 100.0);
  CHECK(c.rtl.reset == ResetKind::Sync);
  // Derived: int8 x int8 signed, |a*w| <= 128 * 128; 4096 of them sum to 2^26, which needs
  // 27 magnitude bits and a sign bit.
  CHECK(c.max_product == 16384);
  CHECK(c.acc_bits_needed == 28);
  CHECK(c.source_file == "min.yaml");
}

TEST_CASE("accel: the default part follows the FPGA target", "[config][accel]") {
  CHECK(loadAccelText("name: t\nfpga: {target: ice40}\n", "t.yaml").fpga.part == "hx8k-ct256");
  CHECK(loadAccelText("name: t\nfpga: {target: generic}\n", "t.yaml").fpga.part == "generic");
  CHECK(loadAccelText("name: t\nfpga: {target: ice40, part: up5k-sg48}\n", "t.yaml").fpga.part ==
        "up5k-sg48");
}

TEST_CASE("accel: the locations of set keys are recorded at their values", "[config][accel]") {
  const AccelConfig c = loadAccelText("name: t\n"
                                      "pe:\n"
                                      "  type: int\n"
                                      "  acc_bits: 30\n"
                                      "array: {rows: 4}\n",
                                      "arr.yaml");
  REQUIRE(c.locations.count("pe.acc_bits") == 1);
  CHECK(c.locations.at("pe.acc_bits").str() == "arr.yaml:4:13");
  REQUIRE(c.locations.count("array.rows") == 1);
  CHECK(c.locations.at("array.rows").str() == "arr.yaml:5:15");
  CHECK(c.locations.at("name").str() == "arr.yaml:1:7");
  // Keys the file does not set have no location.
  CHECK(c.locations.count("array.cols") == 0);
  CHECK(c.locations.count("pe.w_bits") == 0);
}

TEST_CASE("accel: loadAccel reads a file and names it in errors", "[config][accel]") {
  const std::string dir = QUASAR_SOURCE_DIR "/configs/arch/";
  CHECK(loadAccel(dir + "default.yaml").name == "int8_8x8");
  CHECK(quasar::config::testing::inputErrorOf([&] { loadAccel(dir + "no_such.yaml"); }) ==
        dir + "no_such.yaml: error: cannot open file");
}
