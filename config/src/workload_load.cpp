// Reading a workload YAML (see workload.h for the schema).
#include "quasar/config/load.h"
#include "quasar/config/workload.h"

#include "yaml_reader.h"

#include <filesystem>
#include <set>
#include <sstream>

namespace quasar::config {
namespace {

constexpr int64_t kMaxDim = int64_t(1) << 24;

std::string resolvePath(const std::string &file, const std::string &relativeTo) {
  namespace fs = std::filesystem;
  fs::path p(file);
  if (p.is_absolute()) return p.string();
  return (fs::path(relativeTo).parent_path() / p).lexically_normal().string();
}

void readSource(MapReader &r, TensorSource &t, const std::string &workloadFile, Diagnostics &diag) {
  r.readEnum("source", t.source);
  if (t.source == TensorSourceKind::Random) {
    r.readEnum("dist", t.dist);
    int64_t seed = int64_t(t.seed);
    r.read("seed", seed, 0, int64_t(1) << 62);
    t.seed = uint64_t(seed);
    switch (t.dist) {
    case Distribution::IntUniform: break;
    case Distribution::Uniform:
      r.read("lo", t.lo, -1e30, 1e30);
      r.read("hi", t.hi, -1e30, 1e30);
      if (t.lo >= t.hi) r.error("hi", "'" + r.pathOf("hi") + "' must be greater than lo");
      break;
    case Distribution::Normal:
      r.read("mean", t.mean, -1e30, 1e30);
      r.read("std", t.std, 1e-30, 1e30);
      break;
    case Distribution::StudentT:
      r.read("nu", t.nu, 0.1, 1e6);
      r.read("scale", t.scale, 1e-30, 1e30);
      break;
    case Distribution::OutlierChannels:
      r.read("std", t.std, 1e-30, 1e30);
      r.read("outlier_channels", t.outlier_channels, 0, 1 << 20);
      r.read("outlier_scale", t.outlier_scale, 1.0, 1e6);
      break;
    }
  } else {
    r.read("file", t.file);
    if (t.file.empty()) {
      diag.error(r.loc(), "'" + r.pathOf("file") + "' is required with source: " + toString(t.source));
    } else {
      t.file = resolvePath(t.file, workloadFile);
      if (!std::filesystem::exists(t.file)) r.error("file", "no such file: " + t.file);
    }
    if (t.source == TensorSourceKind::Safetensors) {
      r.read("tensor", t.tensor);
      if (t.tensor.empty())
        diag.error(r.loc(), "'" + r.pathOf("tensor") + "' (the tensor name) is required with "
                                                       "source: safetensors");
    }
  }
  r.finish();
}

void readLayer(MapReader &r, LayerConfig &layer, const std::string &workloadFile,
               Diagnostics &diag) {
  layer.loc = r.loc();
  if (!r.isMap()) return; // the reader reported it; nothing else to say about this layer
  r.read("name", layer.name);
  r.read("repeat", layer.repeat, 1, 1 << 20);
  int shapes = 0;
  if (auto s = r.section("gemm")) {
    ++shapes;
    layer.kind = LayerKind::Gemm;
    s->read("m", layer.gemm.m, 1, kMaxDim);
    s->read("n", layer.gemm.n, 1, kMaxDim);
    s->read("k", layer.gemm.k, 1, kMaxDim);
    s->finish();
  }
  if (auto s = r.section("conv2d")) {
    ++shapes;
    layer.kind = LayerKind::Conv2d;
    Conv2dShape &c = layer.conv2d;
    for (auto [key, field] : {std::pair<const char *, int64_t *>{"n", &c.n}, {"h", &c.h},
                              {"w", &c.w}, {"c", &c.c}, {"k", &c.k}, {"r", &c.r}, {"s", &c.s}})
      s->read(key, *field, 1, kMaxDim);
    s->read("stride", c.stride, 1, 64);
    s->read("padding", c.padding, 0, 64);
    s->read("dilation", c.dilation, 1, 64);
    if (c.outH() < 1 || c.outW() < 1)
      diag.error(s->loc(), "conv2d output would be empty: the dilated kernel (" +
                               std::to_string(c.dilation * (c.r - 1) + 1) + "x" +
                               std::to_string(c.dilation * (c.s - 1) + 1) +
                               ") is larger than the padded input (" +
                               std::to_string(c.h + 2 * c.padding) + "x" +
                               std::to_string(c.w + 2 * c.padding) + ")");
    s->finish();
  }
  if (auto s = r.section("transformer")) {
    ++shapes;
    layer.kind = LayerKind::Transformer;
    TransformerShape &t = layer.transformer;
    s->read("seq", t.seq, 1, kMaxDim);
    s->read("hidden", t.hidden, 1, kMaxDim);
    s->read("heads", t.heads, 1, 1024);
    s->read("ffn", t.ffn, 1, kMaxDim);
    if (t.hidden % t.heads != 0)
      s->error("heads", "transformer hidden (" + std::to_string(t.hidden) +
                            ") must be a multiple of heads (" + std::to_string(t.heads) + ")");
    s->finish();
  }
  if (shapes != 1)
    diag.error(layer.loc, "layer '" + layer.name + "' needs exactly one of gemm, conv2d or "
                          "transformer (found " + std::to_string(shapes) + ")");
  if (auto s = r.section("activations")) readSource(*s, layer.activations, workloadFile, diag);
  if (auto s = r.section("weights")) readSource(*s, layer.weights, workloadFile, diag);
  if (layer.name.empty()) diag.error(layer.loc, "layer without a 'name'");
  r.finish();
}

Workload loadWorkloadNode(const YAML::Node &root, const std::string &file) {
  Diagnostics diag;
  Workload w;
  w.source_file = file;
  ReadContext ctx{file, diag, nullptr};
  MapReader r(root, "", ctx);
  if (!r.isMap()) {
    diag.error(SourceLoc{file, 0, 0}, "a workload is a mapping with 'name' and 'layers'");
    diag.checkpoint();
  }
  r.read("name", w.name);
  if (w.name.empty()) diag.error(SourceLoc{file, 1, 1}, "missing required key 'name'");
  const YAML::Node layers = r.raw("layers");
  if (!layers || !layers.IsSequence() || layers.size() == 0) {
    diag.error(layers ? locOf(ctx, layers) : SourceLoc{file, 1, 1},
               "'layers' must be a non-empty list of layers");
  } else {
    std::set<std::string> names;
    for (size_t i = 0; i < layers.size(); ++i) {
      MapReader lr(layers[i], "layers[" + std::to_string(i) + "]", ctx);
      LayerConfig layer;
      readLayer(lr, layer, file, diag);
      if (!layer.name.empty() && !names.insert(layer.name).second)
        diag.error(layer.loc, "duplicate layer name '" + layer.name + "'");
      w.layers.push_back(layer);
    }
  }
  r.finish();
  diag.checkpoint();
  return w;
}

} // namespace

Workload loadWorkloadText(const std::string &text, const std::string &name) {
  Diagnostics diag;
  const auto root = parseYamlText(text, name, diag);
  diag.checkpoint();
  return loadWorkloadNode(*root, name);
}

Workload loadWorkload(const std::string &path) {
  Diagnostics diag;
  const auto root = parseYamlFile(path, diag);
  diag.checkpoint();
  return loadWorkloadNode(*root, path);
}

std::vector<GemmLayer> lowerToGemm(const Workload &workload) {
  std::vector<GemmLayer> out;
  for (const LayerConfig &l : workload.layers) {
    auto add = [&](const std::string &name, int64_t m, int64_t n, int64_t k, int64_t count) {
      out.push_back(GemmLayer{name, m, n, k, count * l.repeat, l.activations, l.weights});
    };
    switch (l.kind) {
    case LayerKind::Gemm: add(l.name, l.gemm.m, l.gemm.n, l.gemm.k, 1); break;
    case LayerKind::Conv2d: {
      const Conv2dShape &c = l.conv2d;
      add(l.name, c.n * c.outH() * c.outW(), c.k, c.r * c.s * c.c, 1);
      break;
    }
    case LayerKind::Transformer: {
      const TransformerShape &t = l.transformer;
      const int64_t headDim = t.hidden / t.heads;
      add(l.name + ".qkv", t.seq, 3 * t.hidden, t.hidden, 1);
      add(l.name + ".scores", t.seq, t.seq, headDim, t.heads);
      add(l.name + ".context", t.seq, headDim, t.seq, t.heads);
      add(l.name + ".out_proj", t.seq, t.hidden, t.hidden, 1);
      add(l.name + ".ffn1", t.seq, t.ffn, t.hidden, 1);
      add(l.name + ".ffn2", t.seq, t.hidden, t.ffn, 1);
      break;
    }
    }
  }
  return out;
}

std::string loweredYaml(const Workload &w) {
  std::ostringstream s;
  s << "name: " << w.name << "\nlayers:\n";
  for (const GemmLayer &g : lowerToGemm(w)) {
    s << "  - {name: " << g.name << ", gemm: {m: " << g.m << ", n: " << g.n << ", k: " << g.k
      << "}, repeat: " << g.count << "}\n";
  }
  return s.str();
}

} // namespace quasar::config
