// The cycle-level numbers of arch/timing.h against values worked out by hand from
// docs/microarchitecture.md, and the ws tile bound that depends on the activation buffer.
#include "quasar/arch/schedule.h"
#include "quasar/arch/timing.h"

#include "quasar/config/error.h"
#include "quasar/config/load.h"

#include "arch_test_util.h"

#include <catch2/catch.hpp>

using namespace quasar;
using arch::testing::makeConfig;
using arch::testing::step;

TEST_CASE("timing: ws tile m is bounded by the activation bank too", "[arch][timing]") {
  // acc 64 words, act 16 words, double-buffered: 8 activation words per bank.
  const auto cfg = makeConfig("array: {rows: 2, cols: 3, dataflow: ws}\n"
                              "buffers: {acc_depth: 64, act_depth: 16, weight_depth: 8}\n");
  CHECK(arch::tileShape(cfg).m == 8);
  CHECK(arch::actBankWords(cfg) == 8);
  CHECK(arch::accBankWords(cfg) == 32);
  CHECK(arch::weightBankWords(cfg) == 4);
  const auto single = makeConfig("array: {rows: 2, cols: 3, dataflow: ws}\n"
                                 "buffers: {acc_depth: 6, act_depth: 16, weight_depth: 8, "
                                 "double_buffered: false}\n");
  CHECK(arch::bankCount(single) == 1);
  CHECK(arch::tileShape(single).m == 6);
}

TEST_CASE("timing: int PE latencies and the ws step", "[arch][timing]") {
  // 8x8 int8 ws: one product register; results 8 + 8 + 1 = 17 cycles after the read.
  const auto cfg = makeConfig("array: {rows: 8, cols: 8, dataflow: ws}\n");
  CHECK(arch::peProductStages(cfg) == 1);
  CHECK(arch::wsResultLatency(cfg) == 17);
  // LoadW 8 + Feed 5 + Tail 18.
  CHECK(arch::computeStepCycles(cfg, step(5, 8, 8, true)) == 31);
  // 8 weight words + 5 activation words, one 64-bit beat each (8 lanes x 8 bits).
  CHECK(arch::stepInputWords(cfg, step(5, 8, 8, true)).firstWords == 8);
  CHECK(arch::stepInputWords(cfg, step(5, 8, 8, true)).secondWords == 5);
  CHECK(arch::stepInputBeats(cfg, step(5, 8, 8, true)) == 13);
  // 8 accumulators of 32 bits = 256 bits = 4 beats of 64 bits per word.
  CHECK(arch::drainTileBeats(cfg, step(5, 8, 8, true)) == 20);
}

TEST_CASE("timing: the os step, with and without the drain", "[arch][timing]") {
  // 2x3 os, int16 activations on 32-bit beats: 2 lanes x 16 = 1 beat; weights 3 x 16 = 2 beats.
  const auto cfg = makeConfig("array: {rows: 2, cols: 3, dataflow: os}\n"
                              "pe: {a_bits: 16, w_bits: 16, acc_bits: 44}\n"
                              "interfaces: {axis_in_bits: 32, axis_out_bits: 32}\n");
  CHECK(arch::osAccumulateLatency(cfg) == 6);
  CHECK(arch::computeStepCycles(cfg, step(2, 3, 7, false)) == 7);
  // Feed 7 + Tail 5 + Drain 2.
  CHECK(arch::computeStepCycles(cfg, step(2, 3, 7, true)) == 14);
  CHECK(arch::stepInputBeats(cfg, step(2, 3, 7, true)) == 7 * 1 + 7 * 2);
  // 3 x 44 = 132 bits: 5 beats of 32 bits.
  CHECK(arch::drainTileBeats(cfg, step(2, 3, 7, true)) == 10);
}

TEST_CASE("timing: every PE family has one product register stage", "[arch][timing]") {
  // ovp: the small product and the exponent sum (qsr_pe_ovp); bitserial: +-(a << shift) of
  // the cycle's term (qsr_pe_bitserial); both as the int PE.
  CHECK(arch::peProductStages(makeConfig("pe: {type: ovp, acc_bits: 32}\n")) == 1);
  CHECK(arch::peProductStages(makeConfig("pe: {type: bitserial, acc_bits: 32}\n")) == 1);
  CHECK(arch::peProductStages(makeConfig("pe: {type: bitserial, acc_bits: 40, bitserial: "
                                         "{encoding: bitmod}}\n")) == 1);
}

TEST_CASE("timing: OVP pair words count once for two K steps", "[arch][timing][ovp]") {
  // ws w4a4 8x8: 4 weight pair words (8 columns x 8 bits = one 64-bit beat each), then 5
  // activation words of 8 nibbles (32 bits, one beat each).
  const auto ws = makeConfig("array: {rows: 8, cols: 8, dataflow: ws}\npe: {type: ovp}\n");
  CHECK(arch::stepInputWords(ws, step(5, 8, 8, true)).firstWords == 4);
  CHECK(arch::stepInputWords(ws, step(5, 8, 8, true)).secondWords == 5);
  CHECK(arch::stepInputBeats(ws, step(5, 8, 8, true)) == 9);
  // os w4a8 4x2, kLen 6: 6 int8 activation words (32 bits), 3 weight pair words (16 bits).
  const auto os = makeConfig("array: {rows: 4, cols: 2, dataflow: os}\n"
                             "pe: {type: ovp, ovp: {mode: w4a8}}\n");
  CHECK(arch::stepInputWords(os, step(4, 2, 6, true)).firstWords == 6);
  CHECK(arch::stepInputWords(os, step(4, 2, 6, true)).secondWords == 3);
  CHECK(arch::stepInputBeats(os, step(4, 2, 6, true)) == 9);
  // os w4a4: both operands in pair words.
  const auto os44 = makeConfig("array: {rows: 4, cols: 2, dataflow: os}\npe: {type: ovp}\n");
  CHECK(arch::stepInputWords(os44, step(4, 2, 6, true)).firstWords == 3);
  CHECK(arch::stepInputWords(os44, step(4, 2, 6, true)).secondWords == 3);
}
