// `quasar gen`: generate the accelerator's RTL and metadata from a configuration.
#include "args.h"
#include "commands.h"

#include "quasar/config/load.h"
#include "quasar/fpga/vivado.h"
#include "quasar/rtlgen/generate.h"

#include <iostream>

namespace quasar::cli {
namespace {

const char *kHelp = R"(usage: quasar gen CONFIG -o DIR [--no-version]      (-o DIR or --out DIR)

Generates the accelerator described by CONFIG into DIR:
  DIR/rtl/*.sv          one SystemVerilog module per file (top: qsr_<name>_top)
  DIR/rtl/files.f       the files in compile order
  DIR/manifest.json     top ports, CSR map, stream formats, latencies, config hash
  DIR/quasar_params.h   the same facts as C++ constants
  DIR/<name>.core       FuseSoC CAPI2 core (targets: lint, sim, synth (Vivado), synth_ice40)
  DIR/vivado/build.tcl  non-project Vivado flow (synth, place, route, reports); written, not run:
                        vivado -mode batch -source DIR/vivado/build.tcl
  DIR/vivado/<name>.xdc the clock constraint (fpga.clock_mhz on clk_i)
The same config always gives byte-identical files. --no-version leaves the quasar version out
of the file headers (diffable output across versions).

exit codes: 0 generated, 2 invalid config or a feature the generator does not build yet
)";

} // namespace

int runGen(const std::vector<std::string> &argv) {
  if (wantsHelp(argv, kHelp)) return 0;
  // The shared parser knows only --long options; -o is this command's short form of --out.
  std::vector<std::string> expanded;
  for (const std::string &a : argv) expanded.push_back(a == "-o" ? "--out" : a);
  const Args args(expanded, {"out"}, {"no-version"});
  args.expectPositional(1, "one configuration CONFIG");
  const std::string out = args.optionOr("out", "");
  if (out.empty()) throw UsageError("missing the output directory (-o DIR)");
  const config::AccelConfig cfg = config::loadAccel(args.positional()[0]);
  rtlgen::GenOptions options;
  options.withVersion = !args.flag("no-version");
  const std::string top = "qsr_" + cfg.name + "_top";
  options.coreFilesets = fpga::fusesocSynthFilesets(cfg);
  options.coreTargets = fpga::fusesocSynthTargets(cfg, top);
  const rtlgen::GenResult result = rtlgen::generate(cfg, out, options);
  fpga::writeVivadoTcl(cfg, out, result.topModule);
  fpga::writeXdc(cfg, out);
  std::cout << "gen: " << result.topModule << " (" << cfg.name << ", " << config::shortHash(cfg)
            << "): " << result.files.size() << " files in " << out << "\n";
  return 0;
}

} // namespace quasar::cli
