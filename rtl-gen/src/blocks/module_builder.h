// What every block generator shares: the config with its source locations (for `cfg:` comments
// on localparams), the reset style, and a small builder that appends IR items to a module,
// inside nested generate loops when asked.
#pragma once

#include "quasar/config/accel.h"
#include "quasar/rtlgen/ir.h"

#include <string>
#include <vector>

namespace quasar::blocks {

struct BlockContext {
  const config::AccelConfig &cfg;
  ir::ResetKind reset;       // Sync or Async, from rtl.reset

  explicit BlockContext(const config::AccelConfig &config);
  // "cfg: pe.acc_bits @ default.yaml:11:3" (file name only, so output does not depend on the
  // directory the config was loaded from); "cfg: pe.acc_bits (default)" when not set.
  std::string cite(const std::string &key) const;
};

class ModuleBuilder {
public:
  ModuleBuilder(const BlockContext &ctx, std::string name, std::string summary);

  // Header lines after the summary (why the block looks the way it does).
  void describe(std::vector<std::string> lines);

  // Parameters. `localparam int Name = value;`, or with a packed type for sized compares.
  void localInt(const std::string &name, long long value, const std::string &comment = {});
  void localBits(const std::string &name, int width, long long value,
                 const std::string &comment = {});
  void localRaw(const std::string &name, const std::string &type, const std::string &value,
                const std::string &comment = {});
  void parameter(const std::string &name, long long value, const std::string &comment = {});

  // Ports, in declaration order; `group` starts a commented group.
  void group(const std::string &name) { m_group = name; }
  void in(const std::string &name, int width = 1, const std::string &widthExpr = {},
          const std::string &comment = {});
  void out(const std::string &name, int width = 1, const std::string &widthExpr = {},
           const std::string &comment = {});
  void clockAndReset();

  // Body items, appended to the innermost open generate loop (or the module).
  void net(const std::string &name, int width = 1, const std::string &widthExpr = {},
           const std::string &comment = {});
  void netSigned(const std::string &name, int width, const std::string &widthExpr = {});
  void array(const std::string &name, int width, const std::string &widthExpr, int size,
             const std::string &sizeExpr = {}, const std::string &comment = {});
  void assign(const std::string &lhs, const std::string &rhs, const std::string &comment = {});
  void comb(std::vector<ir::Stmt> body, const std::string &comment = {});
  // A register with reset (control state): `resetBody` while rst_ni is low, else `body`.
  void ff(std::vector<ir::Stmt> resetBody, std::vector<ir::Stmt> body,
          const std::string &comment = {});
  // A datapath register without reset.
  void ffNoReset(std::vector<ir::Stmt> body, const std::string &comment = {});
  void banner(const std::string &text);
  void comment(const std::string &text);
  ir::Instance &instance(const std::string &module, const std::string &name,
                         const std::string &comment = {});
  void beginFor(const std::string &var, const std::string &count, const std::string &label);
  void endFor();
  void beginIf(const std::string &cond, const std::string &label);
  void beginElse(const std::string &label);
  void endIf();

  const BlockContext &ctx() const { return m_ctx; }
  ir::Module take();

private:
  std::vector<ir::Item> &items();

  const BlockContext &m_ctx;        // config and reset style
  ir::Module m_module;              // the module under construction
  std::string m_group;              // port group of the next port
  std::vector<std::vector<ir::Item> *> m_scopes; // open generate loops, innermost last
};

// Connection helper: inst.connections.push_back({port, expr}).
void connect(ir::Instance &inst, const std::string &port, const std::string &expr,
             const std::string &comment = {});

} // namespace quasar::blocks
