// .npy reader/writer against bytes assembled by hand from the NPY format description
// (magic, version, little-endian header length, dict literal, raw little-endian data), round
// trips for every dtype and ranks 0..4, and every malformed-file error.
#include "quasar/config/error.h"
#include "quasar/models/npy.h"
#include "test_npy_helpers.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <limits>

using namespace quasar::models;
using tensor_io_test::le;
using tensor_io_test::TempDir;
using Catch::Matchers::Contains;

namespace {

const std::string kMagic("\x93NUMPY", 6);

// Version 1.0 file: preamble, the dict text as given (no padding added), data.
std::string npyV1(const std::string &dict, const std::string &data) {
  return kMagic + std::string("\x01\x00", 2) + le(dict.size(), 2) + dict + data;
}

std::string npyV2(const std::string &dict, const std::string &data, int major = 2) {
  return kMagic + char(major) + std::string(1, '\0') + le(dict.size(), 4) + dict + data;
}

std::string dict(const std::string &descr, const std::string &shape, bool fortran = false) {
  return "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") +
         ", 'shape': " + shape + ", }\n";
}

// Reads `bytes` from a file in a fresh temp dir and expects an InputError naming the file and
// containing `phrase`.
void expectNpyError(const std::string &bytes, const std::string &phrase) {
  TempDir dir;
  const std::string path = dir.write("bad.npy", bytes);
  INFO("expected error containing: " << phrase);
  CHECK_THROWS_AS(readNpy(path), quasar::InputError);
  CHECK_THROWS_WITH(readNpy(path), Contains(path) && Contains(phrase));
}

} // namespace

TEST_CASE("npy: writes exactly the bytes of the NPY 1.0 layout", "[npy]") {
  // int32 [2, 3] = 1, 2, 3, -1, 256, -2147483648. Preamble 10 bytes + header 118 = 128.
  const std::string text = "{'descr': '<i4', 'fortran_order': False, 'shape': (2, 3), }";
  std::string expected = kMagic + std::string("\x01\x00", 2) + std::string("\x76\x00", 2) +
                         text + std::string(58, ' ') + "\n";
  expected += std::string("\x01\x00\x00\x00" "\x02\x00\x00\x00" "\x03\x00\x00\x00", 12);
  expected += std::string("\xff\xff\xff\xff" "\x00\x01\x00\x00" "\x00\x00\x00\x80", 12);
  const Tensor t = Tensor::fromInts(DType::I32, {2, 3}, {1, 2, 3, -1, 256, -2147483648LL});
  CHECK(encodeNpy(t) == expected);
  CHECK(expected.size() == 128 + 24);

  // 0-d float64 scalar 1.5 = 0x3FF8000000000000; shape () and 62 spaces of padding.
  const std::string scalarText = "{'descr': '<f8', 'fortran_order': False, 'shape': (), }";
  const std::string scalar = kMagic + std::string("\x01\x00\x76\x00", 4) + scalarText +
                             std::string(62, ' ') + "\n" +
                             std::string("\x00\x00\x00\x00\x00\x00\xf8\x3f", 8);
  CHECK(encodeNpy(Tensor::fromReals(DType::F64, {}, {1.5})) == scalar);

  // Rank 1 needs the tuple comma; int8 and uint8 use the '|' byte order NumPy writes.
  CHECK_THAT(encodeNpy(Tensor::fromInts(DType::I8, {3}, {1, -1, 2})),
             Contains("{'descr': '|i1', 'fortran_order': False, 'shape': (3,), }"));
  CHECK_THAT(encodeNpy(Tensor::fromInts(DType::U8, {1, 2}, {1, 2})), Contains("'|u1'"));
}

