// Stage lists, the default registry's missing stages, cache records.
#include "sweep_test_util.h"

#include "quasar/fpga/json.h"
#include "quasar/sweep/cache.h"

#include <catch2/catch.hpp>

using namespace quasar;
using namespace quasar::sweep;
using namespace quasar::sweep::testing;
using config::Stage;

TEST_CASE("stages: parsing --stages and planning gen", "[stages]") {
  CHECK(parseStageList("gen, synth") == std::vector<Stage>{Stage::Gen, Stage::Synth});
  CHECK_THROWS_WITH(parseStageList("gen,synthesis"),
                    Catch::Contains("unknown stage 'synthesis'") &&
                        Catch::Contains("gen, lint, analytical, systemc, cosim, synth or quant"));
  CHECK_THROWS_AS(parseStageList(" , "), InputError);
  CHECK(plannedStages({Stage::Synth}) == std::vector<Stage>{Stage::Gen, Stage::Synth});
  CHECK(plannedStages({Stage::Synth, Stage::Lint, Stage::Analytical, Stage::Synth}) ==
        std::vector<Stage>{Stage::Gen, Stage::Lint, Stage::Analytical, Stage::Synth});
  CHECK(plannedStages({Stage::Analytical}) == std::vector<Stage>{Stage::Analytical});
  CHECK(isPerWorkload(Stage::Cosim));
  CHECK_FALSE(isPerWorkload(Stage::Synth));
}

TEST_CASE("stages: the default registry", "[stages]") {
  const StageRegistry reg = defaultRegistry();
  CHECK(reg.find(Stage::Synth) != nullptr);
  CHECK(reg.find(Stage::Analytical) != nullptr);
  CHECK(reg.find(Stage::Systemc) != nullptr);
#ifdef QUASAR_HAVE_RTLGEN
  CHECK(reg.find(Stage::Gen) != nullptr);
  CHECK(reg.find(Stage::Cosim) != nullptr);
#else
  CHECK(reg.missingMessage(Stage::Gen) ==
        "stage gen not implemented yet (this build has no RTL generator)");
#endif
}

TEST_CASE("stages: workload references", "[stages]") {
  const WorkloadRef w = loadWorkloadRef(std::string(QUASAR_TEST_DATA) + "/tiny_gemm.yaml");
  CHECK(w.macs == 4 * 6 * 8 + 2 * 3 * 5 * 7);
  CHECK(w.gemms.size() == 2);
  CHECK(w.key.rfind("tiny_gemm-", 0) == 0);
  CHECK(w.key.size() == std::string("tiny_gemm-").size() + 12);
}

TEST_CASE("cache: records round-trip and are keyed by hash, stage and workload", "[cache]") {
  TempDir tmp("cache");
  const StageCache cache(tmp.str());
  const std::string hash(64, 'a');
  StageRecord r;
  r.stage = Stage::Cosim;
  r.workload = "w-123";
  r.ok = true;
  r.seconds = 1.5;
  r.output.values["note"] = "x \"quoted\"\nline";
  r.output.layers.push_back({"fc1", 1, 2, 3, 4, 5});
  cache.store(hash, r);
  CHECK(cache.dir(hash, Stage::Cosim, "w-123") ==
        tmp.str() + "/points/aaaaaaaaaaaa/cosim@w-123");
  const auto back = cache.load(hash, Stage::Cosim, "w-123");
  REQUIRE(back.has_value());
  CHECK(back->ok);
  CHECK(back->seconds == 1.5);
  CHECK(back->output.values.at("note") == "x \"quoted\"\nline");
  REQUIRE(back->output.layers.size() == 1);
  CHECK(back->output.layers[0].count == 4);
  CHECK(back->output.layers[0].cycles == 5);
  CHECK_FALSE(cache.load(hash, Stage::Cosim, "other").has_value());
  CHECK_FALSE(cache.load(std::string(64, 'b'), Stage::Cosim, "w-123").has_value());
  // A record of another format (e.g. another quasar version) is not reused.
  const std::string path = cache.dir(hash, Stage::Cosim, "w-123") + "/result.json";
  fpga::writeFileAtomic(path, "{\"format\": \"quasar-sweep-stage-0\"}\n");
  CHECK_FALSE(cache.load(hash, Stage::Cosim, "w-123").has_value());
}
