// A strict parser for the JSON subset a .safetensors header uses: objects, arrays, strings
// (with every JSON escape, \u surrogate pairs included, validated UTF-8) and integers.
// Anything else (fractions, exponents, true/false/null, trailing commas, duplicate keys,
// leading zeros, control characters, text after the top-level value) is rejected.
// Private to the safetensors reader.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace quasar::models::json {

struct Value {
  enum class Kind { Object, Array, String, Integer };
  Kind kind = Kind::Object;
  size_t offset = 0;                                   // where it starts in the header text
  std::string text;                                    // String: decoded UTF-8
  int64_t integer = 0;                                 // Integer
  std::vector<Value> items;                            // Array
  std::vector<std::pair<std::string, Value>> members;  // Object, in file order, keys unique
};

// Throws InputError "<where>: malformed JSON header at offset N: <what>".
Value parse(const std::string &text, const std::string &where);

// "object", "array", "string", "integer".
const char *kindName(Value::Kind kind);

} // namespace quasar::models::json
