// Sweeps (sweep_load.cpp): loading, axis expansion (cartesian, zip, ranges, overlays) and the
// reporting of invalid points. The sweeps are given as text named as if they lived in
// config/tests/data/, so `base: sweep_base.yaml` resolves to the file there.
#include "test_util.h"

#include "quasar/config/sweep.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

using namespace quasar::config;
using quasar::config::testing::inputErrorOf;

namespace {

const std::string kDir = QUASAR_TEST_DATA;
const std::string kSweepFile = kDir + "/s.yaml";
const std::string kBase = kDir + "/sweep_base.yaml";

Sweep load(const std::string &text) { return loadSweepText(text, kSweepFile); }

std::string sweepError(const std::string &text) {
  return inputErrorOf([&] { load(text); });
}

std::string expandError(const std::string &text) {
  return inputErrorOf([&] { expandSweep(load(text)); });
}

using Overrides = std::vector<std::pair<std::string, std::string>>;

} // namespace

TEST_CASE("sweep: cartesian points come first-axis-slowest", "[config][sweep]") {
  const Sweep s = load("name: s\n"
                       "base: sweep_base.yaml\n"
                       "axes:\n"
                       "  - {key: array.rows, values: [4, 8]}\n"
                       "  - {key: array.cols, range: {from: 4, to: 12, step: 4}}\n"
                       "  - {key: array.dataflow, values: [ws, os]}\n");
  CHECK(s.name == "s");
  CHECK(s.base == kBase);
  CHECK(s.mode == SweepMode::Cartesian);
  const std::vector<SweepPoint> points = expandSweep(s);
  REQUIRE(points.size() == 2 * 3 * 2);
  size_t i = 0;
  for (int rows : {4, 8})
    for (int cols : {4, 8, 12})
      for (const char *flow : {"ws", "os"}) {
        INFO("point " << i);
        const SweepPoint &p = points[i++];
        CHECK(p.overrides == Overrides{{"array.rows", std::to_string(rows)},
                                       {"array.cols", std::to_string(cols)},
                                       {"array.dataflow", flow}});
        CHECK(p.config.array.rows == rows);
        CHECK(p.config.array.cols == cols);
        CHECK(p.config.array.dataflow ==
              (std::string(flow) == "ws" ? Dataflow::WeightStationary
                                         : Dataflow::OutputStationary));
        // Keys no axis touches keep the base's values.
        CHECK(p.config.name == "sweep_base");
        CHECK(p.config.pe.acc_bits == 28);
        CHECK(p.config.buffers.weight_depth == 64);
      }
}

TEST_CASE("sweep: zip steps the axes together", "[config][sweep]") {
  const std::vector<SweepPoint> points =
      expandSweep(load("name: s\n"
                       "base: sweep_base.yaml\n"
                       "mode: zip\n"
                       "axes:\n"
                       "  - {key: array.rows, values: [4, 8, 16]}\n"
                       "  - {key: array.cols, range: {from: 2, to: 6, step: 2}}\n"));
  REQUIRE(points.size() == 3);
  const int rows[] = {4, 8, 16}, cols[] = {2, 4, 6};
  for (size_t i = 0; i < 3; ++i) {
    CHECK(points[i].config.array.rows == rows[i]);
    CHECK(points[i].config.array.cols == cols[i]);
  }
}

TEST_CASE("sweep: zip axes must have equal lengths", "[config][sweep]") {
  CHECK(sweepError("name: s\n"
                   "base: sweep_base.yaml\n"
                   "mode: zip\n"
                   "axes:\n"
                   "  - {key: array.rows, values: [4, 8]}\n"
                   "  - {key: array.cols, range: {from: 2, to: 6, step: 2}}\n") ==
        kSweepFile + ":6:5: error: mode: zip needs axes of equal length; 'array.cols' has 3 "
                     "values, 'array.rows' has 2");
}

