// The row units of the dyadic pipeline (specs/dyadic.md, "Integer nonlinear units";
// docs/dyadic-pipeline.md, "Row units"): the sequential divider they share and the units built
// on it. Declared apart from dyadic.h so each unit's generator stays in its own file.
#pragma once

#include "module_builder.h"

namespace quasar::blocks {

// qsr_seq_div: unsigned restoring divider, one quotient bit per cycle. quotient_o =
// floor(dividend / divisor), remainder_o = dividend mod divisor, for DividendBits >= 2 and
// DivisorBits >= 1 (parameters of the module, so every unit instantiates its own widths).
// start_i is taken when busy_o is low; done_o pulses in the cycle
// arch::seqDivCycles(DividendBits) after the start cycle, with the results, which then hold
// until the next start. Divisor 0 gives quotient all ones and remainder dividend mod
// 2^DivisorBits (what the restoring steps compute; the units never divide by 0).
ir::Module buildSeqDiv(const BlockContext &ctx);

// What a row unit is built for: post.lanes and post.row_max (kept apart from AccelConfig so unit
// tests can build any corner).
struct RowUnitShape {
  int lanes = 8;                        // elements per word
  const char *lanesKey = "post.lanes";  // the config key `lanes` comes from (RTL comments)
  int64_t rowMax = 768;                 // post.row_max: longest row, the row buffer's size
};

// qsr_shiftmax: Shiftmax over rows of up to rowMax elements (see the header of shiftmax.cpp for
// the ports, the row format and the passes); instantiates qsr_sdp_ram and qsr_seq_div.
ir::Module buildShiftmax(const BlockContext &ctx, const RowUnitShape &shape);

// qsr_ilayernorm: I-LayerNorm over rows of up to rowMax channels (see the header of
// ilayernorm.cpp: passes, one shared divider, the bias_int RAM's write port); instantiates
// qsr_sdp_ram (twice) and qsr_seq_div.
ir::Module buildILayerNorm(const BlockContext &ctx, const RowUnitShape &shape);

// qsr_shiftgelu: ShiftGELU elementwise after the row max, rows of up to rowMax elements, one
// qsr_seq_div per lane (see the header of shiftgelu.cpp); instantiates qsr_sdp_ram and
// qsr_seq_div.
ir::Module buildShiftGelu(const BlockContext &ctx, const RowUnitShape &shape);

} // namespace quasar::blocks
