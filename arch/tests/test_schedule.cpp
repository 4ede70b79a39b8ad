// Tiling and walk order, against tile lists worked out by hand from docs/rtl-contract.md.
#include "quasar/arch/schedule.h"

#include "quasar/config/error.h"
#include "quasar/config/load.h"

#include <catch2/catch.hpp>

#include <tuple>

using namespace quasar;

namespace {

config::AccelConfig makeConfig(const std::string &extra) {
  return config::loadAccelText("name: t\n" + extra, "t.yaml");
}

std::vector<std::tuple<int64_t, int64_t, int64_t, int64_t, int64_t, int64_t, bool, bool>>
flatten(const std::vector<arch::TileStep> &steps) {
  std::vector<std::tuple<int64_t, int64_t, int64_t, int64_t, int64_t, int64_t, bool, bool>> out;
  for (const auto &s : steps) out.emplace_back(s.m0, s.n0, s.k0, s.mLen, s.nLen, s.kLen, s.firstK, s.lastK);
  return out;
}

} // namespace

TEST_CASE("schedule: ws walks n-tiles, then m-tiles, then k-tiles", "[arch][schedule]") {
  // 2x3 array; acc_depth 8 double-buffered -> 4 accumulator rows per bank.
  const auto cfg = makeConfig("array: {rows: 2, cols: 3, dataflow: ws}\n"
                              "buffers: {acc_depth: 8, weight_depth: 8, act_depth: 8}\n");
  const auto shape = arch::tileShape(cfg);
  CHECK(shape.k == 2);
  CHECK(shape.n == 3);
  CHECK(shape.m == 4);
  // M=5, N=4, K=3: n0 in {0 (3 wide), 3 (1)}, m0 in {0 (4), 4 (1)}, k0 in {0 (2), 2 (1)}.
  const auto steps = flatten(arch::schedule(cfg, {5, 4, 3}));
  const decltype(steps) expected = {
      {0, 0, 0, 4, 3, 2, true, false}, {0, 0, 2, 4, 3, 1, false, true},
      {4, 0, 0, 1, 3, 2, true, false}, {4, 0, 2, 1, 3, 1, false, true},
      {0, 3, 0, 4, 1, 2, true, false}, {0, 3, 2, 4, 1, 1, false, true},
      {4, 3, 0, 1, 1, 2, true, false}, {4, 3, 2, 1, 1, 1, false, true},
  };
  CHECK(steps == expected);
}

TEST_CASE("schedule: os walks m-tiles, then n-tiles, then k-tiles", "[arch][schedule]") {
  // 2x2 array; act/weight depth 8 double-buffered -> k tiles of 4.
  const auto cfg = makeConfig("array: {rows: 2, cols: 2, dataflow: os}\n"
                              "buffers: {acc_depth: 8, weight_depth: 8, act_depth: 8}\n");
  const auto shape = arch::tileShape(cfg);
  CHECK(shape.m == 2);
  CHECK(shape.n == 2);
  CHECK(shape.k == 4);
  const auto steps = flatten(arch::schedule(cfg, {3, 3, 5}));
  const decltype(steps) expected = {
      {0, 0, 0, 2, 2, 4, true, false}, {0, 0, 4, 2, 2, 1, false, true},
      {0, 2, 0, 2, 1, 4, true, false}, {0, 2, 4, 2, 1, 1, false, true},
      {2, 0, 0, 1, 2, 4, true, false}, {2, 0, 4, 1, 2, 1, false, true},
      {2, 2, 0, 1, 1, 4, true, false}, {2, 2, 4, 1, 1, 1, false, true},
  };
  CHECK(steps == expected);
}

TEST_CASE("schedule: single-buffered tiles use the whole depth", "[arch][schedule]") {
  const auto cfg = makeConfig("array: {rows: 4, cols: 4, dataflow: os}\n"
                              "buffers: {act_depth: 16, weight_depth: 8, double_buffered: false}\n");
  CHECK(arch::tileShape(cfg).k == 8);
}

TEST_CASE("schedule: a 1x1x1 GEMM is one step", "[arch][schedule]") {
  const auto cfg = makeConfig("array: {rows: 4, cols: 4}\n");
  const auto steps = flatten(arch::schedule(cfg, {1, 1, 1}));
  const decltype(steps) expected = {{0, 0, 0, 1, 1, 1, true, true}};
  CHECK(steps == expected);
}

TEST_CASE("schedule: dimensions outside the limits are rejected", "[arch][schedule]") {
  const auto cfg = makeConfig("limits: {k_max: 64, m_max: 10, n_max: 10}\n");
  CHECK_THROWS_WITH(arch::schedule(cfg, {1, 1, 65}),
                    "GEMM k = 65 is outside [1, 64] (limits.k_max of t)");
  CHECK_THROWS_WITH(arch::schedule(cfg, {0, 1, 1}),
                    "GEMM m = 0 is outside [1, 10] (limits.m_max of t)");
  CHECK_THROWS_AS(arch::schedule(cfg, {1, 11, 1}), InputError);
}
