// The bit-serial layer format and cycle functions (arch/bitserial_timing.h) against values
// worked out by hand from docs/bitserial-array.md ("CSR", "Streams", "Cycles").
#include "quasar/arch/bitserial_timing.h"

#include "quasar/config/error.h"
#include "quasar/arch/stream.h"
#include "quasar/config/load.h"

#include "arch_test_util.h"

#include <catch2/catch.hpp>

using namespace quasar;
using arch::testing::makeConfig;
using arch::testing::step;

namespace {

const char *kBitmod = "pe: {type: bitserial, acc_bits: 40, bitserial: {encoding: bitmod, "
                      "modes: [fp4, int8, int6]}}\n";

} // namespace

TEST_CASE("bitserial timing: ws runs T passes of the int step", "[arch][bitserial]") {
  const auto cfg = makeConfig("array: {rows: 8, cols: 8, dataflow: ws}\n"
                              "pe: {type: bitserial, bitserial: {w_bits_max: 8}}\n");
  // Pass: LoadW 8 + Feed 10 + Tail (wsResultLatency 8 + 8 + 1 = 17) + 1 = 36.
  CHECK(arch::bitserialComputeStepCycles(cfg, step(10, 8, 8, false), 1) == 36);
  CHECK(arch::bitserialComputeStepCycles(cfg, step(10, 8, 8, false), 5) == 5 * 36);
  CHECK(arch::bitserialComputeStepCycles(cfg, step(3, 8, 2, true), 8) == 8 * (8 + 3 + 18));
}

TEST_CASE("bitserial timing: os holds each k for T cycles", "[arch][bitserial]") {
  const auto cfg = makeConfig("array: {rows: 2, cols: 3, dataflow: os}\n"
                              "pe: {type: bitserial, bitserial: {w_bits_max: 4}}\n");
  // Feed 7 x 3 = 21; after a last k-tile Tail (2 + 3 + 1) - 1 = 5 and Drain 2.
  CHECK(arch::bitserialComputeStepCycles(cfg, step(2, 3, 7, false), 3) == 21);
  CHECK(arch::bitserialComputeStepCycles(cfg, step(2, 3, 7, true), 3) == 28);
  CHECK(arch::bitserialComputeStepCycles(cfg, step(2, 3, 7, true), 1) == 14);
  CHECK_THROWS_AS(arch::bitserialComputeStepCycles(cfg, step(2, 3, 7, true), 0), InputError);
}

TEST_CASE("bitserial format: CSR values, validity and terms per weight", "[arch][bitserial]") {
  const auto plane = makeConfig("pe: {type: bitserial, bitserial: {w_bits_max: 6}}\n");
  CHECK(arch::bitplaneFormat(plane, 5) == 5u);
  CHECK(arch::bitserialTerms(plane, 5) == 5);
  CHECK(arch::bitserialTerms(plane, 1) == 1);
  CHECK_FALSE(arch::bitserialFormatValid(plane, 0));
  CHECK_FALSE(arch::bitserialFormatValid(plane, 7)); // above w_bits_max
  CHECK(arch::bitserialFormatValid(plane, 6));
  CHECK_THROWS_AS(arch::bitplaneFormat(plane, 7), InputError);
  CHECK_THROWS_AS(arch::bitserialTerms(plane, 0), InputError);
  CHECK_THROWS_AS(arch::bitmodFormat(plane, config::BitmodMode::Fp4), InputError);

  const auto mod = makeConfig(kBitmod);
  CHECK(arch::bitmodFormat(mod, config::BitmodMode::Fp4) == 0x000u);
  CHECK(arch::bitmodFormat(mod, config::BitmodMode::Int8) == 0x200u);
  CHECK(arch::bitmodFormat(mod, config::BitmodMode::Int6) == 0x300u);
  CHECK(arch::bitserialTerms(mod, 0x000) == 2);
  CHECK(arch::bitserialTerms(mod, 0x200) == 4);
  CHECK(arch::bitserialTerms(mod, 0x300) == 3);
  // fp3 and int4 are not built by this config; 5..7 are no mode at all.
  CHECK_FALSE(arch::bitserialFormatValid(mod, 0x100));
  CHECK_FALSE(arch::bitserialFormatValid(mod, 0x400));
  CHECK_FALSE(arch::bitserialFormatValid(mod, 0x500));
  CHECK_THROWS_AS(arch::bitmodFormat(mod, config::BitmodMode::Int4), InputError);
  CHECK_THROWS_AS(arch::bitplaneFormat(mod, 4), InputError);
}

