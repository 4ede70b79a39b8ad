// How one GEMM is tiled onto the array and in which order the controller walks the tiles.
// This order is the stream order: the host sends, and the accelerator returns, data tile by
// tile in exactly this sequence (docs/rtl-contract.md).
#pragma once

#include "quasar/config/accel.h"

#include <cstdint>
#include <vector>

namespace quasar::arch {

// A GEMM: A [m x k] times W [n x k]^T -> C [m x n].
struct GemmDims {
  int64_t m = 1, n = 1, k = 1;
};

// Nominal tile extents; edge tiles are shorter.
struct TileShape {
  int64_t m = 1, n = 1, k = 1;
};

// The tile extents of a config:
//   ws: k = rows (weights stationary, K down the rows), n = cols, m = words per bank of the
//       accumulator and activation buffers (min(acc_depth, act_depth), halved when
//       double-buffered);
//   os: m = rows, n = cols (one output per PE), k = buffer words per bank
//       (min(act_depth, weight_depth), halved when double-buffered).
TileShape tileShape(const config::AccelConfig &cfg);

// One step of the walk: a (m, n, k) tile with its origin and true extents.
struct TileStep {
  int64_t m0 = 0, n0 = 0, k0 = 0;
  int64_t mLen = 0, nLen = 0, kLen = 0;
  bool firstK = false; // first k-tile of this output tile: accumulators start from 0
  bool lastK = false;  // last k-tile: the output tile is drained after it
};

// Every step in stream order:
//   ws: for n-tile { for m-tile { for k-tile } }
//   os: for m-tile { for n-tile { for k-tile } }
std::vector<TileStep> schedule(const config::AccelConfig &cfg, const GemmDims &dims);

// Throws InputError when dims exceed limits.{m,n,k}_max or are < 1.
void checkDims(const config::AccelConfig &cfg, const GemmDims &dims);

} // namespace quasar::arch
