#include "quasar/fpga/json.h"

#include "quasar/config/error.h"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>
#include <unistd.h>

namespace quasar::fpga {

void JsonWriter::beforeValue() {
  if (m_afterKey) {
    m_afterKey = false;
    return;
  }
  if (!m_counts.empty()) {
    if (m_counts.back()++ > 0) m_out += ",";
    m_out += "\n" + std::string(2 * m_counts.size(), ' ');
  }
}

JsonWriter &JsonWriter::beginObject() {
  beforeValue();
  m_out += "{";
  m_counts.push_back(0);
  return *this;
}

JsonWriter &JsonWriter::close(char bracket) {
  const int n = m_counts.back();
  m_counts.pop_back();
  if (n > 0) m_out += "\n" + std::string(2 * m_counts.size(), ' ');
  m_out += bracket;
  return *this;
}

JsonWriter &JsonWriter::endObject() { return close('}'); }

JsonWriter &JsonWriter::beginArray() {
  beforeValue();
  m_out += "[";
  m_counts.push_back(0);
  return *this;
}

JsonWriter &JsonWriter::endArray() { return close(']'); }

JsonWriter &JsonWriter::key(const std::string &name) {
  beforeValue();
  m_out += jsonQuote(name) + ": ";
  m_afterKey = true;
  return *this;
}

JsonWriter &JsonWriter::value(const std::string &text) {
  beforeValue();
  m_out += jsonQuote(text);
  return *this;
}

JsonWriter &JsonWriter::value(int64_t number) {
  beforeValue();
  m_out += std::to_string(number);
  return *this;
}

JsonWriter &JsonWriter::value(double number) {
  beforeValue();
  m_out += jsonNumber(number);
  return *this;
}

JsonWriter &JsonWriter::value(bool flag) {
  beforeValue();
  m_out += flag ? "true" : "false";
  return *this;
}

JsonWriter &JsonWriter::null() {
  beforeValue();
  m_out += "null";
  return *this;
}

std::string jsonQuote(const std::string &text) {
  std::string s = "\"";
  for (const char c : text) {
    switch (c) {
    case '"': s += "\\\""; break;
    case '\\': s += "\\\\"; break;
    case '\n': s += "\\n"; break;
    case '\t': s += "\\t"; break;
    case '\r': s += "\\r"; break;
    default:
      if (static_cast<unsigned char>(c) < 0x20) {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\u%04x", c);
        s += buf;
      } else {
        s += c;
      }
    }
  }
  return s + "\"";
}

std::string jsonNumber(double number) {
  if (!std::isfinite(number)) return "null";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.10g", number);
  return buf;
}

YAML::Node parseJson(const std::string &text, const std::string &what) {
  try {
    return YAML::Load(text);
  } catch (const YAML::Exception &e) {
    throw InputError(what + ": not valid JSON: " + e.what());
  }
}

std::string readTextFile(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError("cannot read " + path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void writeFileAtomic(const std::string &path, const std::string &text) {
  const std::filesystem::path p(path);
  if (p.has_parent_path()) std::filesystem::create_directories(p.parent_path());
  // A temporary name per process and thread; the rename is atomic.
  const std::string tmp = path + ".tmp" + std::to_string(::getpid()) + "-" +
                          std::to_string(std::hash<std::thread::id>()(std::this_thread::get_id()));
  {
    std::ofstream out(tmp, std::ios::binary);
    out << text;
    if (!out) throw InputError("cannot write " + tmp);
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) throw InputError("cannot rename " + tmp + " to " + path + ": " + ec.message());
}

} // namespace quasar::fpga
