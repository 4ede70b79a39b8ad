// The analytical model against cycle counts worked out by hand from docs/microarchitecture.md
// (each case's working is in its comment), and its traffic/percentage columns against sums
// written out by hand.
//
// Conventions of the working: busy cycle 0 is the first cycle after the start write's edge;
// the host offers its first input beat in cycle 1 and one beat per cycle after that, and
// m_axis_tready is always high. cycles_busy = (cycle of the last output beat) + 1.
#include "quasar/sim/analytical.h"

#include "quasar/config/load.h"

#include <catch2/catch.hpp>

#include <sstream>

using namespace quasar;

namespace {

config::AccelConfig makeConfig(const std::string &yaml) {
  return config::loadAccelText("name: t\n" + yaml, "t.yaml");
}

sim::LayerTiming timing(const config::AccelConfig &cfg, int64_t m, int64_t n, int64_t k) {
  sim::AnalyticalOptions opt;
  opt.beatCycles = true;
  return sim::layerTiming(cfg, arch::GemmDims{m, n, k}, opt);
}

const char *kWs1x1 = "array: {rows: 1, cols: 1, dataflow: ws}\n"
                     "pe: {a_bits: 8, w_bits: 8, acc_bits: 32}\n";

} // namespace

TEST_CASE("analytical: 1x1 ws, M=N=K=1", "[analytical]") {
  // One step: 1 weight word + 1 activation word, one beat each (8 bits on a 64-bit stream).
  // Beats in cycles 1, 2. The bank is full at the end of cycle 3 (the cycle after the last
  // beat), so compute accepts in cycle 4 and works rows + mLen + (rows + cols + 1) + 1 = 6
  // cycles (5..10); the accumulator bank goes to the drain at the end of 10. The drain
  // accepts in 11, reads in 12, the word enters the FIFO at the end of 13 and its beat is
  // taken in 14: cycles_busy = 15.
  const auto t = timing(makeConfig(kWs1x1), 1, 1, 1);
  CHECK(t.cyclesBusy == 15);
  CHECK(t.inputBeatCycles == std::vector<int64_t>{1, 2});
  CHECK(t.outputBeatCycles == std::vector<int64_t>{14});
  CHECK(t.computeCycles == 6);
  CHECK(t.feedCycles == 1);
}

TEST_CASE("analytical: 1x1 ws, two activation words", "[analytical]") {
  // M=2: beats 1, 2, 3; full at the end of 4; accept 5; 1 + 2 + 3 + 1 = 7 cycles (6..12).
  // Drain accepts 13, reads word 0 in 14 and word 1 in 15 (one word in flight: room);
  // word 0 shows in 16, word 1 (in the FIFO from the end of 16) in 17: cycles_busy 18.
  const auto t = timing(makeConfig(kWs1x1), 2, 1, 1);
  CHECK(t.cyclesBusy == 18);
  CHECK(t.inputBeatCycles == std::vector<int64_t>{1, 2, 3});
  CHECK(t.outputBeatCycles == std::vector<int64_t>{16, 17});
}

TEST_CASE("analytical: 1x1 ws, two k-steps in two banks", "[analytical]") {
  // K=2 (tile k = rows = 1): step 0 beats 1, 2 into bank 0; the loader switches to bank 1
  // at the end of cycle 2, so step 1's beats are taken in 3, 4. Step 0: accept 4, busy 5..10.
  // Compute is in Idle again in 11 and bank 1 is full (since the end of 5): accept 11,
  // busy 12..17 (not a first k-tile: no accumulator-bank check). Drain accepts 18, reads 19,
  // the beat leaves in 21: cycles_busy 22.
  const auto t = timing(makeConfig(kWs1x1), 1, 1, 2);
  CHECK(t.cyclesBusy == 22);
  CHECK(t.inputBeatCycles == std::vector<int64_t>{1, 2, 3, 4});
  CHECK(t.outputBeatCycles == std::vector<int64_t>{21});
  CHECK(t.computeCycles == 12);
}

TEST_CASE("analytical: 1x1 ws, single-buffered, three k-steps", "[analytical]") {
  // One bank: after step 0's beats (1, 2) tready is low (bank-full pending in 3, full from 4)
  // until compute releases the bank at the end of its last Feed cycle: accept 4, LoadW 5,
  // Feed 6, so beats of step 1 in 7, 8. Step 0 busy 5..10; step 1 (full at the end of 9)
  // accepted in 11, LoadW 12, Feed 13 (release), busy to 17. Step 2 beats 14, 15, full at the
  // end of 16, accepted in 18 (Idle again), busy 19..24. Drain 25, read 26, beat 28: 29.
  const auto t =
      timing(makeConfig(std::string(kWs1x1) + "buffers: {double_buffered: false}\n"), 1, 1, 3);
  CHECK(t.cyclesBusy == 29);
  CHECK(t.inputBeatCycles == std::vector<int64_t>{1, 2, 7, 8, 14, 15});
}

