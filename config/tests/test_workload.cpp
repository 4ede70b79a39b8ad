// Workloads (workload_load.cpp): the schema, tensor sources, and the lowering of conv2d and
// transformer layers to GEMMs, checked against shapes worked out by hand. Also checkFit
// (fit.cpp), which compares lowered GEMMs with an accelerator's limits.
#include "test_util.h"

#include "quasar/config/fit.h"
#include "quasar/config/load.h"
#include "quasar/config/workload.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace quasar::config;
using quasar::config::testing::inputErrorOf;
using quasar::config::testing::workloadError;

namespace {

struct Expected {
  std::string name;
  int64_t m, n, k, count;
};

void checkGemms(const Workload &w, const std::vector<Expected> &expected) {
  const std::vector<GemmLayer> gemms = lowerToGemm(w);
  REQUIRE(gemms.size() == expected.size());
  for (size_t i = 0; i < gemms.size(); ++i) {
    INFO("GEMM " << i << " " << expected[i].name);
    CHECK(gemms[i].name == expected[i].name);
    CHECK(gemms[i].m == expected[i].m);
    CHECK(gemms[i].n == expected[i].n);
    CHECK(gemms[i].k == expected[i].k);
    CHECK(gemms[i].count == expected[i].count);
  }
}

Workload load(const std::string &text) { return loadWorkloadText(text, "w.yaml"); }

// A one-layer workload whose activations are `source` (block lines indented by 6).
std::string withActivations(const std::string &source) {
  return "name: w\n"
         "layers:\n"
         "  - name: a\n"
         "    gemm: {m: 1, n: 1, k: 1}\n"
         "    activations:\n" +
         source;
}

} // namespace

TEST_CASE("workload: a GEMM layer keeps its shape and repeat multiplies the count",
          "[config][workload]") {
  checkGemms(load("name: w\n"
                  "layers:\n"
                  "  - {name: fc, gemm: {m: 5, n: 7, k: 9}}\n"
                  "  - {name: proj, gemm: {m: 512, n: 4096, k: 11008}, repeat: 32}\n"),
             {{"fc", 5, 7, 9, 1}, {"proj", 512, 4096, 11008, 32}});
  // Absent dimensions are 1.
  checkGemms(load("name: w\nlayers: [{name: v, gemm: {k: 3}}]\n"), {{"v", 1, 1, 3, 1}});
}

TEST_CASE("workload: conv2d lowers by im2col: M = N*OH*OW, N = K, K = R*S*C",
          "[config][workload][conv]") {
  SECTION("ResNet-50 conv1: 224x224x3, 7x7/2, pad 3") {
    // OH = floor((224 + 6 - 7) / 2) + 1 = 111 + 1 = 112; M = 112 * 112 = 12544; K = 7*7*3.
    checkGemms(load("name: w\n"
                    "layers:\n"
                    "  - name: conv1\n"
                    "    conv2d: {n: 1, h: 224, w: 224, c: 3, k: 64, r: 7, s: 7, stride: 2, "
                    "padding: 3}\n"),
               {{"conv1", 12544, 64, 147, 1}});
  }
  SECTION("3x3, pad 1 keeps 56x56; dilation 2 with pad 2 too") {
    // Dilated kernel: 2*(3-1)+1 = 5; (56 + 4 - 5) / 1 + 1 = 56.
    checkGemms(load("name: w\n"
                    "layers:\n"
                    "  - {name: a, conv2d: {n: 1, h: 56, w: 56, c: 64, k: 64, r: 3, s: 3, "
                    "padding: 1}}\n"
                    "  - {name: b, conv2d: {n: 1, h: 56, w: 56, c: 64, k: 64, r: 3, s: 3, "
                    "padding: 2, dilation: 2}}\n"),
               {{"a", 3136, 64, 576, 1}, {"b", 3136, 64, 576, 1}});
  }
  SECTION("batch, non-square input and kernel, stride and dilation together") {
    // Dilated kernel 5x3 over an 13x9 padded input, stride 2:
    // OH = floor((11 + 2 - 5) / 2) + 1 = 5, OW = floor((7 + 2 - 3) / 2) + 1 = 4.
    const Workload w = load("name: w\n"
                            "layers:\n"
                            "  - name: odd\n"
                            "    conv2d: {n: 2, h: 11, w: 7, c: 5, k: 6, r: 3, s: 2, stride: 2, "
                            "padding: 1, dilation: 2}\n");
    CHECK(w.layers[0].conv2d.outH() == 5);
    CHECK(w.layers[0].conv2d.outW() == 4);
    checkGemms(w, {{"odd", 2 * 5 * 4, 6, 3 * 2 * 5, 1}});
  }
  SECTION("a stride that does not divide drops the remainder") {
    // floor((10 - 3) / 3) + 1 = 3: windows start at 0, 3, 6.
    checkGemms(load("name: w\n"
                    "layers: [{name: c, conv2d: {h: 10, w: 10, r: 3, s: 3, stride: 3}}]\n"),
               {{"c", 9, 1, 9, 1}});
  }
  SECTION("ViT-B/16 patch embedding") {
    checkGemms(load("name: w\n"
                    "layers:\n"
                    "  - {name: patch, conv2d: {n: 1, h: 224, w: 224, c: 3, k: 768, r: 16, s: 16, "
                    "stride: 16}}\n"),
               {{"patch", 196, 768, 768, 1}});
  }
}

