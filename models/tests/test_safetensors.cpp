// .safetensors reader against files assembled by hand from the format description (8-byte
// little-endian header length, JSON header, data buffer), and every malformed-file error,
// each written into a temp dir and read back.
#include "quasar/config/error.h"
#include "quasar/models/npy.h"
#include "quasar/models/safetensors.h"
#include "test_npy_helpers.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <limits>

using namespace quasar::models;
using tensor_io_test::le;
using tensor_io_test::TempDir;
using Catch::Matchers::Contains;

namespace {

std::string file(const std::string &header, const std::string &data) {
  return le(header.size(), 8) + header + data;
}

// One tensor entry's JSON.
std::string entry(const std::string &dtype, const std::string &shape, uint64_t begin,
                  uint64_t end) {
  return "{\"dtype\":\"" + dtype + "\",\"shape\":" + shape + ",\"data_offsets\":[" +
         std::to_string(begin) + "," + std::to_string(end) + "]}";
}

void expectError(const std::string &bytes, const std::string &phrase) {
  TempDir dir;
  const std::string path = dir.write("bad.safetensors", bytes);
  INFO("expected error containing: " << phrase);
  CHECK_THROWS_AS(SafetensorsFile::open(path), quasar::InputError);
  CHECK_THROWS_WITH(SafetensorsFile::open(path), Contains(path) && Contains(phrase));
}

bool sameValue(double a, double b) {
  if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
  return a == b && std::signbit(a) == std::signbit(b);
}

} // namespace

TEST_CASE("safetensors: reads a hand-assembled file", "[safetensors]") {
  // Data buffer: w F32 [2, 2] at 0..16, h F16 [4] at 16..24, b BF16 scalar at 24..26,
  // q I8 [2, 3] at 26..32.
  std::string data;
  data += std::string("\x00\x00\x80\x3f" "\x00\x00\x00\xc0" "\x00\x00\x00\x3f" "\x00\x00\x50\x40",
                      16); // 1, -2, 0.5, 3.25
  data += std::string("\x00\x3c" "\x00\xc0" "\x01\x00" "\x00\x7c", 8); // 1, -2, 2^-24, inf
  data += std::string("\x49\x40", 2);                                   // 3.140625
  data += std::string("\xff\x80\x7f\x00\x01\xfe", 6);                   // -1 -128 127 0 1 -2
  // Keys in another order than the data, metadata in the middle, space padding at the end.
  const std::string header = "{\"q\":" + entry("I8", "[2,3]", 26, 32) +
                             ",\"__metadata__\":{\"format\":\"pt\",\"note\":\"a\\u00e9\"}," +
                             "\"w\":" + entry("F32", "[2, 2]", 0, 16) + ", \"h\" : " +
                             entry("F16", "[4]", 16, 24) + ",\"b\":" + entry("BF16", "[]", 24, 26) +
                             "}      ";
  TempDir dir;
  const std::string path = dir.write("m.safetensors", file(header, data));
  const SafetensorsFile f = SafetensorsFile::open(path);
  CHECK(f.names() == std::vector<std::string>{"b", "h", "q", "w"});
  CHECK(listSafetensors(path) == f.names());
  CHECK(f.metadata().at("format") == "pt");
  CHECK(f.metadata().at("note") == "a\xc3\xa9");
  CHECK(f.contains("w"));
  CHECK_FALSE(f.contains("__metadata__"));

  const Tensor w = f.read("w");
  CHECK(w.dtype() == DType::F32);
  CHECK(w.shape() == std::vector<int64_t>{2, 2});
  CHECK(w.reals() == std::vector<double>{1, -2, 0.5, 3.25});
  const Tensor h = f.read("h");
  CHECK(h.dtype() == DType::F16);
  CHECK(h.reals()[0] == 1.0);
  CHECK(h.reals()[1] == -2.0);
  CHECK(h.reals()[2] == std::pow(2.0, -24));
  CHECK(h.reals()[3] == std::numeric_limits<double>::infinity());
  const Tensor b = readSafetensor(path, "b");
  CHECK(b.rank() == 0);
  CHECK(b.reals() == std::vector<double>{3.140625});
  const Tensor q = f.read("q");
  CHECK(q.dtype() == DType::I8);
  CHECK(q.toIntMatrix() == (IntMatrix(2, 3) << -1, -128, 127, 0, 1, -2).finished());
  CHECK(f.entry("q").begin == 26);
  CHECK(f.entry("q").end == 32);

  CHECK_THROWS_WITH(f.read("x"), Contains(path) && Contains("no tensor named 'x'") &&
                                     Contains("(tensors: b, h, q, w)"));
  CHECK_THROWS_WITH(readSafetensor(dir.file("none.safetensors"), "w"), Contains("cannot open"));
}

