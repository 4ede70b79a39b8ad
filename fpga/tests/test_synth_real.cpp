// The real flow (Yosys, nextpnr-ice40) on the stand-in designs of tests/data: every number
// expected here was read by hand from the stored reports of the same designs (data/README.md),
// which these tools reproduce exactly (they are deterministic for a fixed input and seed).
// Label `synth`; about 10 s in all.
#include "quasar/fpga/synth.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

using namespace quasar;
using namespace quasar::fpga;
using config::FpgaTarget;

namespace fs = std::filesystem;

namespace {

struct TempDir {
  fs::path path;
  explicit TempDir(const std::string &name)
      : path(fs::temp_directory_path() / ("quasar_fpga_" + name)) {
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
};

SynthRequest request(const std::string &design, FpgaTarget target) {
  SynthRequest r;
  r.rtlDir = std::string(QUASAR_TEST_DATA) + "/" + design;
  r.topModule = design;
  r.configHash = "0123456789abcdef";
  r.flow.target = target;
  r.flow.part = target == FpgaTarget::Ice40 ? "hx8k-ct256" : "";
  r.flow.clockMhz = 100;
  return r;
}

} // namespace

TEST_CASE("synth: xc7 run of tiny_acc, cached by key", "[synth]") {
  TempDir tmp("xc7");
  const SynthRequest req = request("tiny_acc", FpgaTarget::Xc7);
  const SynthResult r = synthesizeCached(req, tmp.path.string());
  CHECK_FALSE(r.cached);
  CHECK(r.resources.lut == 22);
  CHECK(r.resources.ff == 12);
  CHECK(r.resources.dsp == 1);
  CHECK(r.resources.bram == 0.5);
  CHECK(r.resources.carry == 5);
  CHECK(r.fits);
  CHECK(fs::path(r.dir).filename() == "0123456789ab-xc7-tiny_acc");
  for (const char *f : {"synth.ys", "yosys.log", "stat.json", "synth.json"})
    CHECK(fs::exists(fs::path(r.dir) / f));

  const SynthResult again = synthesizeCached(req, tmp.path.string());
  CHECK(again.cached);
  CHECK(again.resources.lut == 22);
  CHECK(again.key == r.key);
}

TEST_CASE("synth: ice40 run of tiny_acc places and reports Fmax", "[synth]") {
  TempDir tmp("ice40");
  const SynthResult r = synthesizeCached(request("tiny_acc", FpgaTarget::Ice40), tmp.path.string());
  CHECK(r.placed);
  CHECK(r.fits);
  CHECK(r.resources.lut == 263);
  CHECK(r.resources.ff == 87);
  REQUIRE(r.fmaxMhz.has_value());
  CHECK(*r.fmaxMhz == Approx(89.758552551269531).epsilon(1e-9));
  CHECK(r.utilization.size() == 6);
  CHECK(fs::exists(fs::path(r.dir) / "nextpnr.log"));
  CHECK(fs::exists(fs::path(r.dir) / "report.json"));
}

TEST_CASE("synth: ice40 design that does not fit is a result with a clear message", "[synth]") {
  TempDir tmp("wide");
  const SynthResult r = synthesizeCached(request("wide_io", FpgaTarget::Ice40), tmp.path.string());
  CHECK_FALSE(r.fits);
  CHECK_FALSE(r.placed);
  CHECK(r.message == "does not fit hx8k-ct256: needs SB_IO 310/256");
}

TEST_CASE("synth: generic run keeps memories, a changed clock is a new key", "[synth]") {
  TempDir tmp("generic");
  SynthRequest req = request("tiny_acc", FpgaTarget::Generic);
  const SynthResult r = synthesizeCached(req, tmp.path.string());
  CHECK(r.resources.cells == 759);
  CHECK(r.resources.ff == 60);
  CHECK(r.resources.memoryBits == 8192);
  // The ice40 clock is part of the key; for generic only the RTL and the script are, so force.
  req.force = true;
  CHECK_FALSE(synthesizeCached(req, tmp.path.string()).cached);
}

TEST_CASE("synth: a Yosys error is a check error quoting the log", "[synth]") {
  TempDir tmp("bad");
  fs::create_directories(tmp.path / "rtl");
  {
    std::ofstream(tmp.path / "rtl" / "bad.sv") << "module bad(input logic a_i);\n"
                                                  "  assign x = ;\nendmodule\n";
    std::ofstream(tmp.path / "rtl" / "files.f") << "bad.sv\n";
  }
  SynthRequest req = request("tiny_acc", FpgaTarget::Generic);
  req.rtlDir = (tmp.path / "rtl").string();
  req.topModule = "bad";
  CHECK_THROWS_WITH(runSynth(req, (tmp.path / "run").string()),
                    Catch::Contains("yosys failed") && Catch::Contains("yosys.log"));
}
