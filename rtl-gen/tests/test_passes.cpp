// The IR passes on small hand-built designs: what each removes, renames or rejects.
#include "internal_error.h"
#include "passes/identifiers.h"
#include "passes/legalize_names.h"
#include "passes/port_widths.h"
#include "passes/prune_params.h"
#include "passes/verify.h"

#include <catch2/catch.hpp>

using namespace quasar;
using namespace quasar::ir;

namespace {

Module leaf() {
  Module m;
  m.name = "qsr_leaf";
  m.params = {Param{"Width", "int", "8", false, ""}};
  m.ports = {Port{"clk_i", PortDir::In, DataType::bits(1), "", ""},
             Port{"d_i", PortDir::In, DataType::bits(8, "Width"), "", ""}};
  return m;
}

Design withTop(Module top) {
  Design d;
  d.modules = {leaf(), std::move(top)};
  d.top = d.modules.back().name;
  return d;
}

Module topUsing(std::vector<Connection> conns, std::vector<std::pair<std::string, std::string>> params = {}) {
  Module m;
  m.name = "qsr_top";
  m.ports = {Port{"clk_i", PortDir::In, DataType::bits(1), "", ""}};
  Instance i;
  i.module = "qsr_leaf";
  i.name = "u_leaf";
  i.connections = std::move(conns);
  i.params = std::move(params);
  m.items = {Item{Net{"d", DataType::bits(8), ""}}, Item{i}};
  return m;
}

} // namespace

TEST_CASE("passes: identifiers skip sized literals, fills and system functions", "[emit]") {
  const auto ids = passes::identifiersIn("$signed(a_q) + 4'd7 + 32'hdead_beef - '0 + b[Cols-1:0]");
  CHECK(ids == std::set<std::string>{"a_q", "b", "Cols"});
}

TEST_CASE("passes: pruneUnusedParams drops unused localparams, also chains of them", "[emit]") {
  Module m;
  m.name = "qsr_p";
  m.params = {Param{"Used", "int", "3", true, ""}, Param{"OnlyByDead", "int", "1", true, ""},
              Param{"Dead", "int", "OnlyByDead + 1", true, ""},
              Param{"Header", "int", "5", false, ""}};
  m.items = {Item{Net{"x", DataType::bits(3, "Used"), ""}}};
  Design d;
  d.modules = {m};
  passes::pruneUnusedParams(d);
  std::vector<std::string> names;
  for (const Param &p : d.modules[0].params) names.push_back(p.name);
  // Overridable parameters stay: they are the module's interface.
  CHECK(names == std::vector<std::string>{"Used", "Header"});
}

TEST_CASE("passes: legalizeNames renames keywords in declarations and every use", "[emit]") {
  Module m;
  m.name = "qsr_k";
  m.items = {Item{Net{"release", DataType::bits(1), ""}},
             Item{Assign{"release", "a & released", ""}}};
  Design d;
  d.modules = {m};
  passes::legalizeNames(d);
  CHECK(std::get<Net>(d.modules[0].items[0].node).name == "release_sig");
  CHECK(std::get<Assign>(d.modules[0].items[1].node).lhs == "release_sig");
  CHECK(std::get<Assign>(d.modules[0].items[1].node).rhs == "a & released");
}

TEST_CASE("passes: legalizeNames rejects a name declared twice", "[emit]") {
  Module m;
  m.name = "qsr_dup";
  m.items = {Item{Net{"x", DataType::bits(1), ""}}, Item{Net{"x", DataType::bits(2), ""}}};
  Design d;
  d.modules = {m};
  CHECK_THROWS_WITH(passes::legalizeNames(d), Catch::Contains("'x' is declared twice"));
}

TEST_CASE("passes: lowerPortWidths keeps header parameters, numbers for localparams", "[emit]") {
  Module m;
  m.name = "qsr_w";
  m.params = {Param{"Width", "int", "8", false, ""}, Param{"Lanes", "int", "4", true, ""}};
  m.ports = {Port{"a_i", PortDir::In, DataType::bits(8, "Width"), "", ""},
             Port{"b_i", PortDir::In, DataType::bits(32, "Lanes*Width"), "", ""}};
  Design d;
  d.modules = {m};
  passes::lowerPortWidths(d);
  CHECK(d.modules[0].ports[0].type.widthExpr == "Width");
  CHECK(d.modules[0].ports[1].type.widthExpr.empty());
  CHECK(d.modules[0].ports[1].type.width == 32);
}

TEST_CASE("passes: verifyDesign accepts a consistent design", "[emit]") {
  CHECK_NOTHROW(passes::verifyDesign(withTop(topUsing({{"clk_i", "clk_i", ""}, {"d_i", "d", ""}},
                                                      {{"Width", "8"}}))));
}

TEST_CASE("passes: verifyDesign reports generator bugs on the instance", "[emit]") {
  CHECK_THROWS_WITH(passes::verifyDesign(withTop(topUsing({{"clk_i", "clk_i", ""}}))),
                    Catch::Contains("qsr_top.u_leaf: port 'd_i' is not connected"));
  CHECK_THROWS_WITH(passes::verifyDesign(withTop(topUsing(
                        {{"clk_i", "clk_i", ""}, {"d_i", "d", ""}, {"q_o", "d", ""}}))),
                    Catch::Contains("connects 'q_o', which qsr_leaf does not have"));
  CHECK_THROWS_WITH(passes::verifyDesign(withTop(topUsing(
                        {{"clk_i", "clk_i", ""}, {"d_i", "missing_net", ""}}))),
                    Catch::Contains("'missing_net' is used in 'missing_net' but not declared"));
  CHECK_THROWS_WITH(passes::verifyDesign(withTop(topUsing(
                        {{"clk_i", "clk_i", ""}, {"d_i", "d", ""}}, {{"Depth", "3"}}))),
                    Catch::Contains("overrides 'Depth', not a parameter of qsr_leaf"));
  CHECK_THROWS_AS(passes::verifyDesign(withTop(topUsing({}))), rtlgen::InternalError);
}
