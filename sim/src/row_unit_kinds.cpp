// The three row units for the RowUnit model (row_unit.h): golden functions and arch timing.
#include "quasar/sim/row_unit.h"

#include "quasar/arch/post_timing.h"
#include "quasar/config/error.h"
#include "quasar/models/nonlinear.h"

namespace quasar::sim {

RowUnitKind shiftmaxKind() {
  RowUnitKind k;
  k.module = "qsr_shiftmax";
  k.outBits = models::nonlinear::kShiftmaxOutBits;
  k.values = [](const std::vector<int64_t> &x, int64_t x0, const std::vector<int64_t> &) {
    return models::nonlinear::shiftmax(x, x0);
  };
  k.firstOut = arch::shiftmaxFirstOut;
  k.lastOut = arch::shiftmaxLastOut;
  k.rowCycles = arch::shiftmaxRowCycles;
  return k;
}

RowUnitKind layerNormKind() {
  RowUnitKind k;
  k.module = "qsr_ilayernorm";
  k.outBits = arch::kLayerNormOutBits;
  // bias_int of channel c is RAM entry c (word c / lanes, lane c mod lanes).
  k.values = [](const std::vector<int64_t> &x, int64_t, const std::vector<int64_t> &ram) {
    return models::nonlinear::layerNorm(x, std::vector<int64_t>(ram.begin(), ram.begin() + int64_t(x.size())));
  };
  k.firstOut = arch::layerNormFirstOut;
  k.lastOut = arch::layerNormLastOut;
  k.rowCycles = arch::layerNormRowCycles;
  return k;
}

RowUnitKind shiftGeluKind() {
  RowUnitKind k;
  k.module = "qsr_shiftgelu";
  k.outBits = arch::kShiftGeluOutBits;
  k.values = [](const std::vector<int64_t> &x, int64_t x0, const std::vector<int64_t> &) {
    return models::nonlinear::shiftGelu(x, x0);
  };
  k.firstOut = arch::shiftGeluFirstOut;
  k.lastOut = arch::shiftGeluLastOut;
  k.rowCycles = arch::shiftGeluRowCycles;
  k.releaseOnLoad = true;
  return k;
}

RowUnitKind rowUnitKind(config::Nonlinear n) {
  switch (n) {
  case config::Nonlinear::Shiftmax: return shiftmaxKind();
  case config::Nonlinear::ShiftGelu: return shiftGeluKind();
  case config::Nonlinear::LayerNorm: return layerNormKind();
  case config::Nonlinear::None: break;
  }
  throw InputError("row unit: post.nonlinear is none");
}

RowStreamCycles rowStreamCycles(const RowUnitKind &kind, int lanes,
                                const std::vector<int64_t> &rowLengths, int64_t start) {
  const int64_t step = kind.lastOut(2) - kind.firstOut(2); // as RowUnit's
  RowStreamCycles c;
  int64_t t = start;
  for (int64_t len : rowLengths) {
    const int64_t w = (len + lanes - 1) / lanes;
    for (int64_t i = 0; i < w; ++i) c.in.push_back(t + i);
    for (int64_t k = 0; k < w; ++k) c.out.push_back(t + kind.firstOut(w) + k * step);
    t += kind.rowCycles(w);
  }
  c.end = t;
  return c;
}

} // namespace quasar::sim