TEST_CASE("sweep: ranges expand inclusively by their step", "[config][sweep]") {
  auto values = [](const std::string &range) {
    return load("name: s\nbase: sweep_base.yaml\naxes:\n  - {key: array.rows, range: " + range +
                "}\n")
        .axes.at(0)
        .values;
  };
  using V = std::vector<std::string>;
  CHECK(values("{from: 2, to: 9, step: 3}") == V{"2", "5", "8"});
  CHECK(values("{from: 2, to: 8, step: 3}") == V{"2", "5", "8"});
  CHECK(values("{from: 1, to: 4}") == V{"1", "2", "3", "4"});
  CHECK(values("{from: 3, to: 3}") == V{"3"});
  CHECK(values("{from: -2, to: 0}") == V{"-2", "-1", "0"});
}

TEST_CASE("sweep: invalid ranges and axes are reported at the axis", "[config][sweep]") {
  const std::string head = "name: s\nbase: sweep_base.yaml\naxes:\n";
  CHECK(sweepError(head + "  - {key: array.rows, range: {from: 5, to: 2}}\n") ==
        kSweepFile + ":4:30: error: 'range' needs from <= to (and an optional step >= 1)");
  CHECK(sweepError(head + "  - {key: array.rows, range: {from: 5}}\n") ==
        kSweepFile + ":4:30: error: 'range' needs from <= to (and an optional step >= 1)");
  CHECK(sweepError(head + "  - {key: array.rows, range: {from: 1, to: 4, step: 0}}\n") ==
        kSweepFile + ":4:53: error: 'axes[0].range.step' = 0 is out of range; allowed: [1, "
                     "1099511627776]");
  CHECK(sweepError(head + "  - {key: array.rows, range: {from: 1, to: 4, steps: 2}}\n") ==
        kSweepFile + ":4:47: error: unknown key 'axes[0].range.steps'; did you mean 'step'?");
  CHECK(sweepError(head + "  - {key: array.rows, values: [4], range: {from: 1, to: 2}}\n") ==
        kSweepFile + ":4:5: error: axis 'array.rows' has both 'values' and 'range'");
  CHECK(sweepError(head + "  - {key: array.rows}\n") ==
        kSweepFile + ":4:5: error: axis 'array.rows' needs 'values' or 'range'");
  CHECK(sweepError(head + "  - {key: array.rows, values: []}\n") ==
        kSweepFile + ":4:5: error: axis 'array.rows': 'values' must be a non-empty list");
  CHECK(sweepError(head + "  - {key: array.rows, values: [[4]]}\n") ==
        kSweepFile + ":4:32: error: axis 'array.rows': values must be scalars (or ~ to remove the key)");
  CHECK(sweepError(head + "  - {values: [4]}\n") ==
        kSweepFile + ":4:5: error: axis needs a 'key' (with values or range) or 'overlays'");
  CHECK(sweepError(head + "  - {key: array.rows, valeus: [4]}\n") ==
        kSweepFile + ":4:5: error: axis 'array.rows' needs 'values' or 'range'\n" + kSweepFile +
            ":4:23: error: unknown key 'axes[0].valeus'; did you mean 'values'?");
  CHECK(sweepError(head + "  - {name: pe, overlays: 5}\n") ==
        kSweepFile + ":4:26: error: 'overlays' must map a label to a partial config");
  CHECK(sweepError(head + "  - {name: pe, overlays: {a: 5}}\n") ==
        kSweepFile + ":4:30: error: overlay 'a' must be a mapping");
}

