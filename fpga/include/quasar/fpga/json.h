// Small JSON helpers shared by the FPGA flow and the sweep runner: a writer (pretty-printed,
// deterministic) and a reader. quasar has no JSON library; reading goes through yaml-cpp,
// because YAML 1.2 is a superset of JSON, so every report Yosys and nextpnr write loads as is.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace quasar::fpga {

// Builds one JSON document. Calls must nest correctly (keys only inside objects); values
// inside an object must follow key(). Two-space indentation, one member per line.
class JsonWriter {
public:
  JsonWriter &beginObject();
  JsonWriter &endObject();
  JsonWriter &beginArray();
  JsonWriter &endArray();
  JsonWriter &key(const std::string &name);
  JsonWriter &value(const std::string &text);
  JsonWriter &value(const char *text) { return value(std::string(text)); }
  JsonWriter &value(int64_t number);
  JsonWriter &value(int number) { return value(int64_t(number)); }
  JsonWriter &value(double number); // non-finite numbers are written as null
  JsonWriter &value(bool flag);
  JsonWriter &null();
  template <class T> JsonWriter &value(const std::optional<T> &v) {
    return v ? value(*v) : null();
  }
  // The document, with a final newline.
  std::string str() const { return m_out + "\n"; }

private:
  void beforeValue();
  JsonWriter &close(char bracket);
  std::string m_out;              // the text so far
  std::vector<int> m_counts;      // members written at each open level
  bool m_afterKey = false;        // a key was just written: the value follows on its line
};

// "text" with JSON escapes.
std::string jsonQuote(const std::string &text);
// A double as JSON: up to 10 significant digits, integers without a fraction.
std::string jsonNumber(double number);

// Parses JSON text. Throws InputError naming `what` (a file name) when it is not valid.
YAML::Node parseJson(const std::string &text, const std::string &what);
// Reads a whole file; throws InputError naming it when it cannot be read.
std::string readTextFile(const std::string &path);
// Writes a file through a temporary name and a rename, so that a reader (or a re-run after an
// interruption) never sees half a file. Throws InputError when it cannot be written.
void writeFileAtomic(const std::string &path, const std::string &text);

} // namespace quasar::fpga
