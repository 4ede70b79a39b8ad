// Reading a sweep YAML and expanding it into validated accelerator configs.
#include "quasar/config/sweep.h"

#include "quasar/config/error.h"
#include "quasar/config/load.h"
#include "quasar/config/workload.h"
#include "yaml_reader.h"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace quasar::config {
namespace {

constexpr size_t kMaxPoints = 100000;

std::string resolve(const std::string &file, const std::string &relativeTo) {
  namespace fs = std::filesystem;
  if (fs::path(file).is_absolute()) return file;
  return (fs::path(relativeTo).parent_path() / file).lexically_normal().string();
}

// Records every key path an overlay sets (and its prefixes) with where the sweep sets it.
void collectPaths(const YAML::Node &node, const std::string &prefix, const ReadContext &ctx,
                  std::map<std::string, SourceLoc> &out) {
  for (const auto &kv : node) {
    const std::string path = prefix.empty() ? kv.first.Scalar() : prefix + "." + kv.first.Scalar();
    out[path] = locOf(ctx, kv.second.IsNull() ? kv.first : kv.second);
    if (kv.second.IsMap()) collectPaths(kv.second, path, ctx, out);
  }
}

// Records a dotted key and its prefixes.
void keyPaths(const std::string &key, const SourceLoc &loc, std::map<std::string, SourceLoc> &out) {
  for (size_t dot = key.find('.'); dot != std::string::npos; dot = key.find('.', dot + 1))
    out[key.substr(0, dot)] = loc;
  out[key] = loc;
}

void readOverlayAxis(MapReader &r, SweepAxis &axis, Diagnostics &diag, const ReadContext &ctx) {
  axis.overlay = true;
  axis.key = "overlay";
  r.read("name", axis.key);
  const YAML::Node overlays = r.raw("overlays");
  if (!overlays.IsMap() || overlays.size() == 0) {
    diag.error(locOf(ctx, overlays), "'overlays' must map a label to a partial config");
  } else {
    for (const auto &kv : overlays) {
      if (!kv.second.IsMap()) {
        diag.error(locOf(ctx, kv.second), "overlay '" + kv.first.Scalar() + "' must be a mapping");
        continue;
      }
      YAML::Emitter out;
      out << YAML::Flow << kv.second;
      axis.labels.push_back(kv.first.Scalar());
      axis.values.push_back(out.c_str());
      axis.valueLocs.emplace_back();
      collectPaths(kv.second, "", ctx, axis.valueLocs.back());
    }
  }
  r.finish();
}

void readAxis(MapReader &r, SweepAxis &axis, Diagnostics &diag, const ReadContext &ctx) {
  axis.loc = r.loc();
  if (r.has("overlays")) {
    readOverlayAxis(r, axis, diag, ctx);
    return;
  }
  r.read("key", axis.key);
  if (axis.key.empty()) diag.error(axis.loc, "axis needs a 'key' (with values or range) or 'overlays'");
  const YAML::Node values = r.raw("values");
  if (auto range = r.section("range")) {
    int64_t from = 0, to = -1, step = 1;
    range->read("from", from, -(int64_t(1) << 40), int64_t(1) << 40);
    range->read("to", to, -(int64_t(1) << 40), int64_t(1) << 40);
    range->read("step", step, 1, int64_t(1) << 40);
    range->finish();
    if (!range->has("from") || !range->has("to") || to < from)
      diag.error(range->loc(), "'range' needs from <= to (and an optional step >= 1)");
    else
      for (int64_t v = from; v <= to && axis.values.size() <= kMaxPoints; v += step) {
        axis.values.push_back(std::to_string(v));
        axis.valueLocs.emplace_back();
        keyPaths(axis.key, range->loc(), axis.valueLocs.back());
      }
    if (values) diag.error(axis.loc, "axis '" + axis.key + "' has both 'values' and 'range'");
  } else if (values) {
    if (!values.IsSequence() || values.size() == 0) {
      diag.error(axis.loc, "axis '" + axis.key + "': 'values' must be a non-empty list");
    } else {
      for (const auto &v : values) {
        if (!v.IsScalar() && !v.IsNull()) {
          diag.error(locOf(ctx, v), "axis '" + axis.key + "': values must be scalars (or ~ to "
                                                          "remove the key)");
          continue;
        }
        axis.values.push_back(v.IsNull() ? "~" : v.Scalar());
        axis.valueLocs.emplace_back();
        keyPaths(axis.key, v.IsNull() ? axis.loc : locOf(ctx, v), axis.valueLocs.back());
      }
    }
  } else {
    diag.error(axis.loc, "axis '" + axis.key + "' needs 'values' or 'range'");
  }
  axis.labels = axis.values;
  r.finish();
}

Sweep loadSweepNode(const YAML::Node &root, const std::string &file) {
  Diagnostics diag;
  Sweep s;
  s.source_file = file;
  ReadContext ctx{file, diag, nullptr};
  MapReader r(root, "", ctx);
  if (!r.isMap()) {
    diag.error(SourceLoc{file, 0, 0}, "a sweep is a mapping with name, base, axes");
    diag.checkpoint();
  }
  r.read("name", s.name);
  if (s.name.empty()) diag.error(SourceLoc{file, 1, 1}, "missing required key 'name'");
  r.read("base", s.base);
  if (s.base.empty()) {
    diag.error(SourceLoc{file, 1, 1}, "missing required key 'base' (the accelerator config)");
  } else {
    s.base = resolve(s.base, file);
    if (!std::filesystem::exists(s.base)) r.error("base", "no such file: " + s.base);
  }
  r.readEnum("mode", s.mode);
  const YAML::Node axes = r.raw("axes");
  if (!axes || !axes.IsSequence() || axes.size() == 0) {
    diag.error(axes ? locOf(ctx, axes) : SourceLoc{file, 1, 1}, "'axes' must be a non-empty list");
  } else {
    for (size_t i = 0; i < axes.size(); ++i) {
      MapReader ar(axes[i], "axes[" + std::to_string(i) + "]", ctx);
      SweepAxis axis;
      readAxis(ar, axis, diag, ctx);
      s.axes.push_back(axis);
    }
  }
  const YAML::Node workloads = r.raw("workloads");
  if (workloads) {
    if (!workloads.IsSequence()) {
      diag.error(locOf(ctx, workloads), "'workloads' must be a list of workload files");
    } else {
      for (const auto &w : workloads) {
        const std::string path = resolve(w.Scalar(), file);
        if (!std::filesystem::exists(path)) diag.error(locOf(ctx, w), "no such file: " + path);
        s.workloads.push_back(path);
      }
    }
  }
  r.readEnumList("stages", s.stages);
  r.finish();
  if (s.mode == SweepMode::Zip) {
    for (const auto &axis : s.axes)
      if (axis.values.size() != s.axes.front().values.size())
        diag.error(axis.loc, "mode: zip needs axes of equal length; '" + axis.key + "' has " +
                                 std::to_string(axis.values.size()) + " values, '" +
                                 s.axes.front().key + "' has " +
                                 std::to_string(s.axes.front().values.size()));
  }
  diag.checkpoint();
  for (const auto &w : s.workloads) loadWorkload(w); // each workload must be valid
  return s;
}

// Deep-merges `overlay` into `node`: mappings merge key by key, a null removes the key,
// anything else replaces.
void mergeInto(YAML::Node node, const YAML::Node &overlay) {
  for (const auto &kv : overlay) {
    const std::string key = kv.first.Scalar();
    if (kv.second.IsNull()) {
      node.remove(key);
    } else if (kv.second.IsMap() && node[key] && node[key].IsMap()) {
      mergeInto(node[key], kv.second);
    } else {
      node[key] = YAML::Clone(kv.second);
    }
  }
}

// Sets a dotted key in a YAML mapping, creating intermediate mappings; a null value ("~")
// removes the key.
void setKey(YAML::Node node, const std::string &dotted, const std::string &value) {
  const size_t dot = dotted.find('.');
  if (dot == std::string::npos) {
    const YAML::Node parsed = YAML::Load(value);
    if (parsed.IsNull())
      node.remove(dotted);
    else
      node[dotted] = parsed;
    return;
  }
  const std::string head = dotted.substr(0, dot);
  if (!node[head] || !node[head].IsMap()) node[head] = YAML::Node(YAML::NodeType::Map);
  setKey(node[head], dotted.substr(dot + 1), value);
}

} // namespace

