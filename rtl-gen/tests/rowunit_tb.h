// Unit co-simulation of the row units (docs/dyadic-pipeline.md, "Row units"): each writer puts
// the generated module(s), the stimulus, the expected values (golden model or plain integer
// arithmetic, independent of the generator) and a self-checking SystemVerilog testbench into
// a directory; rtl-gen/tests/tb/run_rowunit_tb.sh lints and simulates it.
#pragma once

#include "quasar/rtlgen/ir.h"

#include <cstdint>
#include <map>
#include <random>
#include <string>

namespace quasar::tb {

struct RowUnitRun {
  std::string dir;                          // output directory
  std::map<std::string, std::string> args;  // key=value arguments, defaults filled in
  std::mt19937_64 rng;                      // seeded from args["seed"]

  int64_t uni(int64_t lo, int64_t hi) {
    return std::uniform_int_distribution<int64_t>(lo, hi)(rng);
  }
  int64_t num(const std::string &key) const { return std::stoll(args.at(key)); }
  // Writes the design (leaves first) as DIR/<module>.sv, one file per module, and files.f.
  void writeDesign(ir::Design design) const;
};

// unit=div: qsr_seq_div. Keys: dividend=BITS divisor=BITS mode=exhaustive|random pairs=N.
void writeSeqDivRun(RowUnitRun &run);
// unit=shiftmax: qsr_shiftmax. Keys: lanes=N rowmax=N rows=N (random rows after the corners).
void writeShiftmaxRun(RowUnitRun &run);

} // namespace quasar::tb
