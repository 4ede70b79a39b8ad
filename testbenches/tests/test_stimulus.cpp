// The stimulus/results files: round trips (including wide beats) and clear errors.
#include "stimulus.h"

#include <catch2/catch.hpp>

#include <sstream>

using namespace quasar::tb;

namespace {

// The FormatError a stimulus text gets, or "no error".
std::string stimulusError(const std::string &text) {
  std::stringstream in(text);
  try {
    readStimulus(in, "bad.stim");
  } catch (const FormatError &e) {
    return e.what();
  }
  return "no error";
}

} // namespace

TEST_CASE("stimulus: a written stimulus reads back identically", "[stimulus]") {
  Stimulus s;
  s.inChunks = 3;
  s.outChunks = 2;
  s.stallProb = 0.3;
  s.seed = 18446744073709551615ULL;
  s.maxCycles = 12345;
  s.resetCycles = 7;
  Job j;
  j.name = "layer.qkv";
  j.writes = {{0x0c, 5}, {0x00, 1}};
  j.input.chunks = 3;
  const uint32_t b0[3] = {0x12345678, 0xffffffff, 0x1}, b1[3] = {0, 0xa, 0xdeadbeef};
  j.input.push(b0, false);
  j.input.push(b1, true);
  j.expectBeats = 9;
  j.reads = {0x04, 0x30};
  j.idleCycles = 3;
  s.jobs = {j, Job{"empty", {}, BeatList{3, {}, {}}, 0, {}, 8, {}}};

  std::stringstream text;
  writeStimulus(text, s);
  // The beat line is most significant chunk first.
  CHECK(text.str().find("\n1 deadbeef0000000a00000000\n") != std::string::npos);
  const Stimulus r = readStimulus(text, "t.stim");
  CHECK(r.inChunks == 3);
  CHECK(r.outChunks == 2);
  CHECK(r.stallProb == 0.3);
  CHECK(r.seed == s.seed);
  CHECK(r.maxCycles == 12345);
  CHECK(r.resetCycles == 7);
  REQUIRE(r.jobs.size() == 2);
  CHECK(r.jobs[0].name == "layer.qkv");
  REQUIRE(r.jobs[0].writes.size() == 2);
  CHECK(r.jobs[0].writes[0].addr == 0x0c);
  CHECK(r.jobs[0].writes[0].data == 5);
  CHECK(r.jobs[0].input.data == j.input.data);
  CHECK(r.jobs[0].input.last == j.input.last);
  CHECK(r.jobs[0].expectBeats == 9);
  CHECK(r.jobs[0].reads == std::vector<uint32_t>{0x04, 0x30});
  CHECK(r.jobs[0].idleCycles == 3);
  CHECK(r.jobs[1].input.size() == 0);
}

TEST_CASE("stimulus: results read back identically", "[stimulus]") {
  Results res;
  res.totalCycles = 99;
  res.simSeconds = 0.25;
  JobResult j;
  j.name = "gemm";
  j.firstCycle = 3;
  j.lastCycle = 98;
  j.writes = {{0x0c, 7, 5, 6, 0}};
  j.inputCycles = {10, 12};
  j.outputs.chunks = 2;
  const uint32_t o[2] = {0xfffffff0, 0x12};
  j.outputs.push(o, true);
  j.outputCycles = {50};
  j.reads = {{0x04, 2, 60, 0}};
  j.seenStallIn = 4;
  j.seenStallOut = 5;
  res.jobs = {j};
  std::stringstream text;
  writeResults(text, res);
  CHECK(text.str().find("o 50 1 00000012fffffff0") != std::string::npos);
  const Results r = readResults(text, "t.results");
  CHECK(r.ok);
  CHECK(r.totalCycles == 99);
  CHECK(r.simSeconds == Approx(0.25));
  REQUIRE(r.jobs.size() == 1);
  const JobResult &g = r.jobs[0];
  CHECK(g.firstCycle == 3);
  CHECK(g.lastCycle == 98);
  CHECK(g.writes[0].cycle == 5);
  CHECK(g.writes[0].respCycle == 6);
  CHECK(g.inputCycles == j.inputCycles);
  CHECK(g.outputs.data == j.outputs.data);
  CHECK(g.outputs.last == j.outputs.last);
  CHECK(g.outputCycles == j.outputCycles);
  CHECK(g.reads[0].data == 2);
  CHECK(g.seenStallIn == 4);
  CHECK(g.seenStallOut == 5);

  res.ok = false;
  res.error = "timeout: job gemm ran 10 cycles";
  std::stringstream t2;
  writeResults(t2, res);
  const Results r2 = readResults(t2, "t2");
  CHECK_FALSE(r2.ok);
  CHECK(r2.error == "timeout: job gemm ran 10 cycles");
}