TEST_CASE("sweep: overlays deep-merge into the base and ~ removes a key", "[config][sweep]") {
  const Sweep s = load("name: s\n"
                       "base: sweep_base.yaml\n"
                       "axes:\n"
                       "  - name: variant\n"
                       "    overlays:\n"
                       "      wide: {pe: {acc_bits: 40}}\n"
                       "      ovp: {pe: {type: ovp, a_bits: ~, w_bits: ~, acc_bits: 32}}\n"
                       "      nobuf: {buffers: {weight_depth: ~}, array: {rows: 4}}\n");
  REQUIRE(s.axes.size() == 1);
  CHECK(s.axes[0].overlay);
  CHECK(s.axes[0].key == "variant");
  const std::vector<SweepPoint> points = expandSweep(s);
  REQUIRE(points.size() == 3);

  // Only acc_bits changes; the rest of `pe` stays the base's.
  CHECK(points[0].overrides == Overrides{{"variant", "wide"}});
  CHECK(points[0].config.pe.type == PeType::Int);
  CHECK(points[0].config.pe.a_bits == 8);
  CHECK(points[0].config.pe.acc_bits == 40);

  // The int operand widths are removed, so the OVP PE loads (its widths are derived).
  CHECK(points[1].overrides == Overrides{{"variant", "ovp"}});
  CHECK(points[1].config.pe.type == PeType::Ovp);
  CHECK(points[1].config.pe.a_bits == 4);
  CHECK(points[1].config.pe.acc_bits == 32);

  // A removed key falls back to its default (1024), its siblings stay (64).
  CHECK(points[2].config.buffers.weight_depth == 1024);
  CHECK(points[2].config.buffers.act_depth == 64);
  CHECK(points[2].config.array.rows == 4);
  CHECK(points[2].config.array.cols == 8);
}

TEST_CASE("sweep: an overlay axis without a name is called 'overlay'", "[config][sweep]") {
  const Sweep s = load("name: s\nbase: sweep_base.yaml\naxes:\n"
                       "  - overlays: {a: {pe: {acc_bits: 30}}}\n");
  CHECK(s.axes[0].key == "overlay");
  CHECK(describeOverrides(expandSweep(s).at(0)) == "overlay=a");
}

// A null entry ("~") in an axis' values removes the key from the base, as in overlays.
TEST_CASE("sweep: a scalar axis value ~ removes the key", "[config][sweep]") {
  const auto points = expandSweep(load("name: s\nbase: sweep_base.yaml\naxes:\n"
                                       "  - {key: buffers.act_depth, values: [~, 128]}\n"));
  REQUIRE(points.size() == 2);
  CHECK(points[0].config.buffers.act_depth == 1024);
  CHECK(points[1].config.buffers.act_depth == 128);
}

TEST_CASE("sweep: an invalid point is reported with its overrides", "[config][sweep]") {
  // rows 64 double-buffered needs 128-word buffers; the base has 64.
  const std::string message = expandError("name: s\n"
                                          "base: sweep_base.yaml\n"
                                          "axes:\n"
                                          "  - {key: array.rows, values: [8, 64]}\n"
                                          "  - {key: array.dataflow, values: [os]}\n");
  const std::string rule = " is too small for one tile: needs max(rows, cols) = 64 words x 2 "
                           "(double_buffered) = 128";
  const std::string first = kSweepFile + ": error: sweep point 1 (array.rows=64, "
                                         "array.dataflow=os) is invalid:\n";
  REQUIRE(message.substr(0, first.size()) == first);
  // The base's errors follow, one per line (their locations are checked below).
  const std::string rest = message.substr(first.size());
  CHECK(rest.find("error: buffers.weight_depth (64 words)" + rule + "\n") != std::string::npos);
  CHECK(rest.find("error: buffers.act_depth (64 words)" + rule + "\n") != std::string::npos);
  const std::string last = "error: buffers.acc_depth (64 words)" + rule;
  REQUIRE(rest.size() >= last.size());
  CHECK(rest.substr(rest.size() - last.size()) == last);
  CHECK(std::count(message.begin(), message.end(), '\n') == 3);
}

