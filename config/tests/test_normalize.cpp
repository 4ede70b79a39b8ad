// Normalized printing (accel_print.cpp) and the stable hash: the same configuration, however
// it is spelled, prints the same text and hashes the same; any change of meaning changes the
// hash; the printed form reloads to itself.
#include "test_util.h"

#include "quasar/config/load.h"
#include "quasar/config/sha256.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <set>
#include <string>
#include <vector>

using namespace quasar::config;

namespace {

AccelConfig load(const std::string &text) { return loadAccelText(text, "n.yaml"); }

// One configuration written three ways.
const char *kBlockWithComments = R"(# an int8 array on an iCE40
name: same
array:
  rows: 16     # tall
  cols: 4
pe:
  type: int
  acc_bits: 30
post:
  requant: {enabled: true, out_bits: 6}
  activation: relu
fpga: {target: ice40}
)";

const char *kFlowReordered =
    "fpga: {target: ice40}\n"
    "post: {activation: relu, requant: {out_bits: 6, enabled: true}}\n"
    "pe: {acc_bits: 30, type: int}\n"
    "array: {cols: 4, rows: 16}\n"
    "name: same\n";

const char *kDefaultsSpelledOut = R"(name: same
top: accelerator
array: {rows: 16, cols: 4, dataflow: ws}
pe: {type: int, a_bits: 8, a_signed: true, w_bits: 8, w_signed: true, acc_bits: 30}
limits: {k_max: 4096, m_max: 65535, n_max: 65535}
buffers: {weight_depth: 1024, act_depth: 1024, acc_depth: 1024, double_buffered: true}
post:
  bias: false
  requant: {enabled: true, mult_bits: 31, granularity: per_channel, rounding: half_up,
            out_bits: 6, out_signed: true}
  activation: relu
  residual: false
  nonlinear: none
  row_max: 1024
  lanes: 8
interfaces: {axis_in_bits: 64, axis_out_bits: 64, axil_addr_bits: 12, axil_data_bits: 32}
fpga: {target: ice40, part: hx8k-ct256, clock_mhz: 100.0}
rtl: {reset: sync}
)";

} // namespace

TEST_CASE("normalize: the minimal config prints every default in the fixed order",
          "[config][normalize]") {
  // Written by hand from the config reference (README) in the printer's documented order.
  const std::string expected = R"(name: minimal
top: accelerator
array:
  rows: 8
  cols: 8
  dataflow: ws
pe:
  type: int
  a_bits: 8
  a_signed: true
  w_bits: 8
  w_signed: true
  acc_bits: 32
limits:
  k_max: 4096
  m_max: 65535
  n_max: 65535
buffers:
  weight_depth: 1024
  act_depth: 1024
  acc_depth: 1024
  double_buffered: true
post:
  bias: false
  requant:
    enabled: false
    mult_bits: 31
    granularity: per_channel
    rounding: half_up
    out_bits: 8
    out_signed: true
  activation: none
  residual: false
  nonlinear: none
  row_max: 1024
  lanes: 8
interfaces:
  axis_in_bits: 64
  axis_out_bits: 64
  axil_addr_bits: 12
  axil_data_bits: 32
fpga:
  target: xc7
  part: xc7a100tcsg324-1
  clock_mhz: 100
rtl:
  reset: sync
# derived: operand widths a_bits=8 w_bits=8, largest |a*w| = 16384, acc_bits needed for k_max = 28
)";
  const AccelConfig c = load("name: minimal\n");
  CHECK(toYaml(c) == expected);
  // Pinned: caches and generated files are named by this hash, so it may change only
  // deliberately. The digest is coreutils' sha256sum of the text above.
  CHECK(configHash(c) == "57c877d6ffad565bd239c125949f5dba9a582adf0b6bc0a7751045ea9a1ff3f6");
  CHECK(shortHash(c) == "57c877d6ffad");
}

TEST_CASE("normalize: key order, comments, flow style and spelled-out defaults do not matter",
          "[config][normalize]") {
  const AccelConfig a = load(kBlockWithComments);
  const AccelConfig b = load(kFlowReordered);
  const AccelConfig c = load(kDefaultsSpelledOut);
  CHECK(toYaml(a) == toYaml(b));
  CHECK(toYaml(a) == toYaml(c));
  CHECK(configHash(a) == configHash(b));
  CHECK(configHash(a) == configHash(c));
  // The file a config came from is not part of it.
  CHECK(configHash(loadAccelText(kBlockWithComments, "elsewhere/x.yaml")) == configHash(a));
}

