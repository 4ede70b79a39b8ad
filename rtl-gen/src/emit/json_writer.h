// A minimal JSON writer with a fixed key order (the order of the calls), two-space indent:
// the manifest must be byte-identical for one config.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace quasar::emit {

class JsonWriter {
public:
  void beginObject(const std::string &key = {});
  void endObject();
  void beginArray(const std::string &key = {});
  void endArray();
  void value(const std::string &key, const std::string &v);
  void value(const std::string &key, const char *v) { value(key, std::string(v)); }
  void value(const std::string &key, int64_t v);
  void value(const std::string &key, int v) { value(key, int64_t(v)); }
  void value(const std::string &key, bool v);
  std::string text() const { return m_out + "\n"; }

  static std::string quote(const std::string &s);

private:
  void prefix(const std::string &key);

  std::string m_out;              // the text so far
  std::vector<bool> m_first;      // per open container: no element written yet
};

} // namespace quasar::emit
