#include "host.h"

#include <algorithm>
#include <random>
#include <string>

namespace quasar::tb {
namespace {

enum class Phase { Writes, Streams, Reads, Idle, Done };

const char *phaseName(Phase p) {
  switch (p) {
  case Phase::Writes: return "CSR writes";
  case Phase::Streams: return "streaming";
  case Phase::Reads: return "CSR reads";
  case Phase::Idle: return "idle tail";
  case Phase::Done: return "done";
  }
  return "?";
}

// Everything one job needs between cycles.
class JobRunner {
public:
  JobRunner(const Stimulus &s, const Job &job, int64_t firstCycle) : m_stim(s), m_job(job) {
    m_result.name = job.name;
    m_result.firstCycle = firstCycle;
    m_result.outputs.chunks = s.outChunks;
    m_idleLeft = job.idleCycles;
    m_phase = job.writes.empty() ? Phase::Streams : Phase::Writes;
    advancePhase();
  }

  Phase phase() const { return m_phase; }
  JobResult &result() { return m_result; }

  // The host's pins for this cycle.
  void drive(DutInputs &in, double uIn, double uOut, double uRes) {
    in.awvalid = in.wvalid = in.bready = in.arvalid = in.rready = false;
    if (m_phase == Phase::Writes) {
      const CsrWrite &w = m_job.writes[m_writeIndex];
      in.awaddr = w.addr;
      in.wdata = w.data;
      in.wstrb = 0xF;
      in.awvalid = !m_awDone;
      in.wvalid = !m_wDone;
      in.bready = m_awDone && m_wDone;
    }
    if (m_phase == Phase::Reads) {
      in.araddr = m_job.reads[m_readIndex];
      in.arvalid = !m_arDone;
      in.rready = m_arDone;
    }
    // Input: a new beat is offered only on a cycle without a gap, then held until taken.
    if (m_phase == Phase::Streams && !m_inValid && m_inIndex < m_job.input.size() &&
        uIn >= m_stim.stallProb) {
      m_inValid = true;
      std::copy(m_job.input.beat(m_inIndex), m_job.input.beat(m_inIndex) + m_stim.inChunks,
                in.sTdata.begin());
      in.sTlast = m_job.input.last[size_t(m_inIndex)] != 0;
    }
    in.sTvalid = m_inValid;
    // The residual stream (post.residual): its own gaps, the same rules.
    if (m_phase == Phase::Streams && !m_resValid && m_resIndex < m_job.residual.size() &&
        uRes >= m_stim.stallProb) {
      m_resValid = true;
      std::copy(m_job.residual.beat(m_resIndex), m_job.residual.beat(m_resIndex) + m_stim.resChunks,
                in.resTdata.begin());
      in.resTlast = m_job.residual.last[size_t(m_resIndex)] != 0;
    }
    in.resTvalid = m_resValid;
    in.mTready = uOut >= m_stim.stallProb;
  }

  // The transfers that happen on this edge.
  void sample(const DutInputs &in, const DutOutputs &o, int64_t cycle) {
    if (in.sTvalid && o.sTready) {
      m_result.inputCycles.push_back(cycle);
      ++m_inIndex;
      m_inValid = false;
    } else if (o.sTready && !in.sTvalid) {
      ++m_result.seenStallIn;
    }
    if (in.resTvalid && o.resTready) {
      m_result.residualCycles.push_back(cycle);
      ++m_resIndex;
      m_resValid = false;
    } else if (o.resTready && !in.resTvalid) {
      ++m_result.seenStallRes;
    }
    if (o.mTvalid && in.mTready) {
      m_result.outputs.push(o.mTdata.data(), o.mTlast);
      m_result.outputCycles.push_back(cycle);
    } else if (o.mTvalid) {
      ++m_result.seenStallOut;
    }
    if (m_phase == Phase::Writes) {
      if (in.awvalid && o.awready) m_awDone = true;
      if (in.wvalid && o.wready) m_wDone = true;
      if (m_awDone && m_wDone && (in.awvalid || in.wvalid)) m_writeCycle = cycle;
      if (in.bready && o.bvalid) {
        const CsrWrite &w = m_job.writes[m_writeIndex];
        m_result.writes.push_back(WriteRecord{w.addr, w.data, m_writeCycle, cycle, o.bresp});
        ++m_writeIndex;
        m_awDone = m_wDone = false;
      }
    } else if (m_phase == Phase::Reads) {
      if (in.arvalid && o.arready) m_arDone = true;
      if (in.rready && o.rvalid) {
        m_result.reads.push_back(ReadRecord{m_job.reads[m_readIndex], o.rdata, cycle, o.rresp});
        ++m_readIndex;
        m_arDone = false;
      }
    } else if (m_phase == Phase::Idle) {
      --m_idleLeft;
    }
    m_result.lastCycle = cycle;
    advancePhase();
  }