TEST_CASE("normalize: equal numbers and defaults spelled differently hash the same",
          "[config][normalize]") {
  const std::string hash = configHash(load("name: t\nfpga: {clock_mhz: 100}\n"));
  CHECK(configHash(load("name: t\nfpga: {clock_mhz: 100.0}\n")) == hash);
  CHECK(configHash(load("name: t\nfpga: {clock_mhz: 1e2}\n")) == hash);
  CHECK(configHash(load("name: t\nfpga: {part: xc7a100tcsg324-1}\n")) == hash);
  CHECK(configHash(load("name: t\narray: {rows: +8}\n")) == hash);
  CHECK(configHash(load("name: t\npe: {a_bits: 8, acc_bits: 32}\n")) == hash);
  // Type-specific sections at their defaults.
  const std::string ovp = configHash(load("name: t\npe: {type: ovp}\n"));
  CHECK(configHash(load("name: t\npe: {type: ovp, ovp: {mode: w4a4, normal: auto, "
                        "pair_policy: larger}}\n")) == ovp);
  const std::string bitmod = configHash(load("name: t\npe: {type: bitserial, acc_bits: 40, "
                                             "bitserial: {encoding: bitmod}}\n"));
  CHECK(configHash(load("name: t\npe: {type: bitserial, acc_bits: 40, bitserial: {encoding: "
                        "bitmod, modes: [fp4, fp3, int8, int6, int4], group: 128}}\n")) == bitmod);
}

TEST_CASE("normalize: every change of meaning changes the hash", "[config][normalize]") {
  const std::vector<std::string> variants = {
      "name: t\n",
      "name: u\n",
      "name: t\ntop: pipeline\npost: {nonlinear: shiftmax}\n",
      "name: t\narray: {rows: 9}\n",
      "name: t\narray: {cols: 9}\n",
      "name: t\narray: {dataflow: os}\n",
      "name: t\npe: {a_bits: 7}\n",
      "name: t\npe: {w_bits: 7}\n",
      "name: t\npe: {a_signed: false}\n",
      "name: t\npe: {w_signed: false}\n",
      "name: t\npe: {acc_bits: 33}\n",
      "name: t\npe: {type: ovp}\n",
      "name: t\npe: {type: ovp, ovp: {mode: w4a8}}\n",
      "name: t\npe: {type: ovp, ovp: {normal: int4}}\n",
      "name: t\npe: {type: ovp, ovp: {pair_policy: first}}\n",
      "name: t\npe: {type: bitserial}\n",
      "name: t\npe: {type: bitserial, bitserial: {w_bits_max: 4}}\n",
      "name: t\npe: {type: bitserial, bitserial: {binary: pm1}}\n",
      "name: t\npe: {type: bitserial, acc_bits: 40, bitserial: {encoding: bitmod}}\n",
      "name: t\npe: {type: bitserial, acc_bits: 40, bitserial: {encoding: bitmod, group: 64}}\n",
      "name: t\npe: {type: bitserial, acc_bits: 40, bitserial: {encoding: bitmod, modes: [fp4]}}\n",
      "name: t\nlimits: {k_max: 4095}\n",
      "name: t\nlimits: {m_max: 100}\n",
      "name: t\nlimits: {n_max: 100}\n",
      "name: t\nbuffers: {weight_depth: 512}\n",
      "name: t\nbuffers: {act_depth: 512}\n",
      "name: t\nbuffers: {acc_depth: 512}\n",
      "name: t\nbuffers: {double_buffered: false}\n",
      "name: t\npost: {bias: true}\n",
      "name: t\npost: {requant: {enabled: true}}\n",
      "name: t\npost: {requant: {mult_bits: 16}}\n",
      "name: t\npost: {requant: {granularity: per_tensor}}\n",
      "name: t\npost: {requant: {rounding: floor}}\n",
      "name: t\npost: {requant: {out_bits: 4}}\n",
      "name: t\npost: {requant: {out_signed: false}}\n",
      "name: t\npost: {requant: {enabled: true}, activation: clip}\n",
      "name: t\npost: {requant: {enabled: true}, residual: true}\n",
      "name: t\npost: {nonlinear: layernorm}\n",
      "name: t\npost: {row_max: 768}\n",
      "name: t\npost: {lanes: 4}\n",
      "name: t\ninterfaces: {axis_in_bits: 32}\n",
      "name: t\ninterfaces: {axis_out_bits: 32}\n",
      "name: t\ninterfaces: {axil_addr_bits: 16}\n",
      "name: t\nfpga: {target: generic}\n",
      "name: t\nfpga: {part: xc7a35tcpg236-1}\n",
      "name: t\nfpga: {clock_mhz: 100.5}\n",
      "name: t\nrtl: {reset: async}\n",
  };
  std::set<std::string> hashes;
  for (const auto &v : variants) {
    INFO(v);
    CHECK(hashes.insert(configHash(load(v))).second);
  }
}

