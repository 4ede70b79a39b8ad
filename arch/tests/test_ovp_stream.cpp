// The OVP input stream (arch/ovp_stream.h) against beats worked out by hand from
// docs/ovp-array.md: pair words, the ws activation nibbles, int8 activations (w4a8), a pair
// at a K-tile boundary, and the layout checks.
#include "quasar/arch/ovp_stream.h"
#include "quasar/config/error.h"
#include "quasar/config/load.h"

#include <catch2/catch.hpp>

using namespace quasar;
using models::ovp::ByteMatrix;

namespace {

config::AccelConfig makeConfig(const std::string &text) {
  return config::loadAccelText("name: t\ninterfaces: {axis_in_bits: 32}\n" + text, "t.yaml");
}

arch::Beat beat(uint32_t v, bool last = false) { return arch::Beat{{v}, last}; }

ByteMatrix bytes(int64_t rows, int64_t cols, std::initializer_list<int> values) {
  ByteMatrix m(rows, cols);
  auto it = values.begin();
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t c = 0; c < cols; ++c) m(r, c) = uint8_t(*it++);
  return m;
}

} // namespace

TEST_CASE("ovp stream: ws weight pair words and activation nibbles, pair at a K-tile boundary",
          "[arch][ovp]") {
  const auto cfg = makeConfig("array: {rows: 2, cols: 2, dataflow: ws}\npe: {type: ovp}\n");
  // K = 4 on a 2-row array: two k-tiles, each holding exactly one pair per row.
  const ByteMatrix a = bytes(1, 2, {0x8A, 0x5C});
  const ByteMatrix w = bytes(2, 2, {0x12, 0xAB, 0x34, 0xCD});
  // Tile k0 = 0: weight pair word (lane c = W[c] byte 0) 0x3412; activation word: nibbles of
  // A[0] k = 0, 1 in lanes 0, 1 = the byte 0x8A. Tile k0 = 2: 0xCDAB, then 0x5C.
  CHECK(arch::packInputOvp(cfg, a, w) ==
        std::vector<arch::Beat>{beat(0x3412), beat(0x8A), beat(0xCDAB), beat(0x5C, true)});
  CHECK(arch::ovpPairWords(cfg, arch::Operand::Weights));
  CHECK_FALSE(arch::ovpPairWords(cfg, arch::Operand::Activations));
  CHECK(arch::ovpStreamWordFormat(cfg, arch::Operand::Activations).laneBits == 4);
}

TEST_CASE("ovp stream: os pair words for both operands; w4a8 int8 activation words",
          "[arch][ovp]") {
  const ByteMatrix w = bytes(3, 2, {0x55, 0x66, 0x77, 0x88, 0x99, 0xAA});
  {
    const auto cfg = makeConfig("array: {rows: 2, cols: 3, dataflow: os}\npe: {type: ovp}\n");
    const ByteMatrix a = bytes(2, 2, {0x11, 0x22, 0x33, 0x44});
    // Activation pair words t = 0, 1 (lane r = A[r] byte t), then weight pair words.
    CHECK(arch::packInputOvp(cfg, a, w) ==
          std::vector<arch::Beat>{beat(0x3311), beat(0x4422), beat(0x997755),
                                  beat(0xAA8866, true)});
  }
  {
    const auto cfg = makeConfig("array: {rows: 2, cols: 3, dataflow: os}\n"
                                "pe: {type: ovp, ovp: {mode: w4a8}}\n");
    models::IntMatrix a(2, 4);
    a << 1, -1, 2, -2, 3, 4, 5, 6;
    // Four int8 activation words (lane r = A[r][t]), then the two weight pair words.
    CHECK(arch::packInputOvpInt8(cfg, a, w) ==
          std::vector<arch::Beat>{beat(0x0301), beat(0x04FF), beat(0x0502), beat(0x06FE),
                                  beat(0x997755), beat(0xAA8866, true)});
    CHECK_THROWS_AS(arch::packInputOvp(cfg, bytes(2, 2, {0, 0, 0, 0}), w), InputError);
    a(0, 0) = 128;
    CHECK_THROWS_AS(arch::packInputOvpInt8(cfg, a, w), InputError);
  }
}

TEST_CASE("ovp stream: layouts that would split a pair are rejected", "[arch][ovp]") {
  CHECK_THROWS_WITH(
      arch::ovpCheckLayout(makeConfig("array: {rows: 3, cols: 2, dataflow: ws}\npe: {type: ovp}\n")),
      Catch::Contains("array.rows (3) must be even"));
  CHECK_NOTHROW(
      arch::ovpCheckLayout(makeConfig("array: {rows: 3, cols: 2, dataflow: os}\npe: {type: ovp}\n")));
  const auto cfg = makeConfig("array: {rows: 2, cols: 2, dataflow: ws}\npe: {type: ovp}\n");
  CHECK_THROWS_AS(arch::packInputOvp(cfg, bytes(1, 1, {0}), bytes(2, 2, {0, 0, 0, 0})), InputError);
}

TEST_CASE("ovp stream: the config's stream words are the OVP words; K steps per word",
          "[arch][ovp]") {
  const auto ws = makeConfig("array: {rows: 4, cols: 2, dataflow: ws}\npe: {type: ovp}\n");
  CHECK(arch::weightWordFormat(ws).laneBits == 8);     // pair word, one byte per column
  CHECK(arch::activationWordFormat(ws).laneBits == 4); // K row of nibbles
  CHECK(arch::kStepsPerWord(ws, arch::Operand::Weights) == 2);
  CHECK(arch::kStepsPerWord(ws, arch::Operand::Activations) == 1);
  const auto os = makeConfig("array: {rows: 4, cols: 2, dataflow: os}\npe: {type: ovp}\n");
  CHECK(arch::activationWordFormat(os).laneBits == 8);
  CHECK(arch::kStepsPerWord(os, arch::Operand::Activations) == 2);
  const auto intCfg = makeConfig("array: {rows: 4, cols: 2, dataflow: os}\n");
  CHECK(arch::kStepsPerWord(intCfg, arch::Operand::Weights) == 1);
  CHECK(arch::kStepsPerWord(intCfg, arch::Operand::Activations) == 1);
  // A bank of pair words must hold whole pairs: 6 weight words in 2 banks is 3 per bank.
  CHECK_THROWS_WITH(arch::ovpCheckLayout(makeConfig("array: {rows: 2, cols: 2, dataflow: ws}\n"
                                                    "pe: {type: ovp}\nbuffers: {weight_depth: 6}\n")),
                    Catch::Contains("buffers.weight_depth per bank (3) must be even"));
}
