// Beat layout against beats packed by hand from the rules in stream.h.
#include "quasar/arch/stream.h"

#include "quasar/config/error.h"
#include "quasar/config/load.h"

#include <catch2/catch.hpp>

using namespace quasar;
using arch::Beat;

namespace {

models::IntMatrix fill(int64_t rows, int64_t cols, int64_t (*f)(int64_t, int64_t)) {
  models::IntMatrix m(rows, cols);
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t c = 0; c < cols; ++c) m(r, c) = f(r, c);
  return m;
}

} // namespace

TEST_CASE("stream: ws input beats, hand-packed", "[arch][stream]") {
  // 2x3 array, 8-bit operands, 32-bit input beats: a weight word (3 lanes) and an activation
  // word (2 lanes) each fit one beat. Tiles as in test_schedule: M=5, N=4, K=3.
  const auto cfg = config::loadAccelText(
      "name: t\narray: {rows: 2, cols: 3, dataflow: ws}\n"
      "buffers: {acc_depth: 8, weight_depth: 8, act_depth: 8}\n"
      "interfaces: {axis_in_bits: 32, axis_out_bits: 64}\n",
      "t.yaml");
  const auto a = fill(5, 3, [](int64_t m, int64_t k) { return 10 * m + k - 20; });
  const auto w = fill(4, 3, [](int64_t n, int64_t k) { return (n + 1) + 16 * k; });
  const auto beats = arch::packInput(cfg, a, w);

  // 8 steps: m-tiles of 4 rows carry 2 weight + 4 activation beats, of 1 row 2 + 1.
  REQUIRE(beats.size() == 4 * 6 + 4 * 3);
  // Step (m0 0, n0 0, k0 0): weight words r = 0, 1: lanes W[0..2][r].
  CHECK(beats[0] == Beat{{0x00030201}, false});        // W[0][0]=1, W[1][0]=2, W[2][0]=3
  CHECK(beats[1] == Beat{{0x00131211}, false});        // 17, 18, 19
  // Activation words i = 0..3: lanes A[i][0], A[i][1], two's complement bytes.
  CHECK(beats[2] == Beat{{0x0000edec}, false});        // -20, -19
  CHECK(beats[3] == Beat{{0x0000f7f6}, false});        // -10, -9
  CHECK(beats[5] == Beat{{0x00000b0a}, false});        // A[3][0..1] = 10, 11
  // Step (0, 0, k0 2): weight word r = 0 is W[0..2][2], word r = 1 is padding (k >= K).
  CHECK(beats[6] == Beat{{0x00232221}, false});
  CHECK(beats[7] == Beat{{0x00000000}, false});
  CHECK(beats[8] == Beat{{0x000000ee}, false});        // A[0][2] = -18, lane 1 padding
  // Last step (m0 4, n0 3, k0 2): W[3][2] = 36 in lane 0; A[4][2] = 22; tlast on the last.
  CHECK(beats[33] == Beat{{0x00000024}, false});
  CHECK(beats[34] == Beat{{0x00000000}, false});
  CHECK(beats[35] == Beat{{0x00000016}, true});
}

TEST_CASE("stream: os input beats, words spanning two beats", "[arch][stream]") {
  // 2x2 array, 16-bit activations, 12-bit weights, 16-bit beats: an activation word
  // (32 bits) takes 2 beats; a weight word (24 bits) takes 2 beats, the second half-empty.
  const auto cfg = config::loadAccelText(
      "name: t\narray: {rows: 2, cols: 2, dataflow: os}\n"
      "pe: {a_bits: 16, w_bits: 12, acc_bits: 48}\n"
      "interfaces: {axis_in_bits: 16}\n",
      "t.yaml");
  models::IntMatrix a(1, 1), w(1, 1);
  a << -2;   // 0xfffe
  w << 0x7ab; // lane 0 = 0x7ab, lane 1 padding
  const auto beats = arch::packInput(cfg, a, w);
  REQUIRE(beats.size() == 4);
  CHECK(beats[0] == Beat{{0xfffe}, false}); // A[0][0]
  CHECK(beats[1] == Beat{{0x0000}, false}); // lane 1 (row 1) padding
  CHECK(beats[2] == Beat{{0x07ab}, false}); // W lane 0 bits 11:0, lane 1 bits 23:12 = 0
  CHECK(beats[3] == Beat{{0x0000}, true});
}

