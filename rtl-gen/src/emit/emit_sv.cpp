// The SystemVerilog printer: one module per file, lowRISC layout (two-space indent, aligned
// port and net declarations, named generate blocks, `u_` instances with named connections).
// It reads the IR and writes text; it decides nothing that changes meaning.
#include "quasar/rtlgen/emit.h"

#include <algorithm>
#include <sstream>

namespace quasar::emit {
namespace {

using namespace quasar::ir;

std::string rangeOf(const DataType &t) {
  if (!t.widthExpr.empty()) return "[" + t.widthExpr + "-1:0]";
  if (t.width == 1 && !t.vector) return "";
  return "[" + std::to_string(t.width - 1) + ":0]";
}

std::string arrayOf(const DataType &t) {
  if (!t.arrayExpr.empty()) return " [0:" + t.arrayExpr + "-1]";
  if (t.arraySize > 0) return " [0:" + std::to_string(t.arraySize - 1) + "]";
  return "";
}

constexpr size_t kColumns = 100; // lowRISC line length

std::string pad(std::string s, size_t width) {
  if (s.size() < width) s.append(width - s.size(), ' ');
  return s;
}

// STATE: the output text and the current indentation.
class Printer {
public:
  Printer(const EmitOptions &options) : m_options(options) {}

  std::string text() const { return m_out.str(); }

  void line(const std::string &s) {
    if (s.empty()) {
      m_out << "\n";
      return;
    }
    m_out << std::string(size_t(m_level * m_options.indent), ' ') << s << "\n";
  }
  void blank() { m_out << "\n"; }
  void indent() { ++m_level; }
  void dedent() { --m_level; }

  // METHODS: one per IR construct.
  void header(const Design &design, const Module &m) {
    if (!m_options.spdxLicense.empty()) line("// SPDX-License-Identifier: " + m_options.spdxLicense);
    line("// " + headerLine(design.info));
    line("//");
    wrapped(m.name + ": " + m.summary);
    if (!m.description.empty()) {
      line("//");
      for (const auto &d : m.description) wrapped(d);
    }
    blank();
  }

  void moduleHead(const Module &m) {
    std::vector<const Param *> overridable;
    for (const Param &p : m.params)
      if (!p.local) overridable.push_back(&p);
    if (overridable.empty()) {
      line("module " + m.name + " (");
    } else {
      line("module " + m.name + " #(");
      indent();
      size_t typeW = 0, nameW = 0;
      for (const Param *p : overridable) {
        typeW = std::max(typeW, p->type.size());
        nameW = std::max(nameW, p->name.size());
      }
      for (size_t i = 0; i < overridable.size(); ++i) {
        const Param &p = *overridable[i];
        std::string s = "parameter " + pad(p.type, typeW) + " " + pad(p.name, nameW) + " = " + p.value;
        if (i + 1 < overridable.size()) s += ",";
        if (!p.comment.empty()) s += "  // " + p.comment;
        line(s);
      }
      dedent();
      line(") (");
    }
    indent();
    size_t rangeW = 0, signW = 0;
    for (const Port &p : m.ports) {
      rangeW = std::max(rangeW, rangeOf(p.type).size());
      if (p.type.isSigned) signW = 7;
    }
    std::string group;
    for (size_t i = 0; i < m.ports.size(); ++i) {
      const Port &p = m.ports[i];
      if (!p.group.empty() && p.group != group) line("// " + p.group);
      group = p.group;
      std::string s = p.dir == PortDir::In ? "input  logic " : "output logic ";
      if (signW) s += pad(p.type.isSigned ? "signed" : "", signW);
      if (rangeW) s += pad(rangeOf(p.type), rangeW) + " ";
      s += p.name + arrayOf(p.type);
      if (i + 1 < m.ports.size()) s += ",";
      if (!p.comment.empty()) s += "  // " + p.comment;
      line(s);
    }
    dedent();
    line(");");
  }

  void localParams(const Module &m) {
    size_t typeW = 0, nameW = 0, lineW = 0;
    for (const Param &p : m.params) {
      if (!p.local) continue;
      typeW = std::max(typeW, p.type.size());
      nameW = std::max(nameW, p.name.size());
    }
    std::vector<std::pair<std::string, std::string>> lines;
    for (const Param &p : m.params) {
      if (!p.local) continue;
      lines.emplace_back("localparam " + pad(p.type, typeW) + " " + pad(p.name, nameW) + " = " +
                             p.value + ";",
                         p.comment);
      lineW = std::max(lineW, lines.back().first.size());
    }
    for (const auto &[text, comment] : lines) {
      if (comment.empty()) {
        line(text);
        continue;
      }
      const size_t indentW = size_t(m_level * m_options.indent);
      if (indentW + lineW + 4 + comment.size() <= kColumns) {
        line(pad(text, lineW) + "  // " + comment); // aligned
      } else if (indentW + text.size() + 4 + comment.size() <= kColumns) {
        line(text + "  // " + comment);
      } else {
        wrapped(comment); // too long for one line: the comment goes above
        line(text);
      }
    }
  }

