// A workload: the layers an accelerator is evaluated on, with where their tensors come from.
//
// Layers are written as GEMMs, conv2d shapes (lowered to GEMM by im2col, NHWC) or transformer
// blocks (expanded to their GEMMs); lowerToGemm() gives the list every engine runs.
#pragma once

#include "quasar/config/diagnostics.h"
#include "quasar/config/enums.h"

#include <cstdint>
#include <string>
#include <vector>

namespace quasar::config {

// Where one operand tensor comes from. Random tensors are reproducible from the seed.
struct TensorSource {
  TensorSourceKind source = TensorSourceKind::Random;
  Distribution dist = Distribution::IntUniform; // int_uniform: every code of the operand width
  uint64_t seed = 1;
  double lo = -1.0, hi = 1.0;                   // uniform
  double mean = 0.0, std = 1.0;                 // normal, outlier_channels (base)
  double nu = 3.0, scale = 1.0;                 // student_t: degrees of freedom, scale
  int outlier_channels = 4;                     // outlier_channels: how many channels (along K)
  double outlier_scale = 30.0;                  //   and how much larger they are
  std::string file;                             // npy, safetensors (resolved to the file's dir)
  std::string tensor;                           // safetensors: tensor name
};

struct GemmShape {
  int64_t m = 1, n = 1, k = 1;
};

struct Conv2dShape {
  int64_t n = 1, h = 1, w = 1, c = 1; // input NHWC
  int64_t k = 1, r = 1, s = 1;        // output channels, kernel height, width
  int64_t stride = 1, padding = 0, dilation = 1;
  // Output extent; 0 when the dilated kernel does not fit the padded input (a negative span
  // must not be truncated toward zero by the division).
  int64_t outH() const { return outExtent(h, r); }
  int64_t outW() const { return outExtent(w, s); }

private:
  int64_t outExtent(int64_t in, int64_t kernel) const {
    const int64_t span = in + 2 * padding - dilation * (kernel - 1) - 1;
    return span < 0 ? 0 : span / stride + 1;
  }
};

struct TransformerShape {
  int64_t seq = 128, hidden = 768, heads = 12, ffn = 3072;
};

struct LayerConfig {
  std::string name;
  LayerKind kind = LayerKind::Gemm;
  GemmShape gemm;
  Conv2dShape conv2d;
  TransformerShape transformer;
  int64_t repeat = 1;           // identical instances (e.g. 12 encoder layers)
  TensorSource activations;
  TensorSource weights;
  SourceLoc loc;
};

struct Workload {
  std::string name;
  std::vector<LayerConfig> layers;
  std::string source_file;
};

// One GEMM an engine runs: A [m x k] times W [n x k]^T, `count` identical times.
struct GemmLayer {
  std::string name;   // "<layer>" or "<layer>.<part>" for expanded transformer blocks
  int64_t m = 1, n = 1, k = 1;
  int64_t count = 1;
  TensorSource activations;
  TensorSource weights;
};

Workload loadWorkload(const std::string &path);
Workload loadWorkloadText(const std::string &text, const std::string &name);

// The GEMMs of a workload, in order. Conv2d: M = N*OH*OW, N = K, K = R*S*C.
// Transformer (per block): qkv, scores (x heads), context (x heads), out_proj, ffn1, ffn2.
std::vector<GemmLayer> lowerToGemm(const Workload &workload);

// The lowered GEMM list as YAML (what `quasar check` prints for a workload).
std::string loweredYaml(const Workload &workload);

} // namespace quasar::config
