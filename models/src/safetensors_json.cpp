// Strict JSON-subset parser for safetensors headers (safetensors_json.h). Recursive descent
// with a depth limit, so a hostile header cannot exhaust the stack.
#include "safetensors_json.h"

#include "quasar/config/error.h"

#include <limits>

namespace quasar::models::json {

namespace {

// A valid header nests 3 deep (root, tensor entry, shape array); 32 leaves room and still
// bounds the recursion.
constexpr int kMaxDepth = 32;

class Parser {
public:
  Parser(const std::string &text, const std::string &where) : m_text(text), m_where(where) {}

  Value parseDocument() {
    skipSpace();
    Value v = parseValue(0);
    skipSpace();
    if (m_pos != m_text.size()) fail("unexpected text after the top-level value");
    return v;
  }

private:
  [[noreturn]] void fail(const std::string &what) const {
    throw InputError(m_where + ": malformed JSON header at offset " + std::to_string(m_pos) +
                     ": " + what + (atEnd() ? " (unexpected end of the header)" : ""));
  }

  bool atEnd() const { return m_pos >= m_text.size(); }
  char peek() const { return atEnd() ? '\0' : m_text[m_pos]; }

  void skipSpace() {
    while (!atEnd() && (peek() == ' ' || peek() == '\t' || peek() == '\n' || peek() == '\r'))
      ++m_pos;
  }

  void expect(char c) {
    if (peek() != c || atEnd()) fail(std::string("expected '") + c + "'");
    ++m_pos;
  }

  Value parseValue(int depth) {
    if (depth > kMaxDepth) fail("nested too deeply");
    if (atEnd()) fail("expected a value");
    const char c = peek();
    if (c == '{') return parseObject(depth);
    if (c == '[') return parseArray(depth);
    if (c == '"') {
      Value v;
      v.kind = Value::Kind::String;
      v.offset = m_pos;
      v.text = parseString();
      return v;
    }
    if (c == '-' || (c >= '0' && c <= '9')) return parseInteger();
    fail("unsupported value (only objects, arrays, strings and integers are allowed)");
  }

  Value parseObject(int depth) {
    Value v;
    v.kind = Value::Kind::Object;
    v.offset = m_pos;
    expect('{');
    skipSpace();
    if (peek() == '}') {
      ++m_pos;
      return v;
    }
    for (;;) {
      skipSpace();
      if (peek() != '"') fail("expected a string key");
      const size_t keyOffset = m_pos;
      std::string key = parseString();
      for (const auto &member : v.members)
        if (member.first == key) {
          m_pos = keyOffset;
          fail("duplicate key \"" + key + "\"");
        }
      skipSpace();
      expect(':');
      skipSpace();
      Value item = parseValue(depth + 1);
      v.members.emplace_back(std::move(key), std::move(item));
      skipSpace();
      if (peek() == ',') {
        ++m_pos;
        continue;
      }
      if (peek() == '}') {
        ++m_pos;
        return v;
      }
      fail("expected ',' or '}'");
    }
  }

  Value parseArray(int depth) {
    Value v;
    v.kind = Value::Kind::Array;
    v.offset = m_pos;
    expect('[');
    skipSpace();
    if (peek() == ']') {
      ++m_pos;
      return v;
    }
    for (;;) {
      skipSpace();
      v.items.push_back(parseValue(depth + 1));
      skipSpace();
      if (peek() == ',') {
        ++m_pos;
        continue;
      }
      if (peek() == ']') {
        ++m_pos;
        return v;
      }
      fail("expected ',' or ']'");
    }
  }

  Value parseInteger() {
    Value v;
    v.kind = Value::Kind::Integer;
    v.offset = m_pos;
    const bool negative = peek() == '-';
    if (negative) ++m_pos;
    if (!(peek() >= '0' && peek() <= '9')) fail("expected a digit");
    if (peek() == '0' && m_pos + 1 < m_text.size() && m_text[m_pos + 1] >= '0' &&
        m_text[m_pos + 1] <= '9')
      fail("leading zero in a number");
    // Accumulate the magnitude as unsigned so that -2^63 fits.
    uint64_t magnitude = 0;
    const uint64_t limit = negative ? uint64_t(std::numeric_limits<int64_t>::max()) + 1
                                    : uint64_t(std::numeric_limits<int64_t>::max());
    while (peek() >= '0' && peek() <= '9') {
      const uint64_t digit = uint64_t(peek() - '0');
      if (magnitude > (limit - digit) / 10) fail("integer out of the 64-bit range");
      magnitude = magnitude * 10 + digit;
      ++m_pos;
    }
    if (peek() == '.' || peek() == 'e' || peek() == 'E')
      fail("only integers are allowed (no fraction or exponent)");
    v.integer = negative ? int64_t(0 - magnitude) : int64_t(magnitude);
    return v;
  }

