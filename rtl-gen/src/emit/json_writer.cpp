#include "json_writer.h"

#include <cstdio>

namespace quasar::emit {

std::string JsonWriter::quote(const std::string &s) {
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
    case '"': out += "\\\""; break;
    case '\\': out += "\\\\"; break;
    case '\n': out += "\\n"; break;
    case '\t': out += "\\t"; break;
    default:
      if (static_cast<unsigned char>(c) < 0x20) {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\u%04x", c);
        out += buf;
      } else {
        out += c;
      }
    }
  }
  return out + "\"";
}

void JsonWriter::prefix(const std::string &key) {
  if (!m_first.empty()) {
    if (!m_first.back()) m_out += ",";
    m_first.back() = false;
    m_out += "\n" + std::string(m_first.size() * 2, ' ');
  }
  if (!key.empty()) m_out += quote(key) + ": ";
}

void JsonWriter::beginObject(const std::string &key) {
  prefix(key);
  m_out += "{";
  m_first.push_back(true);
}

void JsonWriter::endObject() {
  const bool empty = m_first.back();
  m_first.pop_back();
  if (!empty) m_out += "\n" + std::string(m_first.size() * 2, ' ');
  m_out += "}";
}

void JsonWriter::beginArray(const std::string &key) {
  prefix(key);
  m_out += "[";
  m_first.push_back(true);
}

void JsonWriter::endArray() {
  const bool empty = m_first.back();
  m_first.pop_back();
  if (!empty) m_out += "\n" + std::string(m_first.size() * 2, ' ');
  m_out += "]";
}

void JsonWriter::value(const std::string &key, const std::string &v) {
  prefix(key);
  m_out += quote(v);
}

void JsonWriter::value(const std::string &key, int64_t v) {
  prefix(key);
  m_out += std::to_string(v);
}

void JsonWriter::value(const std::string &key, bool v) {
  prefix(key);
  m_out += v ? "true" : "false";
}

} // namespace quasar::emit
