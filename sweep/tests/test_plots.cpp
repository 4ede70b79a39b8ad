// Pareto front against a brute-force dominance check; the SVG plots' content.
#include "sweep_test_util.h"

#include "quasar/sweep/plots.h"
#include "quasar/sweep/runner.h"

#include <catch2/catch.hpp>

#include <random>

using namespace quasar;
using namespace quasar::sweep;
using namespace quasar::sweep::testing;

namespace {

// On the front: no other point is at least as good in both (fewer-or-equal x, more-or-equal y)
// and better in one; of identical points only the first counts.
std::vector<size_t> bruteFront(const std::vector<XY> &p) {
  std::vector<size_t> out;
  for (size_t i = 0; i < p.size(); ++i) {
    bool keep = true;
    for (size_t j = 0; j < p.size() && keep; ++j) {
      if (j == i) continue;
      const bool dominates = p[j].x <= p[i].x && p[j].y >= p[i].y &&
                             (p[j].x < p[i].x || p[j].y > p[i].y);
      const bool earlierTwin = j < i && p[j].x == p[i].x && p[j].y == p[i].y;
      keep = !dominates && !earlierTwin;
    }
    if (keep) out.push_back(i);
  }
  std::sort(out.begin(), out.end(), [&](size_t a, size_t b) { return p[a].x < p[b].x; });
  return out;
}

size_t count(const std::string &text, const std::string &what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

} // namespace

TEST_CASE("plots: Pareto front by hand", "[plots]") {
  // (LUT, GMAC/s): 0 (100, 1), 1 (200, 3), 2 (150, 0.5) dominated by 0, 3 (200, 2) dominated by
  // 1, 4 (400, 3) dominated by 1, 5 (500, 4).
  const std::vector<XY> p = {{100, 1}, {200, 3}, {150, 0.5}, {200, 2}, {400, 3}, {500, 4}};
  CHECK(paretoFront(p) == std::vector<size_t>{0, 1, 5});
  CHECK(paretoFront({}).empty());
}

TEST_CASE("plots: Pareto front against brute force on random points", "[plots]") {
  std::mt19937 rng(12345);
  for (int trial = 0; trial < 300; ++trial) {
    std::uniform_int_distribution<int> size(1, 30), coord(0, 9); // small range: many ties
    std::vector<XY> p(size_t(size(rng)));
    for (XY &q : p) q = {double(coord(rng)), double(coord(rng))};
    INFO("trial " << trial);
    CHECK(paretoFront(p) == bruteFront(p));
  }
}

TEST_CASE("plots: SVG content", "[plots]") {
  TempDir tmp("plots");
  const TestSweep t("sweep_2x2.yaml");
  FakeStages fake;
  RunOptions o;
  o.cacheRoot = tmp.str() + "/cache";
  o.stages = t.sweep.stages;
  runPoints(t.points, t.workloads, fake.registry(), o);
  const std::vector<ResultRow> rows =
      collectResults(t.points, t.workloads, t.sweep.stages, StageCache(o.cacheRoot));

  // All four points have 0.268 GMAC/s; LUTs 1000, 2000, 2000, 4000: the front is point 0 only.
  const std::string pareto = paretoSvg(rows, "tiny_gemm");
  CHECK(pareto.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\"", 0) == 0);
  CHECK(pareto.substr(pareto.size() - 7) == "</svg>\n");
  CHECK(count(pareto, "<circle") == 4);
  CHECK(count(pareto, "fill=\"#d62728\" fill-opacity=\"1\"") == 1);
  CHECK(pareto.find("0: array.rows=1, array.cols=1 - 1000 LUTs, 0.268 GMAC/s") !=
        std::string::npos);
  CHECK(count(pareto, "<text") == count(pareto, "</text>"));

  const std::string cycles = cyclesSvg(rows, "tiny_gemm");
  CHECK(count(cycles, "<polyline") == 4);
  CHECK(count(cycles, "<circle") == 8); // 4 points x 2 layers
  CHECK(cycles.find(">a</text>") != std::string::npos);

  // No data: the plot says why.
  std::vector<ResultRow> noCycles = rows;
  for (ResultRow &r : noCycles) r.throughputGmacs.reset(), r.layers.clear();
  CHECK(paretoSvg(noCycles, "tiny_gemm").find("no point has both LUTs") != std::string::npos);
  CHECK(cyclesSvg(noCycles, "tiny_gemm").find("no point has cycles") != std::string::npos);

  const std::vector<std::string> files = writeSvgPlots(rows, tmp.str() + "/plots");
  CHECK(files == std::vector<std::string>{"pareto_tiny_gemm.svg", "cycles_tiny_gemm.svg"});
}
