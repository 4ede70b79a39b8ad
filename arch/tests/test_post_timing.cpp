#include "quasar/arch/post_timing.h"

#include <catch2/catch.hpp>

using namespace quasar::arch;

TEST_CASE("post timing: requantizer cycles are stages + words - 1", "[post_timing]") {
  // Hand-worked from docs/dyadic-pipeline.md: 4 stages, one word per cycle.
  CHECK(kRequantStages == 4);
  CHECK(requantCycles(0) == 0);
  CHECK(requantCycles(1) == 4);
  CHECK(requantCycles(2) == 5);
  CHECK(requantCycles(500) == 503);
}