TEST_CASE("npy: reads hand-assembled files of every supported dtype", "[npy]") {
  TempDir dir;
  struct Case {
    std::string descr;
    std::string data; // two elements
    DType dtype;
    std::vector<double> values;
  };
  const std::vector<Case> cases = {
      {"|i1", std::string("\x7f\x80", 2), DType::I8, {127, -128}},
      {"<i1", std::string("\xff\x05", 2), DType::I8, {-1, 5}},
      {"<i2", std::string("\x00\x80\x34\x12", 4), DType::I16, {-32768, 0x1234}},
      {"<i4", std::string("\xfe\xff\xff\xff\xff\xff\xff\x7f", 8), DType::I32, {-2, 2147483647}},
      {"<i8", std::string("\xff\xff\xff\xff\xff\xff\xff\xff\x00\x00\x00\x00\x01\x00\x00\x00", 16),
       DType::I64, {-1, 4294967296.0}},
      {"|u1", std::string("\xff\x00", 2), DType::U8, {255, 0}},
      {"<u1", std::string("\x80\x01", 2), DType::U8, {128, 1}},
      {"<u2", std::string("\xff\xff\x00\x80", 4), DType::U16, {65535, 32768}},
      // 1.0f = 0x3F800000, -2.5f = 0xC0200000
      {"<f4", std::string("\x00\x00\x80\x3f\x00\x00\x20\xc0", 8), DType::F32, {1.0, -2.5}},
      // 2^-1074 (smallest subnormal) = 0x1, -0.75 = 0xBFE8000000000000
      {"<f8", std::string("\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\xe8\xbf", 16),
       DType::F64, {std::ldexp(1.0, -1074), -0.75}},
  };
  for (const Case &c : cases) {
    INFO(c.descr);
    const std::string path = dir.write("t.npy", npyV1(dict(c.descr, "(2,)"), c.data));
    const Tensor t = readNpy(path);
    CHECK(t.dtype() == c.dtype);
    CHECK(t.shape() == std::vector<int64_t>{2});
    CHECK(t.realAt(0) == c.values[0]);
    CHECK(t.realAt(1) == c.values[1]);
  }
  // The i64 case compared exactly as integers too.
  const Tensor big = parseNpy(
      npyV1(dict("<i8", "(1,)"), std::string("\xff\xff\xff\xff\xff\xff\xff\x7f", 8)), "x");
  CHECK(big.ints()[0] == std::numeric_limits<int64_t>::max());
}

TEST_CASE("npy: header variants the format allows", "[npy]") {
  const std::string data = std::string("\x01\x02\x03\x04\x05\x06", 6);
  const std::vector<std::string> dicts = {
      "{'descr': '|u1', 'fortran_order': False, 'shape': (2, 3), }",
      "{'shape': (2, 3), 'fortran_order': False, 'descr': '|u1'}",     // any key order
      "{\"descr\": \"|u1\", \"fortran_order\": False, \"shape\": (2,3,)}", // double quotes
      "  {'descr':'|u1','fortran_order':False,'shape':( 2 , 3 )}  \n",  // spacing
  };
  for (const std::string &d : dicts) {
    INFO(d);
    const Tensor t = parseNpy(npyV1(d, data), "x.npy");
    CHECK(t.shape() == std::vector<int64_t>{2, 3});
    CHECK(t.ints() == std::vector<int64_t>{1, 2, 3, 4, 5, 6});
  }
  // Versions 2.0 and 3.0: 4-byte header length.
  for (int major : {2, 3}) {
    const Tensor t = parseNpy(npyV2(dict("<i2", "(1, 1, 2)"), std::string("\x01\x00\xff\xff", 4),
                                    major),
                              "v.npy");
    CHECK(t.shape() == std::vector<int64_t>{1, 1, 2});
    CHECK(t.ints() == std::vector<int64_t>{1, -1});
  }
  // Empty arrays and 0-d arrays.
  CHECK(parseNpy(npyV1(dict("<f4", "(0, 3)"), ""), "e").numel() == 0);
  const Tensor scalar = parseNpy(npyV1(dict("<i2", "()"), std::string("\x39\x30", 2)), "s");
  CHECK(scalar.rank() == 0);
  CHECK(scalar.ints() == std::vector<int64_t>{12345});
}