TEST_CASE("workload: a transformer block expands to its six GEMMs", "[config][workload]") {
  // hidden 768 / 12 heads = 64 per head. qkv: [seq x hidden] x [3*hidden x hidden]^T;
  // scores per head: [seq x 64] x [seq x 64]^T; context per head: [seq x seq] x [64 x seq]^T.
  checkGemms(load("name: w\n"
                  "layers:\n"
                  "  - name: enc\n"
                  "    transformer: {seq: 128, hidden: 768, heads: 12, ffn: 3072}\n"
                  "    repeat: 2\n"),
             {{"enc.qkv", 128, 2304, 768, 2},
              {"enc.scores", 128, 128, 64, 24},
              {"enc.context", 128, 64, 128, 24},
              {"enc.out_proj", 128, 768, 768, 2},
              {"enc.ffn1", 128, 3072, 768, 2},
              {"enc.ffn2", 128, 768, 3072, 2}});
}

TEST_CASE("workload: BERT-base has the hand-counted number of MACs", "[config][workload]") {
  // Per block: qkv 128*2304*768 = 226492416, scores and context 128*128*64*12 = 12582912
  // each, out_proj 128*768*768 = 75497472, ffn1 and ffn2 128*3072*768 = 301989888 each:
  // 931135488; 12 blocks: 11173625856.
  const Workload w = loadWorkload(QUASAR_SOURCE_DIR "/configs/workloads/bert_base.yaml");
  int64_t macs = 0;
  for (const GemmLayer &g : lowerToGemm(w)) macs += g.m * g.n * g.k * g.count;
  CHECK(macs == 11173625856);
}

TEST_CASE("workload: the lowered YAML lists every GEMM", "[config][workload]") {
  CHECK(loweredYaml(load("name: w\nlayers:\n  - {name: c, conv2d: {h: 4, w: 4, c: 2, k: 3, r: 3, "
                         "s: 3, padding: 1}, repeat: 2}\n")) ==
        "name: w\n"
        "layers:\n"
        "  - {name: c, gemm: {m: 16, n: 3, k: 18}, repeat: 2}\n");
}

TEST_CASE("workload: a layer has exactly one shape", "[config][workload]") {
  CHECK(workloadError("name: w\n"
                      "layers:\n"
                      "  - name: a\n"
                      "    gemm: {m: 1, n: 2, k: 3}\n"
                      "    conv2d: {n: 1}\n") ==
        "w.yaml:3:5: error: layer 'a' needs exactly one of gemm, conv2d or transformer (found 2)");
  CHECK(workloadError("name: w\n"
                      "layers:\n"
                      "  - name: a\n"
                      "    repeat: 2\n") ==
        "w.yaml:3:5: error: layer 'a' needs exactly one of gemm, conv2d or transformer (found 0)");
}

TEST_CASE("workload: layer names are required and unique", "[config][workload]") {
  CHECK(workloadError("name: w\n"
                      "layers:\n"
                      "  - name: a\n"
                      "    gemm: {m: 1}\n"
                      "  - name: b\n"
                      "    gemm: {m: 1}\n"
                      "  - name: a\n"
                      "    gemm: {m: 2}\n") == "w.yaml:7:5: error: duplicate layer name 'a'");
  CHECK(workloadError("name: w\n"
                      "layers:\n"
                      "  - gemm: {m: 1}\n") == "w.yaml:3:5: error: layer without a 'name'");
}

