// The Tensor value type behind the .npy/.safetensors readers: construction checks, rounding to
// the dtype, the Eigen bridge (rank 1 = one row) and the shape helpers.
#include "quasar/config/error.h"
#include "quasar/models/tensor.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <limits>

using namespace quasar::models;
using Catch::Matchers::Contains;

TEST_CASE("tensor: dtype facts", "[tensor]") {
  CHECK(dtypeSize(DType::I8) == 1);
  CHECK(dtypeSize(DType::U16) == 2);
  CHECK(dtypeSize(DType::BF16) == 2);
  CHECK(dtypeSize(DType::F32) == 4);
  CHECK(dtypeSize(DType::I64) == 8);
  CHECK(dtypeMin(DType::I8) == -128);
  CHECK(dtypeMax(DType::I8) == 127);
  CHECK(dtypeMin(DType::I16) == -32768);
  CHECK(dtypeMax(DType::U16) == 65535);
  CHECK(dtypeMax(DType::I32) == 2147483647);
  CHECK(dtypeMin(DType::I64) == std::numeric_limits<int64_t>::min());
  CHECK(isIntegerDType(DType::U8));
  CHECK_FALSE(isIntegerDType(DType::BF16));
  CHECK_THROWS_AS(dtypeMax(DType::F32), quasar::InputError);
}

TEST_CASE("tensor: construction checks shape, count and range", "[tensor]") {
  const Tensor t = Tensor::fromInts(DType::I8, {2, 2}, {-128, 127, 0, 5});
  CHECK(t.numel() == 4);
  CHECK(t.rank() == 2);
  CHECK(Tensor::fromInts(DType::I16, {}, {7}).numel() == 1);
  CHECK(Tensor::fromInts(DType::U8, {3, 0}, {}).numel() == 0);
  CHECK_THROWS_WITH(Tensor::fromInts(DType::I8, {2}, {128, 0}),
                    Contains("128") && Contains("i8") && Contains("-128..127"));
  CHECK_THROWS_WITH(Tensor::fromInts(DType::U16, {1}, {-1}), Contains("0..65535"));
  CHECK_THROWS_WITH(Tensor::fromInts(DType::I8, {2, 2}, {1, 2, 3}), Contains("needs 4 values"));
  CHECK_THROWS_WITH(Tensor::fromInts(DType::I8, {-1}, {}), Contains("negative dimension"));
  CHECK_THROWS_AS(Tensor::fromInts(DType::F32, {1}, {1}), quasar::InputError);
  CHECK_THROWS_AS(Tensor::fromReals(DType::I32, {1}, {1}), quasar::InputError);
  CHECK_THROWS_WITH(Tensor::fromInts(DType::I8, {int64_t(1) << 32, int64_t(1) << 32}, {}),
                    Contains("too many elements"));
  CHECK_THROWS_AS(t.reals(), quasar::InputError);
  CHECK_THROWS_AS(Tensor::fromReals(DType::F64, {1}, {1.0}).ints(), quasar::InputError);
  CHECK(t.realAt(1) == 127.0);
  CHECK_THROWS_AS(t.realAt(4), quasar::InputError);
}

TEST_CASE("tensor: floating values are rounded to their dtype", "[tensor]") {
  // float(0.1) = 13421773 * 2^-27.
  CHECK(Tensor::fromReals(DType::F32, {1}, {0.1}).reals()[0] == std::ldexp(13421773.0, -27));
  CHECK(Tensor::fromReals(DType::F64, {1}, {0.1}).reals()[0] == 0.1);
  // f16: 1 + 2^-11 is a tie between 1 and 1 + 2^-10 -> 1 (even); 1 + 3*2^-11 -> 1 + 2^-9.
  CHECK(Tensor::fromReals(DType::F16, {2}, {1 + std::ldexp(1, -11), 1 + 3 * std::ldexp(1, -11)})
            .reals() == std::vector<double>{1.0, 1 + std::ldexp(1, -9)});
  // bf16 keeps 8 significant bits: 257 -> 256 (tie to even), 259 -> 260.
  CHECK(Tensor::fromReals(DType::BF16, {2}, {257, 259}).reals() == std::vector<double>{256, 260});
  // float32 overflow: FLT_MAX = (2^24 - 1) 2^104; the midpoint to 2^128 is a tie to even (inf).
  const double fltMax = (std::ldexp(1.0, 24) - 1) * std::ldexp(1.0, 104);
  const double mid = std::ldexp(1.0, 128) - std::ldexp(1.0, 103);
  const double inf = std::numeric_limits<double>::infinity();
  CHECK(Tensor::fromReals(DType::F32, {6}, {1e300, -1e300, mid, std::nextafter(mid, 0.0),
                                            -std::nextafter(fltMax, inf), fltMax})
            .reals() == std::vector<double>{inf, -inf, inf, fltMax, -fltMax, fltMax});
  // Overflow becomes infinity as in IEEE.
  CHECK(std::isinf(Tensor::fromReals(DType::F16, {1}, {70000}).reals()[0]));
}

