#include "quasar/arch/schedule.h"

#include "quasar/config/error.h"

#include <algorithm>
#include <string>

namespace quasar::arch {

TileShape tileShape(const config::AccelConfig &cfg) {
  const int banks = cfg.buffers.double_buffered ? 2 : 1;
  TileShape t;
  if (cfg.array.dataflow == config::Dataflow::WeightStationary) {
    t.k = cfg.array.rows;
    t.n = cfg.array.cols;
    // Each activation word of a step is buffered, so a step's m extent must fit one bank of
    // both the activation and the accumulator buffer.
    t.m = std::min(cfg.buffers.acc_depth, cfg.buffers.act_depth) / banks;
  } else {
    t.m = cfg.array.rows;
    t.n = cfg.array.cols;
    t.k = std::min(cfg.buffers.act_depth, cfg.buffers.weight_depth) / banks;
  }
  return t;
}

void checkDims(const config::AccelConfig &cfg, const GemmDims &d) {
  const std::pair<const char *, std::pair<int64_t, int64_t>> dims[] = {
      {"m", {d.m, cfg.limits.m_max}}, {"n", {d.n, cfg.limits.n_max}}, {"k", {d.k, cfg.limits.k_max}}};
  for (const auto &[name, v] : dims) {
    if (v.first < 1 || v.first > v.second)
      throw InputError(std::string("GEMM ") + name + " = " + std::to_string(v.first) +
                       " is outside [1, " + std::to_string(v.second) + "] (limits." + name +
                       "_max of " + cfg.name + ")");
  }
}

std::vector<TileStep> schedule(const config::AccelConfig &cfg, const GemmDims &d) {
  checkDims(cfg, d);
  const TileShape t = tileShape(cfg);
  std::vector<TileStep> steps;
  auto emitK = [&](int64_t m0, int64_t n0) {
    for (int64_t k0 = 0; k0 < d.k; k0 += t.k) {
      TileStep s;
      s.m0 = m0;
      s.n0 = n0;
      s.k0 = k0;
      s.mLen = std::min(t.m, d.m - m0);
      s.nLen = std::min(t.n, d.n - n0);
      s.kLen = std::min(t.k, d.k - k0);
      s.firstK = k0 == 0;
      s.lastK = k0 + t.k >= d.k;
      steps.push_back(s);
    }
  };
  if (cfg.array.dataflow == config::Dataflow::WeightStationary) {
    for (int64_t n0 = 0; n0 < d.n; n0 += t.n)
      for (int64_t m0 = 0; m0 < d.m; m0 += t.m) emitK(m0, n0);
  } else {
    for (int64_t m0 = 0; m0 < d.m; m0 += t.m)
      for (int64_t n0 = 0; n0 < d.n; n0 += t.n) emitK(m0, n0);
  }
  return steps;
}

} // namespace quasar::arch
