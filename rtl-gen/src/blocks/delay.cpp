// qsr_delay and qsr_valid_delay: fixed delay lines for the array's skew/de-skew (datapath,
// no reset, so synthesis may pack them into shift-register LUTs) and for control valid bits
// (reset, so no stale valid survives a reset).
#include "blocks.h"

namespace quasar::blocks {

using ir::build::assign;

namespace {

ir::Module buildDelayLine(const BlockContext &ctx, bool withReset) {
  const std::string name = withReset ? "qsr_valid_delay" : "qsr_delay";
  ModuleBuilder b(ctx, name,
                  withReset ? "control delay line: Stages registers reset to 0 (valid bits)"
                            : "datapath delay line: Stages registers, no reset (skew/de-skew)");
  b.describe({"q_o is d_i delayed by Stages cycles; Stages = 0 is a wire."});
  b.parameter("Width", 1, "bits");
  b.parameter("Stages", 1, "cycles of delay, >= 0");
  b.group("Clock and reset");
  b.in("clk_i");
  if (withReset) b.in("rst_ni");
  b.group("Data");
  b.in("d_i", 1, "Width");
  b.out("q_o", 1, "Width");

  b.beginIf("Stages == 0", "g_wire");
  b.net("unused_clk", 1, {}, "a wire needs no clock");
  b.assign("unused_clk", withReset ? "clk_i ^ rst_ni" : "clk_i");
  b.assign("q_o", "d_i");
  b.beginElse("g_regs");
  // A packed shift register rather than an array of stages: every tool reads it the same way
  // (Icarus 11 missed updates of a continuous assign from an array element written in a
  // generate loop) and synthesis maps it to shift-register LUTs.
  auto flop = [&](const std::string &q, const std::string &d) {
    if (withReset) {
      b.ff({assign(q, "'0")}, {assign(q, d)});
    } else {
      b.ffNoReset({assign(q, d)});
    }
  };
  b.beginIf("Stages == 1", "g_one");
  b.net("stage_q", 1, "Width");
  flop("stage_q", "d_i");
  b.assign("q_o", "stage_q");
  b.beginElse("g_shift");
  b.net("stage_q", 1, "Stages*Width", "stage s in bits [s*Width +: Width]");
  flop("stage_q", "{stage_q[(Stages-1)*Width-1:0], d_i}");
  b.assign("q_o", "stage_q[Stages*Width-1 -: Width]");
  b.endIf();
  b.endIf();
  return b.take();
}

} // namespace

ir::Module buildDelay(const BlockContext &ctx) { return buildDelayLine(ctx, false); }
ir::Module buildValidDelay(const BlockContext &ctx) { return buildDelayLine(ctx, true); }

} // namespace quasar::blocks