TEST_CASE("safetensors: every supported dtype", "[safetensors]") {
  struct Case {
    std::string dtype;
    DType expected;
    std::string bytes; // two elements
    std::vector<double> values;
  };
  const std::vector<Case> cases = {
      {"F64", DType::F64, std::string("\x00\x00\x00\x00\x00\x00\xf0\xbf" "\x01\x00\x00\x00\x00\x00\x00\x00", 16),
       {-1.0, std::ldexp(1.0, -1074)}},
      {"F32", DType::F32, std::string("\x01\x00\x00\x00\x00\x00\x80\xff", 8),
       {std::ldexp(1.0, -149), -std::numeric_limits<double>::infinity()}},
      {"F16", DType::F16, std::string("\xff\x03\x00\x80", 4), {1023 * std::pow(2.0, -24), -0.0}},
      {"BF16", DType::BF16, std::string("\x01\x00\x80\x00", 4), {std::pow(2.0, -133), std::pow(2.0, -126)}},
      {"I64", DType::I64, std::string("\x00\x00\x00\x00\x00\x00\x00\x80" "\x05\x00\x00\x00\x00\x00\x00\x00", 16),
       {-9223372036854775808.0, 5}},
      {"I32", DType::I32, std::string("\xff\xff\xff\x7f\x00\x00\x00\x80", 8), {2147483647, -2147483648.0}},
      {"I16", DType::I16, std::string("\xff\x7f\xfe\xff", 4), {32767, -2}},
      {"I8", DType::I8, std::string("\x80\x7f", 2), {-128, 127}},
      {"U16", DType::U16, std::string("\xff\xff\x01\x00", 4), {65535, 1}},
      {"U8", DType::U8, std::string("\xff\x00", 2), {255, 0}},
  };
  for (const Case &c : cases) {
    INFO(c.dtype);
    const std::string header = "{\"t\":" + entry(c.dtype, "[2]", 0, c.bytes.size()) + "}";
    const Tensor t = SafetensorsFile::parse(file(header, c.bytes), "x").read("t");
    CHECK(t.dtype() == c.expected);
    CHECK(sameValue(t.realAt(0), c.values[0]));
    CHECK(sameValue(t.realAt(1), c.values[1]));
  }
  // F16 / BF16 NaN patterns read as NaN.
  const Tensor n = SafetensorsFile::parse(
                       file("{\"n\":" + entry("F16", "[1]", 0, 2) + "}", std::string("\x00\x7e", 2)),
                       "x")
                       .read("n");
  CHECK(std::isnan(n.reals()[0]));
}

TEST_CASE("safetensors: header JSON features", "[safetensors]") {
  // Escapes and a surrogate pair in a name, whitespace everywhere, an empty metadata object.
  const std::string header = " {\n\t\"a\\\"b\\\\c\\/\\u00E9\\ud83d\\ude00\\n\" : " +
                             entry("U8", "[ 1 ]", 0, 1) + " ,\r\n \"__metadata__\" : { } } ";
  const SafetensorsFile f = SafetensorsFile::parse(file(header, "\x07"), "x");
  const std::string name = "a\"b\\c/\xc3\xa9\xf0\x9f\x98\x80\n";
  REQUIRE(f.names() == std::vector<std::string>{name});
  CHECK(f.read(name).ints() == std::vector<int64_t>{7});
  CHECK(f.metadata().empty());
  // No tensors at all, raw UTF-8 in a metadata value, a zero-size tensor.
  CHECK(SafetensorsFile::parse(file("{}", ""), "x").names().empty());
  CHECK(SafetensorsFile::parse(file("{\"__metadata__\":{\"k\":\"\xe2\x82\xac\"}}", ""), "x")
            .metadata()
            .at("k") == "\xe2\x82\xac");
  const SafetensorsFile z = SafetensorsFile::parse(
      file("{\"e\":" + entry("F32", "[0,3]", 0, 0) + ",\"o\":" + entry("I8", "[1]", 0, 1) + "}",
           "\x01"),
      "x");
  CHECK(z.read("e").numel() == 0);
  CHECK(z.read("o").ints() == std::vector<int64_t>{1});
}

TEST_CASE("safetensors: header length errors", "[safetensors][errors]") {
  expectError("", "truncated file");
  expectError(std::string("\x02\x00\x00\x00\x00\x00\x00", 7), "truncated file");
  expectError(le(100, 8) + "{}", "header length 100 goes beyond the end of the file (10 bytes)");
  expectError(le(uint64_t(1) << 40, 8) + "{}", "exceeds the limit");
  expectError(le(~uint64_t(0), 8) + "{}", "exceeds the limit");
  expectError(le(0, 8), "malformed JSON header at offset 0: expected a value (unexpected end");
}

