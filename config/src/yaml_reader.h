// Strict, typed reading of one YAML mapping (internal to the config library).
//
// A MapReader is given the keys it knows one by one (read/section/...); finish() reports
// every key it was never asked about as unknown, with the nearest known key as a suggestion.
// Values keep their defaults when absent. Every problem is collected in Diagnostics with the
// file:line:col of the offending key or value.
#pragma once

#include "quasar/config/diagnostics.h"
#include "quasar/config/enums.h"

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace quasar::config {

// Shared by all readers of one file.
struct ReadContext {
  std::string file;
  Diagnostics &diag;
  std::map<std::string, SourceLoc> *locations = nullptr; // key path -> location (optional)
  // Keys whose values came from elsewhere (a sweep axis): key path -> where they were set.
  const std::map<std::string, SourceLoc> *overrides = nullptr;
};

SourceLoc locOf(const ReadContext &ctx, const YAML::Node &node);

// Parses a whole file (or text) into a node; YAML syntax errors become diagnostics.
std::optional<YAML::Node> parseYamlFile(const std::string &path, Diagnostics &diag);
std::optional<YAML::Node> parseYamlText(const std::string &text, const std::string &name,
                                        Diagnostics &diag);

class MapReader {
public:
  // `path` is the dotted key path of this mapping ("" for the document root).
  MapReader(const YAML::Node &node, std::string path, ReadContext &ctx);

  bool isMap() const { return m_isMap; }
  bool has(const std::string &key) const;
  SourceLoc loc() const { return locOf(m_ctx, m_node); }
  SourceLoc keyLoc(const std::string &key) const;
  std::string pathOf(const std::string &key) const;

  void read(const std::string &key, int &value, int64_t lo, int64_t hi);
  void read(const std::string &key, int64_t &value, int64_t lo, int64_t hi);
  void read(const std::string &key, double &value, double lo, double hi);
  void read(const std::string &key, bool &value);
  void read(const std::string &key, std::string &value);
  template <class E> void readEnum(const std::string &key, E &value);
  template <class E> void readEnumList(const std::string &key, std::vector<E> &values);

  // A nested mapping; returns a reader on it (or nullopt when absent or not a mapping).
  std::optional<MapReader> section(const std::string &key);
  // The raw node of a known key (marks it known); an undefined node (false) when absent.
  YAML::Node raw(const std::string &key);
  // A key that must not appear in this context (e.g. pe.w_bits for ovp PEs).
  void forbid(const std::string &key, const std::string &why);
  // Reports unknown keys. Call once, after every read.
  void finish();

  void error(const std::string &key, const std::string &message);

private:
  std::optional<std::string> scalar(const std::string &key, const char *expected);
  // Where the value of `key` was written: an override's origin, the value itself or, for an
  // empty value (which yaml-cpp marks at the next token), the key.
  SourceLoc valueLoc(const std::string &key) const;
  const SourceLoc *overrideLoc(const std::string &key) const;
  void remember(const std::string &key);

  YAML::Node m_node;
  std::string m_path;
  ReadContext &m_ctx;
  bool m_isMap = false;
  std::set<std::string> m_known;
};

template <class E> void MapReader::readEnum(const std::string &key, E &value) {
  const auto text = scalar(key, ("one of " + allowedValues<E>()).c_str());
  if (!text) return;
  for (const auto &[v, name] : enumTable<E>()) {
    if (*text == name) {
      value = v;
      return;
    }
  }
  error(key, "invalid value '" + *text + "' for '" + pathOf(key) + "'; allowed: " +
                 allowedValues<E>());
}

template <class E> void MapReader::readEnumList(const std::string &key, std::vector<E> &values) {
  const YAML::Node node = raw(key);
  if (!node) return;
  if (!node.IsSequence() || node.size() == 0) {
    error(key, "'" + pathOf(key) + "' must be a non-empty list of " + allowedValues<E>());
    return;
  }
  std::vector<E> parsed;
  for (const auto &item : node) {
    bool found = false;
    if (item.IsScalar()) {
      for (const auto &[v, name] : enumTable<E>()) {
        if (item.Scalar() == name) {
          found = true;
          bool duplicate = false;
          for (E p : parsed) duplicate = duplicate || p == v;
          if (duplicate)
            m_ctx.diag.error(locOf(m_ctx, item), "'" + item.Scalar() + "' listed twice in '" +
                                                     pathOf(key) + "'");
          else
            parsed.push_back(v);
        }
      }
    }
    if (!found)
      m_ctx.diag.error(locOf(m_ctx, item), "invalid entry in '" + pathOf(key) +
                                               "'; allowed: " + allowedValues<E>());
  }
  values = parsed;
}

} // namespace quasar::config
