// The OVP-4 value sets, derived from the decoders so that no value is written twice.
#include "quasar/models/ovp.h"

#include <algorithm>
#include <cstdlib>

namespace quasar::models::ovp {

std::vector<int64_t> normalValues(NormalType type) {
  std::vector<int64_t> values;
  for (uint8_t nibble = 0; nibble < 16; ++nibble) {
    if (nibble != kVictimCode) values.push_back(normalValue(nibble, type));
  }
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
  return values;
}

namespace {

int computeMaxNormal(NormalType type) {
  int64_t largest = 0;
  for (int64_t v : normalValues(type)) largest = std::max(largest, std::abs(v));
  return int(largest);
}

int computeOutlierBias(NormalType type) {
  // The smallest outlier is (e, m) = (0, 1): 3 << bias. It must exceed every normal.
  const int largestNormal = maxNormal(type);
  int bias = 0;
  while ((3 << bias) <= largestNormal) ++bias;
  return bias;
}

} // namespace

// Both are derived once per type (thread-safe static initialization): the decoders call them
// for every element.
int maxNormal(NormalType type) {
  static const int kInt4 = computeMaxNormal(NormalType::Int4);
  static const int kFlint4 = computeMaxNormal(NormalType::Flint4);
  return type == NormalType::Int4 ? kInt4 : kFlint4;
}

int outlierBias(NormalType type) {
  static const int kInt4 = computeOutlierBias(NormalType::Int4);
  static const int kFlint4 = computeOutlierBias(NormalType::Flint4);
  return type == NormalType::Int4 ? kInt4 : kFlint4;
}

int maxOutlier(NormalType type) { return 3 << (3 + outlierBias(type)); }

std::vector<int64_t> outlierValues(NormalType type) {
  std::vector<int64_t> values;
  for (uint8_t nibble = 0; nibble < 16; ++nibble) {
    if ((nibble & 0x7) != 0) values.push_back(outlierValue(nibble, type)); // (e,m)=(0,0) reserved
  }
  std::sort(values.begin(), values.end());
  return values;
}

bool isOutlier(int64_t v, NormalType type) { return std::abs(v) > maxNormal(type); }

} // namespace quasar::models::ovp