TEST_CASE("analytical: 1x1 ws, single-buffered accumulator waits for the drain", "[analytical]") {
  // N=3 (three output tiles of one step each), one bank of each buffer.
  // Tile 0: beats 1, 2; accept 4; release at the end of 6; end 10; drain accepts 11, reads 12
  //   (releases the accumulator bank at the end of 12), beat 14.
  // Tile 1: beats 7, 8 (bank free from 7); full from the end of 9; compute Idle from 11, but a
  //   first k-tile needs the accumulator bank, free from 13: accept 13, release at the end of
  //   15, end 19; drain accepts 20, reads 21, beat 23.
  // Tile 2: beats 16, 17; full at the end of 18; Idle from 20; bank free from 22: accept 22,
  //   end 28; drain accepts 29, reads 30, beat 32: cycles_busy 33.
  const auto t =
      timing(makeConfig(std::string(kWs1x1) + "buffers: {double_buffered: false}\n"), 1, 3, 1);
  CHECK(t.cyclesBusy == 33);
  CHECK(t.inputBeatCycles == std::vector<int64_t>{1, 2, 7, 8, 16, 17});
  CHECK(t.outputBeatCycles == std::vector<int64_t>{14, 23, 32});
}

TEST_CASE("analytical: 1x1 ws, output words of two beats", "[analytical]") {
  // acc 32 bits on a 16-bit output stream: 2 beats per word. M=2 as above up to the drain's
  // accept in 13; reads in 14 and 15 (15: nothing in the FIFO, one read in flight). Word 0
  // shows in 16, 17 (popped in 17); word 1 (tail since the end of 16) in 18, 19: 20.
  const auto t =
      timing(makeConfig(std::string(kWs1x1) + "interfaces: {axis_out_bits: 16}\n"), 2, 1, 1);
  CHECK(t.cyclesBusy == 20);
  CHECK(t.outputBeatCycles == std::vector<int64_t>{16, 17, 18, 19});
}

TEST_CASE("analytical: 2x2 ws, one step", "[analytical]") {
  // rows = cols = 2: weight and activation words are 16 bits, one beat. 2 weight words + 1
  // activation word: beats 1, 2, 3; full at the end of 4; accept 5; busy rows + mLen +
  // (rows + cols + 1) + 1 = 2 + 1 + 5 + 1 = 9 cycles (6..14). Drain 15, read 16, beat 18: 19.
  const auto t = timing(makeConfig("array: {rows: 2, cols: 2, dataflow: ws}\n"
                                   "pe: {a_bits: 8, w_bits: 8, acc_bits: 32}\n"),
                        1, 1, 1);
  CHECK(t.cyclesBusy == 19);
}

TEST_CASE("analytical: 1x1 os, M=N=K=1", "[analytical]") {
  // os step: 1 activation word, 1 weight word: beats 1, 2; full at the end of 3; accept 4;
  // Feed 5 (release at its end); Tail osAccumulateLatency - 1 = (1 + 1 + 1) - 1 = 2 cycles
  // (6, 7); Drain rows = 1 cycle (8) into the free bank, handed over at the end of 8.
  // Drain unit accepts 9, reads 10, beat 12: cycles_busy 13.
  const auto t = timing(makeConfig("array: {rows: 1, cols: 1, dataflow: os}\n"
                                   "pe: {a_bits: 8, w_bits: 8, acc_bits: 32}\n"),
                        1, 1, 1);
  CHECK(t.cyclesBusy == 13);
  CHECK(t.computeCycles == 4);
  CHECK(t.outputBeatCycles == std::vector<int64_t>{12});
}

TEST_CASE("analytical: 2x3 os, K=5", "[analytical]") {
  // rows 2, cols 3, M=2, N=3, K=5 (one step: tile k is 512). 5 activation words (16 bits)
  // and 5 weight words (24 bits), one beat each: beats 1..10; full at the end of 11; accept
  // 12; Feed 13..17; Tail (2 + 3 + 1) - 1 = 5 cycles (18..22); Drain 2 cycles (23, 24).
  // Output words are 3 x 32 = 96 bits: two 64-bit beats. Drain unit accepts 25, reads 26
  // and 27 (27: FIFO empty, one read in flight); word 0 shows in 28, 29 (popped in 29), word 1
  // (tail since the end of 28) in 30, 31: cycles_busy 32.
  const auto t = timing(makeConfig("array: {rows: 2, cols: 3, dataflow: os}\n"
                                   "pe: {a_bits: 8, w_bits: 8, acc_bits: 32}\n"),
                        2, 3, 5);
  CHECK(t.cyclesBusy == 32);
  CHECK(t.outputBeatCycles == std::vector<int64_t>{28, 29, 30, 31});
  CHECK(t.feedCycles == 5);
}

