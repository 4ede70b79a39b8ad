// Host side of an OVP GEMM (arch/ovp_operands.h): padding of odd K, the ovp_format CSR value,
// int8 activations by hand, and the expected result against a triple loop over the decoded
// values (a second, straightforward path next to gemmOvp's).
#include "quasar/arch/ovp_operands.h"
#include "quasar/config/error.h"
#include "quasar/config/load.h"

#include <catch2/catch.hpp>

using namespace quasar;
namespace ovp = quasar::models::ovp;

namespace {

config::AccelConfig makeConfig(const std::string &pe) {
  return config::loadAccelText("name: t\narray: {rows: 2, cols: 2}\npe: " + pe + "\n", "t.yaml");
}

models::IntMatrix loopGemm(const models::IntMatrix &a, const models::IntMatrix &w) {
  models::IntMatrix c = models::IntMatrix::Zero(a.rows(), w.rows());
  for (int64_t i = 0; i < a.rows(); ++i)
    for (int64_t j = 0; j < w.rows(); ++j)
      for (int64_t k = 0; k < a.cols(); ++k) c(i, j) += a(i, k) * w(j, k);
  return c;
}

} // namespace

TEST_CASE("ovp operands: odd K is padded, large elements keep their place, result equals the "
          "decoded product",
          "[arch][ovp]") {
  Eigen::MatrixXd a(3, 5), w(2, 5);
  a << 0.1, -0.2, 0.3, 9.0, 0.05, //
      -0.4, 0.2, 0.1, 0.0, -8.0,  //
      0.3, 0.3, -0.3, 0.2, 0.1;
  w << 0.5, -0.25, 0.125, 0.0, 6.0, //
      -0.1, 0.2, -0.3, 0.4, -0.5;
  for (const char *normal : {"int4", "flint4", "auto"}) {
    INFO(normal);
    const auto cfg = makeConfig(std::string("{type: ovp, ovp: {mode: w4a4, normal: ") + normal + "}}");
    const arch::OvpOperands ops = arch::ovpOperands(cfg, a, w);
    CHECK(ops.k == 5);
    CHECK(ops.kPadded == 6);
    REQUIRE(ops.aBytes.cols() == 3);
    REQUIRE(ops.wBytes.cols() == 3);
    const models::IntMatrix av = ovp::decodeValues(ops.aBytes, ops.aType);
    const models::IntMatrix wv = ovp::decodeValues(ops.wBytes, ops.wType);
    CHECK(av.col(5).isZero());
    CHECK(wv.col(5).isZero());
    // The large elements keep their sign and stay the largest of their rows.
    CHECK(av(0, 3) > 0);
    CHECK(av(1, 4) < 0);
    CHECK(wv(0, 4) > 0);
    CHECK(av.row(0).cwiseAbs().maxCoeff() == av(0, 3));
    CHECK(wv.row(0).cwiseAbs().maxCoeff() == wv(0, 4));
    const uint32_t flintBits = (ops.wType == ovp::NormalType::Flint4 ? 1u : 0u) |
                               (ops.aType == ovp::NormalType::Flint4 ? 2u : 0u);
    CHECK(ops.formatCsr == flintBits);
    if (std::string(normal) == "flint4") CHECK(ops.formatCsr == 3);
    if (std::string(normal) == "int4") CHECK(ops.formatCsr == 0);
    CHECK(arch::ovpExpected(cfg, ops) == loopGemm(av, wv));
    // The dequantized operands are the decoded values times one scale per weight row and one
    // for the activations (ratios agree where the value is not 0; 0 stays 0), pad dropped.
    REQUIRE(ops.aDequant.cols() == 5);
    REQUIRE(ops.wDequant.rows() == 2);
    REQUIRE(ops.wDequant.cols() == 5);
    auto oneScalePerRow = [](const Eigen::MatrixXd &deq, const models::IntMatrix &v, bool tensor) {
      double scale = 0;
      for (Eigen::Index r = 0; r < deq.rows(); ++r) {
        if (!tensor) scale = 0;
        for (Eigen::Index c = 0; c < deq.cols(); ++c) {
          if (v(r, c) == 0) {
            CHECK(deq(r, c) == 0);
            continue;
          }
          if (scale == 0) scale = deq(r, c) / double(v(r, c));
          CHECK(deq(r, c) == Approx(scale * double(v(r, c))));
          CHECK(scale > 0);
        }
      }
    };
    oneScalePerRow(ops.aDequant, av, true);
    oneScalePerRow(ops.wDequant, wv, false);
  }
}

TEST_CASE("ovp operands: w4a8 activations are int8 (max-abs, half-even) with a zero pad column",
          "[arch][ovp]") {
  const auto cfg = makeConfig("{type: ovp, ovp: {mode: w4a8, normal: flint4}}");
  Eigen::MatrixXd a(1, 3), w(1, 3);
  a << 1.0, -0.5, 0.25; // scale 1/127: 127, -63.5 -> -64 (half-even), 31.75 -> 32
  w << 0.3, -0.2, 0.1;
  const arch::OvpOperands ops = arch::ovpOperands(cfg, a, w);
  models::IntMatrix want(1, 4);
  want << 127, -64, 32, 0;
  CHECK(ops.aInt8 == want);
  CHECK(ops.formatCsr == 1);
  CHECK(ops.aDequant(0, 1) == -64.0 / 127.0);
  const models::IntMatrix wv = ovp::decodeValues(ops.wBytes, ops.wType);
  CHECK(arch::ovpExpected(cfg, ops) == loopGemm(want, wv));
  CHECK_THROWS_AS(arch::ovpOperands(makeConfig("{type: int}"), a, w), InputError);
  CHECK_THROWS_AS(arch::ovpOperands(cfg, a, Eigen::MatrixXd(1, 2)), InputError);
}