TEST_CASE("stream: output words of accumulators, two beats each", "[arch][stream]") {
  const auto cfg = config::loadAccelText(
      "name: t\narray: {rows: 2, cols: 3, dataflow: ws}\n"
      "buffers: {acc_depth: 8, weight_depth: 8, act_depth: 8}\n"
      "interfaces: {axis_out_bits: 64}\n",
      "t.yaml");
  models::IntMatrix c(5, 4);
  for (int64_t m = 0; m < 5; ++m)
    for (int64_t n = 0; n < 4; ++n) c(m, n) = (m * 4 + n) * (n % 2 ? -1 : 1);
  const auto beats = arch::packOutput(cfg, c);
  // Words: (n0 0: m 0..3), (n0 0: m 4), (n0 3: m 0..3), (n0 3: m 4); 96 bits -> 2 beats each.
  REQUIRE(beats.size() == 20);
  CHECK(beats[0] == Beat{{0, 0xffffffffu}, false});       // C[0][0] = 0, C[0][1] = -1
  CHECK(beats[1] == Beat{{2, 0}, false});                 // C[0][2] = 2, top half zero
  CHECK(beats[8] == Beat{{16, 0xffffffefu}, false});      // C[4][0] = 16, C[4][1] = -17
  CHECK(beats[10] == Beat{{0xfffffffdu, 0}, false});      // C[0][3] = -3, lanes 1, 2 padding
  CHECK(beats[19] == Beat{{0, 0}, true});
  const auto origins = arch::outputBeatOrigins(cfg, {5, 4, 7});
  REQUIRE(origins.size() == 20);
  CHECK(origins[8].m == 4);
  CHECK(origins[8].n0 == 0);
  CHECK(origins[11].m == 0);
  CHECK(origins[11].n0 == 3);
  CHECK(origins[11].beatInWord == 1);
}

TEST_CASE("stream: unpackLane inverts packing, with sign extension", "[arch][stream]") {
  const arch::WordFormat f{5, 13, 24};
  const std::vector<int64_t> lanes = {-4096, 4095, -1, 0, 1234};
  // Pack by hand bit by bit into 3 beats of 24 bits (65 bits).
  std::vector<Beat> beats(3, Beat{{0}, false});
  for (int lane = 0; lane < 5; ++lane)
    for (int bit = 0; bit < 13; ++bit)
      if ((uint64_t(lanes[lane]) >> bit) & 1) {
        const int pos = lane * 13 + bit;
        beats[pos / 24].data[0] |= 1u << (pos % 24);
      }
  for (int lane = 0; lane < 5; ++lane) CHECK(arch::unpackLane(beats, f, lane, true) == lanes[lane]);
  CHECK(arch::unpackLane(beats, f, 0, false) == 4096);
}

TEST_CASE("stream: operands outside their width are rejected", "[arch][stream]") {
  const auto cfg = config::loadAccelText("name: t\npe: {a_bits: 4, a_signed: false}\n", "t.yaml");
  models::IntMatrix a(1, 1), w(1, 1);
  a << 16;
  w << 1;
  CHECK_THROWS_WITH(arch::packInput(cfg, a, w),
                    "activation value 16 does not fit 4-bit unsigned [0, 15]");
  a << 15;
  w << -129;
  CHECK_THROWS_WITH(arch::packInput(cfg, a, w),
                    "weight value -129 does not fit 8-bit signed [-128, 127]");
}
