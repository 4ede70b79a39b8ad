// Small constructors and queries of the IR (rtl-gen/include/quasar/rtlgen/ir.h).
#include "quasar/rtlgen/ir.h"

#include <string>

namespace quasar::ir {
namespace build {

Stmt assign(std::string lhs, std::string expr) {
  Stmt s;
  s.kind = Stmt::Kind::Assign;
  s.lhs = std::move(lhs);
  s.expr = std::move(expr);
  return s;
}

Stmt ifThen(std::string cond, std::vector<Stmt> thenBody, std::vector<Stmt> elseBody) {
  Stmt s;
  s.kind = Stmt::Kind::If;
  s.expr = std::move(cond);
  s.thenBody = std::move(thenBody);
  s.elseBody = std::move(elseBody);
  return s;
}

Stmt caseOf(std::string selector, std::vector<CaseItem> items) {
  Stmt s;
  s.kind = Stmt::Kind::Case;
  s.expr = std::move(selector);
  s.items = std::move(items);
  return s;
}

Stmt comment(std::string text) {
  Stmt s;
  s.kind = Stmt::Kind::Comment;
  s.expr = std::move(text);
  return s;
}

std::string lit(int width, long long value) {
  if (width == 1) return value ? "1'b1" : "1'b0";
  return std::to_string(width) + "'d" + std::to_string(value);
}

std::string signExtend(const std::string &expr, int from, int to) {
  if (to == from) return expr;
  if (to < from) return expr + "[" + std::to_string(to - 1) + ":0]";
  const std::string msb = from == 1 ? expr : expr + "[" + std::to_string(from - 1) + "]";
  return "{{" + std::to_string(to - from) + "{" + msb + "}}, " + expr + "}";
}

std::string zeroExtend(const std::string &expr, int from, int to) {
  if (to == from) return expr;
  if (to < from) return expr + "[" + std::to_string(to - 1) + ":0]";
  return "{" + std::to_string(to - from) + "'d0, " + expr + "}";
}

int bitsFor(long long maxValue) {
  int bits = 1;
  while (bits < 63 && (1LL << bits) <= maxValue) ++bits;
  return bits;
}

int addrBits(long long depth) { return depth <= 2 ? 1 : bitsFor(depth - 1); }

} // namespace build

const Module *findModule(const Design &design, const std::string &name) {
  for (const Module &m : design.modules)
    if (m.name == name) return &m;
  return nullptr;
}

} // namespace quasar::ir
