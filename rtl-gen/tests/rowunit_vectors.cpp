// rtlgen_rowunit_vectors: writes one unit co-simulation of a row unit (see rowunit_tb.h).
// usage: rtlgen_rowunit_vectors OUTDIR unit=div|... key=value...   (keys: rowunit_*_tb.cpp)
#include "rowunit_tb.h"

#include "passes/legalize_names.h"
#include "passes/port_widths.h"
#include "passes/prune_params.h"
#include "passes/verify.h"
#include "quasar/rtlgen/emit.h"

#include <fstream>
#include <iostream>

namespace quasar::tb {

void RowUnitRun::writeDesign(ir::Design design) const {
  design.info.configName = "rowunit";
  design.top = design.modules.back().name;
  passes::legalizeNames(design);
  passes::lowerPortWidths(design);
  passes::pruneUnusedParams(design);
  passes::verifyDesign(design);
  std::ofstream files(dir + "/files.f");
  for (const ir::Module &m : design.modules) {
    std::ofstream(dir + "/" + m.name + ".sv") << emit::emitModule(design, m);
    files << m.name << ".sv\n";
  }
}

} // namespace quasar::tb

int main(int argc, char **argv) {
  using namespace quasar;
  if (argc < 3) {
    std::cerr << "usage: rtlgen_rowunit_vectors OUTDIR unit=div key=value...\n";
    return 2;
  }
  tb::RowUnitRun run;
  run.dir = argv[1];
  run.args = {{"seed", "1"}, {"bp", "1"}, {"mode", "random"}};
  for (int i = 2; i < argc; ++i) {
    const std::string arg = argv[i];
    const auto eq = arg.find('=');
    if (eq == std::string::npos) {
      std::cerr << "bad argument " << arg << "\n";
      return 2;
    }
    run.args[arg.substr(0, eq)] = arg.substr(eq + 1);
  }
  try {
    run.rng.seed(std::stoull(run.args.at("seed")));
    const std::string unit = run.args.count("unit") ? run.args.at("unit") : "";
    if (unit == "div") {
      tb::writeSeqDivRun(run);
    } else if (unit == "shiftmax") {
      tb::writeShiftmaxRun(run);
    } else if (unit == "ilayernorm") {
      tb::writeILayerNormRun(run);
    } else if (unit == "shiftgelu") {
      tb::writeShiftGeluRun(run);
    } else {
      std::cerr << "unit=" << unit << " unknown; allowed: div, shiftmax, ilayernorm, shiftgelu\n";
      return 2;
    }
    return 0;
  } catch (const std::exception &ex) {
    std::cerr << "rtlgen_rowunit_vectors: " << ex.what() << "\n";
    return 1;
  }
}
