// The golden GEMM benchmark runs end to end on tiny shapes. No timing assertions: the numbers
// depend on the machine; only their presence and sanity are checked.
#include "quasar/config/error.h"
#include "quasar/models/bench_gemm.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <sstream>

using quasar::models::benchGolden;
using quasar::models::GemmBenchShape;

TEST_CASE("bench_gemm: default shapes are the ones the docs report", "[gemm][bench]") {
  const std::vector<GemmBenchShape> shapes = quasar::models::defaultGemmBenchShapes();
  REQUIRE(shapes.size() == 3);
  CHECK((shapes[0].m == 512 && shapes[0].n == 512 && shapes[0].k == 512));
  CHECK((shapes[1].m == 1024 && shapes[1].n == 1024 && shapes[1].k == 1024));
  CHECK((shapes[2].m == 4096 && shapes[2].n == 4096 && shapes[2].k == 128));
}

TEST_CASE("bench_gemm: runs on tiny shapes and reports every measurement", "[gemm][bench]") {
  std::ostringstream progress;
  const auto rows = benchGolden(progress, {{3, 5, 7}, {1, 1, 1}}, 0.0);
  REQUIRE(rows.size() == 2);
  for (const auto &row : rows) {
    CHECK(row.int8Runs == 1); // minSeconds = 0: exactly one run each
    CHECK(row.intMatrixRuns == 1);
    CHECK(row.floatRuns == 1);
    CHECK(row.int8Gops > 0);
    CHECK(row.floatGops > 0);
    CHECK(std::isfinite(row.ratio));
    CHECK(row.eigenThreads == 1);
  }
  CHECK(rows[0].shape.k == 7);
  const std::string text = progress.str();
  CHECK(text.find("3x5x7 int8 (gemmInt8)") != std::string::npos);
  CHECK(text.find("1x1x1 float (Eigen)") != std::string::npos);

  std::ostringstream table;
  quasar::models::printGemmBenchTable(table, rows);
  CHECK(table.str().find("int8/float") != std::string::npos);
  CHECK(table.str().find("3x5x7") != std::string::npos);
}

TEST_CASE("bench_gemm: rejects empty shapes and negative time", "[gemm][bench]") {
  std::ostringstream progress;
  CHECK_THROWS_AS(benchGolden(progress, {{0, 4, 4}}, 0.0), quasar::InputError);
  CHECK_THROWS_WITH(benchGolden(progress, {{4, 4, 4}}, -1.0), Catch::Contains("minSeconds"));
  CHECK(progress.str().empty());
}
