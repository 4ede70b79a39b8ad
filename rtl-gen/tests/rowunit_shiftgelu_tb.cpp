// Co-simulation of qsr_shiftgelu against models::nonlinear::shiftGelu: rows of several lengths
// and kinds (makeShiftRow: near the max, all equal, all negative so xmax = 0, 32-bit extremes,
// any 32 bits, both signs around 0, exactly at the n * x0 clamp) at one element, row_max and
// lanes + 1 elements, then random; one x0 per run (the CTest cases cover -1, -(2^16 - 1) and
// values between; |x0| >= 256 saturates S for elements at the max). bp=1: seeded gaps and
// back-pressure; bp=0: every row's cycles against arch::shiftGeluFirstOut / LastOut / RowCycles.
#include "rowunit_tb.h"

#include "blocks/blocks.h"
#include "blocks/rowunits.h"
#include "quasar/arch/post_timing.h"
#include "quasar/config/error.h"
#include "quasar/models/nonlinear.h"

#include <algorithm>
#include <vector>

namespace quasar::tb {

void writeShiftGeluRun(RowUnitRun &run) {
  blocks::RowUnitShape s;
  s.lanes = int(run.num("lanes"));
  s.rowMax = run.num("rowmax");
  const int64_t x0 = run.num("x0");
  if (x0 < -((int64_t(1) << (arch::kShiftmaxX0Bits - 1)) - 1) || x0 > -1)
    throw InputError("x0 outside -(2^16 - 1)..-1");
  const int L = s.lanes, n = models::nonlinear::kShiftGeluN;
  std::vector<RowCase> cases;
  auto add = [&](const std::vector<int64_t> &x) {
    const int64_t w = (int64_t(x.size()) + L - 1) / L;
    cases.push_back({x, models::nonlinear::shiftGelu(x, x0), x0, arch::shiftGeluFirstOut(w),
                     arch::shiftGeluLastOut(w), arch::shiftGeluRowCycles(w)});
  };
  const std::vector<std::string> kinds = {"near", "equal", "negative", "extreme", "wide", "zero", "clamp"};
  for (const std::string &k : kinds) {
    add(makeShiftRow(run, k, 1, x0, n));
    add(makeShiftRow(run, k, s.rowMax, x0, n));
    add(makeShiftRow(run, k, std::min<int64_t>(s.rowMax, L + 1), x0, n));
  }
  for (int64_t i = 0, rows = run.num("rows"); i < rows; ++i)
    add(makeShiftRow(run, kinds[size_t(run.uni(0, int64_t(kinds.size()) - 1))],
                     run.uni(1, s.rowMax), x0, n));

  ir::Design d;
  config::AccelConfig cfg;
  cfg.name = "rowunit";
  const blocks::BlockContext ctx(cfg);
  d.modules.push_back(blocks::buildSdpRam(ctx));
  d.modules.push_back(blocks::buildSeqDiv(ctx));
  d.modules.push_back(blocks::buildShiftGelu(ctx, s));
  run.writeDesign(d);

  RowStreamSpec spec;
  spec.module = "qsr_shiftgelu";
  spec.lanes = L;
  spec.outBits = arch::kShiftGeluOutBits;
  spec.outMin = -(int64_t(1) << 47);
  spec.outMax = (int64_t(1) << 47) - 1;
  spec.paramBits = arch::kShiftmaxX0Bits;
  spec.conns = "    .x0_i(param_m[0]),\n";
  spec.rowSlack = 40 * int(arch::shiftGeluRowCycles(1));
  spec.timingName = "arch::shiftGelu*";
  writeRowStreamTb(run, spec, cases);
}

} // namespace quasar::tb