TEST_CASE("normalize: every example config reloads from its printed form to the same text",
          "[config][normalize]") {
  namespace fs = std::filesystem;
  int count = 0;
  for (const auto &entry : fs::directory_iterator(QUASAR_SOURCE_DIR "/configs/arch")) {
    if (entry.path().extension() != ".yaml") continue;
    INFO(entry.path().string());
    const AccelConfig original = loadAccel(entry.path().string());
    const std::string printed = toYaml(original);
    const AccelConfig reloaded = loadAccelText(printed, "printed.yaml");
    CHECK(toYaml(reloaded) == printed);
    CHECK(configHash(reloaded) == configHash(original));
    ++count;
  }
  CHECK(count >= 9);
}

TEST_CASE("normalize: non-default configs of every PE family round-trip", "[config][normalize]") {
  const std::vector<std::string> configs = {
      "name: a\npe: {type: bitserial, acc_bits: 40, bitserial: {encoding: bitmod, "
      "modes: [int4, fp3], group: 64}}\nlimits: {k_max: 1024}\n",
      "name: b\npe: {type: bitserial, a_bits: 6, a_signed: false, "
      "bitserial: {w_bits_max: 1, binary: pm1}}\n",
      "name: c\npe: {type: ovp, ovp: {mode: w4a8, normal: flint4, pair_policy: first}}\n"
      "array: {rows: 3, cols: 5, dataflow: os}\n",
      "name: d\ntop: pipeline\npost: {bias: true, requant: {enabled: true, mult_bits: 12, "
      "granularity: per_tensor, rounding: half_away, out_bits: 5, out_signed: false}, "
      "activation: relu6, nonlinear: shiftgelu, row_max: 33, lanes: 3}\n"
      "fpga: {target: generic, clock_mhz: 123.456}\nrtl: {reset: async}\n",
  };
  for (const auto &text : configs) {
    INFO(text);
    const std::string printed = toYaml(load(text));
    CHECK(toYaml(load(printed)) == printed);
  }
}

TEST_CASE("normalize: the hash is the SHA-256 of the printed form", "[config][normalize]") {
  const AccelConfig c = load(kBlockWithComments);
  CHECK(configHash(c) == sha256Hex(toYaml(c)));
  CHECK(configHash(c).size() == 64);
  CHECK(shortHash(c) == configHash(c).substr(0, 12));
}

// A part name that YAML would read differently unquoted (a comment marker, a ': ') must
// survive the print/reload round trip that load.h promises.
TEST_CASE("normalize: a part name with YAML punctuation round-trips",
          "[config][normalize]") {
  const AccelConfig c = load("name: t\nfpga: {part: \"xc7 #2: rev b\"}\n");
  REQUIRE(c.fpga.part == "xc7 #2: rev b");
  const std::string printed = toYaml(c);
  CHECK(quasar::config::testing::inputErrorOf([&] { load(printed); }) == "(no error)");
  CHECK(load(printed).fpga.part == "xc7 #2: rev b");
}

TEST_CASE("normalize: bitmod modes are a set; their order does not change the hash",
          "[config][normalize]") {
  const std::string head = "name: t\npe:\n  type: bitserial\n  acc_bits: 40\n  bitserial:\n"
                           "    encoding: bitmod\n";
  const AccelConfig a = load(head + "    modes: [int4, fp4]\n");
  const AccelConfig b = load(head + "    modes: [fp4, int4]\n");
  CHECK(configHash(a) == configHash(b));
  CHECK(toYaml(a).find("modes: [fp4, int4]") != std::string::npos);
}
