#include "quasar/arch/csr.h"
#include "quasar/config/load.h"

#include <catch2/catch.hpp>

#include <set>
#include <string>

using namespace quasar::arch;

TEST_CASE("csr: offsets are unique, word-aligned and match the named constants", "[arch][csr]") {
  std::set<uint32_t> offsets;
  std::set<std::string> names;
  for (const Csr &r : csrMap()) {
    CHECK(r.offset % 4 == 0);
    CHECK(offsets.insert(r.offset).second);
    CHECK(names.insert(r.name).second);
  }
  auto offsetOf = [](const std::string &name) {
    for (const Csr &r : csrMap())
      if (name == r.name) return int64_t(r.offset);
    return int64_t(-1);
  };
  // The contract's table (docs/rtl-contract.md), written out again by hand.
  CHECK(offsetOf("ctrl") == 0x00);
  CHECK(offsetOf("status") == 0x04);
  CHECK(offsetOf("error_code") == 0x08);
  CHECK(offsetOf("dim_m") == 0x0C);
  CHECK(offsetOf("dim_n") == 0x10);
  CHECK(offsetOf("dim_k") == 0x14);
  CHECK(offsetOf("cycles_busy") == 0x18);
  CHECK(offsetOf("stall_in") == 0x1C);
  CHECK(offsetOf("stall_out") == 0x20);
  CHECK(offsetOf("macs_lo") == 0x24);
  CHECK(offsetOf("macs_hi") == 0x28);
  CHECK(offsetOf("config_hash") == 0x2C);
  CHECK(offsetOf("array_shape") == 0x30);
  CHECK(csr::kArrayShape == 0x30);
  CHECK(csr::kMacsHi == 0x28);
}

TEST_CASE("csr: ovp_format at 0x34 only in pe.type ovp accelerators (csrMapFor)", "[arch][csr][ovp]") {
  const auto ovp = quasar::config::loadAccelText("name: t\npe: {type: ovp}\n", "t.yaml");
  const auto intCfg = quasar::config::loadAccelText("name: t\n", "t.yaml");
  CHECK(csrMapFor(intCfg).size() == csrMap().size());
  const std::vector<Csr> map = csrMapFor(ovp);
  REQUIRE(map.size() == csrMap().size() + 1);
  CHECK(std::string(map.back().name) == "ovp_format");
  CHECK(map.back().offset == 0x34);
  CHECK(map.back().access == CsrAccess::ReadWrite);
  CHECK(csr::kOvpFormat == 0x34);
}