  unsigned parseHex4() {
    unsigned v = 0;
    for (int i = 0; i < 4; ++i) {
      const char c = peek();
      unsigned d;
      if (c >= '0' && c <= '9') d = unsigned(c - '0');
      else if (c >= 'a' && c <= 'f') d = unsigned(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F') d = unsigned(c - 'A' + 10);
      else fail("bad \\u escape (4 hex digits expected)");
      v = v * 16 + d;
      ++m_pos;
    }
    return v;
  }

  static void appendUtf8(std::string &out, unsigned cp) {
    if (cp < 0x80) {
      out.push_back(char(cp));
    } else if (cp < 0x800) {
      out.push_back(char(0xC0 | (cp >> 6)));
      out.push_back(char(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
      out.push_back(char(0xE0 | (cp >> 12)));
      out.push_back(char(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(char(0x80 | (cp & 0x3F)));
    } else {
      out.push_back(char(0xF0 | (cp >> 18)));
      out.push_back(char(0x80 | ((cp >> 12) & 0x3F)));
      out.push_back(char(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(char(0x80 | (cp & 0x3F)));
    }
  }

  // One UTF-8 encoded character starting at m_pos (first byte >= 0x80), copied to out.
  // Overlong forms, surrogates and code points beyond U+10FFFF are rejected (RFC 3629).
  void copyUtf8(std::string &out) {
    const uint8_t b0 = uint8_t(peek());
    int length;
    uint8_t lo = 0x80, hi = 0xBF; // allowed range of the second byte
    if (b0 >= 0xC2 && b0 <= 0xDF) {
      length = 2;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
      length = 3;
      if (b0 == 0xE0) lo = 0xA0;
      if (b0 == 0xED) hi = 0x9F;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
      length = 4;
      if (b0 == 0xF0) lo = 0x90;
      if (b0 == 0xF4) hi = 0x8F;
    } else {
      fail("invalid UTF-8 in a string");
    }
    for (int i = 1; i < length; ++i) {
      if (m_pos + size_t(i) >= m_text.size()) fail("invalid UTF-8 in a string");
      const uint8_t b = uint8_t(m_text[m_pos + size_t(i)]);
      if (b < (i == 1 ? lo : 0x80) || b > (i == 1 ? hi : 0xBF)) fail("invalid UTF-8 in a string");
    }
    out.append(m_text, m_pos, size_t(length));
    m_pos += size_t(length);
  }

  std::string parseString() {
    expect('"');
    std::string out;
    for (;;) {
      if (atEnd()) fail("unterminated string");
      const char c = peek();
      if (c == '"') {
        ++m_pos;
        return out;
      }
      if (uint8_t(c) < 0x20) fail("control character in a string (must be escaped)");
      if (uint8_t(c) >= 0x80) {
        copyUtf8(out);
        continue;
      }
      ++m_pos;
      if (c != '\\') {
        out.push_back(c);
        continue;
      }
      if (atEnd()) fail("unterminated string");
      const char e = peek();
      ++m_pos;
      switch (e) {
      case '"': out.push_back('"'); break;
      case '\\': out.push_back('\\'); break;
      case '/': out.push_back('/'); break;
      case 'b': out.push_back('\b'); break;
      case 'f': out.push_back('\f'); break;
      case 'n': out.push_back('\n'); break;
      case 'r': out.push_back('\r'); break;
      case 't': out.push_back('\t'); break;
      case 'u': {
        unsigned cp = parseHex4();
        if (cp >= 0xDC00 && cp <= 0xDFFF) fail("lone low surrogate in a \\u escape");
        if (cp >= 0xD800 && cp <= 0xDBFF) {
          if (peek() != '\\' || m_pos + 1 >= m_text.size() || m_text[m_pos + 1] != 'u')
            fail("high surrogate without a following \\u low surrogate");
          m_pos += 2;
          const unsigned low = parseHex4();
          if (low < 0xDC00 || low > 0xDFFF) fail("high surrogate without a low surrogate");
          cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        }
        appendUtf8(out, cp);
        break;
      }
      default:
        --m_pos;
        fail(std::string("unknown escape \\") + e);
      }
    }
  }

  const std::string &m_text;  // the header
  const std::string &m_where; // file name for messages
  size_t m_pos = 0;           // parse position
};

} // namespace

Value parse(const std::string &text, const std::string &where) {
  return Parser(text, where).parseDocument();
}

const char *kindName(Value::Kind kind) {
  switch (kind) {
  case Value::Kind::Object: return "object";
  case Value::Kind::Array: return "array";
  case Value::Kind::String: return "string";
  case Value::Kind::Integer: return "integer";
  }
  return "?";
}

} // namespace quasar::models::json
