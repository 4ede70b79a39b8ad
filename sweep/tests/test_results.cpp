// Results from the cache: derived columns (hand-computed from the stand-in stages' numbers),
// the exact CSV text, layers.csv, results.json.
#include "sweep_test_util.h"

#include "quasar/fpga/json.h"
#include "quasar/sweep/results.h"
#include "quasar/sweep/runner.h"

#include <catch2/catch.hpp>

using namespace quasar;
using namespace quasar::sweep;
using namespace quasar::sweep::testing;

namespace {

// The 4-point sweep through the stand-in stages; rows collected.
struct Collected {
  TempDir tmp{"results"};
  TestSweep t{"sweep_2x2.yaml"};
  FakeStages fake;
  std::vector<ResultRow> rows;
  Collected() {
    RunOptions o;
    o.cacheRoot = tmp.str() + "/cache";
    o.stages = t.sweep.stages;
    runPoints(t.points, t.workloads, fake.registry(), o);
    rows = collectResults(t.points, t.workloads, t.sweep.stages, StageCache(o.cacheRoot));
  }
};

} // namespace

TEST_CASE("results: derived columns", "[results]") {
  const Collected c;
  REQUIRE(c.rows.size() == 4);
  // tiny_gemm: a = 4*6*8 = 192 MACs once, b = 3*5*7 = 105 MACs twice -> 402 MACs.
  // Stand-in cycles: 50 per layer instance -> 50 + 2 * 50 = 150 cycles.
  // Throughput: 402 / 150 MAC/cycle x 100 MHz = 268 MMAC/s = 0.268 GMAC/s.
  for (const ResultRow &r : c.rows) {
    CHECK(r.macs == 402);
    CHECK(r.cycles == 150);
    CHECK(r.cyclesSource == "analytical");
    REQUIRE(r.throughputGmacs.has_value());
    CHECK(*r.throughputGmacs == Approx(0.268).epsilon(1e-12));
  }
  const ResultRow &r3 = c.rows[3]; // 2 x 2: 4000 LUTs, 4 DSPs
  CHECK(r3.lut == 4000);
  CHECK(r3.dsp == 4);
  CHECK(*r3.utilization == Approx(402.0 / 600.0).epsilon(1e-12));
  CHECK(*r3.gmacsPerKlut == Approx(0.067).epsilon(1e-12));
  CHECK(*r3.gmacsPerDsp == Approx(0.067).epsilon(1e-12));
  const ResultRow &r1 = c.rows[1]; // 1 x 2: 2000 LUTs, 2 DSPs
  CHECK(*r1.gmacsPerKlut == Approx(0.134).epsilon(1e-12));
  REQUIRE(r1.layers.size() == 2);
  CHECK(r1.layers[1].name == "b");
  CHECK(r1.layers[1].count == 2);
}

TEST_CASE("results: CSV text", "[results]") {
  const Collected c;
  const std::string csv = resultsCsv(c.rows);
  const std::string header =
      "point,label,plot_label,hash,name,rows,cols,dataflow,pe_type,a_bits,w_bits,acc_bits,"
      "clock_mhz,target,part,array.rows,array.cols,workload,status,error,stages,macs,cycles,"
      "cycles_source,"
      "utilization,lut,ff,dsp,bram,carry,fmax_mhz,fits,throughput_gmacs,gmacs_per_klut,"
      "gmacs_per_dsp,sqnr_a_db,sqnr_w_db,sqnr_out_db,quant_layers,note\n";
  REQUIRE(csv.rfind(header, 0) == 0);
  const std::string h3 = c.rows[3].hash.substr(0, 12);
  CHECK(csv.find("\n3,\"array.rows=2, array.cols=2\",rows=2 cols=2," + h3 +
                 ",tiny,2,2,ws,int,8,8,24,100,generic,generic,2,2,tiny_gemm,ok,,"
                 "gen:ok analytical:ok synth:ok,402,150,analytical,0.67,4000,10,4,,,,true,"
                 "0.268,0.067,0.067,,,,,\n") != std::string::npos);
  size_t lines = 0;
  for (char ch : csv) lines += ch == '\n';
  CHECK(lines == 5);
}

TEST_CASE("results: short plot labels", "[results]") {
  CHECK(plotLabel({{"array.rows", "2"}, {"array.dataflow", "os"}}) == "rows=2 dataflow=os");
  CHECK(plotLabel({{"pe", "int8"}, {"array.cols", "8"}}) == "pe=int8 cols=8");
  // Two keys ending alike keep their full names.
  CHECK(plotLabel({{"pe.a_bits", "4"}, {"post.a_bits", "8"}, {"array.rows", "2"}}) ==
        "pe.a_bits=4 post.a_bits=8 rows=2");
  CHECK(plotLabel({}) == "base");
}

TEST_CASE("results: CSV quoting", "[results]") {
  CHECK(csvField("plain") == "plain");
  CHECK(csvField("a,b") == "\"a,b\"");
  CHECK(csvField("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(csvField("two\nlines") == "\"two\nlines\"");
}

TEST_CASE("results: layers CSV", "[results]") {
  const Collected c;
  const std::string csv = layersCsv(c.rows);
  CHECK(csv.rfind("point,label,plot_label,hash,workload,layer,m,n,k,count,cycles,source\n", 0) ==
        0);
  const std::string h0 = c.rows[0].hash.substr(0, 12);
  CHECK(csv.find("\n0,\"array.rows=1, array.cols=1\",rows=1 cols=1," + h0 +
                 ",tiny_gemm,a,4,6,8,1,50,analytical\n0,\"array.rows=1, array.cols=1\",rows=1 "
                 "cols=1," + h0 + ",tiny_gemm,b,3,5,7,2,50,analytical\n") != std::string::npos);
}

TEST_CASE("results: JSON document", "[results]") {
  const Collected c;
  const YAML::Node doc =
      fpga::parseJson(resultsJson(c.t.sweep, c.t.sweep.stages, c.rows), "results.json");
  CHECK(doc["sweep"].as<std::string>() == "tiny_2x2");
  CHECK(doc["stages"].size() == 3);
  REQUIRE(doc["rows"].size() == 4);
  const YAML::Node r = doc["rows"][2];
  CHECK(r["overrides"]["array.rows"].as<std::string>() == "2");
  CHECK(r["config"]["cols"].as<int>() == 1);
  CHECK(r["lut"].as<int64_t>() == 2000);
  CHECK(r["cycles"].as<int64_t>() == 150);
  CHECK(r["stages"]["synth"]["status"].as<std::string>() == "ok");
  CHECK(r["bram"].IsNull());
  CHECK(r["layers"].size() == 2);
}

TEST_CASE("results: table for the terminal", "[results]") {
  const Collected c;
  const std::string t = resultsTable(c.rows);
  CHECK(t.find("rows=2 cols=2") != std::string::npos);
  CHECK(t.find("0.27") != std::string::npos); // 0.268 GMAC/s rounded to 2 decimals
}