TEST_CASE("tensor: Eigen bridge, rank 1 is one row", "[tensor]") {
  IntMatrix m(2, 3);
  m << 1, 2, 3, -4, -5, -6;
  const Tensor t = Tensor::fromIntMatrix(m, DType::I16);
  CHECK(t.shape() == std::vector<int64_t>{2, 3});
  CHECK(t.ints() == std::vector<int64_t>{1, 2, 3, -4, -5, -6});
  CHECK(t.toIntMatrix() == m);
  CHECK_THROWS_AS(Tensor::fromIntMatrix(m * 20000, DType::I16), quasar::InputError);

  const Tensor row = Tensor::fromInts(DType::I32, {4}, {9, 8, 7, 6});
  const IntMatrix r = row.toIntMatrix();
  CHECK(r.rows() == 1);
  CHECK(r.cols() == 4);
  CHECK(r(0, 2) == 7);

  Eigen::MatrixXd d(2, 2);
  d << 0.5, -1.25, 3, 4;
  const Tensor f = Tensor::fromRealMatrix(d, DType::F64);
  CHECK(f.reals() == std::vector<double>{0.5, -1.25, 3, 4});
  CHECK(f.toRealMatrix() == d);
  CHECK(t.toRealMatrix()(1, 2) == -6.0);
  CHECK_THROWS_WITH(f.toIntMatrix(), Contains("quantize"));
  CHECK_THROWS_WITH(Tensor::zeros(DType::I8, {1, 2, 3}).toIntMatrix(), Contains("wrong rank"));
  CHECK_THROWS_AS(Tensor::zeros(DType::F32, {}).toRealMatrix(), quasar::InputError);
  CHECK(Tensor::zeros(DType::I8, {0, 5}).toIntMatrix().rows() == 0);
}

TEST_CASE("tensor: reshape, equality and shape checks", "[tensor]") {
  const Tensor t = Tensor::fromInts(DType::I8, {2, 3}, {1, 2, 3, 4, 5, 6});
  const Tensor r = t.reshaped({3, 1, 2});
  CHECK(r.shape() == std::vector<int64_t>{3, 1, 2});
  CHECK(r.ints() == t.ints());
  CHECK(r != t);
  CHECK(r.reshaped({2, 3}) == t);
  CHECK_THROWS_WITH(t.reshaped({4}), Contains("cannot reshape"));
  CHECK(Tensor::fromReals(DType::F32, {1}, {0.0}) != Tensor::fromReals(DType::F32, {1}, {-0.0}));
  CHECK(Tensor::fromReals(DType::F32, {1}, {std::nan("")}) ==
        Tensor::fromReals(DType::F32, {1}, {std::nan("")}));
  CHECK(Tensor::zeros(DType::I8, {1}) != Tensor::zeros(DType::U8, {1}));

  CHECK_NOTHROW(requireShape(t, {2, 3}, "w.npy"));
  CHECK_NOTHROW(requireShape(t, {-1, 3}, "w.npy"));
  CHECK_NOTHROW(requireRank(t, 2, "w.npy"));
  CHECK_THROWS_WITH(requireShape(t, {3, 2}, "w.npy"),
                    Contains("w.npy: wrong shape [2, 3], expected [3, 2]"));
  CHECK_THROWS_WITH(requireShape(t, {-1, 4}, "w.npy"), Contains("expected [*, 4]"));
  CHECK_THROWS_WITH(requireShape(t, {2, 3, 1}, "w.npy"), Contains("wrong shape"));
  CHECK_THROWS_WITH(requireRank(t, 1, "a.npy"),
                    Contains("a.npy: wrong rank: shape [2, 3] has rank 2, expected rank 1"));
  CHECK(shapeString({}) == "[]");
}

TEST_CASE("tensor: little-endian buffers", "[tensor]") {
  // i16 -2 = 0xFFFE, u16 0xABCD, i8 -128, bf16 0x3F80 = 1.0
  const std::string i16("\xfe\xff\xcd\xab", 4);
  CHECK(tensorFromLittleEndian(DType::I16, {2}, i16.data(), 4).ints() ==
        std::vector<int64_t>{-2, -21555});
  CHECK(tensorFromLittleEndian(DType::U16, {2}, i16.data(), 4).ints() ==
        std::vector<int64_t>{65534, 0xABCD});
  CHECK(tensorFromLittleEndian(DType::BF16, {1}, "\x80\x3f", 2).reals() == std::vector<double>{1});
  CHECK_THROWS_WITH(tensorFromLittleEndian(DType::I32, {2}, i16.data(), 4),
                    Contains("needs 8 bytes, got 4"));
  CHECK(tensorToLittleEndian(Tensor::fromInts(DType::I16, {2}, {-2, 0x1234})) ==
        std::string("\xfe\xff\x34\x12", 4));
  CHECK(tensorToLittleEndian(Tensor::fromReals(DType::F16, {1}, {-2.0})) ==
        std::string("\x00\xc0", 2));
}
