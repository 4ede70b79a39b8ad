// Helpers shared by the arch tests: configs from a YAML fragment and tile steps by hand.
#pragma once

#include "quasar/arch/schedule.h"
#include "quasar/config/load.h"

#include <cstdint>
#include <string>

namespace quasar::arch::testing {

inline config::AccelConfig makeConfig(const std::string &extra) {
  return config::loadAccelText("name: t\n" + extra, "t.yaml");
}

inline TileStep step(int64_t mLen, int64_t nLen, int64_t kLen, bool lastK) {
  TileStep s;
  s.mLen = mLen;
  s.nLen = nLen;
  s.kLen = kLen;
  s.lastK = lastK;
  return s;
}

} // namespace quasar::arch::testing