TEST_CASE("safetensors: malformed JSON is rejected", "[safetensors][errors]") {
  const std::vector<std::pair<std::string, std::string>> bad = {
      {"[]", "must be a JSON object"},
      {"\"x\"", "must be a JSON object"},
      {"{\"__metadata__\":{},}", "expected a string key"},
      {"{\"a\" 1}", "expected ':'"},
      {"{\"a\":{} \"b\":{}}", "expected ',' or '}'"},
      {"{\"__metadata__\":{\"k\":\"v}}", "unterminated string"},
      {"{\"__metadata__\":{\"k\":\"\\x\"}}", "unknown escape \\x"},
      {"{\"__metadata__\":{\"k\":\"\\u12\"}}", "bad \\u escape"},
      {"{\"__metadata__\":{\"k\":\"\\udc00\"}}", "lone low surrogate"},
      {"{\"__metadata__\":{\"k\":\"\\ud800x\"}}", "high surrogate"},
      {"{\"__metadata__\":{\"k\":\"\\ud800\\u0041\"}}", "high surrogate"},
      {"{\"__metadata__\":{\"k\":\"a\tb\"}}", "control character"},
      {"{\"__metadata__\":{\"k\":\"\xff\"}}", "invalid UTF-8"},
      {"{\"__metadata__\":{\"k\":\"\xc0\x80\"}}", "invalid UTF-8"},       // overlong
      {"{\"__metadata__\":{\"k\":\"\xed\xa0\x80\"}}", "invalid UTF-8"},   // surrogate
      {"{\"__metadata__\":{\"k\":\"\xe2\x82\"}}", "invalid UTF-8"},       // cut short
      {"{\"__metadata__\":{\"k\":\"\xf4\x90\x80\x80\"}}", "invalid UTF-8"}, // > U+10FFFF
      {"{\"t\":{\"dtype\":\"U8\",\"shape\":[1.5],\"data_offsets\":[0,1]}}", "only integers"},
      {"{\"t\":{\"dtype\":\"U8\",\"shape\":[1e2],\"data_offsets\":[0,1]}}", "only integers"},
      {"{\"t\":{\"dtype\":\"U8\",\"shape\":[01],\"data_offsets\":[0,1]}}", "leading zero"},
      {"{\"t\":{\"dtype\":\"U8\",\"shape\":[-],\"data_offsets\":[0,1]}}", "expected a digit"},
      {"{\"t\":{\"dtype\":\"U8\",\"shape\":[99999999999999999999],\"data_offsets\":[0,1]}}",
       "64-bit range"},
      {"{\"t\":{\"dtype\":\"U8\",\"shape\":[1,],\"data_offsets\":[0,1]}}", "unsupported value"},
      {"{\"t\":{\"dtype\":\"U8\",\"shape\":[1 1],\"data_offsets\":[0,1]}}", "expected ',' or ']'"},
      {"{\"t\":{\"dtype\":\"U8\",\"shape\":true,\"data_offsets\":[0,1]}}", "unsupported value"},
      {"{\"__metadata__\":null}", "unsupported value"},
      {"{\"__metadata__\":{}} x", "unexpected text after"},
      {"{\"a\":{},\"a\":{}}", "duplicate key \"a\""},
      {"{\"__metadata__\":{\"k\":" + std::string(40, '[') + std::string(40, ']') + "}}",
       "nested too deeply"},
      {"{\"__metadata__\":{\"k\":\"v\"", "unexpected end"},
  };
  for (const auto &[header, phrase] : bad) {
    INFO(header);
    expectError(file(header, ""), phrase);
  }
  // A NUL right after the object is not whitespace padding.
  expectError(file(std::string("{}\0", 3), ""), "unexpected text after");
}