  // Consecutive nets are one aligned block.
  void nets(const std::vector<const Net *> &block) {
    size_t typeW = 0;
    for (const Net *n : block) typeW = std::max(typeW, netType(*n).size());
    for (const Net *n : block) {
      std::string s = pad(netType(*n), typeW) + " " + n->name + arrayOf(n->type) + ";";
      if (!n->comment.empty()) s += "  // " + n->comment;
      line(s);
    }
  }

  void assign(const Assign &a) {
    std::string s = "assign " + a.lhs + " = " + a.rhs + ";";
    if (!a.comment.empty()) s += "  // " + a.comment;
    line(s);
  }

  void process(const Process &p) {
    if (!p.comment.empty()) commentLines(p.comment);
    if (p.kind == ProcessKind::Comb) {
      line("always_comb begin");
      indent();
      stmts(p.body, "=");
      dedent();
      line("end");
      return;
    }
    line(p.reset == ResetKind::Async ? "always_ff @(posedge clk_i or negedge rst_ni) begin"
                                     : "always_ff @(posedge clk_i) begin");
    indent();
    if (p.reset == ResetKind::None) {
      stmts(p.body, "<=");
    } else {
      line("if (!rst_ni) begin");
      indent();
      stmts(p.resetBody, "<=");
      dedent();
      if (p.body.empty()) {
        line("end");
      } else {
        line("end else begin");
        indent();
        stmts(p.body, "<=");
        dedent();
        line("end");
      }
    }
    dedent();
    line("end");
  }

  void instance(const Instance &inst) {
    if (!inst.comment.empty()) commentLines(inst.comment);
    if (inst.params.empty()) {
      line(inst.module + " " + inst.name + " (");
    } else {
      line(inst.module + " #(");
      indent();
      size_t w = 0;
      for (const auto &pv : inst.params) w = std::max(w, pv.first.size());
      for (size_t i = 0; i < inst.params.size(); ++i) {
        const auto &[name, value] = inst.params[i];
        line("." + pad(name, w) + " (" + value + ")" + (i + 1 < inst.params.size() ? "," : ""));
      }
      dedent();
      line(") " + inst.name + " (");
    }
    indent();
    size_t w = 0;
    for (const Connection &c : inst.connections) w = std::max(w, c.port.size());
    for (size_t i = 0; i < inst.connections.size(); ++i) {
      const Connection &c = inst.connections[i];
      std::string s = "." + pad(c.port, w) + " (" + c.expr + ")";
      if (i + 1 < inst.connections.size()) s += ",";
      if (!c.comment.empty()) s += "  // " + c.comment;
      line(s);
    }
    dedent();
    line(");");
  }

  void comment(const Comment &c) {
    if (c.banner) {
      const std::string bar(c.text.size() + 6, '/');
      line(bar);
      line("// " + c.text + " //");
      line(bar);
    } else {
      commentLines(c.text);
    }
  }

  void items(const std::vector<Item> &list) {
    // Paragraphs, separated by a blank line: a run of nets, a run of assigns, or one other
    // item. A plain comment sticks to the paragraph after it.
    for (size_t i = 0; i < list.size();) {
      if (i) blank();
      if (const auto *c = std::get_if<Comment>(&list[i].node); c && !c->banner) {
        comment(*c);
        if (++i == list.size()) break;
      }
      printOne(list, i);
    }
  }

private:
  // Prints list[i] (and the rest of its run for nets and assigns); advances i.
  void printOne(const std::vector<Item> &list, size_t &i) {
    const auto &node = list[i].node;
    if (std::holds_alternative<Net>(node)) {
      std::vector<const Net *> block;
      while (i < list.size() && std::holds_alternative<Net>(list[i].node))
        block.push_back(&std::get<Net>(list[i++].node));
      nets(block);
    } else if (std::holds_alternative<Assign>(node)) {
      while (i < list.size() && std::holds_alternative<Assign>(list[i].node))
        assign(std::get<Assign>(list[i++].node));
    } else if (const auto *p = std::get_if<Process>(&node)) {
      process(*p);
      ++i;
    } else if (const auto *inst = std::get_if<Instance>(&node)) {
      instance(*inst);
      ++i;
    } else if (const auto *c = std::get_if<Comment>(&node)) {
      comment(*c);
      ++i;
    } else if (const auto *g = std::get_if<GenerateFor>(&node)) {
      line("for (genvar " + g->var + " = 0; " + g->var + " < " + g->count + "; " + g->var + " = " +
           g->var + " + 1) begin : " + g->label);
      indent();
      items(g->body);
      dedent();
      line("end");
      ++i;
    } else if (const auto *g = std::get_if<GenerateIf>(&node)) {
      line("if (" + g->cond + ") begin : " + g->label);
      indent();
      items(g->thenBody);
      dedent();
      if (g->elseBody.empty()) {
        line("end");
      } else {
        line("end else begin : " + g->elseLabel);
        indent();
        items(g->elseBody);
        dedent();
        line("end");
      }
      ++i;
    }
  }

