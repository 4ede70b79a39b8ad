// Legalize names: rename keyword clashes (whole identifier tokens, in declarations and in
// every expression) and reject duplicate declarations.
#include "legalize_names.h"

#include "../internal_error.h"
#include "identifiers.h"

#include <cctype>
#include <map>

namespace quasar::passes {
namespace {

using Renames = std::map<std::string, std::string>;

std::string renameTokens(const std::string &expr, const Renames &renames) {
  std::string out;
  size_t i = 0;
  while (i < expr.size()) {
    const char c = expr[i];
    const bool prevIdent = i > 0 && (std::isalnum(static_cast<unsigned char>(expr[i - 1])) ||
                                     expr[i - 1] == '_' || expr[i - 1] == '$' || expr[i - 1] == '\'');
    if ((std::isalpha(static_cast<unsigned char>(c)) || c == '_') && !prevIdent) {
      size_t j = i;
      while (j < expr.size() && (std::isalnum(static_cast<unsigned char>(expr[j])) || expr[j] == '_' ||
                                 expr[j] == '$'))
        ++j;
      const std::string tok = expr.substr(i, j - i);
      auto it = renames.find(tok);
      out += it == renames.end() ? tok : it->second;
      i = j;
    } else {
      out += c;
      ++i;
    }
  }
  return out;
}

void renameType(ir::DataType &t, const Renames &r) {
  t.widthExpr = renameTokens(t.widthExpr, r);
  t.arrayExpr = renameTokens(t.arrayExpr, r);
}

void renameStmts(std::vector<ir::Stmt> &list, const Renames &r) {
  for (ir::Stmt &s : list) {
    if (s.kind == ir::Stmt::Kind::Comment) continue;
    s.lhs = renameTokens(s.lhs, r);
    s.expr = renameTokens(s.expr, r);
    renameStmts(s.thenBody, r);
    renameStmts(s.elseBody, r);
    for (ir::CaseItem &item : s.items) {
      if (item.label != "default") item.label = renameTokens(item.label, r);
      renameStmts(item.body, r);
    }
  }
}

std::string renamed(const std::string &name, const Renames &r) {
  auto it = r.find(name);
  return it == r.end() ? name : it->second;
}

void renameItems(std::vector<ir::Item> &items, const Renames &r) {
  for (ir::Item &item : items) {
    if (auto *n = std::get_if<ir::Net>(&item.node)) {
      n->name = renamed(n->name, r);
      renameType(n->type, r);
    } else if (auto *a = std::get_if<ir::Assign>(&item.node)) {
      a->lhs = renameTokens(a->lhs, r);
      a->rhs = renameTokens(a->rhs, r);
    } else if (auto *p = std::get_if<ir::Process>(&item.node)) {
      renameStmts(p->resetBody, r);
      renameStmts(p->body, r);
    } else if (auto *i = std::get_if<ir::Instance>(&item.node)) {
      i->name = renamed(i->name, r);
      for (auto &pv : i->params) pv.second = renameTokens(pv.second, r);
      for (auto &c : i->connections) c.expr = renameTokens(c.expr, r);
    } else if (auto *g = std::get_if<ir::GenerateFor>(&item.node)) {
      g->var = renamed(g->var, r);
      g->label = renamed(g->label, r);
      g->count = renameTokens(g->count, r);
      renameItems(g->body, r);
    } else if (auto *g = std::get_if<ir::GenerateIf>(&item.node)) {
      g->cond = renameTokens(g->cond, r);
      g->label = renamed(g->label, r);
      g->elseLabel = renamed(g->elseLabel, r);
      renameItems(g->thenBody, r);
      renameItems(g->elseBody, r);
    }
  }
}

// Module-level declarations in order, to find duplicates (generate scopes may reuse names).
void checkDuplicates(const ir::Module &m) {
  std::set<std::string> seen;
  auto add = [&](const std::string &name) {
    QSR_ASSERT(seen.insert(name).second, m.name, "'" + name + "' is declared twice");
  };
  for (const ir::Param &p : m.params) add(p.name);
  for (const ir::Port &p : m.ports) add(p.name);
  for (const ir::Item &item : m.items) {
    if (const auto *n = std::get_if<ir::Net>(&item.node)) add(n->name);
    if (const auto *i = std::get_if<ir::Instance>(&item.node)) add(i->name);
    if (const auto *g = std::get_if<ir::GenerateFor>(&item.node)) add(g->label);
    if (const auto *g = std::get_if<ir::GenerateIf>(&item.node)) add(g->label);
  }
}

} // namespace

void legalizeNames(ir::Design &design) {
  for (ir::Module &m : design.modules) {
    checkDuplicates(m);
    Renames renames;
    for (const std::string &name : declaredNames(m))
      if (isKeyword(name)) renames[name] = name + "_sig";
    if (renames.empty()) continue;
    // Ports keep their names: they are the block's interface (and never keywords, since they
    // carry _i/_o or bus names). Internal names only.
    for (const ir::Port &p : m.ports)
      QSR_ASSERT(!renames.count(p.name), m.name, "port '" + p.name + "' is a keyword");
    for (ir::Param &p : m.params) {
      p.name = renamed(p.name, renames);
      p.value = renameTokens(p.value, renames);
    }
    for (ir::Port &p : m.ports) renameType(p.type, renames);
    renameItems(m.items, renames);
  }
}

} // namespace quasar::passes