TEST_CASE("npy: round trip of every dtype at ranks 0 to 4", "[npy]") {
  TempDir dir;
  const std::vector<std::vector<int64_t>> shapes = {{}, {5}, {2, 3}, {2, 1, 3}, {1, 2, 3, 2},
                                                    {0}, {3, 0, 2}};
  const DType intTypes[] = {DType::I8, DType::I16, DType::I32, DType::I64, DType::U8, DType::U16};
  const double inf = std::numeric_limits<double>::infinity();
  // Special floats first, so that even small shapes carry them.
  const std::vector<double> specials = {-0.0, inf, std::nan(""), -inf, 0.1, 1e-45, -3.25e38};
  for (const auto &shape : shapes) {
    int64_t n = 1;
    for (int64_t d : shape) n *= d;
    for (DType dt : intTypes) {
      std::vector<int64_t> v;
      for (int64_t i = 0; i < n; ++i) {
        // min, max, then a spread of values inside the range
        const int64_t lo = dtypeMin(dt), hi = dtypeMax(dt);
        v.push_back(i == 0 ? lo : i == 1 ? hi : lo / 3 + (hi / 7) * (i % 5));
      }
      const Tensor t = Tensor::fromInts(dt, shape, v);
      const std::string path = dir.file("i.npy");
      writeNpy(path, t);
      const Tensor back = readNpy(path);
      INFO(dtypeName(dt) << " " << shapeString(shape));
      CHECK(back == t);
      CHECK(back.ints() == v);
    }
    for (DType dt : {DType::F32, DType::F64}) {
      std::vector<double> v;
      for (int64_t i = 0; i < n; ++i)
        v.push_back(size_t(i) < specials.size() ? specials[size_t(i)] : 1.0 / double(i + 3));
      const Tensor t = Tensor::fromReals(dt, shape, v);
      const std::string path = dir.file("f.npy");
      writeNpy(path, t);
      const Tensor back = readNpy(path);
      INFO(dtypeName(dt) << " " << shapeString(shape));
      CHECK(back == t);
      for (int64_t i = 0; i < n; ++i) {
        const double want = dt == DType::F32 ? double(float(v[size_t(i)])) : v[size_t(i)];
        const double got = back.reals()[size_t(i)];
        if (std::isnan(want)) {
          CHECK(std::isnan(got));
        } else {
          CHECK(got == want);
          CHECK(std::signbit(got) == std::signbit(want));
        }
      }
    }
  }
}

TEST_CASE("npy: F16/BF16 tensors cannot be written", "[npy]") {
  CHECK_THROWS_WITH(encodeNpy(Tensor::fromReals(DType::F16, {1}, {1.0})),
                    Contains("f16") && Contains("'<f4'"));
  CHECK_THROWS_AS(encodeNpy(Tensor::fromReals(DType::BF16, {1}, {1.0})), quasar::InputError);
}

