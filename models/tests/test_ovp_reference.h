// Test-side OVP-4 reference, written by hand from specs/ovp.md and independent of the code
// under test: nibble tables, the byte rule, and a brute-force nearest-value quantizer.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <utility>
#include <vector>

namespace ovp_ref {

struct Ei {
  int exp;
  int mant;
};

// int4 normal nibble -> (exp, int). Nibble 1000 is the victim marker: (0, 0).
constexpr Ei kInt4Normal[16] = {{0, 0},  {0, 1},  {0, 2},  {0, 3},  {0, 4},  {0, 5},
                                {0, 6},  {0, 7},  {0, 0},  {0, -7}, {0, -6}, {0, -5},
                                {0, -4}, {0, -3}, {0, -2}, {0, -1}};
// flint4 normal nibble s m2 m1 m0: 0xy -> (0, xy), 11y -> (1, 2+y), 101 -> (3, 1), 100 -> (4, 1).
constexpr Ei kFlint4Normal[16] = {{0, 0}, {0, 1},  {0, 2},  {0, 3},  {4, 1},  {3, 1},
                                  {1, 2}, {1, 3},  {0, 0},  {0, -1}, {0, -2}, {0, -3},
                                  {4, -1}, {3, -1}, {1, -2}, {1, -3}};
// abfloat nibble s e1 e0 m -> (e + bias, (-1)^s (2 + m)); bias 2 for int4 tensors.
// Nibbles 0000 and 1000 are the reserved (e, m) = (0, 0), decoded by the formula.
constexpr Ei kInt4Outlier[16] = {{2, 2},  {2, 3},  {3, 2},  {3, 3},  {4, 2},  {4, 3},
                                 {5, 2},  {5, 3},  {2, -2}, {2, -3}, {3, -2}, {3, -3},
                                 {4, -2}, {4, -3}, {5, -2}, {5, -3}};
// bias 3 for flint4 tensors.
constexpr Ei kFlint4Outlier[16] = {{3, 2},  {3, 3},  {4, 2},  {4, 3},  {5, 2},  {5, 3},
                                   {6, 2},  {6, 3},  {3, -2}, {3, -3}, {4, -2}, {4, -3},
                                   {5, -2}, {5, -3}, {6, -2}, {6, -3}};
// The same outliers as plain values.
constexpr int kInt4OutlierValue[16] = {8,  12,  16,  24,  32,  48,  64,  96,
                                       -8, -12, -16, -24, -32, -48, -64, -96};
constexpr int kFlint4OutlierValue[16] = {16,  24,  32,  48,  64,  96,  128,  192,
                                         -16, -24, -32, -48, -64, -96, -128, -192};

// Value sets (hand-written): normals and producible outliers.
inline std::vector<int> normals(bool flint) {
  if (flint) return {-16, -8, -6, -4, -3, -2, -1, 0, 1, 2, 3, 4, 6, 8, 16};
  return {-7, -6, -5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5, 6, 7};
}
inline std::vector<int> outliers(bool flint) {
  if (flint) return {-192, -128, -96, -64, -48, -32, -24, 24, 32, 48, 64, 96, 128, 192};
  return {-96, -64, -48, -32, -24, -16, -12, 12, 16, 24, 32, 48, 64, 96};
}
inline bool isOutlier(long v, bool flint) { return std::labs(v) > (flint ? 16 : 7); }

inline long valueOf(Ei e) { return long(e.mant) * (1L << e.exp); }

// The byte rule, written from the spec's "Decoding a byte".
inline std::pair<Ei, Ei> decodeByte(unsigned byte, bool flint) {
  const unsigned lo = byte & 0xF, hi = byte >> 4;
  const Ei *normal = flint ? kFlint4Normal : kInt4Normal;
  const Ei *outlier = flint ? kFlint4Outlier : kInt4Outlier;
  if (lo == 8 && hi == 8) return {{0, 0}, {0, 0}};
  if (lo == 8) return {{0, 0}, outlier[hi]};
  if (hi == 8) return {outlier[lo], {0, 0}};
  return {normal[lo], normal[hi]};
}

// Brute-force nearest value: scan every value; on equal distance prefer the outlier in a
// normal/outlier tie, else the larger value.
inline long nearest(double y, bool flint) {
  std::vector<int> all = normals(flint);
  for (int v : outliers(flint)) all.push_back(v);
  long best = all[0];
  double bestDist = std::fabs(y - best);
  for (int v : all) {
    const double d = std::fabs(y - v);
    if (d < bestDist) {
      best = v;
      bestDist = d;
    } else if (d == bestDist && v != best) {
      const bool vo = isOutlier(v, flint), bo = isOutlier(best, flint);
      if (vo != bo) {
        if (vo) best = v;
      } else if (v > best) {
        best = v;
      }
    }
  }
  return best;
}

// Steps 1-3 for one row (odd length padded with a zero): returns values after victim zeroing.
inline std::vector<long> quantizeRow(const std::vector<double> &x, double s, bool flint,
                                     bool firstPolicy) {
  std::vector<long> q;
  for (double v : x) q.push_back(nearest(v / s, flint));
  if (q.size() % 2) q.push_back(0);
  for (size_t k = 0; k < q.size(); k += 2) {
    const bool o0 = isOutlier(q[k], flint), o1 = isOutlier(q[k + 1], flint);
    if (o0 && o1) {
      if (firstPolicy || std::labs(q[k]) >= std::labs(q[k + 1])) {
        q[k + 1] = 0;
      } else {
        q[k] = 0;
      }
    } else if (o0) {
      q[k + 1] = 0;
    } else if (o1) {
      q[k] = 0;
    }
  }
  return q;
}

} // namespace ovp_ref