Sweep loadSweepText(const std::string &text, const std::string &name) {
  Diagnostics diag;
  const auto root = parseYamlText(text, name, diag);
  diag.checkpoint();
  return loadSweepNode(*root, name);
}

Sweep loadSweep(const std::string &path) {
  Diagnostics diag;
  const auto root = parseYamlFile(path, diag);
  diag.checkpoint();
  return loadSweepNode(*root, path);
}

std::string describeOverrides(const SweepPoint &point) {
  std::string s;
  for (const auto &[key, value] : point.overrides) s += (s.empty() ? "" : ", ") + key + "=" + value;
  return s;
}

std::vector<SweepPoint> expandSweep(const Sweep &sweep) {
  // Each point re-parses the base text: a parsed node keeps its source marks, a clone
  // would not, and errors must point into the base file.
  std::string baseText;
  {
    std::ifstream in(sweep.base);
    if (!in) throw InputError(sweep.base + ": error: cannot open file");
    std::stringstream buffer;
    buffer << in.rdbuf();
    baseText = buffer.str();
  }
  Diagnostics diag;
  parseYamlText(baseText, sweep.base, diag);
  diag.checkpoint();

  // Index tuples: cartesian (first axis slowest) or zip.
  std::vector<std::vector<size_t>> tuples;
  if (sweep.mode == SweepMode::Zip) {
    for (size_t i = 0; i < sweep.axes.front().values.size(); ++i)
      tuples.push_back(std::vector<size_t>(sweep.axes.size(), i));
  } else {
    tuples.push_back({});
    for (const auto &axis : sweep.axes) {
      std::vector<std::vector<size_t>> next;
      for (const auto &t : tuples)
        for (size_t i = 0; i < axis.values.size(); ++i) {
          next.push_back(t);
          next.back().push_back(i);
        }
      tuples.swap(next);
      if (tuples.size() > kMaxPoints)
        throw InputError(sweep.source_file + ": error: the sweep has more than " +
                         std::to_string(kMaxPoints) + " points");
    }
  }

  std::vector<SweepPoint> points;
  std::string errors;
  for (size_t p = 0; p < tuples.size(); ++p) {
    SweepPoint point;
    YAML::Node node = YAML::Load(baseText);
    std::map<std::string, SourceLoc> overrideLocs;
    for (size_t a = 0; a < sweep.axes.size(); ++a) {
      const SweepAxis &axis = sweep.axes[a];
      const size_t v = tuples[p][a];
      point.overrides.emplace_back(axis.key, axis.labels[v]);
      for (const auto &[path, loc] : axis.valueLocs[v]) overrideLocs[path] = loc;
      if (axis.overlay)
        mergeInto(node, YAML::Load(axis.values[v]));
      else
        setKey(node, axis.key, axis.values[v]);
    }
    try {
      point.config = loadAccelNode(node, sweep.base, &overrideLocs);
      points.push_back(point);
    } catch (const InputError &e) {
      errors += sweep.source_file + ": error: sweep point " + std::to_string(p) + " (" +
                describeOverrides(point) + ") is invalid:\n" + e.what() + "\n";
    }
  }
  if (!errors.empty()) {
    errors.pop_back();
    throw InputError(errors);
  }
  return points;
}

} // namespace quasar::config