// A layer that is not a mapping is one error, without the follow-on errors of an empty layer
// ("needs exactly one of ...", "without a 'name'").
TEST_CASE("workload: a layer that is not a mapping is one error",
          "[config][workload]") {
  CHECK(workloadError("name: w\nlayers: [5]\n") ==
        "w.yaml:2:10: error: 'layers[0]' must be a mapping of key: value");
}

TEST_CASE("workload: name and a non-empty layer list are required", "[config][workload]") {
  CHECK(workloadError("layers: [{name: a, gemm: {m: 1}}]\n") ==
        "w.yaml:1:1: error: missing required key 'name'");
  CHECK(workloadError("name: w\nlayers: []\n") ==
        "w.yaml:2:9: error: 'layers' must be a non-empty list of layers");
  CHECK(workloadError("name: w\nlayers: {name: a}\n") ==
        "w.yaml:2:9: error: 'layers' must be a non-empty list of layers");
  CHECK(workloadError("name: w\n") ==
        "w.yaml:1:1: error: 'layers' must be a non-empty list of layers");
  CHECK(workloadError("") == "w.yaml: error: a workload is a mapping with 'name' and 'layers'");
  CHECK(workloadError("name: w\nlayers: [{name: a, gemm: {m: 1}}]\nlayer: 3\n") ==
        "w.yaml:3:1: error: unknown key 'layer'; did you mean 'layers'?");
}

TEST_CASE("workload: shape values are range-checked", "[config][workload]") {
  CHECK(workloadError("name: w\n"
                      "layers:\n"
                      "  - name: a\n"
                      "    gemm: {m: 0, n: 1, k: 1}\n") ==
        "w.yaml:4:15: error: 'layers[0].gemm.m' = 0 is out of range; allowed: [1, 16777216]");
  CHECK(workloadError("name: w\n"
                      "layers:\n"
                      "  - name: a\n"
                      "    conv2d: {h: 8, w: 8, stride: 0}\n") ==
        "w.yaml:4:34: error: 'layers[0].conv2d.stride' = 0 is out of range; allowed: [1, 64]");
  CHECK(workloadError("name: w\n"
                      "layers:\n"
                      "  - name: a\n"
                      "    gemm: {m: 1}\n"
                      "    repeat: 0\n") ==
        "w.yaml:5:13: error: 'layers[0].repeat' = 0 is out of range; allowed: [1, 1048576]");
}

TEST_CASE("workload: transformer hidden must split evenly into heads", "[config][workload]") {
  CHECK(workloadError("name: w\n"
                      "layers:\n"
                      "  - name: t\n"
                      "    transformer: {hidden: 100, heads: 12}\n") ==
        "w.yaml:4:39: error: transformer hidden (100) must be a multiple of heads (12)");
}

TEST_CASE("workload: a conv2d whose kernel exceeds the padded input is rejected",
          "[config][workload][conv]") {
  CHECK(workloadError("name: w\n"
                      "layers:\n"
                      "  - name: c\n"
                      "    conv2d: {h: 2, w: 2, r: 3, s: 3}\n") ==
        "w.yaml:4:13: error: conv2d output would be empty: the dilated kernel (3x3) is larger "
        "than the padded input (2x2)");
  CHECK(workloadError("name: w\n"
                      "layers:\n"
                      "  - name: c\n"
                      "    conv2d: {h: 5, w: 5, r: 3, s: 3, dilation: 3}\n") ==
        "w.yaml:4:13: error: conv2d output would be empty: the dilated kernel (7x7) is larger "
        "than the padded input (5x5)");
}

// Conv2dShape::outH/outW must floor a negative span (C++ division truncates toward zero):
// with h = 2, r = 3, stride 2 the output is floor(-1/2) + 1 = 0, not (2 - 3) / 2 + 1 = 1.
TEST_CASE("workload: an empty conv2d output is rejected whatever the stride",
          "[config][workload][conv]") {
  CHECK(workloadError("name: w\n"
                      "layers:\n"
                      "  - name: c\n"
                      "    conv2d: {h: 2, w: 2, r: 3, s: 3, stride: 2}\n") ==
        "w.yaml:4:13: error: conv2d output would be empty: the dilated kernel (3x3) is larger "
        "than the padded input (2x2)");
}