TEST_CASE("bitserial layout: bitmod needs ws and a group that is a multiple of rows",
          "[arch][bitserial]") {
  CHECK_NOTHROW(arch::bitserialCheckLayout(
      makeConfig("array: {rows: 8, cols: 8, dataflow: ws}\n" + std::string(kBitmod))));
  CHECK_NOTHROW(arch::bitserialCheckLayout(
      makeConfig("array: {rows: 3, cols: 8, dataflow: os}\npe: {type: bitserial}\n")));
  try {
    arch::bitserialCheckLayout(
        makeConfig("array: {rows: 8, cols: 8, dataflow: os}\n" + std::string(kBitmod)));
    FAIL("bitmod with os accepted");
  } catch (const InputError &e) {
    CHECK(std::string(e.what()).find("array.dataflow must be ws") != std::string::npos);
  }
  try {
    arch::bitserialCheckLayout(
        makeConfig("array: {rows: 8, cols: 8, dataflow: ws}\npe: {type: bitserial, acc_bits: 40, "
                   "bitserial: {encoding: bitmod, group: 12}}\n"));
    FAIL("group 12 on 8 rows accepted");
  } catch (const InputError &e) {
    CHECK(std::string(e.what()).find("pe.bitserial.group (12) must be a multiple of "
                                     "array.rows (8)") != std::string::npos);
  }
  CHECK_THROWS_AS(arch::bitserialCheckLayout(makeConfig("pe: {type: int}\n")), InputError);
}

TEST_CASE("bitserial stream: two group words lead each ws bitmod step", "[arch][bitserial]") {
  const auto ws = makeConfig("array: {rows: 2, cols: 3, dataflow: ws}\n"
                             "interfaces: {axis_in_bits: 32}\n"
                             "pe: {type: bitserial, acc_bits: 40, bitserial: {encoding: bitmod, "
                             "group: 4}}\n");
  CHECK(arch::bitserialGroupWords(ws) == 2);
  CHECK(arch::bitserialGroupWords(makeConfig("pe: {type: bitserial}\n")) == 0);
  CHECK(arch::bitserialGroupWords(makeConfig("pe: {type: int}\n")) == 0);
  // 2 group words + 2 code words + 3 activation words, each 3 x 8 or 2 x 8 bits: one beat.
  CHECK(arch::stepInputWords(ws, step(3, 3, 2, true)).firstWords == 4);
  CHECK(arch::stepInputBeats(ws, step(3, 3, 2, true)) == 7);

  // A = [1 x 5], W = 2 channels x K 5 (group 4: groups 0 and 1, the second padded).
  models::IntMatrix a(1, 5);
  a << 1, 2, 3, 4, 5;
  models::bitserial::BitmodWeights w;
  w.mode = models::bitserial::Mode::Int8;
  w.group = 4;
  w.cols = 5;
  w.codes = models::IntMatrix::Zero(2, 8);
  for (int k = 0; k < 5; ++k) {
    w.codes(0, k) = 0x10 + k;
    w.codes(1, k) = 0xf0 + k;
  }
  w.scales.resize(2, 2);
  w.scales << 7, 8, 9, 10;
  w.specialIndex.resize(2, 2);
  w.specialIndex << 0, 1, 2, 3;
  const std::vector<arch::Beat> beats = arch::packInputBitmod(ws, a, w);
  // Steps (k-tiles of 2): k0 = 0 (group 0), 2 (group 0), 4 (group 1); each 2 + 2 + 1 words,
  // one 32-bit beat per word; lanes of 8 bits, LSB first.
  REQUIRE(beats.size() == 15);
  const uint32_t want[15] = {
      // lane 1 (channel 1) in bits 15:8: codes 0xf0 + k | 0x10 + k; A lanes a(0, k0 + r)
      0x000907, 0x000200, 0xf010, 0xf111, 0x0201, // scales 7 | 9, specials 0 | 2, k = 0, 1
      0x000907, 0x000200, 0xf212, 0xf313, 0x0403, // k0 = 2: still group 0
      0x000a08, 0x000301, 0xf414, 0x0000, 0x0005}; // group 1; k = 5 is the pad row
  for (size_t i = 0; i < beats.size(); ++i) {
    INFO("beat " << i);
    CHECK(beats[i].data[0] == want[i]);
    CHECK(beats[i].last == (i == 14));
  }
  CHECK_THROWS_AS(arch::packInputBitmod(makeConfig("pe: {type: bitserial}\n"), a, w), InputError);
}
