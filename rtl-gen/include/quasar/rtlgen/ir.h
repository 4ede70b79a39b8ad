// The generator's structural IR: designs made of modules with parameters, ports, nets,
// continuous assigns, clocked/combinational processes, instances and named generate loops.
//
// Structure (which nets, which instances, every width, depth and count) is explicit data;
// leaf expressions are SystemVerilog text (e.g. "cnt_q + 4'd1"), written by the block
// generators from numbers they take from the config or from arch/. Passes (src/passes/) may
// rewrite the IR; emitters (src/emit/) take it const and only print.
#pragma once

#include "quasar/config/diagnostics.h"

#include <string>
#include <variant>
#include <vector>

namespace quasar::ir {

using SourceLoc = config::SourceLoc;

// A packed type: `logic [width-1:0]`, optionally signed, optionally an unpacked array.
struct DataType {
  int width = 1;             // bits; 1 prints no range unless `vector`
  std::string widthExpr;     // printed instead of the number when set, e.g. "AccBits"
  bool vector = false;       // always print a range ([0:0] at width 1): the value is indexed
  bool isSigned = false;
  int arraySize = 0;         // > 0: unpacked [0:arraySize-1]
  std::string arrayExpr;     // printed instead of arraySize when set

  static DataType bits(int width, std::string expr = {}) {
    DataType t;
    t.width = width;
    t.vector = !expr.empty(); // a width that depends on the config may be 1 and is indexed
    t.widthExpr = std::move(expr);
    return t;
  }
};

enum class PortDir { In, Out };

struct Port {
  std::string name;
  PortDir dir = PortDir::In;
  DataType type;
  std::string group;   // a comment line printed before the first port of each group
  std::string comment; // trailing comment
};

// `parameter` (overridable) or `localparam`; `type` is the SV type text ("int", "logic [3:0]").
struct Param {
  std::string name;
  std::string type = "int";
  std::string value;
  bool local = true;
  std::string comment; // e.g. "cfg: pe.acc_bits @ default.yaml:11:3"
};

struct Net {
  std::string name;
  DataType type;
  std::string comment;
};

struct Assign {
  std::string lhs;
  std::string rhs;
  std::string comment;
};

// Statements inside processes. Assignments print as `=` in always_comb and `<=` in always_ff.
struct CaseItem;
struct Stmt {
  enum class Kind { Assign, If, Case, Comment } kind = Kind::Assign;
  std::string lhs;               // Assign: target
  std::string expr;              // Assign: value; If: condition; Case: selector; Comment: text
  std::vector<Stmt> thenBody;    // If
  std::vector<Stmt> elseBody;    // If (empty: no else)
  std::vector<CaseItem> items;   // Case (the last should be "default")
};

struct CaseItem {
  std::string label;             // "2'd0" or "default"
  std::vector<Stmt> body;
};

enum class ProcessKind { Comb, Ff };
enum class ResetKind { None, Sync, Async }; // Ff only; None = datapath register

struct Process {
  ProcessKind kind = ProcessKind::Comb;
  ResetKind reset = ResetKind::None;
  std::vector<Stmt> resetBody;   // Ff with reset: values while rst_ni is low
  std::vector<Stmt> body;        // Comb: the logic (defaults first); Ff: the d-to-q copy
  std::string comment;           // printed above the process
};

struct Connection {
  std::string port;
  std::string expr;              // never empty: unused outputs go to `unused_` sinks
  std::string comment;
};

struct Instance {
  std::string module;
  std::string name;              // u_...
  std::vector<std::pair<std::string, std::string>> params; // name, value
  std::vector<Connection> connections;
  std::string comment;
};

struct Comment {
  std::string text;
  bool banner = false;           // section banner ("// ---- Datapath ----" style)
};

struct Item;

// `for (genvar var = 0; var < count; var = var + 1) begin : label ... end`
struct GenerateFor {
  std::string var;
  std::string count;
  std::string label;             // g_...
  std::vector<Item> body;
};

// `if (cond) begin : label ... end else begin : elseLabel ... end` (else only when elseBody
// is not empty), on elaboration-time constants such as parameters.
struct GenerateIf {
  std::string cond;
  std::string label;             // g_...
  std::vector<Item> thenBody;
  std::string elseLabel;
  std::vector<Item> elseBody;
};

struct Item {
  std::variant<Net, Assign, Process, Instance, Comment, GenerateFor, GenerateIf> node;
};

struct Module {
  std::string name;              // qsr_...
  std::string summary;           // one line, printed in the file header
  std::vector<std::string> description; // further header lines (why, cycle behaviour)
  SourceLoc loc;                 // the config key that caused this module, if any
  std::vector<Param> params;     // `parameter`s print in the header, localparams in the body
  std::vector<Port> ports;
  std::vector<Item> items;
};

// Per-design facts printed into every file header.
struct DesignInfo {
  std::string generator = "quasar";
  std::string version;           // empty: omitted (--no-version)
  std::string configName;
  std::string configHash;        // short form
};

struct Design {
  DesignInfo info;
  std::string top;               // name of the top module
  std::vector<Module> modules;   // compile order: leaves first, top last
};

// Small constructors so block generators read like the hardware they describe.
namespace build {
Stmt assign(std::string lhs, std::string expr);
Stmt ifThen(std::string cond, std::vector<Stmt> thenBody, std::vector<Stmt> elseBody = {});
Stmt caseOf(std::string selector, std::vector<CaseItem> items);
Stmt comment(std::string text);
// Sized literal: lit(4, 7) == "4'd7"; lit(1, 1) == "1'b1".
std::string lit(int width, long long value);
// `{{n{sig[msb]}}, sig}`-style extension of a `from`-bit expression to `to` bits.
std::string signExtend(const std::string &expr, int from, int to);
std::string zeroExtend(const std::string &expr, int from, int to);
// Bits needed to hold values 0..maxValue (at least 1).
int bitsFor(long long maxValue);
// Bits of an address into `depth` words (at least 1).
int addrBits(long long depth);
} // namespace build

const Module *findModule(const Design &design, const std::string &name);

} // namespace quasar::ir