TEST_CASE("workload: tensor sources default to seeded int_uniform", "[config][workload][source]") {
  const Workload w = load("name: w\nlayers: [{name: a, gemm: {m: 1}}]\n");
  const TensorSource &a = w.layers[0].activations;
  CHECK(a.source == TensorSourceKind::Random);
  CHECK(a.dist == Distribution::IntUniform);
  CHECK(a.seed == 1);
}

TEST_CASE("workload: each distribution reads its own keys", "[config][workload][source]") {
  const Workload w = load("name: w\n"
                          "layers:\n"
                          "  - name: a\n"
                          "    gemm: {m: 1}\n"
                          "    activations: {dist: uniform, lo: -2, hi: 3.5, seed: 9}\n"
                          "    weights: {dist: normal, mean: 0.5, std: 0.02}\n"
                          "  - name: b\n"
                          "    gemm: {m: 1}\n"
                          "    activations: {dist: student_t, nu: 4, scale: 0.1}\n"
                          "    weights: {dist: outlier_channels, std: 2, outlier_channels: 6, "
                          "outlier_scale: 40}\n");
  const TensorSource &u = w.layers[0].activations;
  CHECK(u.dist == Distribution::Uniform);
  CHECK(u.lo == -2.0);
  CHECK(u.hi == 3.5);
  CHECK(u.seed == 9);
  const TensorSource &n = w.layers[0].weights;
  CHECK(n.dist == Distribution::Normal);
  CHECK(n.mean == 0.5);
  CHECK(n.std == 0.02);
  const TensorSource &t = w.layers[1].activations;
  CHECK(t.dist == Distribution::StudentT);
  CHECK(t.nu == 4.0);
  CHECK(t.scale == 0.1);
  const TensorSource &o = w.layers[1].weights;
  CHECK(o.dist == Distribution::OutlierChannels);
  CHECK(o.std == 2.0);
  CHECK(o.outlier_channels == 6);
  CHECK(o.outlier_scale == 40.0);
}

TEST_CASE("workload: a key of another distribution is unknown", "[config][workload][source]") {
  // The offending key is always on line 7, indented by 6: column 7.
  const std::string prefix = "w.yaml:7:7: error: unknown key 'layers[0].activations.";
  CHECK(workloadError(withActivations("      dist: int_uniform\n      mean: 0\n")) ==
        prefix + "mean'; known keys here: dist seed source");
  CHECK(workloadError(withActivations("      dist: uniform\n      scale: 1\n")) ==
        prefix + "scale'; known keys here: dist hi lo seed source");
  CHECK(workloadError(withActivations("      dist: normal\n      lo: 0\n")) ==
        prefix + "lo'; known keys here: dist mean seed source std");
  CHECK(workloadError(withActivations("      dist: student_t\n      mean: 1\n")) ==
        prefix + "mean'; known keys here: dist nu scale seed source");
  CHECK(workloadError(withActivations("      dist: outlier_channels\n      nu: 3\n")) ==
        prefix + "nu'; known keys here: dist outlier_channels outlier_scale seed source std");
  CHECK(workloadError(withActivations("      source: random\n      file: a.npy\n")) ==
        prefix + "file'; known keys here: dist seed source");
  CHECK(workloadError(withActivations("      source: npy\n      seed: 3\n"),
                      QUASAR_TEST_DATA "/w.yaml") ==
        QUASAR_TEST_DATA "/w.yaml:6:7: error: 'layers[0].activations.file' is required with "
                         "source: npy\n" QUASAR_TEST_DATA
                         "/w.yaml:7:7: error: unknown key 'layers[0].activations.seed'; known "
                         "keys here: file source");
}

TEST_CASE("workload: invalid source values", "[config][workload][source]") {
  CHECK(workloadError(withActivations("      dist: uniform\n      lo: 1\n      hi: 1\n")) ==
        "w.yaml:8:11: error: 'layers[0].activations.hi' must be greater than lo");
  CHECK(workloadError(withActivations("      dist: normal\n      std: 0\n")) ==
        "w.yaml:7:12: error: 'layers[0].activations.std' = 0 is out of range; allowed: a number "
        "in [1e-30, 1e+30]");
  CHECK(workloadError(withActivations("      dist: gauss\n")) ==
        "w.yaml:6:13: error: invalid value 'gauss' for 'layers[0].activations.dist'; allowed: "
        "int_uniform, uniform, normal, student_t or outlier_channels");
  CHECK(workloadError(withActivations("      source: csv\n")) ==
        "w.yaml:6:15: error: invalid value 'csv' for 'layers[0].activations.source'; allowed: "
        "random, npy or safetensors");
}

