// .npy reader and writer (npy.h): the magic/version/length preamble, a strict parser for the
// header's Python dict literal, dtype strings, and the data block.
#include "quasar/models/npy.h"

#include "quasar/config/error.h"

#include <optional>

namespace quasar::models {

namespace {

const char kMagic[] = "\x93NUMPY";
constexpr size_t kMagicSize = 6;
constexpr size_t kAlign = 64;
const char kSupported[] = "'|i1', '<i2', '<i4', '<i8', '|u1', '<u2', '<f4', '<f8'";

[[noreturn]] void fail(const std::string &name, const std::string &what) {
  throw InputError(name + ": " + what);
}

// ---- header dict literal ----

// The three values the header must hold, once each.
struct Header {
  std::optional<std::string> descr;
  std::optional<bool> fortranOrder;
  std::optional<std::vector<int64_t>> shape;
};

class HeaderParser {
public:
  HeaderParser(const std::string &text, const std::string &name) : m_text(text), m_name(name) {}

  Header parse() {
    skipSpace();
    expect('{', "'{'");
    skipSpace();
    while (peek() != '}') {
      parseItem();
      skipSpace();
      if (peek() == ',') {
        ++m_pos;
        skipSpace();
      } else if (peek() != '}') {
        malformed("expected ',' or '}'");
      }
    }
    ++m_pos;
    skipSpace();
    if (m_pos != m_text.size()) malformed("unexpected text after '}'");
    if (!m_header.descr) malformed("missing key 'descr'");
    if (!m_header.fortranOrder) malformed("missing key 'fortran_order'");
    if (!m_header.shape) malformed("missing key 'shape'");
    return m_header;
  }

private:
  [[noreturn]] void malformed(const std::string &what) const {
    fail(m_name, "malformed header dict at offset " + std::to_string(m_pos) + ": " + what +
                     " (header: " + m_text + ")");
  }

  char peek() const { return m_pos < m_text.size() ? m_text[m_pos] : '\0'; }

  void skipSpace() {
    while (m_pos < m_text.size() &&
           (m_text[m_pos] == ' ' || m_text[m_pos] == '\t' || m_text[m_pos] == '\n' ||
            m_text[m_pos] == '\r'))
      ++m_pos;
  }

  void expect(char c, const char *what) {
    if (peek() != c) malformed(std::string("expected ") + what);
    ++m_pos;
  }

  bool consumeWord(const std::string &word) {
    if (m_text.compare(m_pos, word.size(), word) != 0) return false;
    m_pos += word.size();
    return true;
  }

  // A Python string literal without escapes (none of the valid values needs one).
  std::string parseString() {
    const char quote = peek();
    if (quote != '\'' && quote != '"') malformed("expected a quoted string");
    ++m_pos;
    std::string s;
    while (peek() != quote) {
      if (m_pos >= m_text.size()) malformed("unterminated string");
      const char c = m_text[m_pos];
      if (c == '\\' || c == '\n' || uint8_t(c) >= 0x80) malformed("unsupported character in string");
      s.push_back(c);
      ++m_pos;
    }
    ++m_pos;
    return s;
  }

  bool parseBool() {
    if (consumeWord("True")) return true;
    if (consumeWord("False")) return false;
    malformed("'fortran_order' must be True or False");
  }

  int64_t parseDimension() {
    const size_t start = m_pos;
    int64_t v = 0;
    while (peek() >= '0' && peek() <= '9') {
      const int digit = peek() - '0';
      if (v > (INT64_MAX - digit) / 10) malformed("dimension too large");
      v = v * 10 + digit;
      ++m_pos;
    }
    if (m_pos == start) malformed("expected a non-negative integer dimension");
    return v;
  }

  // A Python tuple of ints: (), (3,), (2, 3), (2, 3,).
  std::vector<int64_t> parseShape() {
    expect('(', "'(' starting the shape tuple");
    std::vector<int64_t> dims;
    skipSpace();
    bool trailingComma = false;
    while (peek() != ')') {
      dims.push_back(parseDimension());
      skipSpace();
      trailingComma = false;
      if (peek() == ',') {
        ++m_pos;
        skipSpace();
        trailingComma = true;
      } else if (peek() != ')') {
        malformed("expected ',' or ')' in the shape tuple");
      }
    }
    ++m_pos;
    // "(3)" is the int 3 in Python, not a tuple.
    if (dims.size() == 1 && !trailingComma) malformed("one-element shape needs a comma: (n,)");
    return dims;
  }

  void parseItem() {
    const std::string key = parseString();
    skipSpace();
    expect(':', "':' after a key");
    skipSpace();
    if (key == "descr") {
      if (m_header.descr) malformed("duplicate key 'descr'");
      if (peek() == '[') fail(m_name, "unsupported dtype: structured arrays (supported: " +
                                          std::string(kSupported) + ")");
      m_header.descr = parseString();
    } else if (key == "fortran_order") {
      if (m_header.fortranOrder) malformed("duplicate key 'fortran_order'");
      m_header.fortranOrder = parseBool();
    } else if (key == "shape") {
      if (m_header.shape) malformed("duplicate key 'shape'");
      m_header.shape = parseShape();
    } else {
      malformed("unknown key '" + key + "' (allowed: 'descr', 'fortran_order', 'shape')");
    }
  }