TEST_CASE("analytical: report columns", "[analytical]") {
  // 2x2 ws, M=3, N=3, K=2, int8, acc 32, buffers of 8 words double-buffered (tile m = 4),
  // 64-bit streams. Schedule: n-tiles {0..1, 2}, one m-tile, k-tiles {0..1} (k = rows = 2):
  // 2 steps, each 2 weight words + 3 activation words (16-bit words, one beat each).
  const auto cfg = makeConfig("array: {rows: 2, cols: 2, dataflow: ws}\n"
                              "pe: {a_bits: 8, w_bits: 8, acc_bits: 32}\n"
                              "buffers: {weight_depth: 8, act_depth: 8, acc_depth: 8}\n");
  config::GemmLayer layer;
  layer.name = "l";
  layer.m = 3;
  layer.n = 3;
  layer.k = 2;
  layer.count = 4;
  const sim::LayerReport r = sim::analyzeLayer(cfg, layer);
  CHECK(r.macs == 18);
  CHECK(r.steps == 2);
  CHECK(r.outputTiles == 2);
  CHECK(r.inputBeats == 10); // 2 x (2 + 3)
  CHECK(r.outputBeats == 6); // 2 tiles x 3 words x 1 beat (64 bits)
  CHECK(r.inputBytes == 80); // 10 beats x 8 bytes
  CHECK(r.outputBytes == 48);
  CHECK(r.weightBufWriteBytes == 8); // 4 words x 16 bits
  CHECK(r.actBufWriteBytes == 12);   // 6 words x 16 bits
  CHECK(r.accBufWriteBytes == 48);   // 6 words x 64 bits
  CHECK(r.accBufReadBytes == 96);    // read-modify-write 6 + drain 6, x 8 bytes
  CHECK(r.feedCycles == 6);
  // Each step: accept + 2 + 3 + 5 + 1 = 11 compute cycles.
  CHECK(r.computeCycles == 22);
  CHECK(r.stallCycles == r.totalCycles - 22);
  // Mapping efficiency: 18 MACs over 6 feed cycles x 4 PEs = 75 %.
  CHECK(r.mappingEfficiency == Approx(75.0));
  CHECK(r.computeUtil == Approx(100.0 * 18 / (22 * 4)));
  CHECK(r.overallUtil == Approx(100.0 * 18 / double(r.totalCycles * 4)));

  std::ostringstream csv;
  sim::writeCsv(csv, {r});
  CHECK(csv.str().rfind("LayerID,Total Cycles,Stall Cycles,Overall Util %,Mapping Efficiency %,"
                        "Compute Util %,",
                        0) == 0);
  CHECK(csv.str().find("\nl," + std::to_string(r.totalCycles) + ",") != std::string::npos);
}

// quasar sim and the sweep's analytical stage call analyzeLayer: a bit-serial layer must cost
// the terms of bitserial_format's reset value (bitplane P = w_bits_max; bitmod's first mode,
// fp4: 2 terms per the spec), not the one pass of an int layer.
TEST_CASE("analytical: bit-serial layers run at the reset format's terms", "[analytical]") {
  config::GemmLayer layer;
  layer.m = 20, layer.n = 12, layer.k = 40;
  const arch::GemmDims dims{layer.m, layer.n, layer.k};
  auto cyclesAt = [&](const config::AccelConfig &cfg, int terms) {
    sim::AnalyticalOptions opt;
    opt.terms = terms;
    return sim::layerTiming(cfg, dims, opt).cyclesBusy;
  };
  const std::string dir = std::string(QUASAR_SOURCE_DIR) + "/configs/arch/";
  const config::AccelConfig plane = config::loadAccel(dir + "bitplane_8x8.yaml");
  REQUIRE(plane.pe.bitserial.w_bits_max == 8);
  CHECK(sim::analyzeLayer(plane, layer).totalCycles == cyclesAt(plane, 8));
  CHECK(cyclesAt(plane, 8) > cyclesAt(plane, 1));
  const config::AccelConfig mod = config::loadAccel(dir + "bitmod_8x8.yaml");
  REQUIRE(mod.pe.bitserial.modes.front() == config::BitmodMode::Fp4);
  CHECK(sim::analyzeLayer(mod, layer).totalCycles == cyclesAt(mod, 2));
  CHECK(cyclesAt(mod, 2) > cyclesAt(mod, 1));
}
