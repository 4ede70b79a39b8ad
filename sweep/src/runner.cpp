#include "quasar/sweep/runner.h"

#include "quasar/config/error.h"
#include "quasar/config/load.h"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <ostream>
#include <thread>

namespace fs = std::filesystem;

namespace quasar::sweep {
namespace {

using Clock = std::chrono::steady_clock;

std::string firstLine(const std::string &s) { return s.substr(0, s.find('\n')); }

// State shared by the worker threads of one run.
class Run {
public:
  Run(const std::vector<config::SweepPoint> &points, const std::vector<WorkloadRef> &workloads,
      const StageRegistry &registry, const RunOptions &options)
      : m_points(points), m_workloads(workloads), m_registry(registry), m_options(options),
        m_stages(plannedStages(options.stages)), m_cache(options.cacheRoot),
        m_start(Clock::now()) {}

  RunSummary run();

private:
  // One point: its stages in order. Returns whether any stage failed.
  void runPoint(size_t index);
  // One stage of a point; false when the run is being interrupted.
  bool runStage(size_t index, const std::string &hash, config::Stage stage,
                const WorkloadRef *workload, std::map<config::Stage, StageOutput> &earlier,
                std::map<config::Stage, std::string> &failed, bool &pointFailed,
                bool &pointRan);
  void report(const std::string &line);

  const std::vector<config::SweepPoint> &m_points;
  const std::vector<WorkloadRef> &m_workloads;
  const StageRegistry &m_registry;
  const RunOptions &m_options;
  const std::vector<config::Stage> m_stages; // planned, in run order
  const StageCache m_cache;
  const Clock::time_point m_start;

