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
#include <vector>

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

// One row of a row-stream testbench: input, expected output, the unit's per-row constant (x0
// for Shiftmax; 0 when none) and the expected cycles from arch/post_timing.h.
struct RowCase {
  std::vector<int64_t> x, y;
  int64_t param = 0;
  int64_t firstOut = 0, lastOut = 0, period = 0;
};

// What differs between the row units' testbenches.
struct RowStreamSpec {
  std::string module;          // the unit's top module
  int lanes = 8;
  int outBits = 16;            // y_o lane width
  int64_t outMin = 0, outMax = 0; // expected outputs must lie here (outBits < 64)
  int paramBits = 1;           // width of param_m (the per-row constant)
  std::string decls;           // testbench declarations
  std::string conns;           // unit-specific port connections, each line ending in ",\n"
  std::string load;            // statements after reset, before the stream starts
  int rowSlack = 60;           // timeout: cycles allowed per row beyond 8 per word
  std::string timingName;      // e.g. "arch::shiftmax*", printed on PASS
};
void writeRowStreamTb(RowUnitRun &run, const RowStreamSpec &spec, const std::vector<RowCase> &rows);

// A row for Shiftmax / ShiftGELU of `len` 32-bit elements: kind near (q of exp_shift spread
// over 0..n below a random max), equal, negative, extreme (+-2^31 ends), wide (any 32 bits),
// zero (both signs around 0), clamp (t exactly at and beside n * x0 below a max >= 0).
std::vector<int64_t> makeShiftRow(RowUnitRun &run, const std::string &kind, int64_t len,
                                  int64_t x0, int n);

// unit=div: qsr_seq_div. Keys: dividend=BITS divisor=BITS mode=exhaustive|random pairs=N.
void writeSeqDivRun(RowUnitRun &run);
// unit=shiftmax: qsr_shiftmax. Keys: lanes=N rowmax=N rows=N (random rows after the corners).
void writeShiftmaxRun(RowUnitRun &run);
// unit=ilayernorm: qsr_ilayernorm. Keys as shiftmax.
void writeILayerNormRun(RowUnitRun &run);
// unit=shiftgelu: qsr_shiftgelu. Keys as shiftmax plus x0=N (one x0 per run).
void writeShiftGeluRun(RowUnitRun &run);

} // namespace quasar::tb
