#include "module_builder.h"

#include <filesystem>

namespace quasar::blocks {

BlockContext::BlockContext(const config::AccelConfig &config)
    : cfg(config),
      reset(config.rtl.reset == config::ResetKind::Async ? ir::ResetKind::Async
                                                         : ir::ResetKind::Sync) {}

std::string BlockContext::cite(const std::string &key) const {
  auto it = cfg.locations.find(key);
  if (it == cfg.locations.end() || it->second.line <= 0) return "cfg: " + key + " (default)";
  const std::string file = std::filesystem::path(it->second.file).filename().string();
  return "cfg: " + key + " @ " + file + ":" + std::to_string(it->second.line) + ":" +
         std::to_string(it->second.col);
}

ModuleBuilder::ModuleBuilder(const BlockContext &ctx, std::string name, std::string summary)
    : m_ctx(ctx) {
  m_module.name = std::move(name);
  m_module.summary = std::move(summary);
}

void ModuleBuilder::describe(std::vector<std::string> lines) {
  m_module.description = std::move(lines);
}

void ModuleBuilder::localInt(const std::string &name, long long value, const std::string &comment) {
  m_module.params.push_back(ir::Param{name, "int", std::to_string(value), true, comment});
}

void ModuleBuilder::localBits(const std::string &name, int width, long long value,
                              const std::string &comment) {
  const std::string type = width == 1 ? "logic" : "logic [" + std::to_string(width - 1) + ":0]";
  m_module.params.push_back(ir::Param{name, type, ir::build::lit(width, value), true, comment});
}

void ModuleBuilder::localRaw(const std::string &name, const std::string &type,
                             const std::string &value, const std::string &comment) {
  m_module.params.push_back(ir::Param{name, type, value, true, comment});
}

void ModuleBuilder::parameter(const std::string &name, long long value, const std::string &comment) {
  m_module.params.push_back(ir::Param{name, "int", std::to_string(value), false, comment});
}

void ModuleBuilder::in(const std::string &name, int width, const std::string &widthExpr,
                       const std::string &comment) {
  m_module.ports.push_back(
      ir::Port{name, ir::PortDir::In, ir::DataType::bits(width, widthExpr), m_group, comment});
}

void ModuleBuilder::out(const std::string &name, int width, const std::string &widthExpr,
                        const std::string &comment) {
  m_module.ports.push_back(
      ir::Port{name, ir::PortDir::Out, ir::DataType::bits(width, widthExpr), m_group, comment});
}

void ModuleBuilder::clockAndReset() {
  group("Clock and reset");
  in("clk_i");
  in("rst_ni", 1, {},
     m_ctx.reset == ir::ResetKind::Async ? "asynchronous, active low (rtl.reset: async)"
                                         : "synchronous, active low");
}

std::vector<ir::Item> &ModuleBuilder::items() {
  return m_scopes.empty() ? m_module.items : *m_scopes.back();
}

void ModuleBuilder::net(const std::string &name, int width, const std::string &widthExpr,
                        const std::string &comment) {
  items().push_back(ir::Item{ir::Net{name, ir::DataType::bits(width, widthExpr), comment}});
}

void ModuleBuilder::netSigned(const std::string &name, int width, const std::string &widthExpr) {
  ir::DataType t = ir::DataType::bits(width, widthExpr);
  t.isSigned = true;
  items().push_back(ir::Item{ir::Net{name, t, {}}});
}

void ModuleBuilder::array(const std::string &name, int width, const std::string &widthExpr,
                          int size, const std::string &sizeExpr, const std::string &comment) {
  ir::DataType t = ir::DataType::bits(width, widthExpr);
  t.arraySize = size;
  t.arrayExpr = sizeExpr;
  items().push_back(ir::Item{ir::Net{name, t, comment}});
}

void ModuleBuilder::assign(const std::string &lhs, const std::string &rhs,
                           const std::string &comment) {
  items().push_back(ir::Item{ir::Assign{lhs, rhs, comment}});
}

void ModuleBuilder::comb(std::vector<ir::Stmt> body, const std::string &comment) {
  ir::Process p;
  p.kind = ir::ProcessKind::Comb;
  p.body = std::move(body);
  p.comment = comment;
  items().push_back(ir::Item{std::move(p)});
}

void ModuleBuilder::ff(std::vector<ir::Stmt> resetBody, std::vector<ir::Stmt> body,
                       const std::string &comment) {
  ir::Process p;
  p.kind = ir::ProcessKind::Ff;
  p.reset = m_ctx.reset;
  p.resetBody = std::move(resetBody);
  p.body = std::move(body);
  p.comment = comment;
  items().push_back(ir::Item{std::move(p)});
}

void ModuleBuilder::ffNoReset(std::vector<ir::Stmt> body, const std::string &comment) {
  ir::Process p;
  p.kind = ir::ProcessKind::Ff;
  p.reset = ir::ResetKind::None;
  p.body = std::move(body);
  p.comment = comment;
  items().push_back(ir::Item{std::move(p)});
}

void ModuleBuilder::banner(const std::string &text) {
  items().push_back(ir::Item{ir::Comment{text, true}});
}

void ModuleBuilder::comment(const std::string &text) {
  items().push_back(ir::Item{ir::Comment{text, false}});
}

ir::Instance &ModuleBuilder::instance(const std::string &module, const std::string &name,
                                      const std::string &comment) {
  ir::Instance inst;
  inst.module = module;
  inst.name = name;
  inst.comment = comment;
  items().push_back(ir::Item{std::move(inst)});
  return std::get<ir::Instance>(items().back().node);
}

void ModuleBuilder::beginFor(const std::string &var, const std::string &count,
                             const std::string &label) {
  items().push_back(ir::Item{ir::GenerateFor{var, count, label, {}}});
  m_scopes.push_back(&std::get<ir::GenerateFor>(items().back().node).body);
}

void ModuleBuilder::endFor() { m_scopes.pop_back(); }

void ModuleBuilder::beginIf(const std::string &cond, const std::string &label) {
  items().push_back(ir::Item{ir::GenerateIf{cond, label, {}, {}, {}}});
  m_scopes.push_back(&std::get<ir::GenerateIf>(items().back().node).thenBody);
}

void ModuleBuilder::beginElse(const std::string &label) {
  m_scopes.pop_back();
  auto &g = std::get<ir::GenerateIf>(items().back().node);
  g.elseLabel = label;
  m_scopes.push_back(&g.elseBody);
}

void ModuleBuilder::endIf() { m_scopes.pop_back(); }

ir::Module ModuleBuilder::take() { return std::move(m_module); }

void connect(ir::Instance &inst, const std::string &port, const std::string &expr,
             const std::string &comment) {
  inst.connections.push_back(ir::Connection{port, expr, comment});
}

} // namespace quasar::blocks