TEST_CASE("workload: npy and safetensors files are resolved next to the workload",
          "[config][workload][source]") {
  const std::string dir = QUASAR_TEST_DATA;
  const std::string file = dir + "/w.yaml";
  const Workload w =
      loadWorkloadText(withActivations("      source: npy\n"
                                       "      file: tensors/tiny_i8_2x3.npy\n") +
                           "    weights: {source: safetensors, "
                           "file: tensors/tiny_i8_2x3.safetensors, tensor: w}\n",
                       file);
  CHECK(w.layers[0].activations.source == TensorSourceKind::Npy);
  CHECK(w.layers[0].activations.file == dir + "/tensors/tiny_i8_2x3.npy");
  CHECK(w.layers[0].weights.source == TensorSourceKind::Safetensors);
  CHECK(w.layers[0].weights.file == dir + "/tensors/tiny_i8_2x3.safetensors");
  CHECK(w.layers[0].weights.tensor == "w");
}

TEST_CASE("workload: a missing npy file is reported at the file value",
          "[config][workload][source]") {
  CHECK(workloadError(withActivations("      source: npy\n"
                                      "      file: missing.npy\n")) ==
        "w.yaml:7:13: error: no such file: missing.npy");
  CHECK(workloadError(withActivations("      source: npy\n"
                                      "      file: missing.npy\n"),
                      "sub/w.yaml") == "sub/w.yaml:7:13: error: no such file: sub/missing.npy");
}

TEST_CASE("workload: safetensors needs the tensor name", "[config][workload][source]") {
  const std::string file = QUASAR_TEST_DATA "/w.yaml";
  CHECK(workloadError(withActivations("      source: safetensors\n"
                                      "      file: tensors/tiny_i8_2x3.safetensors\n"),
                      file) ==
        file + ":6:7: error: 'layers[0].activations.tensor' (the tensor name) is required with "
               "source: safetensors");
}

TEST_CASE("fit: GEMMs beyond the accelerator's limits are listed with their layer",
          "[config][workload][fit]") {
  const AccelConfig accel = loadAccelText("name: small\nlimits: {k_max: 4096, m_max: 100, "
                                          "n_max: 65535}\n",
                                          "a.yaml");
  const Workload w = load("name: w\n"
                          "layers:\n"
                          "  - name: ok\n"
                          "    gemm: {m: 100, n: 7, k: 4096}\n"
                          "  - name: big\n"
                          "    gemm: {m: 101, n: 7, k: 4097}\n"
                          "  - name: blk\n"
                          "    transformer: {seq: 64, hidden: 2048, heads: 16, ffn: 8192}\n");
  CHECK(inputErrorOf([&] { checkFit(accel, w); }) ==
        "w.yaml:5:5: error: layer 'big': m = 101 exceeds limits.m_max = 100 of small\n"
        "w.yaml:5:5: error: layer 'big': k = 4097 exceeds limits.k_max = 4096 of small\n"
        "w.yaml:7:5: error: layer 'blk.ffn2': k = 8192 exceeds limits.k_max = 4096 of small");
}

TEST_CASE("fit: odd K on OVP PEs is a note, not an error", "[config][workload][fit]") {
  const AccelConfig ovp = loadAccelText("name: o\npe: {type: ovp}\n", "a.yaml");
  const Workload w = load("name: w\n"
                          "layers:\n"
                          "  - {name: even, gemm: {m: 4, n: 4, k: 8}}\n"
                          "  - {name: odd, gemm: {m: 4, n: 4, k: 9}}\n");
  CHECK(checkFit(ovp, w) ==
        std::vector<std::string>{"layer 'odd': K = 9 is odd; OVP pairs need even K, so the host "
                                 "pads one zero column"});
  CHECK(checkFit(loadAccelText("name: i\n", "a.yaml"), w).empty());
}