TEST_CASE("sweep: every invalid point is listed", "[config][sweep]") {
  const std::string message = expandError("name: s\n"
                                          "base: sweep_base.yaml\n"
                                          "axes:\n"
                                          "  - {key: pe.acc_bits, values: [27, 28, 20]}\n");
  CHECK(message.find("sweep point 0 (pe.acc_bits=27) is invalid:\n") != std::string::npos);
  CHECK(message.find("sweep point 1") == std::string::npos);
  CHECK(message.find("sweep point 2 (pe.acc_bits=20) is invalid:\n") != std::string::npos);
  CHECK(message.find("pe.acc_bits (27) is too narrow") != std::string::npos);
  CHECK(message.find("pe.acc_bits (20) is too narrow") != std::string::npos);
}

// Errors of an expanded point that come from the base file keep the base's locations (a
// YAML::Clone would drop them). The buffers are set on line 10 of sweep_base.yaml.
TEST_CASE("sweep: errors of an invalid point keep the base file's locations",
          "[config][sweep]") {
  CHECK(expandError("name: s\n"
                    "base: sweep_base.yaml\n"
                    "axes:\n"
                    "  - {key: array.rows, values: [64]}\n") ==
        kSweepFile + ": error: sweep point 0 (array.rows=64) is invalid:\n" + kBase +
            ":10:25: error: buffers.weight_depth (64 words) is too small for one tile: needs "
            "max(rows, cols) = 64 words x 2 (double_buffered) = 128\n" +
            kBase + ":10:40: error: buffers.act_depth (64 words) is too small for one tile: needs "
            "max(rows, cols) = 64 words x 2 (double_buffered) = 128\n" +
            kBase + ":10:55: error: buffers.acc_depth (64 words) is too small for one tile: needs "
            "max(rows, cols) = 64 words x 2 (double_buffered) = 128");
}

TEST_CASE("sweep: an unknown axis key is reported for the points it makes", "[config][sweep]") {
  CHECK(expandError("name: s\n"
                    "base: sweep_base.yaml\n"
                    "axes:\n"
                    "  - {key: array.colls, values: [4]}\n") ==
        kSweepFile + ": error: sweep point 0 (array.colls=4) is invalid:\n" + kSweepFile +
            ":4:33: error: unknown key 'array.colls'; did you mean 'cols'?");
  CHECK(expandError("name: s\n"
                    "base: sweep_base.yaml\n"
                    "axes:\n"
                    "  - {key: pipeline.depth, values: [4]}\n") ==
        kSweepFile + ": error: sweep point 0 (pipeline.depth=4) is invalid:\n" + kSweepFile +
            ":4:36: error: unknown key 'pipeline'; known keys here: array buffers fpga interfaces "
            "limits name pe post rtl top");
}

TEST_CASE("sweep: file-level errors are collected", "[config][sweep]") {
  CHECK(sweepError("name: s\n"
                   "base: nobase.yaml\n"
                   "axes: []\n"
                   "stages: [gen, fly]\n"
                   "workloads: [nowl.yaml]\n"
                   "mode: zipp\n"
                   "colour: blue\n") ==
        kSweepFile + ":2:7: error: no such file: " + kDir + "/nobase.yaml\n" + kSweepFile +
            ":6:7: error: invalid value 'zipp' for 'mode'; allowed: cartesian or zip\n" +
            kSweepFile + ":3:7: error: 'axes' must be a non-empty list\n" + kSweepFile +
            ":5:13: error: no such file: " + kDir + "/nowl.yaml\n" + kSweepFile +
            ":4:15: error: invalid entry in 'stages'; allowed: gen, lint, analytical, systemc, "
            "cosim, synth or quant\n" +
            kSweepFile + ":7:1: error: unknown key 'colour'; known keys here: axes base mode "
                         "name stages workloads");
  CHECK(sweepError("axes: [{key: array.rows, values: [4]}]\n") ==
        kSweepFile + ":1:1: error: missing required key 'name'\n" + kSweepFile +
            ":1:1: error: missing required key 'base' (the accelerator config)");
  CHECK(sweepError("") == kSweepFile + ": error: a sweep is a mapping with name, base, axes");
}

