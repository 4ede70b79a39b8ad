#include "quasar/sim/engine_compare.h"

#include "quasar/arch/csr.h"
#include "quasar/arch/pipeline.h"
#include "quasar/arch/pipeline_row_timing.h"
#include "quasar/sim/analytical.h"

#include <algorithm>

namespace quasar::sim {
namespace {

std::string hex(uint32_t v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%08x", v);
  return buf;
}

EngineDifference diff(const std::string &job, const std::string &what, int64_t index,
                      const std::string &nameA, const std::string &a, const std::string &nameB,
                      const std::string &b) {
  EngineDifference d{job, what, index, a, b, ""};
  d.message = "job " + job + ": " + what + (index >= 0 ? " " + std::to_string(index) : "") + ": " +
              nameA + " " + a + ", " + nameB + " " + b;
  return d;
}

std::string beatText(const tb::BeatList &l, int64_t i) {
  return tb::chunksHex(l.beat(i), l.chunks) + (l.last[size_t(i)] ? " (tlast)" : "");
}

// The first index where two cycle lists differ, or their lengths.
std::optional<EngineDifference>
compareCycles(const std::string &job, const std::string &what, const std::vector<int64_t> &a,
              const std::string &nameA, const std::vector<int64_t> &b, const std::string &nameB) {
  const size_t n = std::min(a.size(), b.size());
  for (size_t i = 0; i < n; ++i)
    if (a[i] != b[i])
      return diff(job, what + " cycle", int64_t(i), nameA, std::to_string(a[i]), nameB,
                  std::to_string(b[i]));
  if (a.size() != b.size())
    return diff(job, what + "s", -1, nameA, std::to_string(a.size()), nameB,
                std::to_string(b.size()));
  return std::nullopt;
}

} // namespace

std::optional<EngineDifference> compareResults(const tb::Results &a, const std::string &nameA,
                                               const tb::Results &b, const std::string &nameB) {
  const size_t jobs = std::min(a.jobs.size(), b.jobs.size());
  for (size_t j = 0; j < jobs; ++j) {
    const tb::JobResult &x = a.jobs[j], &y = b.jobs[j];
    const std::string &job = x.name;
    // Output beats: value (data and tlast) and cycle, in order.
    const int64_t n = std::min(x.outputs.size(), y.outputs.size());
    for (int64_t i = 0; i < n; ++i) {
      const bool same =
          x.outputs.last[size_t(i)] == y.outputs.last[size_t(i)] &&
          std::equal(x.outputs.beat(i), x.outputs.beat(i) + x.outputs.chunks, y.outputs.beat(i));
      if (!same || x.outputs.chunks != y.outputs.chunks)
        return diff(job, "output beat", i, nameA, beatText(x.outputs, i), nameB,
                    beatText(y.outputs, i));
      if (x.outputCycles[size_t(i)] != y.outputCycles[size_t(i)])
        return diff(job, "output beat cycle", i, nameA, std::to_string(x.outputCycles[size_t(i)]),
                    nameB, std::to_string(y.outputCycles[size_t(i)]));
    }
    if (x.outputs.size() != y.outputs.size())
      return diff(job, "output beats", -1, nameA, std::to_string(x.outputs.size()), nameB,
                  std::to_string(y.outputs.size()));
    if (auto d = compareCycles(job, "input beat", x.inputCycles, nameA, y.inputCycles, nameB))
      return d;
    if (auto d = compareCycles(job, "residual beat", x.residualCycles, nameA, y.residualCycles,
                               nameB))
      return d;
    for (size_t i = 0; i < std::min(x.writes.size(), y.writes.size()); ++i) {
      const tb::WriteRecord &p = x.writes[i], &q = y.writes[i];
      if (p.cycle != q.cycle || p.respCycle != q.respCycle || p.resp != q.resp)
        return diff(job, "csr write (cycle, response cycle, bresp)", int64_t(i), nameA,
                    std::to_string(p.cycle) + "," + std::to_string(p.respCycle) + "," +
                        std::to_string(p.resp),
                    nameB,
                    std::to_string(q.cycle) + "," + std::to_string(q.respCycle) + "," +
                        std::to_string(q.resp));
    }
    for (size_t i = 0; i < std::min(x.reads.size(), y.reads.size()); ++i) {
      const tb::ReadRecord &p = x.reads[i], &q = y.reads[i];
      if (p.data != q.data || p.cycle != q.cycle || p.resp != q.resp)
        return diff(job, "csr read of " + hex(p.addr) + " (data @ cycle)", int64_t(i), nameA,
                    hex(p.data) + " @ " + std::to_string(p.cycle), nameB,
                    hex(q.data) + " @ " + std::to_string(q.cycle));
    }
    if (x.writes.size() != y.writes.size() || x.reads.size() != y.reads.size())
      return diff(job, "csr transfers (writes/reads)", -1, nameA,
                  std::to_string(x.writes.size()) + "/" + std::to_string(x.reads.size()), nameB,
                  std::to_string(y.writes.size()) + "/" + std::to_string(y.reads.size()));
    if (x.seenStallIn != y.seenStallIn || x.seenStallOut != y.seenStallOut)
      return diff(job, "stall cycles seen on the pins (in/out)", -1, nameA,
                  std::to_string(x.seenStallIn) + "/" + std::to_string(x.seenStallOut), nameB,
                  std::to_string(y.seenStallIn) + "/" + std::to_string(y.seenStallOut));
    if (x.firstCycle != y.firstCycle || x.lastCycle != y.lastCycle)
      return diff(job, "first/last cycle", -1, nameA,
                  std::to_string(x.firstCycle) + "/" + std::to_string(x.lastCycle), nameB,
                  std::to_string(y.firstCycle) + "/" + std::to_string(y.lastCycle));
  }
  if (a.jobs.size() != b.jobs.size())
    return diff("(run)", "jobs", -1, nameA, std::to_string(a.jobs.size()), nameB,
                std::to_string(b.jobs.size()));
  if (a.totalCycles != b.totalCycles || a.ok != b.ok)
    return diff("(run)", "total cycles", -1, nameA, std::to_string(a.totalCycles), nameB,
                std::to_string(b.totalCycles));
  return std::nullopt;
}

std::optional<EngineDifference> compareWithAnalytical(const config::AccelConfig &cfg,
                                                      const std::vector<arch::GemmDims> &layers,
                                                      const std::vector<std::string> &names,
                                                      const tb::Results &r,
                                                      const std::string &name,
                                                      const std::vector<int> &terms) {
  for (size_t l = 0; l < layers.size() && l + 1 < r.jobs.size(); ++l) {
    const tb::JobResult &job = r.jobs[l + 1];
    if (job.writes.empty())
      return diff(job.name, "start write", -1, "analytical", "one", name, "none");
    LayerTiming t;
    if (arch::isPipeline(cfg)) {
      // top: pipeline: the layer's [M x N] accumulators as M rows (arch::pipelineRunTiming). With
      // more output than input beats per word the model gives the output beats only.
      const arch::PipelineTiming p =
          arch::pipelineRunTiming(cfg, layers[l].m, layers[l].n);
      t.inputBeatCycles = p.inputBeats;
      t.outputBeatCycles = p.outputBeats;
      t.cyclesBusy = p.cyclesBusy;
      std::vector<int64_t> res;
      for (int64_t c : p.residualBeats) res.push_back(job.writes.back().cycle + 1 + c);
      if (!res.empty())
        if (auto d = compareCycles(names[l], "residual beat", res, "analytical",
                                   job.residualCycles, name))
          return d;
    } else {
      AnalyticalOptions opt;
      opt.beatCycles = true;
      if (l < terms.size()) opt.terms = terms[l];
      t = layerTiming(cfg, layers[l], opt);
    }
    // Busy cycle 0 is the edge after the one that took the start write.
    const int64_t base = job.writes.back().cycle + 1;
    std::vector<int64_t> in, out;
    for (int64_t c : t.inputBeatCycles) in.push_back(base + c);
    for (int64_t c : t.outputBeatCycles) out.push_back(base + c);
    if (auto d = compareCycles(names[l], "output beat", out, "analytical", job.outputCycles, name))
      return d;
    const bool inputTimed = !arch::isPipeline(cfg) || !t.inputBeatCycles.empty();
    if (inputTimed)
      if (auto d = compareCycles(names[l], "input beat", in, "analytical", job.inputCycles, name))
        return d;
    for (const tb::ReadRecord &rd : job.reads)
      if (rd.addr == arch::csr::kCyclesBusy && rd.data != uint32_t(t.cyclesBusy)) // 32-bit CSR
        return diff(names[l], "cycles_busy", -1, "analytical", std::to_string(t.cyclesBusy), name,
                    std::to_string(rd.data));
  }
  return std::nullopt;
}

} // namespace quasar::sim
