// `quasar gen` of pe.type ovp configs (docs/ovp-array.md): the modules a design holds, the
// ovp_format CSR in the manifest and params header (and not in an int design), the buffer
// RAMs of pair words (half the words, twice the bits of a K step), and the layouts that cannot
// carry OVP pairs rejected by key. Simulation of these designs: the cosim regression.
#include "driver.h"

#include "quasar/arch/csr.h"
#include "quasar/config/error.h"
#include "quasar/config/load.h"
#include "quasar/rtlgen/generate.h"

#include <catch2/catch.hpp>

using namespace quasar;

namespace {

config::AccelConfig ovpConfig(const std::string &array, const std::string &mode,
                              const std::string &buffers = "") {
  return config::loadAccelText("name: t\narray: " + array + "\npe: {type: ovp, ovp: {mode: " + mode +
                                   "}}\n" + buffers,
                               "t.yaml");
}

bool hasModule(const ir::Design &d, const std::string &name) { return ir::findModule(d, name); }

} // namespace

TEST_CASE("generate ovp: modules per mode and dataflow", "[emit][ovp]") {
  struct Case {
    std::string array, mode;
    bool unpackA;
  };
  for (const Case &c : {Case{"{rows: 4, cols: 2, dataflow: ws}", "w4a4", true},
                        Case{"{rows: 4, cols: 2, dataflow: os}", "w4a4", true},
                        Case{"{rows: 2, cols: 4, dataflow: ws}", "w4a8", false},
                        Case{"{rows: 2, cols: 4, dataflow: os}", "w4a8", false}}) {
    INFO(c.array << " " << c.mode);
    const ir::Design d = rtlgen::buildDesign(ovpConfig(c.array, c.mode), {});
    CHECK(hasModule(d, "qsr_pe_ovp"));
    CHECK_FALSE(hasModule(d, "qsr_pe_int"));
    CHECK(hasModule(d, "qsr_ovp_pair_tag"));
    CHECK(hasModule(d, "qsr_ovp_decoder"));
    CHECK(hasModule(d, "qsr_ovp_unpack_w"));
    CHECK(hasModule(d, "qsr_ovp_unpack_a") == c.unpackA);
  }
}

TEST_CASE("generate ovp: ovp_format CSR only in ovp designs", "[emit][ovp]") {
  const auto ovp = ovpConfig("{rows: 2, cols: 2, dataflow: ws}", "w4a4");
  const auto files = rtlgen::renderFiles(ovp, {});
  CHECK(files.at("manifest.json").find("\"name\": \"ovp_format\",\n      \"offset\": 52") !=
        std::string::npos);
  CHECK(files.at("quasar_params.h").find("= 0x34;") != std::string::npos);
  CHECK(files.at("rtl/qsr_csr.sv").find("ovp_format_o") != std::string::npos);
  const auto intCfg = config::loadAccelText("name: t\narray: {rows: 2, cols: 2}\n", "t.yaml");
  const auto intFiles = rtlgen::renderFiles(intCfg, {});
  CHECK(intFiles.at("manifest.json").find("ovp_format") == std::string::npos);
  CHECK(intFiles.at("quasar_params.h").find("0x34") == std::string::npos);
  CHECK(arch::csr::kOvpFormat == 0x34);
}

TEST_CASE("generate ovp: pair-word buffers hold half the words of twice the K-step bits",
          "[emit][ovp]") {
  // os w4a4, 4 x 2, depth 16: both buffers hold pair words (8 RAM words); a pair word is one
  // byte per lane (rows*8 activation bits, cols*8 weight bits).
  const auto cfg = ovpConfig("{rows: 4, cols: 2, dataflow: os}", "w4a4",
                             "buffers: {weight_depth: 16, act_depth: 16, acc_depth: 16}\n");
  const std::string top = rtlgen::renderFiles(cfg, {}).at("rtl/qsr_t_top.sv");
  CHECK(top.find(".Width    (16),\n    .Depth    (8),") != std::string::npos);  // weights: 2 x 8 bits
  CHECK(top.find(".Width    (32),\n    .Depth    (8),") != std::string::npos);  // activations: 4 x 8
  // ws w4a8: weights pair words, activations int8 words of one K row (not halved).
  const auto ws = ovpConfig("{rows: 4, cols: 2, dataflow: ws}", "w4a8",
                            "buffers: {weight_depth: 16, act_depth: 16, acc_depth: 16}\n");
  const std::string wsTop = rtlgen::renderFiles(ws, {}).at("rtl/qsr_t_top.sv");
  CHECK(wsTop.find(".Width    (16),\n    .Depth    (8),") != std::string::npos);
  CHECK(wsTop.find(".Width    (32),\n    .Depth    (16),") != std::string::npos);
}

TEST_CASE("generate ovp: layouts that split a pair are rejected by key", "[emit][ovp]") {
  CHECK_THROWS_WITH(rtlgen::buildDesign(ovpConfig("{rows: 3, cols: 2, dataflow: ws}", "w4a4"), {}),
                    Catch::Contains("array.rows (3) must be even"));
  CHECK_THROWS_WITH(
      rtlgen::buildDesign(ovpConfig("{rows: 2, cols: 2, dataflow: ws}", "w4a4",
                                    "buffers: {weight_depth: 6, act_depth: 16, acc_depth: 16}\n"),
                          {}),
      Catch::Contains("buffers.weight_depth per bank (3) must be even"));
  CHECK_THROWS_WITH(
      rtlgen::buildDesign(ovpConfig("{rows: 2, cols: 2, dataflow: os}", "w4a4",
                                    "buffers: {weight_depth: 12, act_depth: 10, acc_depth: 16}\n"),
                          {}),
      Catch::Contains("the os K tile (5"));
}
