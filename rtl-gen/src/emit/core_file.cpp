// <name>.core: a FuseSoC CAPI2 core description of the generated RTL.
#include "metadata.h"

#include "quasar/rtlgen/emit.h"

namespace quasar::emit {

std::string emitCoreFile(const ir::Design &design, const config::AccelConfig &cfg,
                         const std::string &extraFilesets, const std::string &extraTargets) {
  std::string s = "CAPI=2:\n";
  s += "# " + headerLine(design.info) + "\n";
  s += "name: quasar:generated:" + cfg.name +
       (design.info.version.empty() ? "" : ":" + design.info.version) + "\n";
  s += "description: GEMM accelerator " + cfg.name + " (" + design.top + ")\n\n";
  s += "filesets:\n  rtl:\n    files:\n";
  for (const ir::Module &m : design.modules) s += "      - rtl/" + m.name + ".sv\n";
  s += "    file_type: systemVerilogSource\n";
  s += extraFilesets;
  s += "\n";
  s += "targets:\n";
  s += "  default: &default\n    filesets: [rtl]\n    toplevel: " + design.top + "\n\n";
  s += "  lint:\n    <<: *default\n    default_tool: verilator\n    tools:\n      verilator:\n"
       "        mode: lint-only\n        verilator_options: [-Wall]\n\n";
  s += "  sim:\n    <<: *default\n    default_tool: icarus\n    tools:\n      icarus:\n"
       "        iverilog_options: [-g2012]\n";
  if (!extraTargets.empty()) s += "\n" + extraTargets;
  return s;
}

} // namespace quasar::emit