TEST_CASE("npy: malformed files are InputErrors naming the file", "[npy][errors]") {
  const std::string good = dict("<i2", "(2,)");
  const std::string data4("\x01\x00\x02\x00", 4);
  SECTION("magic, version, truncation") {
    expectNpyError("", "bad magic");
    expectNpyError("\x93NUMP", "bad magic");
    expectNpyError("PK\x03\x04 this is a zip", "bad magic");
    expectNpyError(std::string("\x93numpy\x01\x00", 8), "bad magic");
    expectNpyError(kMagic, "truncated");
    expectNpyError(kMagic + std::string("\x01\x00\x10", 3), "truncated");
    expectNpyError(kMagic + std::string("\x01\x00\xff\x00", 4) + good, "header length 255");
    expectNpyError(kMagic + std::string("\x02\x00\x10\x00\x00", 5), "truncated");
    expectNpyError(kMagic + std::string("\x04\x00", 2) + le(good.size(), 2) + good + data4,
                   "unsupported .npy version 4.0");
    expectNpyError(kMagic + std::string("\x01\x01", 2) + le(good.size(), 2) + good + data4,
                   "version 1.1");
  }
  SECTION("data size") {
    expectNpyError(npyV1(good, data4.substr(0, 3)), "data size mismatch: 3 bytes");
    expectNpyError(npyV1(good, data4.substr(0, 3)), "truncated");
    expectNpyError(npyV1(good, data4 + "x"), "trailing bytes");
    expectNpyError(npyV1(dict("<f8", "(2, 2)"), std::string(24, '\0')), "needs 32");
    expectNpyError(npyV1(dict("<i2", "()"), ""), "needs 2");
  }
  SECTION("layout and dtype") {
    expectNpyError(npyV1(dict("<i2", "(2,)", true), data4), "Fortran-order");
    expectNpyError(npyV1(dict(">i2", "(2,)"), data4), "big-endian");
    expectNpyError(npyV1(dict(">f8", "(2,)"), std::string(16, '\0')), "big-endian");
    for (const char *descr : {"<u4", "<u8", "<f2", "|b1", "<c8", "|S3", "|O", "<M8[ns]", "i4",
                              "=i4", "|i4"}) {
      expectNpyError(npyV1(dict(descr, "(2,)"), data4), std::string("unsupported dtype '") + descr);
    }
    expectNpyError(npyV1("{'descr': [('a', '<i2')], 'fortran_order': False, 'shape': (2,), }",
                         data4),
                   "structured arrays");
  }
  SECTION("header dict") {
    const std::vector<std::pair<std::string, std::string>> bad = {
        {"", "expected '{'"},
        {"'descr': '<i2', 'fortran_order': False, 'shape': (2,)}", "expected '{'"},
        {"{'descr': '<i2', 'fortran_order': False, 'shape': (2,)", "expected ',' or '}'"},
        {"{'descr': '<i2', 'fortran_order': False}", "missing key 'shape'"},
        {"{'fortran_order': False, 'shape': (2,)}", "missing key 'descr'"},
        {"{'descr': '<i2', 'shape': (2,)}", "missing key 'fortran_order'"},
        {"{'descr': '<i2', 'descr': '<i2', 'fortran_order': False, 'shape': (2,)}",
         "duplicate key 'descr'"},
        {"{'descr': '<i2', 'fortran_order': False, 'shape': (2,), 'extra': 1}", "unknown key 'extra'"},
        {"{'descr': '<i2', 'fortran_order': False, 'shape': (2)}", "needs a comma"},
        {"{'descr': '<i2', 'fortran_order': False, 'shape': [2]}", "'(' starting the shape"},
        {"{'descr': '<i2', 'fortran_order': False, 'shape': (-2,)}", "non-negative integer"},
        {"{'descr': '<i2', 'fortran_order': False, 'shape': (2,,)}", "non-negative integer"},
        {"{'descr': '<i2', 'fortran_order': False, 'shape': (2 3)}", "expected ',' or ')'"},
        {"{'descr': '<i2', 'fortran_order': 0, 'shape': (2,)}", "True or False"},
        {"{'descr': '<i2', 'fortran_order': false, 'shape': (2,)}", "True or False"},
        {"{'descr': '<i2, 'fortran_order': False, 'shape': (2,)}", "expected ',' or '}'"},
        {"{'descr' '<i2', 'fortran_order': False, 'shape': (2,)}", "expected ':'"},
        {"{'descr': '<i2', 'fortran_order': False, 'shape': (2,)}x", "unexpected text after"},
        {"{'descr': '<i2' 'fortran_order': False, 'shape': (2,)}", "expected ',' or '}'"},
        {"{descr: '<i2', 'fortran_order': False, 'shape': (2,)}", "expected a quoted string"},
        {"{'descr': '<i\\x32', 'fortran_order': False, 'shape': (2,)}", "unsupported character"},
        {"{'descr': '<i2', 'fortran_order': False, 'shape': (99999999999999999999,)}",
         "dimension too large"},
        {"{'descr': '<i2", "unterminated string"},
    };
    for (const auto &[text, phrase] : bad) {
      INFO(text);
      expectNpyError(npyV1(text, data4), "malformed header dict");
      expectNpyError(npyV1(text, data4), phrase);
    }
  }
}

TEST_CASE("npy: a missing file is an InputError", "[npy][errors]") {
  TempDir dir;
  const std::string path = dir.file("missing.npy");
  CHECK_THROWS_WITH(readNpy(path), Contains("cannot open") && Contains(path));
  CHECK_THROWS_AS(writeNpy(dir.file("no/such/dir/x.npy"), Tensor::zeros(DType::I8, {1})),
                  quasar::InputError);
}
