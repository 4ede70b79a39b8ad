// The constructed corner jobs of a top: pipeline design with a row unit (post.nonlinear;
// docs/dyadic-pipeline.md, "Row units in top: pipeline"). The requantizer is set to the
// identity (m = 2^(mult_bits-1), e = mult_bits - 1: z * 2^(mb-1) / 2^(mb-1) exactly, zero point
// 0, no bias, clip bounds = the out range), so rows built inside the out range reach the unit
// unchanged and test the unit's corners; the expected output is still the golden chain
// (arch::packRowUnitOutput), not the constructed rows.
#include "pipeline_jobs.h"

#include "quasar/arch/csr.h"
#include "quasar/arch/pipeline.h"
#include "quasar/arch/post_params.h"
#include "quasar/testbenches/post_params.h"

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>

namespace quasar::tb {
namespace {

namespace dy = models::dyadic;

constexpr int kRowKinds = 10;

// Row `kind` of n elements inside [lo, hi] (see makeRowUnitCornerJobs in pipeline_jobs.h).
std::vector<int64_t> cornerRow(int kind, int64_t n, int64_t lo, int64_t hi, std::mt19937_64 &rng) {
  auto uniform = [&rng](int64_t a, int64_t b) { return a + int64_t(rng() % uint64_t(b - a + 1)); };
  std::vector<int64_t> row(static_cast<size_t>(n));
  const int64_t base = uniform(lo + 1, hi - 1);
  for (int64_t i = 0; i < n; ++i) {
    int64_t &v = row[size_t(i)];
    switch (kind) {
    case 0: v = base; break;                                    // all equal: var = 0
    case 1: v = hi; break;                                      // all at the top
    case 2: v = lo; break;                                      // all at the bottom
    case 3: v = lo < 0 ? uniform(lo, -1) : uniform(lo, lo + (hi - lo) / 4); break; // all negative (unsigned: low)
    case 4: v = base + (i % 3) - 1; break;                      // tiny variance around base
    case 5: v = (i < n / 2 ? base : base + 1); break;           // even n: mean tie at base + 1/2
    case 6: v = i % 2 ? hi : lo; break;                         // alternating extremes
    case 7: v = i == n / 2 ? hi : lo; break;                    // one spike
    case 8: v = uniform(std::max(lo, hi - 8), hi); break;       // near the max
    default: v = uniform(lo, hi); break;                        // anywhere
    }
  }
  return row;
}

// The identity requantizer's parameters for n channels.
dy::RequantParams identityParams(const config::AccelConfig &cfg, int64_t n) {
  dy::RequantParams p = arch::requantParamsTemplate(cfg);
  const int mb = cfg.post.requant.mult_bits;
  const bool perTensor = cfg.post.requant.granularity == config::Granularity::PerTensor;
  const int64_t channels = perTensor ? 1 : n;
  p.multipliers.assign(size_t(channels), dy::Multiplier{int64_t(1) << (mb - 1), mb - 1});
  p.zeroPoints.assign(size_t(channels), 0);
  if (cfg.post.bias) p.bias.assign(size_t(channels), 0);
  const dy::ClampRange out = dy::outRange(cfg.post.requant.out_bits, cfg.post.requant.out_signed);
  p.clipLo = out.lo;
  p.clipHi = out.hi;
  return p;
}

// I-LayerNorm bias_int per channel: 2^62, -2^62, 0 and random below 2^40 in turn.
std::vector<int64_t> cornerBiasInt(int64_t n, std::mt19937_64 &rng) {
  std::vector<int64_t> b;
  const int64_t big = int64_t(1) << 62, mid = int64_t(1) << 40;
  for (int64_t c = 0; c < n; ++c) {
    switch (c % 4) {
    case 0: b.push_back(big); break;
    case 1: b.push_back(-big); break;
    case 2: b.push_back(0); break;
    default: b.push_back(int64_t(rng() % uint64_t(2 * mid + 1)) - mid); break;
    }
  }
  return b;
}

Job badX0Job(const config::AccelConfig &cfg, int64_t x0, Expectation &expect) {
  expect = Expectation{};
  expect.layer = "bad_x0_" + std::to_string(-x0);
  expect.badDims = true;
  expect.errorCode = arch::csr_error::kBadX0;
  Job job;
  job.name = expect.layer;
  job.input.chunks = arch::pipelineInputWordFormat(cfg).chunksPerBeat();
  job.writes = {CsrWrite{arch::csr::kDimM, 1}, CsrWrite{arch::csr::kDimN, 1},
                CsrWrite{arch::csr::kNonlinearX0, uint32_t(uint64_t(x0))},
                CsrWrite{arch::csr::kCtrl, 1}};
  job.reads = {arch::csr::kStatus, arch::csr::kErrorCode};
  return job;
}

} // namespace

std::vector<Job> makeRowUnitCornerJobs(const config::AccelConfig &cfg, uint64_t runSeed,
                                       std::vector<Expectation> &expects) {
  std::mt19937_64 rng(0x50F7A1ull ^ (runSeed * 0x9E3779B97F4A7C15ull));
  const dy::ClampRange out = dy::outRange(cfg.post.requant.out_bits, cfg.post.requant.out_signed);
  const int64_t rowMax = cfg.post.row_max, lanes = cfg.post.lanes;
  const int64_t randomX0 = drawNonlinearParams(cfg, "corners", 1, runSeed).x0;
  struct Run {
    std::string name;
    int64_t m, n, x0;
  };
  const std::vector<Run> runs = {
      {"corners_row_max", kRowKinds, rowMax, arch::kRowUnitX0Min},
      {"corners_lanes_plus_1", kRowKinds, std::min(rowMax, lanes + 1), arch::kRowUnitX0Max},
      {"corners_even", kRowKinds, std::min(rowMax, std::max<int64_t>(2, (2 * lanes + 2) / 2 * 2)),
       randomX0},
      {"corners_single", 1, 1, randomX0},
      {"corners_one_element_rows", 3, 1, arch::kRowUnitX0Min}};
  std::vector<Job> jobs;
  for (const Run &r : runs) {
    models::IntMatrix z(r.m, r.n);
    for (int64_t i = 0; i < r.m; ++i) {
      // The one-row runs draw from every kind over the seeds.
      const int kind = r.m == 1 ? int(runSeed % kRowKinds) : int(i % kRowKinds);
      const std::vector<int64_t> row = cornerRow(kind, r.n, out.lo, out.hi, rng);
      for (int64_t c = 0; c < r.n; ++c) z(i, c) = row[size_t(c)];
    }
    arch::NonlinearParams nl;
    nl.x0 = r.x0;
    if (cfg.post.nonlinear == config::Nonlinear::LayerNorm) nl.biasInt = cornerBiasInt(r.n, rng);
    expects.emplace_back();
    jobs.push_back(makePipelineJob(cfg, r.name, z, identityParams(cfg, r.n), nl, expects.back()));
  }
  if (arch::rowUnitUsesX0(cfg))
    for (int64_t bad : {int64_t(0), arch::kRowUnitX0Min - 1}) {
      expects.emplace_back();
      jobs.push_back(badX0Job(cfg, bad, expects.back()));
    }
  return jobs;
}

} // namespace quasar::tb