TEST_CASE("sweep: stages and workloads", "[config][sweep]") {
  const Sweep defaults = load("name: s\nbase: sweep_base.yaml\naxes: [{key: array.rows, "
                              "values: [4]}]\n");
  CHECK(defaults.stages == std::vector<Stage>{Stage::Gen, Stage::Analytical});
  CHECK(defaults.workloads.empty());

  const Sweep s = load("name: s\n"
                       "base: sweep_base.yaml\n"
                       "axes: [{key: array.rows, values: [4]}]\n"
                       "workloads: [../../../configs/workloads/small_gemm.yaml]\n"
                       "stages: [lint, cosim, synth]\n");
  CHECK(s.stages == std::vector<Stage>{Stage::Lint, Stage::Cosim, Stage::Synth});
  CHECK(s.workloads == std::vector<std::string>{QUASAR_SOURCE_DIR
                                                "/configs/workloads/small_gemm.yaml"});

  CHECK(sweepError("name: s\n"
                   "base: sweep_base.yaml\n"
                   "axes: [{key: array.rows, values: [4]}]\n"
                   "workloads: small_gemm.yaml\n") ==
        kSweepFile + ":4:12: error: 'workloads' must be a list of workload files");

  // Each workload must itself be valid: an accelerator file is not a workload.
  CHECK(sweepError("name: s\n"
                   "base: sweep_base.yaml\n"
                   "axes: [{key: array.rows, values: [4]}]\n"
                   "workloads: [sweep_base.yaml]\n") ==
        kBase + ":1:1: error: 'layers' must be a non-empty list of layers\n" + kBase +
            ":4:1: error: unknown key 'array'; known keys here: layers name\n" + kBase +
            ":5:1: error: unknown key 'pe'; known keys here: layers name\n" + kBase +
            ":10:1: error: unknown key 'buffers'; known keys here: layers name");
}

TEST_CASE("sweep: the example sweeps expand to every point", "[config][sweep]") {
  const Sweep sizes = loadSweep(QUASAR_SOURCE_DIR "/configs/sweeps/array_sizes.yaml");
  const auto sizePoints = expandSweep(sizes);
  CHECK(sizePoints.size() == 4 * 4 * 2);
  CHECK(describeOverrides(sizePoints.back()) ==
        "array.rows=32, array.cols=32, array.dataflow=os");

  const Sweep families = loadSweep(QUASAR_SOURCE_DIR "/configs/sweeps/pe_families.yaml");
  const auto familyPoints = expandSweep(families);
  CHECK(familyPoints.size() == 5 * 3 * 3);
  CHECK(describeOverrides(familyPoints.front()) ==
        "pe=int8, array.rows=8, array.cols=8, limits.k_max=11008");
  // Point 9 * 2 = 18 is the first of the third overlay (ovp4).
  CHECK(describeOverrides(familyPoints[18]) ==
        "pe=ovp4, array.rows=8, array.cols=8, limits.k_max=11008");
  CHECK(familyPoints[18].config.limits.k_max == 11008); // LLaMA-7B's down_proj fits
  CHECK(familyPoints[18].config.pe.type == PeType::Ovp);
  CHECK(families.workloads.size() == 2);
}

// Every other error follows "file[:line:col]: error: message" (README, Exit codes).
TEST_CASE("sweep: too many points is reported in the error format",
          "[config][sweep]") {
  CHECK(expandError("name: s\n"
                    "base: sweep_base.yaml\n"
                    "axes:\n"
                    "  - {key: array.rows, range: {from: 1, to: 100}}\n"
                    "  - {key: array.cols, range: {from: 1, to: 100}}\n"
                    "  - {key: limits.k_max, range: {from: 1, to: 100}}\n") ==
        kSweepFile + ": error: the sweep has more than 100000 points");
}
