// The negative example files of config/tests/data/bad come in pairs: every *_bad.yaml has the
// golden *_bad.err that CTest compares with `quasar check` (configs/CMakeLists.txt), and no
// golden is left without its file. The comparison itself runs through the CLI in CTest.
#include <catch2/catch.hpp>

#include <filesystem>
#include <set>
#include <string>

namespace fs = std::filesystem;

TEST_CASE("bad files: every *_bad.yaml has its golden .err and vice versa", "[config][bad]") {
  std::set<std::string> yamls, errs;
  for (const auto &entry : fs::directory_iterator(QUASAR_TEST_DATA "/bad")) {
    const std::string stem = entry.path().stem().string();
    if (entry.path().extension() == ".yaml") yamls.insert(stem);
    if (entry.path().extension() == ".err") errs.insert(stem);
  }
  CHECK(yamls == errs);
  for (const auto &stem : yamls) {
    INFO(stem);
    CHECK(stem.size() > 4);
    CHECK(stem.substr(stem.size() - 4) == "_bad");
  }
  // Accelerator, workload and sweep files are all represented.
  int accel = 0, workload = 0, sweep = 0;
  for (const auto &stem : yamls) {
    accel += stem.rfind("accel_", 0) == 0;
    workload += stem.rfind("workload_", 0) == 0;
    sweep += stem.rfind("sweep_", 0) == 0;
  }
  CHECK(accel >= 12);
  CHECK(workload >= 3);
  CHECK(sweep >= 3);
}