TEST_CASE("stimulus: a truncated results file is not ok", "[stimulus]") {
  std::stringstream text("quasar-results 1\njob x\nfirst_cycle 0\n");
  const Results r = readResults(text, "cut.results");
  CHECK_FALSE(r.ok);
  CHECK(r.error.find("no status line") != std::string::npos);
}

TEST_CASE("stimulus: malformed files name the file and line", "[stimulus]") {
  CHECK(stimulusError("nonsense\n") ==
        "bad.stim:1: expected 'quasar-stimulus 1' or 'quasar-stimulus 2' on line 1");
  CHECK(stimulusError("quasar-stimulus 1\nin_chunks 1\njob a\ninput 1\n0 123\n") ==
        "bad.stim:5: beat '123' must have 8 hex digits");
  CHECK(stimulusError("quasar-stimulus 1\njob a\nw 0x0c zz\n") ==
        "bad.stim:3: 'zz' is not a 32-bit hex number");
  CHECK(stimulusError("quasar-stimulus 1\nstall_prob 1.0\njob a\nend\n") ==
        "bad.stim:3: stall_prob must be in [0, 1)");
  CHECK(stimulusError("quasar-stimulus 1\njob a\n") == "bad.stim:2: job a has no 'end'");
  CHECK(stimulusError("quasar-stimulus 1\nfoo 1\n") == "bad.stim:2: unknown key 'foo'");
}

TEST_CASE("stimulus: version 2 carries the residual stream", "[stimulus]") {
  Stimulus s;
  s.inChunks = 2;
  s.resChunks = 2;
  Job j;
  j.name = "res";
  j.input.chunks = 2;
  j.residual.chunks = 2;
  const uint32_t a[2] = {1, 2}, b[2] = {0xfffffffe, 0x7};
  j.input.push(a, true);
  j.residual.push(b, true);
  j.expectBeats = 1;
  s.jobs = {j};
  std::stringstream text;
  writeStimulus(text, s);
  CHECK(text.str().rfind("quasar-stimulus 2\n", 0) == 0);
  CHECK(text.str().find("\nres_chunks 2\n") != std::string::npos);
  CHECK(text.str().find("\nresidual 1\n1 00000007fffffffe\n") != std::string::npos);
  const Stimulus r = readStimulus(text, "t.stim");
  CHECK(r.resChunks == 2);
  REQUIRE(r.jobs.size() == 1);
  CHECK(r.jobs[0].residual.data == j.residual.data);
  CHECK(r.jobs[0].residual.last == j.residual.last);
  CHECK(r.jobs[0].input.data == j.input.data);
  // Without a residual stream the file stays version 1, byte for byte as before.
  s.resChunks = 0;
  s.jobs[0].residual = BeatList{2, {}, {}};
  std::stringstream v1;
  writeStimulus(v1, s);
  CHECK(v1.str().rfind("quasar-stimulus 1\nin_chunks 2\nout_chunks 1\nstall_prob", 0) == 0);
  CHECK(v1.str().find("res_chunks") == std::string::npos);
  CHECK(v1.str().find("\nresidual") == std::string::npos);

  Results res;
  res.residual = true;
  JobResult jr;
  jr.name = "res";
  jr.inputCycles = {4, 5};
  jr.residualCycles = {4, 7};
  jr.seenStallRes = 3;
  res.jobs = {jr};
  std::stringstream rt;
  writeResults(rt, res);
  CHECK(rt.str().rfind("quasar-results 2\n", 0) == 0);
  const Results back = readResults(rt, "t.results");
  CHECK(back.residual);
  REQUIRE(back.jobs.size() == 1);
  CHECK(back.jobs[0].residualCycles == jr.residualCycles);
  CHECK(back.jobs[0].seenStallRes == 3);
}

TEST_CASE("stimulus: residual records only in version 2", "[stimulus]") {
  CHECK(stimulusError("quasar-stimulus 1\nres_chunks 1\n") ==
        "bad.stim:2: unknown key 'res_chunks'");
  CHECK(stimulusError("quasar-stimulus 1\njob a\nresidual 0\nend\n") ==
        "bad.stim:3: unknown key 'residual' in job a");
  CHECK(stimulusError("quasar-stimulus 2\njob a\nend\n") ==
        "bad.stim:2: a version 2 stimulus needs res_chunks 1..64 before the first job");
  CHECK(stimulusError("quasar-stimulus 2\nres_chunks 1\njob a\nresidual 1\n2 00000001\nend\n") ==
        "bad.stim:5: a residual beat is '<0|1> <hex>'");
  std::stringstream r1("quasar-results 1\njob x\nri 4\nend\nstatus ok\n");
  CHECK_THROWS_WITH(readResults(r1, "v1.results"), "v1.results:3: unknown key 'ri' in job x");
}
