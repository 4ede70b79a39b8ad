// Co-simulation of qsr_shiftmax against models::nonlinear::shiftmax: rows of several lengths
// and kinds (random, all equal, all negative, 32-bit extremes, elements at the n * x0 clamp,
// single elements, rows of row_max, saturating S), x0 from -1 to -(2^16 - 1) changing per row,
// lanes beyond a row's end filled with noise. With bp=1 the input has seeded gaps and the output
// seeded back-pressure; with bp=0 every row's first and last output cycle and the next row's
// start are checked against arch::shiftmaxFirstOut / LastOut / RowCycles.
#include "rowunit_tb.h"

#include "blocks/blocks.h"
#include "blocks/rowunits.h"
#include "quasar/arch/post_timing.h"
#include "quasar/config/error.h"
#include "quasar/models/nonlinear.h"

#include <vector>

namespace quasar::tb {
namespace {

constexpr int64_t kX0Min = -((int64_t(1) << (arch::kShiftmaxX0Bits - 1)) - 1);

struct Row {
  int64_t x0;
  std::vector<int64_t> x;
};

Row makeRow(RowUnitRun &run, const std::string &kind, int64_t len, int64_t x0) {
  return {x0, makeShiftRow(run, kind, len, x0, models::nonlinear::kShiftmaxN)};
}

} // namespace

void writeShiftmaxRun(RowUnitRun &run) {
  blocks::RowUnitShape s;
  s.lanes = int(run.num("lanes"));
  s.rowMax = run.num("rowmax");
  const int L = s.lanes;
  std::vector<Row> rows;
  const std::vector<int64_t> x0s = {-1, kX0Min, -7, -100, -3000, -(int64_t(1) << 15)};
  auto pickX0 = [&](size_t i) { return i < x0s.size() ? x0s[i] : run.uni(kX0Min, -1); };
  const std::vector<std::string> kinds = {"near", "equal", "negative", "extreme", "wide", "clamp"};
  // Corners first: every kind at a single element, a full row_max row, a row of one full word
  // plus one element, then random lengths and kinds.
  size_t n = 0;
  for (const std::string &k : kinds) {
    rows.push_back(makeRow(run, k, 1, pickX0(n++ % 7)));
    rows.push_back(makeRow(run, k, s.rowMax, pickX0(n++ % 7)));
    rows.push_back(makeRow(run, k, std::min<int64_t>(s.rowMax, L + 1), pickX0(n++ % 7)));
  }
  // S saturates: all equal with |x0| large (each e = |x0| * 2^15).
  rows.push_back(makeRow(run, "equal", std::min<int64_t>(s.rowMax, 3), kX0Min));
  const int64_t randomRows = run.num("rows");
  for (int64_t i = 0; i < randomRows; ++i)
    rows.push_back(makeRow(run, kinds[size_t(run.uni(0, int64_t(kinds.size()) - 1))],
                           run.uni(1, s.rowMax), pickX0(size_t(run.uni(0, 9)))));

  ir::Design d;
  config::AccelConfig cfg;
  cfg.name = "rowunit";
  const blocks::BlockContext ctx(cfg);
  d.modules.push_back(blocks::buildSdpRam(ctx));
  d.modules.push_back(blocks::buildSeqDiv(ctx));
  d.modules.push_back(blocks::buildShiftmax(ctx, s));
  run.writeDesign(d);

  std::vector<RowCase> cases;
  for (const Row &r : rows) {
    const int64_t w = (int64_t(r.x.size()) + L - 1) / L;
    cases.push_back({r.x, models::nonlinear::shiftmax(r.x, r.x0), r.x0, arch::shiftmaxFirstOut(w),
                     arch::shiftmaxLastOut(w), arch::shiftmaxRowCycles(w)});
  }
  RowStreamSpec spec;
  spec.module = "qsr_shiftmax";
  spec.lanes = L;
  spec.outBits = models::nonlinear::kShiftmaxOutBits;
  spec.outMin = 0;
  spec.outMax = (int64_t(1) << spec.outBits) - 1;
  spec.paramBits = arch::kShiftmaxX0Bits;
  spec.conns = "    .x0_i(param_m[rows_done < R ? rows_done : 0]),\n";
  spec.timingName = "arch::shiftmax*";
  writeRowStreamTb(run, spec, cases);
}

} // namespace quasar::tb
