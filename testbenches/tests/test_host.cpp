// The host driver against a small C++ DUT written here: a 2-deep FIFO from s_axis to m_axis
// (adds 1 to each beat so outputs are the DUT's), a 4-register AXI4-Lite file whose AW and W
// are taken on different cycles, and its own AXI rule checks. Expected values come from the
// mock's own bookkeeping and from hand reasoning, not from the host code.
#include "host.h"

#include <catch2/catch.hpp>

#include <deque>

using namespace quasar::tb;

namespace {

class FifoDut : public Dut {
public:
  bool neverReady = false;      // the input side never accepts (timeout test)
  int violations = 0;           // AXI4-Stream rule broken by the host
  int64_t readyLowCycles = 0;   // host's m_axis_tready low while streaming
  int64_t cycles = 0;           // edges after reset
  int64_t backToBack = 0;       // input beats taken on consecutive edges
  std::vector<int64_t> readyIdle; // edges with s_axis_tready high and tvalid low

  void setInputs(const DutInputs &in) override {
    if (m_prevValidWaiting && (!in.sTvalid || in.sTdata[0] != m_prevData)) ++violations;
    m_in = in;
    m_out.sTready = !neverReady && m_fifo.size() < 2 && (cycles % 3 != 0);
    m_out.mTvalid = !m_fifo.empty();
    if (!m_fifo.empty()) {
      m_out.mTdata[0] = m_fifo.front().first + 1;
      m_out.mTlast = m_fifo.front().second;
    }
    m_out.awready = !m_awTaken && cycles % 2 == 0;
    m_out.wready = !m_wTaken && cycles % 2 == 1;
    m_out.bvalid = m_bvalid;
    m_out.arready = !m_rvalid;
    m_out.rvalid = m_rvalid;
    m_out.rdata = m_rdata;
  }
  const DutOutputs &outputs() override { return m_out; }
  void tick() override {
    if (!m_in.rstN) return;
    m_prevValidWaiting = m_in.sTvalid && !m_out.sTready;
    m_prevData = m_in.sTdata[0];
    if (!m_in.mTready) ++readyLowCycles;
    if (m_out.sTready && !m_in.sTvalid) readyIdle.push_back(cycles);
    if (m_out.mTvalid && m_in.mTready) m_fifo.pop_front();
    if (m_in.sTvalid && m_out.sTready) {
      if (m_lastTake == cycles - 1) ++backToBack;
      m_lastTake = cycles;
      m_fifo.emplace_back(m_in.sTdata[0], m_in.sTlast);
    }
    if (m_in.awvalid && m_out.awready) {
      m_awTaken = true;
      m_addr = m_in.awaddr;
    }
    if (m_in.wvalid && m_out.wready) {
      m_wTaken = true;
      m_data = m_in.wdata;
    }
    if (m_bvalid && m_in.bready) m_bvalid = false;
    if (m_awTaken && m_wTaken && !m_bvalid) {
      m_regs[(m_addr / 4) % 4] = m_data;
      m_awTaken = m_wTaken = false;
      m_bvalid = true;
    }
    if (m_rvalid && m_in.rready) m_rvalid = false;
    else if (m_in.arvalid && m_out.arready) {
      m_rvalid = true;
      m_rdata = m_regs[(m_in.araddr / 4) % 4];
    }
    ++cycles;
  }

private:
  DutInputs m_in;
  DutOutputs m_out;
  std::deque<std::pair<uint32_t, bool>> m_fifo;
  bool m_prevValidWaiting = false;
  uint32_t m_prevData = 0;
  int64_t m_lastTake = -10;
  bool m_awTaken = false, m_wTaken = false, m_bvalid = false, m_rvalid = false;
  uint32_t m_addr = 0, m_data = 0, m_rdata = 0;
  uint32_t m_regs[4] = {0, 0, 0, 0};
};

Stimulus fifoStimulus(int beats, double p, uint64_t seed) {
  Stimulus s;
  s.stallProb = p;
  s.seed = seed;
  s.maxCycles = 100000;
  Job j;
  j.name = "fifo";
  j.writes = {{0x4, 0x11}, {0x8, 0x22}};
  for (int i = 0; i < beats; ++i) {
    const uint32_t v = uint32_t(1000 + i);
    j.input.push(&v, i + 1 == beats);
  }
  j.expectBeats = beats;
  j.reads = {0x8, 0x4, 0x0};
  j.idleCycles = 5;
  s.jobs = {j};
  return s;
}

} // namespace

TEST_CASE("host: every beat arrives once, in order, under random stalls", "[host]") {
  FifoDut dut;
  const Results r = runStimulus(dut, fifoStimulus(300, 0.4, 7));
  REQUIRE(r.ok);
  REQUIRE(r.jobs.size() == 1);
  const JobResult &j = r.jobs[0];
  REQUIRE(j.outputs.size() == 300);
  for (int i = 0; i < 300; ++i) {
    CHECK(j.outputs.beat(i)[0] == uint32_t(1001 + i));
    CHECK(bool(j.outputs.last[size_t(i)]) == (i == 299));
    if (i) CHECK(j.outputCycles[size_t(i)] > j.outputCycles[size_t(i - 1)]);
  }
  CHECK(j.inputCycles.size() == 300);
  CHECK(dut.violations == 0);
  // Writes land, reads return them; AW and W were taken on different cycles.
  REQUIRE(j.writes.size() == 2);
  CHECK(j.writes[0].cycle < j.writes[0].respCycle);
  REQUIRE(j.reads.size() == 3);
  CHECK(j.reads[0].data == 0x22);
  CHECK(j.reads[1].data == 0x11);
  CHECK(j.reads[2].data == 0);
  CHECK(r.totalCycles == dut.cycles);
  CHECK(j.lastCycle == dut.cycles - 1);
  // Ready drops at about the requested rate (fixed seed: no flakiness).
  CHECK(double(dut.readyLowCycles) / double(dut.cycles) == Approx(0.4).margin(0.06));
}

