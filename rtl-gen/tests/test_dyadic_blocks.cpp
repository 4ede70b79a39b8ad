// Structure of the dyadic blocks (the arithmetic is co-simulated by CTest rtlgen_dyadic.*):
// which ports each post.* choice creates, their widths, and that the passes accept the module.
#include "blocks/dyadic.h"
#include "passes/verify.h"

#include <catch2/catch.hpp>

#include <map>

using namespace quasar;

namespace {

std::map<std::string, int> portWidths(const ir::Module &m) {
  std::map<std::string, int> widths;
  for (const ir::Port &p : m.ports) widths[p.name] = p.type.width;
  return widths;
}

ir::Module build(const blocks::RequantShape &s, bool residual) {
  static const config::AccelConfig cfg = [] {
    config::AccelConfig c;
    c.name = "t";
    return c;
  }();
  static const blocks::BlockContext ctx(cfg);
  return residual ? blocks::buildDyadicResidual(ctx, s) : blocks::buildDyadicRequant(ctx, s);
}

} // namespace

TEST_CASE("dyadic: requantizer ports follow bias, activation and widths", "[dyadic]") {
  blocks::RequantShape s;
  s.lanes = 3;
  s.accBits = 20;
  s.multBits = 12;
  s.outBits = 5;
  s.bias = true;
  s.activation = config::Activation::Clip;
  const ir::Module m = build(s, false);
  CHECK(m.name == "qsr_dyadic_requant");
  const auto w = portWidths(m);
  // Hand-computed: lanes x field width.
  CHECK(w.at("acc_i") == 60);
  CHECK(w.at("bias_i") == 60);
  CHECK(w.at("mult_i") == 36);
  CHECK(w.at("shift_i") == 18);
  CHECK(w.at("zp_i") == 15);
  CHECK(w.at("clip_lo_i") == 5);
  CHECK(w.at("clip_hi_i") == 5);
  CHECK(w.at("y_o") == 15);
  CHECK(w.count("res_i") == 0);

  s.bias = false;
  s.activation = config::Activation::Relu;
  const auto w2 = portWidths(build(s, false));
  CHECK(w2.count("bias_i") == 0);
  CHECK(w2.count("clip_lo_i") == 0);
}

TEST_CASE("dyadic: residual has a second branch and no bias", "[dyadic]") {
  blocks::RequantShape s;
  s.lanes = 2;
  s.accBits = 16;
  s.multBits = 8;
  s.outBits = 8;
  const ir::Module m = build(s, true);
  CHECK(m.name == "qsr_dyadic_residual");
  const auto w = portWidths(m);
  CHECK(w.at("res_i") == 32);
  CHECK(w.at("res_mult_i") == 16);
  CHECK(w.at("res_shift_i") == 12);
  CHECK(w.count("bias_i") == 0);
  s.bias = true;
  CHECK_THROWS(build(s, true));
}

TEST_CASE("dyadic: every rounding mode builds a module the verifier accepts", "[dyadic]") {
  for (auto r : {config::Rounding::HalfUp, config::Rounding::HalfEven, config::Rounding::HalfAway,
                 config::Rounding::Floor}) {
    for (bool residual : {false, true}) {
      blocks::RequantShape s;
      s.rounding = r;
      ir::Design d;
      d.modules.push_back(build(s, residual));
      d.top = d.modules.back().name;
      CHECK_NOTHROW(passes::verifyDesign(d));
    }
  }
}
