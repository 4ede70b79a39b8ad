#include "yaml_reader.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace quasar::config {

SourceLoc locOf(const ReadContext &ctx, const YAML::Node &node) {
  SourceLoc loc{ctx.file, 0, 0};
  if (node.IsDefined()) {
    const YAML::Mark mark = node.Mark();
    if (mark.line >= 0) {
      loc.line = mark.line + 1; // yaml-cpp marks are 0-based
      loc.col = mark.column + 1;
    }
  }
  return loc;
}

std::optional<YAML::Node> parseYamlText(const std::string &text, const std::string &name,
                                        Diagnostics &diag) {
  try {
    return YAML::Load(text);
  } catch (const YAML::Exception &e) {
    diag.error(SourceLoc{name, e.mark.line + 1, e.mark.column + 1}, "YAML syntax: " + e.msg);
    return std::nullopt;
  }
}

std::optional<YAML::Node> parseYamlFile(const std::string &path, Diagnostics &diag) {
  std::ifstream in(path);
  if (!in) {
    diag.error(SourceLoc{path, 0, 0}, "cannot open file");
    return std::nullopt;
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  return parseYamlText(buffer.str(), path, diag);
}

MapReader::MapReader(const YAML::Node &node, std::string path, ReadContext &ctx)
    : m_node(node), m_path(std::move(path)), m_ctx(ctx) {
  m_isMap = node.IsMap();
  if (!m_isMap && !node.IsNull()) {
    m_ctx.diag.error(locOf(ctx, node), "'" + (m_path.empty() ? std::string("document") : m_path) +
                                           "' must be a mapping of key: value");
  }
  // Duplicate keys: yaml-cpp keeps both, and lookups would silently take the first.
  if (m_isMap) {
    std::set<std::string> seen;
    for (const auto &kv : node) {
      const std::string key = kv.first.Scalar();
      if (!seen.insert(key).second)
        m_ctx.diag.error(locOf(ctx, kv.first), "duplicate key '" + pathOf(key) + "'");
    }
  }
}

std::string MapReader::pathOf(const std::string &key) const {
  return m_path.empty() ? key : m_path + "." + key;
}

bool MapReader::has(const std::string &key) const { return m_isMap && m_node[key].IsDefined(); }

const SourceLoc *MapReader::overrideLoc(const std::string &key) const {
  if (!m_ctx.overrides) return nullptr;
  auto it = m_ctx.overrides->find(pathOf(key));
  return it == m_ctx.overrides->end() ? nullptr : &it->second;
}

SourceLoc MapReader::valueLoc(const std::string &key) const {
  if (const SourceLoc *o = overrideLoc(key)) return *o;
  const YAML::Node &lookup = m_node;
  const YAML::Node value = m_isMap ? lookup[key] : YAML::Node(YAML::NodeType::Undefined);
  if (value.IsDefined() && !value.IsNull()) return locOf(m_ctx, value);
  return keyLoc(key);
}

SourceLoc MapReader::keyLoc(const std::string &key) const {
  if (const SourceLoc *o = overrideLoc(key)) return *o;
  if (m_isMap) {
    for (const auto &kv : m_node)
      if (kv.first.Scalar() == key) return locOf(m_ctx, kv.first);
  }
  return loc();
}

void MapReader::error(const std::string &key, const std::string &message) {
  m_ctx.diag.error(valueLoc(key), message);
}

void MapReader::remember(const std::string &key) {
  m_known.insert(key);
  if (m_ctx.locations && has(key)) (*m_ctx.locations)[pathOf(key)] = valueLoc(key);
}

YAML::Node MapReader::raw(const std::string &key) {
  remember(key);
  // A const lookup of a missing key yields an undefined node, so `if (node)` is false.
  const YAML::Node &lookup = m_node;
  return m_isMap ? lookup[key] : YAML::Node(YAML::NodeType::Undefined);
}

std::optional<std::string> MapReader::scalar(const std::string &key, const char *expected) {
  remember(key);
  if (!has(key)) return std::nullopt;
  const YAML::Node value = m_node[key];
  if (!value.IsScalar()) {
    error(key, "'" + pathOf(key) + "' must be " + expected);
    return std::nullopt;
  }
  return value.Scalar();
}

void MapReader::read(const std::string &key, int64_t &value, int64_t lo, int64_t hi) {
  const std::string range = "an integer in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]";
  const auto text = scalar(key, range.c_str());
  if (!text) return;
  errno = 0;
  char *end = nullptr;
  const long long parsed = std::strtoll(text->c_str(), &end, 10);
  if (text->empty() || *end != '\0' || errno == ERANGE) {
    error(key, "'" + pathOf(key) + "' must be " + range + ", got '" + *text + "'");
    return;
  }
  if (parsed < lo || parsed > hi) {
    error(key, "'" + pathOf(key) + "' = " + *text + " is out of range; allowed: [" +
                   std::to_string(lo) + ", " + std::to_string(hi) + "]");
    return;
  }
  value = parsed;
}

void MapReader::read(const std::string &key, int &value, int64_t lo, int64_t hi) {
  int64_t wide = value;
  read(key, wide, lo, hi);
  value = int(wide);
}

void MapReader::read(const std::string &key, double &value, double lo, double hi) {
  std::ostringstream range;
  range << "a number in [" << lo << ", " << hi << "]";
  const auto text = scalar(key, range.str().c_str());
  if (!text) return;
  char *end = nullptr;
  const double parsed = std::strtod(text->c_str(), &end);
  if (text->empty() || *end != '\0' || !std::isfinite(parsed)) {
    error(key, "'" + pathOf(key) + "' must be " + range.str() + ", got '" + *text + "'");
    return;
  }
  if (parsed < lo || parsed > hi) {
    error(key, "'" + pathOf(key) + "' = " + *text + " is out of range; allowed: " + range.str());
    return;
  }
  value = parsed;
}

void MapReader::read(const std::string &key, bool &value) {
  const auto text = scalar(key, "true or false");
  if (!text) return;
  if (*text == "true") {
    value = true;
  } else if (*text == "false") {
    value = false;
  } else {
    error(key, "'" + pathOf(key) + "' must be true or false, got '" + *text + "'");
  }
}

void MapReader::read(const std::string &key, std::string &value) {
  const auto text = scalar(key, "a string");
  if (text) value = *text;
}

std::optional<MapReader> MapReader::section(const std::string &key) {
  remember(key);
  if (!has(key)) return std::nullopt;
  MapReader nested(m_node[key], pathOf(key), m_ctx);
  if (!nested.isMap()) return std::nullopt;
  return nested;
}

void MapReader::forbid(const std::string &key, const std::string &why) {
  remember(key);
  if (has(key)) m_ctx.diag.error(keyLoc(key), "'" + pathOf(key) + "' is not allowed here: " + why);
}

void MapReader::finish() {
  if (!m_isMap) return;
  std::vector<std::string> known(m_known.begin(), m_known.end());
  for (const auto &kv : m_node) {
    const std::string key = kv.first.Scalar();
    if (m_known.count(key)) continue;
    std::string message = "unknown key '" + pathOf(key) + "'";
    const std::string suggestion = nearestKey(key, known);
    if (!suggestion.empty()) message += "; did you mean '" + suggestion + "'?";
    else if (!known.empty()) {
      message += "; known keys here:";
      for (const auto &k : known) message += " " + k;
    }
    m_ctx.diag.error(keyLoc(key), message);
  }
}

} // namespace quasar::config