TEST_CASE("safetensors: malformed entries and offsets are rejected", "[safetensors][errors]") {
  const std::string d6(6, '\0');
  const std::vector<std::pair<std::string, std::string>> bad = {
      {"{\"t\":[1]}", "tensor 't' must be an object, got a array"},
      {"{\"t\":{\"dtype\":\"U8\",\"shape\":[6],\"data_offsets\":[0,6],\"x\":1}}",
       "unknown key \"x\""},
      {"{\"t\":{\"shape\":[6],\"data_offsets\":[0,6]}}", "missing key \"dtype\""},
      {"{\"t\":{\"dtype\":\"U8\",\"data_offsets\":[0,6]}}", "missing key \"shape\""},
      {"{\"t\":{\"dtype\":\"U8\",\"shape\":[6]}}", "missing key \"data_offsets\""},
      {"{\"t\":{\"dtype\":8,\"shape\":[6],\"data_offsets\":[0,6]}}", "dtype must be a string"},
      {"{\"t\":" + entry("BOOL", "[6]", 0, 6) + "}", "unsupported dtype \"BOOL\""},
      {"{\"t\":" + entry("F8_E4M3", "[6]", 0, 6) + "}", "unsupported dtype \"F8_E4M3\""},
      {"{\"t\":" + entry("U32", "[1]", 0, 4) + "}", "supported: F64, F32, F16, BF16"},
      {"{\"t\":" + entry("f32", "[1]", 0, 4) + "}", "unsupported dtype \"f32\""},
      {"{\"t\":{\"dtype\":\"U8\",\"shape\":6,\"data_offsets\":[0,6]}}", "shape must be an array"},
      {"{\"t\":{\"dtype\":\"U8\",\"shape\":[-6],\"data_offsets\":[0,6]}}",
       "a shape dimension must be >= 0"},
      {"{\"t\":{\"dtype\":\"U8\",\"shape\":[\"6\"],\"data_offsets\":[0,6]}}",
       "must be an integer, got a string"},
      {"{\"t\":{\"dtype\":\"U8\",\"shape\":[4294967296,4294967296],\"data_offsets\":[0,6]}}",
       "shape is too large"},
      {"{\"t\":{\"dtype\":\"U8\",\"shape\":[6],\"data_offsets\":[0,6,6]}}",
       "data_offsets must be an array [begin, end]"},
      {"{\"t\":{\"dtype\":\"U8\",\"shape\":[6],\"data_offsets\":{}}}", "data_offsets must be"},
      {"{\"t\":{\"dtype\":\"U8\",\"shape\":[6],\"data_offsets\":[-1,5]}}", "begin must be >= 0"},
      {"{\"t\":" + entry("U8", "[6]", 6, 0) + "}", "end before begin"},
      {"{\"t\":" + entry("I16", "[2]", 0, 6) + "}", "span 6 bytes, shape [2] of I16 needs 4"},
      {"{\"t\":" + entry("U8", "[6]", 1, 7) + "}", "out of range (data buffer has 6 bytes)"},
      {"{\"t\":" + entry("U8", "[2]", 0, 2) + ",\"u\":" + entry("U8", "[4]", 1, 5) + "}",
       "tensor 'u': data_offsets [1, 5] overlap tensor 't'"},
      {"{\"t\":" + entry("U8", "[3]", 0, 3) + ",\"u\":" + entry("U8", "[3]", 0, 3) + "}",
       "overlap"},
      {"{\"t\":" + entry("U8", "[2]", 0, 2) + ",\"u\":" + entry("U8", "[3]", 3, 6) + "}",
       "tensor 'u': gap before data_offsets [3, 6]: bytes 2..3 belong to no tensor"},
      {"{\"t\":" + entry("U8", "[5]", 1, 6) + "}", "gap before"},
      {"{\"t\":" + entry("U8", "[5]", 0, 5) + "}", "data buffer has 6 bytes but the tensors cover 5"},
      {"{}", "cover 0"},
      {"{\"__metadata__\":[]}", "__metadata__ must be an object"},
      {"{\"__metadata__\":{\"k\":1}}", "__metadata__ value of \"k\" must be a string"},
  };
  for (const auto &[header, phrase] : bad) {
    INFO(header);
    expectError(file(header, d6), phrase);
  }
  // The out-of-range check does not wrap on offsets near 2^63.
  expectError(file("{\"t\":" + entry("U8", "[0]", 9223372036854775807ULL, 9223372036854775807ULL) +
                       "}",
                   ""),
              "out of range");
}

TEST_CASE("safetensors: the config tests' hand-written tensor files read back", "[safetensors][npy]") {
  // Written independently (config/tests/data/README.md): int8 [2, 3] = 1, 2, 3, -3, -2, -1,
  // the safetensors tensor named "w".
  const std::string dir = std::string(QUASAR_SOURCE_DIR) + "/config/tests/data/tensors/";
  const IntMatrix want = (IntMatrix(2, 3) << 1, 2, 3, -3, -2, -1).finished();
  if (!std::filesystem::exists(dir + "tiny_i8_2x3.safetensors")) {
    WARN("config test tensors not present; skipped");
    return;
  }
  CHECK(readSafetensor(dir + "tiny_i8_2x3.safetensors", "w").toIntMatrix() == want);
  CHECK(listSafetensors(dir + "tiny_i8_2x3.safetensors") == std::vector<std::string>{"w"});
  const Tensor n = readNpy(dir + "tiny_i8_2x3.npy");
  CHECK(n.dtype() == DType::I8);
  CHECK(n.toIntMatrix() == want);
}
