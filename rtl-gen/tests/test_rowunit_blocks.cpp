// Structure of the row units (the arithmetic and cycles are co-simulated by CTest
// rtlgen_rowunit.*): port widths from lanes and row_max, and that the passes accept every unit
// for odd shapes (one lane, row_max below lanes, row_max not a multiple of lanes, the largest
// row_max).
#include "blocks/blocks.h"
#include "blocks/rowunits.h"
#include "passes/verify.h"
#include "quasar/arch/post_timing.h"

#include <catch2/catch.hpp>

#include <map>

using namespace quasar;

namespace {

const blocks::BlockContext &context() {
  static const config::AccelConfig cfg = [] {
    config::AccelConfig c;
    c.name = "t";
    return c;
  }();
  static const blocks::BlockContext ctx(cfg);
  return ctx;
}

std::map<std::string, int> portWidths(const ir::Module &m) {
  std::map<std::string, int> widths;
  for (const ir::Port &p : m.ports) widths[p.name] = p.type.width;
  return widths;
}

} // namespace

TEST_CASE("rowunits: port widths follow lanes", "[rowunits]") {
  blocks::RowUnitShape s;
  s.lanes = 3;
  s.rowMax = 50;
  // Hand-computed: 3 lanes x 32-bit in; count 1..3 in 2 bits; outputs 16 / 64 / 48 bits.
  const auto sm = portWidths(blocks::buildShiftmax(context(), s));
  CHECK(sm.at("x_i") == 96);
  CHECK(sm.at("count_i") == 2);
  CHECK(sm.at("y_o") == 48);
  CHECK(sm.at("x0_i") == 17);
  const auto ln = portWidths(blocks::buildILayerNorm(context(), s));
  CHECK(ln.at("y_o") == 192);
  CHECK(ln.at("bias_wdata_i") == 192);
  CHECK(ln.at("bias_waddr_i") == 5); // 17 words
  CHECK(ln.count("x0_i") == 0);
  const auto ge = portWidths(blocks::buildShiftGelu(context(), s));
  CHECK(ge.at("y_o") == 144);
  CHECK(ge.at("x0_i") == 17);
  const auto dv = portWidths(blocks::buildSeqDiv(context()));
  CHECK(dv.at("quotient_o") == arch::kRowDivQuotientBits);
}

TEST_CASE("rowunits: every unit passes the verifier for odd shapes", "[rowunits]") {
  for (const auto &[lanes, rowMax] : {std::pair<int, int64_t>{1, 1}, {8, 5}, {3, 50}, {8, 768},
                                      {64, 65536}}) {
    blocks::RowUnitShape s;
    s.lanes = lanes;
    s.rowMax = rowMax;
    for (int unit = 0; unit < 3; ++unit) {
      ir::Design d;
      d.modules.push_back(blocks::buildSdpRam(context()));
      d.modules.push_back(blocks::buildSeqDiv(context()));
      d.modules.push_back(unit == 0   ? blocks::buildShiftmax(context(), s)
                          : unit == 1 ? blocks::buildILayerNorm(context(), s)
                                      : blocks::buildShiftGelu(context(), s));
      d.top = d.modules.back().name;
      INFO(d.top << " lanes " << lanes << " row_max " << rowMax);
      CHECK_NOTHROW(passes::verifyDesign(d));
    }
  }
}
