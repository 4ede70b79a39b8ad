// Tokenizes the expression text of the IR into identifiers; used by the passes.
#include "identifiers.h"

#include <cctype>

namespace quasar::passes {
namespace {

bool identStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool identChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$';
}

void typeExprs(const ir::DataType &t, const std::function<void(const std::string &)> &use) {
  if (!t.widthExpr.empty()) use(t.widthExpr);
  if (!t.arrayExpr.empty()) use(t.arrayExpr);
}

void stmtExprs(const std::vector<ir::Stmt> &list, const std::function<void(const std::string &)> &use) {
  for (const ir::Stmt &s : list) {
    if (s.kind == ir::Stmt::Kind::Comment) continue;
    use(s.lhs);
    use(s.expr);
    stmtExprs(s.thenBody, use);
    stmtExprs(s.elseBody, use);
    for (const ir::CaseItem &item : s.items) {
      if (item.label != "default") use(item.label);
      stmtExprs(item.body, use);
    }
  }
}

void itemExprs(const std::vector<ir::Item> &items, const std::function<void(const std::string &)> &use) {
  for (const ir::Item &item : items) {
    if (const auto *n = std::get_if<ir::Net>(&item.node)) {
      typeExprs(n->type, use);
    } else if (const auto *a = std::get_if<ir::Assign>(&item.node)) {
      use(a->lhs);
      use(a->rhs);
    } else if (const auto *p = std::get_if<ir::Process>(&item.node)) {
      stmtExprs(p->resetBody, use);
      stmtExprs(p->body, use);
    } else if (const auto *i = std::get_if<ir::Instance>(&item.node)) {
      for (const auto &pv : i->params) use(pv.second);
      for (const auto &c : i->connections) use(c.expr);
    } else if (const auto *g = std::get_if<ir::GenerateFor>(&item.node)) {
      use(g->count);
      itemExprs(g->body, use);
    } else if (const auto *g = std::get_if<ir::GenerateIf>(&item.node)) {
      use(g->cond);
      itemExprs(g->thenBody, use);
      itemExprs(g->elseBody, use);
    }
  }
}

void itemNames(const std::vector<ir::Item> &items, std::set<std::string> &names) {
  for (const ir::Item &item : items) {
    if (const auto *n = std::get_if<ir::Net>(&item.node)) {
      names.insert(n->name);
    } else if (const auto *i = std::get_if<ir::Instance>(&item.node)) {
      names.insert(i->name);
    } else if (const auto *g = std::get_if<ir::GenerateFor>(&item.node)) {
      names.insert(g->var);
      names.insert(g->label);
      itemNames(g->body, names);
    } else if (const auto *g = std::get_if<ir::GenerateIf>(&item.node)) {
      names.insert(g->label);
      if (!g->elseLabel.empty()) names.insert(g->elseLabel);
      itemNames(g->thenBody, names);
      itemNames(g->elseBody, names);
    }
  }
}

} // namespace

std::set<std::string> identifiersIn(const std::string &expr) {
  std::set<std::string> out;
  size_t i = 0;
  while (i < expr.size()) {
    const char c = expr[i];
    if (std::isdigit(static_cast<unsigned char>(c))) {
      // A number, possibly the size of a based literal: 4'd7, 32'h00ff_ffff.
      while (i < expr.size() && (std::isdigit(static_cast<unsigned char>(expr[i])) || expr[i] == '_')) ++i;
      if (i < expr.size() && expr[i] == '\'') {
        ++i;
        if (i < expr.size() && (expr[i] == 's' || expr[i] == 'S')) ++i;
        if (i < expr.size()) ++i; // base letter
        while (i < expr.size() && (std::isxdigit(static_cast<unsigned char>(expr[i])) || expr[i] == '_'))
          ++i;
      }
    } else if (c == '\'') {
      i += 2; // '0, '1
    } else if (c == '$') {
      ++i;
      while (i < expr.size() && identChar(expr[i])) ++i;
    } else if (identStart(c)) {
      const size_t start = i;
      while (i < expr.size() && identChar(expr[i])) ++i;
      out.insert(expr.substr(start, i - start));
    } else {
      ++i;
    }
  }
  return out;
}

void forEachExpression(const ir::Module &module, const std::function<void(const std::string &)> &use) {
  for (const ir::Param &p : module.params) use(p.value);
  for (const ir::Port &p : module.ports) typeExprs(p.type, use);
  itemExprs(module.items, use);
}

std::set<std::string> declaredNames(const ir::Module &module) {
  std::set<std::string> names;
  for (const ir::Param &p : module.params) names.insert(p.name);
  for (const ir::Port &p : module.ports) names.insert(p.name);
  itemNames(module.items, names);
  return names;
}

bool isKeyword(const std::string &name) {
  static const std::set<std::string> keywords = {
      "alias", "always", "always_comb", "always_ff", "always_latch", "and", "assert", "assign",
      "assume", "automatic", "begin", "bit", "break", "buf", "byte", "case", "casex", "casez",
      "cell", "chandle", "class", "clocking", "cmos", "config", "const", "constraint", "context",
      "continue", "cover", "deassign", "default", "defparam", "design", "disable", "do", "edge",
      "else", "end", "endcase", "endclass", "endfunction", "endgenerate", "endinterface",
      "endmodule", "endpackage", "endtask", "enum", "event", "export", "extends", "extern",
      "final", "for", "force", "foreach", "forever", "fork", "function", "generate", "genvar",
      "if", "iff", "import", "initial", "inout", "input", "int", "integer", "interface", "join",
      "local", "localparam", "logic", "longint", "macromodule", "module", "nand", "negedge",
      "new", "nor", "not", "null", "or", "output", "package", "packed", "parameter", "posedge",
      "priority", "program", "property", "protected", "pulldown", "pullup", "rand", "real",
      "reg", "release", "repeat", "return", "signed", "shortint", "static", "string", "struct",
      "super", "supply0", "supply1", "table", "task", "this", "time", "tri", "type", "typedef",
      "union", "unique", "unsigned", "var", "virtual", "void", "wait", "while", "wire", "with",
      "xnor", "xor"};
  return keywords.count(name) != 0;
}

} // namespace quasar::passes
