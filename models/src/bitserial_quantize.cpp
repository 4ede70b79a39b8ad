// bitmod weights from real weights (specs/bitserial.md "From real weights"): per group the
// special-value index and first-level scale, per channel delta_c and the 8-bit s_g.
#include "quasar/models/bitserial.h"

#include "quasar/config/error.h"
#include "quasar/models/real_rounding.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace quasar::models::bitserial {

namespace {

// One candidate value set V: mode units (half-units for fp) and the same in real units.
struct ValueSet {
  std::vector<int64_t> units;
  std::vector<double> real;
  double maxAbs = 0;
};

ValueSet valueSet(Mode mode, int specialIndex) {
  ValueSet v;
  v.units = bitmodValueSet(mode, specialIndex);
  const double unit = isFloatMode(mode) ? 0.5 : 1.0;
  for (int64_t u : v.units) {
    v.real.push_back(double(u) * unit); // exact
    v.maxAbs = std::max(v.maxAbs, std::fabs(v.real.back()));
  }
  return v;
}

// Index into V of the nearest value to y, ties to the smaller value. The midpoint of two
// half-integers is exact in double, so the comparison is exact.
size_t nearestIndex(double y, const std::vector<double> &v) {
  if (y <= v.front()) return 0;
  if (y >= v.back()) return v.size() - 1;
  const size_t hi = size_t(std::upper_bound(v.begin(), v.end(), y) - v.begin());
  const double mid = (v[hi - 1] + v[hi]) / 2.0;
  return y <= mid ? hi - 1 : hi;
}

struct GroupChoice {
  int index = 0;
  double scale = 0;
  double error = 0;
  std::vector<int64_t> values; // mode units
};

GroupChoice chooseGroup(const std::vector<double> &wg,
                        const std::vector<ValueSet> &sets) {
  double maxAbs = 0;
  for (double x : wg) maxAbs = std::max(maxAbs, std::fabs(x));
  GroupChoice best;
  for (int index = 0; index < 4; ++index) {
    const ValueSet &v = sets[size_t(index)];
    GroupChoice c;
    c.index = index;
    c.scale = maxAbs / v.maxAbs;
    c.values.assign(wg.size(), 0);
    double sse = 0;
    if (c.scale > 0) { // an all-zero group is exact with every index
      for (size_t k = 0; k < wg.size(); ++k) {
        const size_t i = nearestIndex(wg[k] / c.scale, v.real);
        c.values[k] = v.units[i];
        const double diff = v.real[i] * c.scale - wg[k];
        sse += diff * diff;
      }
    }
    c.error = sse / double(wg.size());
    if (index == 0 || c.error < best.error) best = c; // the first strictly smallest wins
  }
  return best;
}

} // namespace

BitmodWeights quantizeBitmod(const Eigen::MatrixXd &w, Mode mode, int group) {
  if (group < 1) {
    throw InputError("bitmod: group " + std::to_string(group) + " must be >= 1");
  }
  if (!w.allFinite()) throw InputError("bitmod: the weights hold non-finite values");
  const int64_t groups = (w.cols() + group - 1) / group;
  BitmodWeights out;
  out.mode = mode;
  out.group = group;
  out.cols = w.cols();
  out.codes = IntMatrix::Zero(w.rows(), groups * group);
  out.scales = IntMatrix::Ones(w.rows(), groups);
  out.specialIndex = IntMatrix::Zero(w.rows(), groups);
  out.delta = Eigen::VectorXd::Ones(w.rows());
  out.groupScale = Eigen::MatrixXd::Zero(w.rows(), groups);
  std::vector<ValueSet> sets;
  for (int index = 0; index < 4; ++index) {
    // The int modes have no special value: the same V for every index.
    sets.push_back(valueSet(mode, isFloatMode(mode) ? index : 0));
  }
  std::vector<double> wg(static_cast<size_t>(group));
  for (Eigen::Index r = 0; r < w.rows(); ++r) {
    double maxScale = 0;
    for (int64_t g = 0; g < groups; ++g) {
      for (int64_t k = 0; k < group; ++k) {
        const int64_t col = g * group + k;
        wg[size_t(k)] = col < w.cols() ? w(r, col) : 0.0; // the last group is zero-padded
      }
      const GroupChoice c = chooseGroup(wg, sets);
      out.specialIndex(r, g) = c.index;
      out.groupScale(r, g) = c.scale;
      maxScale = std::max(maxScale, c.scale);
      for (int64_t k = 0; k < group; ++k) {
        out.codes(r, g * group + k) = bitmodEncode(c.values[size_t(k)], mode, c.index);
      }
    }
    if (maxScale == 0) continue; // all-zero channel: delta_c = 1, every s_g = 1
    out.delta(r) = maxScale / 255;
    for (int64_t g = 0; g < groups; ++g) {
      const double s = roundHalfAway(out.groupScale(r, g) / out.delta(r));
      out.scales(r, g) = int64_t(std::min(255.0, std::max(1.0, s)));
    }
  }
  return out;
}

IntMatrix bitmodValues(const BitmodWeights &w) {
  IntMatrix values(w.codes.rows(), w.codes.cols());
  for (Eigen::Index r = 0; r < values.rows(); ++r) {
    for (Eigen::Index k = 0; k < values.cols(); ++k) {
      const int index = int(w.specialIndex(r, k / w.group));
      values(r, k) = bitmodValue(uint32_t(w.codes(r, k)), w.mode, index);
    }
  }
  return values;
}

Eigen::MatrixXd dequantizeBitmod(const BitmodWeights &w) {
  const IntMatrix values = bitmodValues(w);
  const double unit = isFloatMode(w.mode) ? 0.5 : 1.0;
  Eigen::MatrixXd x(values.rows(), w.cols);
  for (Eigen::Index r = 0; r < x.rows(); ++r) {
    for (Eigen::Index k = 0; k < x.cols(); ++k) {
      x(r, k) = double(values(r, k)) * unit * double(w.scales(r, k / w.group)) * w.delta(r);
    }
  }
  return x;
}

} // namespace quasar::models::bitserial