  std::string progress() const {
    return std::string("in phase ") + phaseName(m_phase) + ": CSR writes done " +
           std::to_string(m_writeIndex) + "/" + std::to_string(m_job.writes.size()) +
           ", input beats accepted " + std::to_string(m_inIndex) + "/" +
           std::to_string(m_job.input.size()) +
           (m_job.residual.size() ? ", residual beats accepted " + std::to_string(m_resIndex) +
                                        "/" + std::to_string(m_job.residual.size())
                                  : std::string()) +
           ", output beats received " +
           std::to_string(m_result.outputs.size()) + "/" + std::to_string(m_job.expectBeats) +
           ", CSR reads done " + std::to_string(m_readIndex) + "/" +
           std::to_string(m_job.reads.size());
  }

private:
  void advancePhase() {
    if (m_phase == Phase::Writes && m_writeIndex == m_job.writes.size()) m_phase = Phase::Streams;
    if (m_phase == Phase::Streams && m_inIndex == m_job.input.size() &&
        m_resIndex == m_job.residual.size() && m_result.outputs.size() >= m_job.expectBeats)
      m_phase = Phase::Reads;
    if (m_phase == Phase::Reads && m_readIndex == m_job.reads.size()) m_phase = Phase::Idle;
    if (m_phase == Phase::Idle && m_idleLeft <= 0) m_phase = Phase::Done;
  }

  const Stimulus &m_stim;
  const Job &m_job;
  JobResult m_result;
  Phase m_phase = Phase::Writes;
  size_t m_writeIndex = 0;   // next CSR write
  bool m_awDone = false;     // AW of the current write accepted
  bool m_wDone = false;      // W of the current write accepted
  int64_t m_writeCycle = 0;  // edge the current write's address and data were both taken
  int64_t m_inIndex = 0;     // next input beat
  bool m_inValid = false;    // s_axis_tvalid is up with beat m_inIndex
  int64_t m_resIndex = 0;    // next s_axis_res beat
  bool m_resValid = false;   // s_axis_res_tvalid is up with beat m_resIndex
  size_t m_readIndex = 0;    // next CSR read
  bool m_arDone = false;     // AR of the current read accepted
  int m_idleLeft = 0;        // idle cycles still to run
};

} // namespace

Results runStimulus(Dut &dut, const Stimulus &s) {
  Results res;
  res.residual = s.resChunks > 0;
  std::mt19937_64 stalls(s.seed); // the standard fixes its output: same pattern everywhere
  auto unit = [&stalls] { return double(stalls() >> 11) * 0x1.0p-53; };

  DutInputs in;
  in.rstN = false;
  for (int i = 0; i < s.resetCycles; ++i) {
    dut.setInputs(in);
    dut.outputs();
    dut.tick();
  }
  in.rstN = true;

  int64_t cycle = 0;
  for (const Job &job : s.jobs) {
    JobRunner runner(s, job, cycle);
    const int64_t start = cycle;
    while (runner.phase() != Phase::Done) {
      if (cycle - start >= s.maxCycles) {
        res.ok = false;
        res.error = "timeout: job " + job.name + " ran " + std::to_string(cycle - start) +
                    " cycles (limit " + std::to_string(s.maxCycles) + ") " + runner.progress();
        break;
      }
      // Two draws per cycle, a third for the residual stream when the design has one.
      const double uIn = unit(), uOut = unit(), uRes = s.resChunks > 0 ? unit() : 1.0;
      runner.drive(in, uIn, uOut, uRes);
      dut.setInputs(in);
      runner.sample(in, dut.outputs(), cycle);
      dut.tick();
      ++cycle;
    }
    res.jobs.push_back(std::move(runner.result()));
    if (!res.ok) break;
  }
  res.totalCycles = cycle;
  return res;
}

} // namespace quasar::tb