  const std::string &m_text; // the header text
  const std::string &m_name; // file name for messages
  size_t m_pos = 0;          // parse position in m_text
  Header m_header;           // what has been read so far
};

DType parseDescr(const std::string &descr, const std::string &name) {
  if (descr.size() >= 3 && descr[0] == '>' && descr.substr(1) != "i1" && descr.substr(1) != "u1")
    fail(name, "big-endian data ('" + descr + "') is not supported (save it little-endian)");
  const char order = descr.empty() ? '\0' : descr[0];
  const std::string kind = descr.size() > 1 ? descr.substr(1) : "";
  const bool single = kind == "i1" || kind == "u1";
  // One-byte types have no byte order ('|'); NumPy writes '|i1' but '<i1' and '>i1' mean
  // the same bytes.
  const bool orderOk = single ? (order == '|' || order == '<' || order == '>') : order == '<';
  if (orderOk) {
    if (kind == "i1") return DType::I8;
    if (kind == "i2") return DType::I16;
    if (kind == "i4") return DType::I32;
    if (kind == "i8") return DType::I64;
    if (kind == "u1") return DType::U8;
    if (kind == "u2") return DType::U16;
    if (kind == "f4") return DType::F32;
    if (kind == "f8") return DType::F64;
  }
  fail(name, "unsupported dtype '" + descr + "' (supported: " + kSupported + ")");
}

std::string descrOf(DType dtype) {
  switch (dtype) {
  case DType::I8: return "|i1";
  case DType::I16: return "<i2";
  case DType::I32: return "<i4";
  case DType::I64: return "<i8";
  case DType::U8: return "|u1";
  case DType::U16: return "<u2";
  case DType::F32: return "<f4";
  case DType::F64: return "<f8";
  default:
    throw InputError(".npy: dtype " + dtypeName(dtype) + " cannot be written (supported: " +
                     kSupported + ")");
  }
}

uint32_t littleUnsigned(const std::string &bytes, size_t at, int size) {
  uint32_t v = 0;
  for (int i = size - 1; i >= 0; --i) v = (v << 8) | uint8_t(bytes[at + size_t(i)]);
  return v;
}

} // namespace

Tensor parseNpy(const std::string &bytes, const std::string &name) {
  if (bytes.size() < kMagicSize || bytes.compare(0, kMagicSize, kMagic, kMagicSize) != 0)
    fail(name, "not a .npy file (bad magic; expected \\x93NUMPY)");
  if (bytes.size() < kMagicSize + 2) fail(name, "truncated file (no version)");
  const int major = uint8_t(bytes[6]), minor = uint8_t(bytes[7]);
  if ((major != 1 && major != 2 && major != 3) || minor != 0)
    fail(name, "unsupported .npy version " + std::to_string(major) + "." +
                   std::to_string(minor) + " (supported: 1.0, 2.0, 3.0)");
  const int lengthSize = major == 1 ? 2 : 4;
  const size_t headerStart = kMagicSize + 2 + size_t(lengthSize);
  if (bytes.size() < headerStart) fail(name, "truncated file (no header length)");
  const size_t headerLength = littleUnsigned(bytes, kMagicSize + 2, lengthSize);
  if (bytes.size() - headerStart < headerLength)
    fail(name, "truncated file: header length " + std::to_string(headerLength) +
                   " goes beyond the end of the file (" + std::to_string(bytes.size()) +
                   " bytes)");
  const std::string headerText = bytes.substr(headerStart, headerLength);
  const Header header = HeaderParser(headerText, name).parse();

  const DType dtype = parseDescr(*header.descr, name);
  if (*header.fortranOrder)
    fail(name, "Fortran-order arrays are not supported (save a C-order array)");
  int64_t numel = 1;
  for (int64_t d : *header.shape) {
    if (d != 0 && numel > INT64_MAX / d / 8)
      fail(name, "shape " + shapeString(*header.shape) + " is too large");
    numel *= d;
  }
  const size_t dataStart = headerStart + headerLength;
  const uint64_t have = bytes.size() - dataStart;
  const uint64_t need = uint64_t(numel) * uint64_t(dtypeSize(dtype));
  if (have != need)
    fail(name, "data size mismatch: " + std::to_string(have) + " bytes after the header, shape " +
                   shapeString(*header.shape) + " of '" + *header.descr + "' needs " +
                   std::to_string(need) + (have < need ? " (file truncated)" : " (trailing bytes)"));
  return tensorFromLittleEndian(dtype, *header.shape, bytes.data() + dataStart, size_t(need));
}

std::string encodeNpy(const Tensor &t) {
  std::string dict = "{'descr': '" + descrOf(t.dtype()) + "', 'fortran_order': False, 'shape': (";
  for (size_t i = 0; i < t.shape().size(); ++i)
    dict += (i ? ", " : "") + std::to_string(t.shape()[i]);
  if (t.shape().size() == 1) dict += ",";
  dict += "), }";
  // Pad with spaces and end with '\n' so that preamble + header is a multiple of kAlign.
  const auto paddedTotal = [&](size_t preamble) {
    return ((preamble + dict.size() + 1 + kAlign - 1) / kAlign) * kAlign;
  };
  const bool v1 = paddedTotal(kMagicSize + 4) - (kMagicSize + 4) <= 65535;
  const size_t preamble = kMagicSize + 2 + (v1 ? 2 : 4);
  const size_t total = paddedTotal(preamble);
  dict.append(total - preamble - dict.size() - 1, ' ');
  dict.push_back('\n');

  std::string out(kMagic, kMagicSize);
  out.push_back(char(v1 ? 1 : 2));
  out.push_back(char(0));
  const size_t len = dict.size();
  for (int i = 0; i < (v1 ? 2 : 4); ++i) out.push_back(char(uint8_t(len >> (8 * i))));
  out += dict;
  out += tensorToLittleEndian(t);
  return out;
}

Tensor readNpy(const std::string &path) { return parseNpy(readBinaryFile(path), path); }

void writeNpy(const std::string &path, const Tensor &tensor) {
  writeBinaryFile(path, encodeNpy(tensor));
}

} // namespace quasar::models