  std::atomic<size_t> m_next{0};          // next entry of m_order to take
  std::vector<size_t> m_order;            // point indices this run covers
  std::atomic<int64_t> m_started{0};      // stage starts attempted (for maxStageRuns)
  std::atomic<int64_t> m_ran{0};          // stage functions executed
  std::atomic<bool> m_interrupted{false};
  std::mutex m_mutex;                     // guards the counters below and the progress stream
  RunSummary m_summary;
  size_t m_pointsThatRan = 0;             // finished points that executed at least one stage
};

RunSummary Run::run() {
  if (m_options.onlyPoint) {
    if (*m_options.onlyPoint >= m_points.size())
      throw InputError("--point " + std::to_string(*m_options.onlyPoint) +
                       " is out of range: the sweep has " + std::to_string(m_points.size()) +
                       " points (0.." + std::to_string(m_points.size() - 1) + ")");
    m_order.push_back(*m_options.onlyPoint);
  } else {
    for (size_t i = 0; i < m_points.size(); ++i) m_order.push_back(i);
  }
  m_summary.points = m_order.size();
  const int jobs = std::max(1, std::min<int>(m_options.jobs, int(m_order.size())));
  std::vector<std::thread> pool;
  for (int t = 0; t < jobs; ++t)
    pool.emplace_back([this] {
      for (size_t k; (k = m_next++) < m_order.size() && !m_interrupted;) runPoint(m_order[k]);
    });
  for (std::thread &t : pool) t.join();
  m_summary.seconds = std::chrono::duration<double>(Clock::now() - m_start).count();
  m_summary.interrupted = m_interrupted;
  m_summary.stagesRun = m_ran;
  return m_summary;
}

void Run::runPoint(size_t index) {
  const config::SweepPoint &point = m_points[index];
  const std::string hash = config::configHash(point.config);
  std::map<config::Stage, StageOutput> earlier;
  std::map<config::Stage, std::string> failed;
  bool pointFailed = false, pointRan = false;
  for (config::Stage stage : m_stages) {
    if (isPerWorkload(stage)) {
      for (const WorkloadRef &w : m_workloads)
        if (!runStage(index, hash, stage, &w, earlier, failed, pointFailed, pointRan)) return;
    } else if (!runStage(index, hash, stage, nullptr, earlier, failed, pointFailed, pointRan)) {
      return;
    }
  }
  const std::lock_guard<std::mutex> lock(m_mutex);
  ++m_summary.pointsDone;
  if (pointFailed) ++m_summary.pointsFailed;
  if (pointRan) ++m_pointsThatRan;
  if (m_options.progress) {
    const double elapsed = std::chrono::duration<double>(Clock::now() - m_start).count();
    const size_t left = m_summary.points - m_summary.pointsDone;
    std::string line = "[sweep] " + std::to_string(m_summary.pointsDone) + "/" +
                       std::to_string(m_summary.points) + " points done";
    if (m_summary.pointsFailed) line += ", " + std::to_string(m_summary.pointsFailed) + " failed";
    line += ", " + formatDuration(elapsed) + " elapsed";
    // The rate of points that did work; cached points cost nothing.
    if (left > 0 && m_pointsThatRan > 0)
      line += ", ETA " + formatDuration(elapsed / double(m_pointsThatRan) * double(left));
    *m_options.progress << line << "\n" << std::flush;
  }
}

bool Run::runStage(size_t index, const std::string &hash, config::Stage stage,
                   const WorkloadRef *workload, std::map<config::Stage, StageOutput> &earlier,
                   std::map<config::Stage, std::string> &failed, bool &pointFailed,
                   bool &pointRan) {
  if (m_interrupted) return false;
  const std::string wkey = workload ? workload->key : "";
  StageRecord rec;
  rec.stage = stage;
  rec.workload = wkey;

  auto cached = m_cache.load(hash, stage, wkey);
  // A record whose generated RTL was deleted since is not a result: generate again.
  if (cached && cached->ok && stage == config::Stage::Gen) {
    auto dir = cached->output.values.find("rtl_dir");
    if (dir != cached->output.values.end() && !fs::exists(fs::path(dir->second) / "files.f"))
      cached.reset();
  }
  if (cached && cached->ok) {
    if (!isPerWorkload(stage)) earlier[stage] = cached->output;
    const std::lock_guard<std::mutex> lock(m_mutex);
    ++m_summary.stagesCached;
    return true;
  }

  const StageFn *fn = m_registry.find(stage);
  if (needsGen(stage) && failed.count(config::Stage::Gen)) {
    rec.error = "needs gen, which failed: " + firstLine(failed[config::Stage::Gen]);
  } else if (!fn) {
    rec.error = m_registry.missingMessage(stage);
  } else {
    if (m_options.maxStageRuns >= 0 && m_started.fetch_add(1) >= m_options.maxStageRuns) {
      m_interrupted = true;
      return false;
    }
    ++m_ran;
    pointRan = true;
    const std::string dir = m_cache.dir(hash, stage, wkey);
    fs::create_directories(dir);
    const StageContext ctx{m_points[index].config, hash, workload, dir, m_options.cacheRoot,
                           earlier};
    const auto t0 = Clock::now();
    try {
      rec.output = (*fn)(ctx);
      rec.ok = true;
    } catch (const std::exception &e) {
      rec.error = e.what();
      if (rec.error.empty()) rec.error = "failed without a message";
    }
    rec.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  }
  m_cache.store(hash, rec);
  if (rec.ok) {
    if (!isPerWorkload(stage)) earlier[stage] = rec.output;
    return true;
  }
  failed[stage] = rec.error;
  pointFailed = true;
  const std::lock_guard<std::mutex> lock(m_mutex);
  ++m_summary.stagesFailed;
  if (m_options.progress)
    *m_options.progress << "[sweep] point " << index << " ("
                        << config::describeOverrides(m_points[index]) << ") "
                        << config::toString(stage)
                        << (workload ? " on " + workload->workload.name : "")
                        << " failed: " << firstLine(rec.error) << "\n"
                        << std::flush;
  return true;
}

} // namespace

RunSummary runPoints(const std::vector<config::SweepPoint> &points,
                     const std::vector<WorkloadRef> &workloads, const StageRegistry &registry,
                     const RunOptions &options) {
  Run run(points, workloads, registry, options);
  return run.run();
}

std::string formatDuration(double s) {
  char buf[64];
  if (s < 60) {
    std::snprintf(buf, sizeof buf, "%.1f s", s);
  } else if (s < 3600) {
    const int t = int(s + 0.5);
    std::snprintf(buf, sizeof buf, "%d min %02d s", t / 60, t % 60);
  } else {
    const int t = int(s / 60 + 0.5);
    std::snprintf(buf, sizeof buf, "%d h %02d min", t / 60, t % 60);
  }
  return buf;
}

} // namespace quasar::sweep
