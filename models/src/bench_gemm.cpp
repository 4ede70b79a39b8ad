// The golden-model GEMM benchmark (bench_gemm.h).
#include "quasar/models/bench_gemm.h"

#include "quasar/config/error.h"
#include "quasar/models/gemm.h"
#include "quasar/models/gemm_int8.h"

#include <Eigen/Dense>
#include <chrono>
#include <cstdio>
#include <limits>
#include <random>
#include <string>

namespace quasar::models {

namespace {

struct Timing {
  double bestSeconds = 0;
  int runs = 0;
};

// Runs `body` until minSeconds of wall time have passed (at least once); keeps the best run.
template <class Body> Timing timeBest(double minSeconds, Body body) {
  using Clock = std::chrono::steady_clock;
  Timing timing;
  timing.bestSeconds = std::numeric_limits<double>::infinity();
  const Clock::time_point start = Clock::now();
  do {
    const Clock::time_point t0 = Clock::now();
    body();
    const double seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    timing.bestSeconds = std::min(timing.bestSeconds, seconds);
    ++timing.runs;
  } while (std::chrono::duration<double>(Clock::now() - start).count() < minSeconds);
  return timing;
}

double gops(const GemmBenchShape &s, const Timing &t) {
  // A run too short for the clock counts as one tick, so the rate stays finite.
  const double seconds = std::max(t.bestSeconds, 1e-9);
  return 2.0 * double(s.m) * double(s.n) * double(s.k) / seconds / 1e9;
}

std::string shapeName(const GemmBenchShape &s) {
  return std::to_string(s.m) + "x" + std::to_string(s.n) + "x" + std::to_string(s.k);
}

std::string fixed(double x, int decimals) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, x);
  return buffer;
}

void report(std::ostream &progress, const GemmBenchShape &s, const char *what,
            const Timing &t) {
  progress << "bench golden: " << shapeName(s) << " " << what << ": "
           << fixed(gops(s, t), 1) << " GOP/s (best of " << t.runs << " runs, "
           << fixed(t.bestSeconds * 1e3, 2) << " ms)" << std::endl;
}

std::vector<int8_t> randomInt8(std::mt19937_64 &rng, int64_t count) {
  std::vector<int8_t> v(static_cast<size_t>(count));
  for (int8_t &x : v) x = int8_t(rng() >> 56); // top byte: every code equally likely
  return v;
}

} // namespace

std::vector<GemmBenchShape> defaultGemmBenchShapes() {
  return {{512, 512, 512}, {1024, 1024, 1024}, {4096, 4096, 128}};
}

std::vector<GemmBenchRow> benchGolden(std::ostream &progress,
                                      const std::vector<GemmBenchShape> &shapes,
                                      double minSeconds) {
  if (!(minSeconds >= 0)) {
    throw InputError("bench golden: minSeconds " + std::to_string(minSeconds) +
                     " must be >= 0");
  }
  const int64_t kMaxSize = std::numeric_limits<int>::max();
  for (const GemmBenchShape &s : shapes) {
    if (s.m < 1 || s.n < 1 || s.k < 1 || s.m > kMaxSize || s.n > kMaxSize || s.k > kMaxSize) {
      throw InputError("bench golden: shape " + shapeName(s) +
                       " must have every size in [1, 2^31 - 1]");
    }
  }
  std::vector<GemmBenchRow> rows;
  std::mt19937_64 rng(20240611);
  for (const GemmBenchShape &s : shapes) {
    GemmBenchRow row;
    row.shape = s;
    row.eigenThreads = Eigen::nbThreads();
    const std::vector<int8_t> a = randomInt8(rng, s.m * s.k), w = randomInt8(rng, s.n * s.k);

    std::vector<int32_t> out(static_cast<size_t>(s.m * s.n));
    const Timing int8 = timeBest(minSeconds, [&] {
      gemmInt8(a.data(), w.data(), int(s.m), int(s.n), int(s.k), out.data());
    });
    report(progress, s, "int8 (gemmInt8)", int8);
    out = std::vector<int32_t>(); // free before the larger int64 output

    IntMatrix aInt(s.m, s.k), wInt(s.n, s.k);
    for (int64_t i = 0; i < aInt.size(); ++i) aInt.data()[i] = a[static_cast<size_t>(i)];
    for (int64_t i = 0; i < wInt.size(); ++i) wInt.data()[i] = w[static_cast<size_t>(i)];
    const Timing intMatrix = timeBest(minSeconds, [&] { (void)gemm(aInt, wInt, 32); });
    report(progress, s, "int8 values in IntMatrix (gemm)", intMatrix);

    const Eigen::MatrixXf aFloat = aInt.cast<float>(), wFloat = wInt.cast<float>();
    Eigen::MatrixXf outFloat(s.m, s.n);
    const Timing floats =
        timeBest(minSeconds, [&] { outFloat.noalias() = aFloat * wFloat.transpose(); });
    report(progress, s, "float (Eigen)", floats);
    volatile float keep = outFloat(0, 0); // the product is observed, so it cannot be elided
    (void)keep;

    row.int8Gops = gops(s, int8);
    row.intMatrixGops = gops(s, intMatrix);
    row.floatGops = gops(s, floats);
    row.ratio = row.int8Gops / row.floatGops;
    row.int8Runs = int8.runs;
    row.intMatrixRuns = intMatrix.runs;
    row.floatRuns = floats.runs;
    rows.push_back(row);
  }
  return rows;
}

void printGemmBenchTable(std::ostream &out, const std::vector<GemmBenchRow> &rows) {
  char line[160];
  std::snprintf(line, sizeof line, "%-18s %12s %16s %12s %11s\n", "M x N x K", "int8 GOP/s",
                "IntMatrix GOP/s", "float GOP/s", "int8/float");
  out << line;
  for (const GemmBenchRow &r : rows) {
    std::snprintf(line, sizeof line, "%-18s %12.1f %16.1f %12.1f %11.2f\n",
                  shapeName(r.shape).c_str(), r.int8Gops, r.intMatrixGops, r.floatGops,
                  r.ratio);
    out << line;
  }
  out << "single-threaded (Eigen threads: " << (rows.empty() ? 1 : rows.front().eigenThreads)
      << ")" << std::endl;
}

} // namespace quasar::models