  static std::string netType(const Net &n) {
    std::string s = "logic";
    if (n.type.isSigned) s += " signed";
    const std::string r = rangeOf(n.type);
    if (!r.empty()) s += " " + r;
    return s;
  }

  void commentLines(const std::string &text) {
    std::istringstream in(text);
    std::string l;
    while (std::getline(in, l)) wrapped(l);
  }

  // One comment line, wrapped at spaces to stay within kColumns.
  void wrapped(const std::string &text) {
    const size_t room = kColumns - size_t(m_level * m_options.indent) - 3;
    std::string rest = text;
    while (rest.size() > room) {
      size_t cut = rest.rfind(' ', room);
      if (cut == std::string::npos || cut == 0) break;
      line("// " + rest.substr(0, cut));
      rest = rest.substr(cut + 1);
    }
    line(rest.empty() ? "//" : "// " + rest);
  }

  void stmts(const std::vector<Stmt> &list, const char *op) {
    for (const Stmt &s : list) stmt(s, op);
  }

  void stmt(const Stmt &s, const char *op) {
    switch (s.kind) {
    case Stmt::Kind::Assign:
      line(s.lhs + " " + op + " " + s.expr + ";");
      break;
    case Stmt::Kind::Comment:
      commentLines(s.expr);
      break;
    case Stmt::Kind::If: {
      line("if (" + s.expr + ") begin");
      const Stmt *cur = &s;
      for (;;) {
        indent();
        stmts(cur->thenBody, op);
        dedent();
        if (cur->elseBody.empty()) {
          line("end");
          break;
        }
        // `else if` chains print flat.
        if (cur->elseBody.size() == 1 && cur->elseBody[0].kind == Stmt::Kind::If) {
          cur = &cur->elseBody[0];
          line("end else if (" + cur->expr + ") begin");
          continue;
        }
        line("end else begin");
        indent();
        stmts(cur->elseBody, op);
        dedent();
        line("end");
        break;
      }
      break;
    }
    case Stmt::Kind::Case:
      line("case (" + s.expr + ")");
      indent();
      for (const CaseItem &item : s.items) {
        if (item.body.size() == 1 && item.body[0].kind == Stmt::Kind::Assign) {
          line(item.label + ": " + item.body[0].lhs + " " + op + " " + item.body[0].expr + ";");
          continue;
        }
        line(item.label + ": begin");
        indent();
        stmts(item.body, op);
        dedent();
        line("end");
      }
      dedent();
      line("endcase");
      break;
    }
  }

  const EmitOptions &m_options; // print settings
  std::ostringstream m_out;     // the file text so far
  int m_level = 0;              // current indentation level
};

} // namespace

std::string headerLine(const ir::DesignInfo &info) {
  std::string s = "Generated by " + info.generator;
  if (!info.version.empty()) s += " " + info.version;
  s += " from config " + info.configName + " (sha256 " + info.configHash + ") -- do not edit";
  return s;
}

std::string emitModule(const ir::Design &design, const ir::Module &module,
                       const EmitOptions &options) {
  Printer p(options);
  p.header(design, module);
  p.moduleHead(module);
  p.indent();
  bool anyLocal = false;
  for (const auto &param : module.params) anyLocal = anyLocal || param.local;
  if (anyLocal) {
    p.blank();
    p.localParams(module);
  }
  if (!module.items.empty()) {
    p.blank();
    p.items(module.items);
  }
  p.dedent();
  p.blank();
  p.line("endmodule");
  return p.text();
}

} // namespace quasar::emit