TEST_CASE("host: the stall pattern depends only on the seed", "[host]") {
  FifoDut a, b, c;
  const Results ra = runStimulus(a, fifoStimulus(100, 0.3, 5));
  const Results rb = runStimulus(b, fifoStimulus(100, 0.3, 5));
  const Results rc = runStimulus(c, fifoStimulus(100, 0.3, 6));
  CHECK(ra.jobs[0].outputCycles == rb.jobs[0].outputCycles);
  CHECK(ra.jobs[0].inputCycles == rb.jobs[0].inputCycles);
  CHECK(ra.jobs[0].outputCycles != rc.jobs[0].outputCycles);
}

TEST_CASE("host: without stalls the input is offered every cycle", "[host]") {
  FifoDut dut;
  const Results r = runStimulus(dut, fifoStimulus(60, 0.0, 1));
  REQUIRE(r.ok);
  // The mock is ready 2 cycles in 3 (and its FIFO never fills with tready always high), so
  // the host, never gapping, gets every ready cycle: pairs of back-to-back beats.
  CHECK(dut.backToBack == 30);
  CHECK(r.jobs[0].seenStallOut == 0);
  // The host saw exactly the idle-ready edges the mock saw, none of them inside the stream.
  CHECK(r.jobs[0].seenStallIn == int64_t(dut.readyIdle.size()));
  for (int64_t c : dut.readyIdle)
    CHECK((c < r.jobs[0].inputCycles.front() || c > r.jobs[0].inputCycles.back()));
}

TEST_CASE("host: a stuck DUT ends in a timeout that says how far it got", "[host]") {
  FifoDut dut;
  dut.neverReady = true;
  Stimulus s = fifoStimulus(5, 0.0, 1);
  s.maxCycles = 200;
  const Results r = runStimulus(dut, s);
  CHECK_FALSE(r.ok);
  CHECK(r.error.find("timeout: job fifo ran 200 cycles") == 0);
  CHECK(r.error.find("input beats accepted 0/5") != std::string::npos);
  CHECK(r.error.find("output beats received 0/5") != std::string::npos);
}

namespace {

// Two input streams joined into one output, like top: pipeline with post.residual: a pair is
// taken only when both beats are offered (each tready depends on the other's tvalid), output
// = main + residual. No FIFO beyond one output register.
class JoinDut : public Dut {
public:
  int violations = 0;         // a valid beat withdrawn or changed before it was taken
  int64_t onlyOne = 0;        // edges on which exactly one of the two streams offered a beat
  void setInputs(const DutInputs &in) override {
    if (m_mainWaiting && (!in.sTvalid || in.sTdata[0] != m_mainData)) ++violations;
    if (m_resWaiting && (!in.resTvalid || in.resTdata[0] != m_resData)) ++violations;
    m_in = in;
    const bool room = !m_full || in.mTready;
    m_out.sTready = room && in.resTvalid;
    m_out.resTready = room && in.sTvalid;
    m_out.mTvalid = m_full;
    m_out.mTdata[0] = m_sum;
    m_out.mTlast = m_last;
  }
  const DutOutputs &outputs() override { return m_out; }
  void tick() override {
    if (!m_in.rstN) return;
    if (m_in.sTvalid != m_in.resTvalid) ++onlyOne;
    m_mainWaiting = m_in.sTvalid && !m_out.sTready;
    m_resWaiting = m_in.resTvalid && !m_out.resTready;
    m_mainData = m_in.sTdata[0];
    m_resData = m_in.resTdata[0];
    if (m_out.mTvalid && m_in.mTready) m_full = false;
    if (m_in.sTvalid && m_out.sTready) {
      m_full = true;
      m_sum = m_in.sTdata[0] + m_in.resTdata[0];
      m_last = m_in.sTlast;
    }
  }

private:
  DutInputs m_in;
  DutOutputs m_out;
  bool m_full = false, m_last = false, m_mainWaiting = false, m_resWaiting = false;
  uint32_t m_sum = 0, m_mainData = 0, m_resData = 0;
};

} // namespace

TEST_CASE("host: the residual stream has its own stalls and loses nothing", "[host]") {
  Stimulus s;
  s.stallProb = 0.3;
  s.seed = 11;
  s.resChunks = 1;
  s.maxCycles = 100000;
  Job j;
  j.name = "join";
  j.residual.chunks = 1;
  for (int i = 0; i < 200; ++i) {
    const uint32_t a = uint32_t(i), b = uint32_t(1000 * i);
    j.input.push(&a, i == 199);
    j.residual.push(&b, i == 199);
  }
  j.expectBeats = 200;
  s.jobs = {j};
  JoinDut dut;
  const Results r = runStimulus(dut, s);
  REQUIRE(r.ok);
  CHECK(r.residual);
  const JobResult &g = r.jobs[0];
  REQUIRE(g.outputs.size() == 200);
  for (int i = 0; i < 200; ++i) CHECK(g.outputs.beat(i)[0] == uint32_t(1001 * i));
  CHECK(g.inputCycles == g.residualCycles); // the DUT takes them as pairs
  CHECK(dut.violations == 0);
  // Independent gaps: often only one of the two streams offers a beat.
  CHECK(dut.onlyOne > 20);
}
