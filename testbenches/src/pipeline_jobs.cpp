#include "pipeline_jobs.h"

#include "quasar/arch/csr.h"
#include "quasar/arch/pipeline.h"
#include "quasar/arch/pipeline_row_timing.h"
#include "quasar/arch/post_params.h"
#include "quasar/models/gemm.h"
#include "quasar/models/workload_tensors.h"
#include "quasar/testbenches/post_params.h"

#include <algorithm>
#include <cstdint>
#include <map>
#include <random>

namespace quasar::tb {
namespace {

namespace dy = models::dyadic;

// The parameter writes, the run's CSR writes and streams (z on s_axis; with post.residual z2 on
// s_axis_res), the expected beats and the read-backs.
Job runJob(const config::AccelConfig &cfg, const std::string &name, const models::IntMatrix &z,
           const models::IntMatrix *z2, const std::vector<std::pair<uint32_t, uint32_t>> &params,
           std::vector<arch::Beat> beats, Expectation &expect) {
  const int64_t m = z.rows(), n = z.cols();
  arch::checkPipelineDims(cfg, m, n);
  expect = Expectation{};
  expect.layer = name;
  expect.dims = arch::GemmDims{m, n, 0};
  Job job;
  job.name = name;
  std::map<uint32_t, uint32_t> last;
  for (const auto &[addr, data] : params) {
    job.writes.push_back(CsrWrite{addr, data});
    last[addr] = data;
  }
  for (const arch::Csr &r : arch::postCsrMap(cfg)) {
    if (r.access != arch::CsrAccess::ReadWrite) continue;
    uint32_t want = last[r.offset];
    if (r.offset == arch::csr::kParamIndex) // the word after the last one written (wraps)
      want = uint32_t(arch::pipelineWordsPerRow(cfg, n)) &
             ((uint32_t(1) << arch::paramIndexBits(cfg)) - 1);
    expect.postReadback.push_back({r.offset, want});
  }
  expect.beats = std::move(beats);
  job.writes.push_back(CsrWrite{arch::csr::kDimM, uint32_t(m)});
  job.writes.push_back(CsrWrite{arch::csr::kDimN, uint32_t(n)});
  job.writes.push_back(CsrWrite{arch::csr::kCtrl, 1});
  job.input.chunks = arch::pipelineInputWordFormat(cfg).chunksPerBeat();
  for (const arch::Beat &b : arch::packPipelineInput(cfg, z)) job.input.push(b.data.data(), b.last);
  job.residual.chunks = job.input.chunks;
  if (z2)
    for (const arch::Beat &b : arch::packPipelineInput(cfg, *z2))
      job.residual.push(b.data.data(), b.last);
  job.expectBeats = int64_t(expect.beats.size());
  job.reads = pipelineReadList();
  for (const auto &[addr, want] : expect.postReadback) job.reads.push_back(addr);
  return job;
}

// A requantizer run: expected arch::packRequantOutput (golden bias + requantize + activation).
Job pipelineJob(const config::AccelConfig &cfg, const std::string &name, const models::IntMatrix &z,
                const dy::RequantParams &p, Expectation &expect) {
  return runJob(cfg, name, z, nullptr, arch::postParamWrites(cfg, p, z.cols()),
                arch::packRequantOutput(cfg, z, p), expect);
}

// A residual-add run (post.residual): expected arch::packResidualOutput (golden
// models::dyadic::residual of z1 and z2); with a row unit after the add, the unit per row of
// that (arch::rowUnitApply), constants `nl`.
Job residualJob(const config::AccelConfig &cfg, const std::string &name,
                const models::IntMatrix &z1, const models::IntMatrix &z2,
                const dy::ResidualParams &p, const arch::NonlinearParams &nl,
                Expectation &expect) {
  return runJob(cfg, name, z1, &z2, arch::residualParamWrites(cfg, p, z1.cols(), nl),
                arch::hasRowUnit(cfg)
                    ? arch::packOutput(cfg, arch::rowUnitApply(cfg, dy::residual(z1, z2, p), nl), 0)
                    : arch::packResidualOutput(cfg, z1, z2, p),
                expect);
}

int64_t pow2(int bits) { return int64_t(1) << bits; }

// The corner dyadic pairs: ties at e = 1 (m odd) and at z / 2, z / 4, z / 8 (m = 2^(mb-1)),
// identity (saturates at both ends), the largest m at e = 0 (largest products), at e = 63
// (everything 0 or -1) and at the e that maps the accumulator range onto the out range, m = 0,
// and two random normalized pairs.
std::vector<dy::Multiplier> cornerPairs(const config::AccelConfig &cfg, std::mt19937_64 &rng) {
  const int mb = cfg.post.requant.mult_bits, a = cfg.pe.acc_bits, ob = cfg.post.requant.out_bits;
  const int64_t top = pow2(mb) - 1, half = pow2(mb - 1);
  std::vector<dy::Multiplier> v = {{3, 1},       {half, mb},  {half, mb + 1}, {half, mb + 2},
                                   {1, 0},       {top, 0},    {top, dy::kMaxShift},
                                   {top, std::min(dy::kMaxShift, a - 1 + mb - (ob - 1))},
                                   {0, 5}};
  for (int i = 0; i < 2; ++i)
    v.push_back({half + int64_t(rng() % uint64_t(half)), int(rng() % uint64_t(dy::kMaxShift + 1))});
  return v;
}

// The accumulator values every corner pair sees: small values, ties of z / 2, z / 4, z / 8 and
// of odd z (both signs), the acc_bits extremes and random values over the whole range.
std::vector<int64_t> cornerValues(const config::AccelConfig &cfg, std::mt19937_64 &rng) {
  const int a = cfg.pe.acc_bits;
  const int64_t hi = a >= 64 ? INT64_MAX : pow2(a - 1) - 1, lo = -hi - 1;
  std::vector<int64_t> v;
  for (int64_t x = -8; x <= 8; ++x) v.push_back(x);
  for (int k = 1; k <= 3; ++k)
    for (int64_t j = 0; j < 5; ++j) {
      v.push_back((2 * j + 1) << (k - 1));
      v.push_back(-((2 * j + 1) << (k - 1)));
    }
  for (int64_t x : {lo, lo + 1, lo + 2, lo + 3, hi, hi - 1, hi - 2, hi - 3, lo / 2, hi / 2,
                    lo / 2 - 1, hi / 2 + 1, lo / 4 * 3, hi / 4 * 3})
    v.push_back(x);
  for (int i = 0; i < 16; ++i) {
    const uint64_t r = rng();
    v.push_back(a >= 64 ? int64_t(r) : int64_t(r % uint64_t(pow2(a))) + lo);
  }
  return v;
}

// Zero point i of the corner jobs: the out range's ends, 0, one inside the ends, random.
int64_t cornerZeroPoint(const config::AccelConfig &cfg, size_t i, std::mt19937_64 &rng) {
  const dy::ClampRange out = dy::outRange(cfg.post.requant.out_bits, cfg.post.requant.out_signed);
  switch (i % 6) {
  case 0: return out.lo;
  case 1: return out.hi;
  case 2: return std::clamp<int64_t>(0, out.lo, out.hi);
  case 3: return out.lo + 1;
  case 4: return out.hi - 1;
  default: return out.lo + int64_t(rng() % uint64_t(out.hi - out.lo + 1));
  }
}

// post.residual: the corner values as z1 against three kinds of z2 (rows of the first third:
// z2 = -z1, branches that cancel, and with the same pair R(z1 m, e) + R(-z1 m, e) shows the
// rounding's asymmetry; second third: z2 = z1, the two branches tie together, negative ties
// in both; last third: z2 = another corner value, extremes against everything). Per channel
// one job: channels 0..P-1 use the same pair in both branches, further channels (up to
// row_max) a different second pair; per tensor one job per pair, the second pair equal to it
// for even jobs and another corner pair for odd ones.
std::vector<Job> residualCornerJobs(const config::AccelConfig &cfg, uint64_t runSeed,
                                    const std::vector<dy::Multiplier> &pairs,
                                    const std::vector<int64_t> &values, std::mt19937_64 &rng,
                                    std::vector<Expectation> &expects) {
  const int a = cfg.pe.acc_bits;
  const int64_t hi = a >= 64 ? INT64_MAX : pow2(a - 1) - 1, lo = -hi - 1;
  const size_t nv = values.size(), np = pairs.size();
  auto z2Of = [&](size_t e) { // z1 = values[e % nv]
    const int64_t v = values[e % nv];
    switch ((e / nv) % 3) {
    case 0: return v == lo ? hi : -v;
    case 1: return v;
    default: return values[(e * 7 + 3) % nv];
    }
  };
  const dy::ResidualParams drawn = drawResidualParams(cfg, "corners", 1, 1, runSeed);
  std::vector<Job> jobs;
  if (cfg.post.requant.granularity == config::Granularity::PerChannel) {
    const int64_t n = std::min<int64_t>(int64_t(2 * np), cfg.post.row_max);
    dy::ResidualParams p = drawn;
    p.multipliers1.clear();
    p.multipliers2.clear();
    p.zeroPoints.clear();
    for (int64_t c = 0; c < n; ++c) {
      p.multipliers1.push_back(pairs[size_t(c) % np]);
      p.multipliers2.push_back(pairs[(size_t(c) + size_t(c / int64_t(np)) * 3) % np]);
      p.zeroPoints.push_back(cornerZeroPoint(cfg, size_t(c), rng));
    }
    models::IntMatrix z1(int64_t(3 * nv), n), z2(int64_t(3 * nv), n);
    for (int64_t r = 0; r < z1.rows(); ++r)
      for (int64_t c = 0; c < n; ++c) {
        z1(r, c) = values[size_t(r) % nv];
        z2(r, c) = z2Of(size_t(r));
      }
    expects.emplace_back();
    jobs.push_back(residualJob(cfg, "corners", z1, z2, p, arch::NonlinearParams{}, expects.back()));
    return jobs;
  }
  const int64_t n = std::min<int64_t>(std::max(1, 2 * cfg.post.lanes - 1), cfg.post.row_max);
  const int64_t rows = (int64_t(3 * nv) + n - 1) / n;
  for (size_t i = 0; i < np; ++i) {
    dy::ResidualParams p = drawn;
    p.multipliers1 = {pairs[i]};
    p.multipliers2 = {pairs[i % 2 == 0 ? i : (i + 3) % np]};
    p.zeroPoints = {cornerZeroPoint(cfg, i, rng)};
    models::IntMatrix z1(rows, n), z2(rows, n);
    for (int64_t e = 0; e < rows * n; ++e) {
      z1(e / n, e % n) = values[size_t(e) % nv];
      z2(e / n, e % n) = z2Of(size_t(e) % (3 * nv));
    }
    expects.emplace_back();
    jobs.push_back(residualJob(cfg, "corners_" + std::to_string(i), z1, z2, p, arch::NonlinearParams{},
                               expects.back()));
  }
  return jobs;
}

} // namespace

Job makePipelineJob(const config::AccelConfig &cfg, const std::string &name,
                    const models::IntMatrix &z, const dy::RequantParams &p,
                    const arch::NonlinearParams &nl, Expectation &expect) {
  return runJob(cfg, name, z, nullptr, arch::postParamWrites(cfg, p, z.cols(), nl),
                arch::hasRowUnit(cfg) ? arch::packRowUnitOutput(cfg, z, p, nl)
                                      : arch::packRequantOutput(cfg, z, p),
                expect);
}

const std::vector<uint32_t> &pipelineReadList() {
  static const std::vector<uint32_t> list = {
      arch::csr::kStatus,   arch::csr::kErrorCode,  arch::csr::kCyclesBusy,
      arch::csr::kStallIn,  arch::csr::kStallOut,   arch::csr::kConfigHash,
      arch::csr::kDimM,     arch::csr::kDimN};
  return list;
}

Job makePipelineLayerJob(const config::AccelConfig &cfg, const config::GemmLayer &layer,
                         uint64_t runSeed, Expectation &expect) {
  arch::checkPipelineDims(cfg, layer.m, layer.n);
  config::TensorSource aSrc = layer.activations, wSrc = layer.weights;
  aSrc.seed = runTensorSeed(aSrc.seed, runSeed);
  wSrc.seed = runTensorSeed(wSrc.seed, runSeed);
  const models::OperandFormat af{cfg.pe.a_bits, cfg.pe.a_signed}, wf{cfg.pe.w_bits, cfg.pe.w_signed};
  const models::IntMatrix a = models::makeTensor(aSrc, layer.m, layer.k, af);
  const models::IntMatrix w = models::makeTensor(wSrc, layer.n, layer.k, wf);
  const models::IntMatrix z = models::gemm(a, w, cfg.pe.acc_bits);
  if (cfg.post.residual)
    return residualJob(cfg, layer.name, z, drawResidualBranch(cfg, layer, runSeed),
                       drawResidualParams(cfg, layer.name, layer.n, layer.k, runSeed),
                       drawNonlinearParams(cfg, layer.name, layer.n, runSeed), expect);
  return makePipelineJob(cfg, layer.name, z,
                         drawPostParams(cfg, layer.name, layer.n, layer.k, runSeed),
                         drawNonlinearParams(cfg, layer.name, layer.n, runSeed), expect);
}

std::vector<Job> makePipelineCornerJobs(const config::AccelConfig &cfg, uint64_t runSeed,
                                        std::vector<Expectation> &expects) {
  // A row unit after the requantizer: its own corners; after the residual add the residual
  // corners below go through the unit as well.
  if (arch::hasRowUnit(cfg) && !cfg.post.residual)
    return makeRowUnitCornerJobs(cfg, runSeed, expects);
  std::mt19937_64 rng(0xC0A7E5ull ^ (runSeed * 0x9E3779B97F4A7C15ull));
  const std::vector<dy::Multiplier> pairs = cornerPairs(cfg, rng);
  const std::vector<int64_t> values = cornerValues(cfg, rng);
  if (cfg.post.residual) return residualCornerJobs(cfg, runSeed, pairs, values, rng, expects);
  const int a = cfg.pe.acc_bits;
  const int64_t hi = a >= 64 ? INT64_MAX : pow2(a - 1) - 1, lo = -hi - 1;
  // Clip bounds as the layers draw them; a bias of 0, 1 or -1 keeps acc + bias inside acc_bits
  // when the accumulator is moved by the bias away from the extreme it aims at.
  const dy::RequantParams drawn = drawPostParams(cfg, "corners", 1, 1, runSeed);
  auto accFor = [&](int64_t z, int64_t bias) { return std::clamp(z - bias, lo, hi); };
  const int64_t biasOf[3] = {0, 1, -1};
  std::vector<Job> jobs;
  if (cfg.post.requant.granularity == config::Granularity::PerChannel) {
    // One channel per pair, every value in every channel: row r holds values[r].
    const int64_t n = std::min<int64_t>(int64_t(pairs.size()), cfg.post.row_max);
    dy::RequantParams p = drawn;
    p.multipliers.assign(pairs.begin(), pairs.begin() + n);
    p.zeroPoints.clear();
    p.bias.clear();
    for (int64_t c = 0; c < n; ++c) {
      p.zeroPoints.push_back(cornerZeroPoint(cfg, size_t(c), rng));
      if (cfg.post.bias) p.bias.push_back(biasOf[c % 3]);
    }
    models::IntMatrix z(int64_t(values.size()), n);
    for (int64_t r = 0; r < z.rows(); ++r)
      for (int64_t c = 0; c < n; ++c)
        z(r, c) = accFor(values[size_t(r)], cfg.post.bias ? p.bias[size_t(c)] : 0);
    expects.emplace_back();
    jobs.push_back(pipelineJob(cfg, "corners", z, p, expects.back()));
    return jobs;
  }
  // Per tensor: one job per pair, the values row-major over rows of up to 2 * lanes - 1
  // elements (the last word of each row has padding lanes).
  const int64_t n = std::min<int64_t>(std::max(1, 2 * cfg.post.lanes - 1), cfg.post.row_max);
  const int64_t rows = (int64_t(values.size()) + n - 1) / n;
  for (size_t i = 0; i < pairs.size(); ++i) {
    dy::RequantParams p = drawn;
    p.multipliers = {pairs[i]};
    p.zeroPoints = {cornerZeroPoint(cfg, i, rng)};
    p.bias.clear();
    const int64_t bias = cfg.post.bias ? biasOf[i % 3] : 0;
    if (cfg.post.bias) p.bias = {bias};
    models::IntMatrix z(rows, n);
    for (int64_t e = 0; e < rows * n; ++e)
      z(e / n, e % n) = accFor(values[size_t(e) % values.size()], bias);
    expects.emplace_back();
    jobs.push_back(pipelineJob(cfg, "corners_" + std::to_string(i), z, p, expects.back()));
  }
  return jobs;
}

Job makePipelineBadDimsJob(const config::AccelConfig &cfg, Expectation &expect) {
  expect = Expectation{};
  expect.layer = "bad_dims";
  expect.badDims = true;
  Job job;
  job.name = "bad_dims";
  job.input.chunks = arch::pipelineInputWordFormat(cfg).chunksPerBeat();
  job.writes = {CsrWrite{arch::csr::kDimM, 0}, CsrWrite{arch::csr::kDimN, 1},
                CsrWrite{arch::csr::kCtrl, 1}};
  job.reads = {arch::csr::kStatus, arch::csr::kErrorCode};
  return job;
}

CheckOutcome checkPipelineTiming(const config::AccelConfig &cfg, const Expectation &e,
                                 const JobResult &r) {
  CheckOutcome out;
  if (e.badDims || r.writes.empty()) return out;
  const arch::PipelineTiming t = arch::pipelineRunTiming(cfg, e.dims.m, e.dims.n);
  const int64_t busy0 = r.writes.back().cycle + 1; // busy cycle 0: after the start edge
  auto compare = [&](const char *what, const std::vector<int64_t> &model,
                     const std::vector<int64_t> &edges) {
    for (size_t i = 0; i < model.size() && i < edges.size(); ++i) {
      if (edges[i] - busy0 == model[i]) continue;
      ++out.problems;
      if (out.first) continue;
      Mismatch m;
      m.layer = e.layer;
      m.kind = "cycle";
      m.beat = int64_t(i);
      m.cycle = edges[i];
      m.expected = std::to_string(model[i]);
      m.got = std::to_string(edges[i] - busy0);
      m.message = std::string(what) + " beat " + std::to_string(i) + " taken in busy cycle " +
                  m.got + ", the analytical model (arch::pipelineRunTiming) says " + m.expected;
      out.first = m;
    }
  };
  compare("input", t.inputBeats, r.inputCycles);
  compare("residual", t.residualBeats, r.residualCycles);
  compare("output", t.outputBeats, r.outputCycles);
  return out;
}

int64_t pipelineCycleBudget(const config::AccelConfig &cfg, int64_t m, int64_t n,
                            double stallProb) {
  const int64_t words = m * arch::pipelineWordsPerRow(cfg, n);
  int64_t beats = words * (arch::pipelineInputWordFormat(cfg).beatsPerWord() +
                           arch::outputWordFormat(cfg).beatsPerWord());
  if (arch::hasRowUnit(cfg)) // one row at a time through the unit
    beats += m * arch::rowUnitRowCycles(cfg, arch::pipelineWordsPerRow(cfg, n));
  const double p = std::min(stallProb, 0.99);
  return int64_t(double(10000 + 8 * beats + 2 * cfg.post.row_max) / (1.0 - p) / (1.0 - p));
}

} // namespace quasar::tb
