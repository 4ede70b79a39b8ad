// The row units' model without the kernel (RowUnit::edge, decoupled) and the analytical
// row-stream cycles: hand-worked cycles from docs/dyadic-pipeline.md's formulas, model ==
// analytical on stall-free random streams with values from the golden model, bad input refused.
// The cycle-exactness against the RTL, with stalls, is sim.rowunit.* (label cosim).
#include "quasar/config/error.h"
#include "quasar/models/nonlinear.h"
#include "quasar/sim/row_unit.h"

#include <catch2/catch.hpp>

#include <random>
#include <string>

using namespace quasar;

namespace {

// A fresh module name per model (the models live outside any sc_start).
std::string uniqueName() {
  static int n = 0;
  return "row_unit_" + std::to_string(n++);
}

struct Logged {
  std::vector<int64_t> in, out;
  std::vector<sim::RowWord> words;
};

// Input offered every cycle from cycle 1 (a registered valid, as the RTL testbench's), output
// always ready: the cycle of every word taken in and out, and the output words.
Logged runStallFree(sim::RowUnit &u, int lanes, const std::vector<std::vector<int64_t>> &rows,
                    int64_t x0, int64_t maxCycles) {
  std::vector<sim::RowWord> words;
  for (const auto &r : rows)
    for (size_t i = 0; i < r.size(); i += size_t(lanes)) {
      sim::RowWord w{std::vector<int64_t>(size_t(lanes), -7), i + size_t(lanes) >= r.size(), 0};
      for (size_t l = 0; l < size_t(lanes) && i + l < r.size(); ++l, ++w.count) w.lanes[l] = r[i + l];
      words.push_back(w);
    }
  Logged log;
  size_t sent = 0, got = 0;
  for (int64_t c = 0; c < maxCycles && got < words.size(); ++c) {
    sim::RowUnit::Pins p;
    p.valid = c >= 1 && sent < words.size();
    p.ready = true;
    p.x = words[sent < words.size() ? sent : 0];
    p.param = x0;
    if (p.valid && u.readyOut()) log.in.push_back(c), ++sent;
    if (u.validOut()) log.out.push_back(c), log.words.push_back(u.yOut()), ++got;
    u.edge(p);
  }
  return log;
}

} // namespace

TEST_CASE("row stream cycles worked by hand", "[rowunit]") {
  // Shiftmax, 4 lanes, rows of 5 and 1 elements from cycle 1: W = 2 -> words in at 1, 2, out at
  // t0 + 2W + 36 = 41 and 42, next row at t0 + 3W + 36 = 43; W = 1 -> in at 43, out at
  // 43 + 38 = 81, the next row could start at 43 + 39 = 82.
  const sim::RowStreamCycles sm = sim::rowStreamCycles(sim::shiftmaxKind(), 4, {5, 1}, 1);
  CHECK(sm.in == std::vector<int64_t>{1, 2, 43});
  CHECK(sm.out == std::vector<int64_t>{41, 42, 81});
  CHECK(sm.end == 82);
  // ShiftGELU, 8 lanes, 9 elements from 0: first output at t0 + W + 34 = 36, last at t0 + 35W
  // = 70, which is also when the next row starts.
  const sim::RowStreamCycles sg = sim::rowStreamCycles(sim::shiftGeluKind(), 8, {9}, 0);
  CHECK(sg.in == std::vector<int64_t>{0, 1});
  CHECK(sg.out == std::vector<int64_t>{36, 70});
  CHECK(sg.end == 70);
  // I-LayerNorm, 1 lane, 2 elements from 0: first at t0 + 2W + 783 = 787, last at 3W + 782.
  const sim::RowStreamCycles ln = sim::rowStreamCycles(sim::layerNormKind(), 1, {2}, 0);
  CHECK(ln.out == std::vector<int64_t>{787, 788});
  CHECK(ln.end == 789);
}

TEST_CASE("row unit model without stalls equals the analytical stream", "[rowunit]") {
  std::mt19937_64 rng(7);
  auto uni = [&](int64_t lo, int64_t hi) { return std::uniform_int_distribution<int64_t>(lo, hi)(rng); };
  for (const std::string unit : {"shiftmax", "ilayernorm", "shiftgelu"}) {
    for (int lanes : {1, 3, 8}) {
      const int64_t rowMax = 40;
      const sim::RowUnitKind kind = unit == "shiftmax"     ? sim::shiftmaxKind()
                                    : unit == "ilayernorm" ? sim::layerNormKind()
                                                           : sim::shiftGeluKind();
      sim::RowUnit u(uniqueName().c_str(), kind, lanes, rowMax);
      std::vector<int64_t> bias(size_t((rowMax + lanes - 1) / lanes * lanes));
      for (int64_t &b : bias) b = uni(-1000000, 1000000);
      for (size_t w = 0; w < bias.size() / size_t(lanes); ++w)
        u.writeParamWord(int64_t(w), std::vector<int64_t>(bias.begin() + int64_t(w) * lanes,
                                                          bias.begin() + int64_t(w + 1) * lanes));
      std::vector<std::vector<int64_t>> rows;
      std::vector<int64_t> lengths;
      for (int r = 0; r < 6; ++r) {
        lengths.push_back(r == 0 ? 1 : r == 1 ? rowMax : uni(1, rowMax));
        std::vector<int64_t> x(size_t(lengths.back()));
        for (int64_t &v : x) v = uni(-100000, 100000);
        rows.push_back(x);
      }
      const int64_t x0 = -300;
      const sim::RowStreamCycles an = sim::rowStreamCycles(kind, lanes, lengths, 1);
      const Logged got = runStallFree(u, lanes, rows, x0, an.end + 10);
      INFO(unit << " lanes " << lanes);
      CHECK(got.in == an.in);
      CHECK(got.out == an.out);
      // Values: the golden model per row, 0 beyond the row's end, count on the last word.
      std::vector<sim::RowWord> expect;
      for (const auto &r : rows) {
        const std::vector<int64_t> y =
            unit == "shiftmax"     ? models::nonlinear::shiftmax(r, x0)
            : unit == "ilayernorm" ? models::nonlinear::layerNorm(r, std::vector<int64_t>(bias.begin(), bias.begin() + int64_t(r.size())))
                                   : models::nonlinear::shiftGelu(r, x0);
        for (size_t i = 0; i < y.size(); i += size_t(lanes)) {
          sim::RowWord w{std::vector<int64_t>(size_t(lanes), 0), i + size_t(lanes) >= y.size(), 0};
          for (size_t l = 0; l < size_t(lanes) && i + l < y.size(); ++l) {
            w.lanes[l] = y[i + l];
            if (w.last) ++w.count;
          }
          expect.push_back(w);
        }
      }
      CHECK(got.words == expect);
    }
  }
}

TEST_CASE("row unit model refuses rows it cannot hold", "[rowunit]") {
  sim::RowUnit u(uniqueName().c_str(), sim::shiftmaxKind(), 2, 3);
  sim::RowUnit::Pins p;
  p.valid = true;
  p.param = -5;
  p.x = sim::RowWord{{1, 2}, false, 0};
  u.edge(p);
  CHECK_THROWS_AS(u.edge(p), InputError); // four elements into a row of at most three
  p.x.last = true;
  sim::RowUnit v(uniqueName().c_str(), sim::shiftmaxKind(), 2, 3);
  p.x.count = 0; // a last word with no element
  CHECK_THROWS_AS(v.edge(p), InputError);
  CHECK_THROWS_AS(sim::RowUnit(uniqueName().c_str(), sim::shiftmaxKind(), 0, 3), InputError);
}
