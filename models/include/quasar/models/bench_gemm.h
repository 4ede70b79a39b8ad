// The golden-model GEMM benchmark behind `quasar bench golden`: how fast the exact int8 GEMM
// runs next to Eigen's float GEMM on the same shapes. Results are in docs/golden-model.md.
//
// Method: each kernel is run repeatedly until at least `minSeconds` of wall time has passed
// (at least once); the best single run counts. GOP/s = 2*M*N*K / best seconds / 1e9 (a
// multiply-add is two operations, for both). Both sides are single-threaded: quasar never
// enables OpenMP, so Eigen runs one thread (GemmBenchRow::eigenThreads records it).
// Operands are seeded uniform int8 values; the float matrices hold the same values.
#pragma once

#include <cstdint>
#include <ostream>
#include <vector>

namespace quasar::models {

struct GemmBenchShape {
  int64_t m = 0, n = 0, k = 0; // A [M x K], W [N x K], out [M x N]
};

struct GemmBenchRow {
  GemmBenchShape shape;
  double int8Gops = 0;      // gemmInt8: int8 x int8 -> int32, overflow check and packing included
  double intMatrixGops = 0; // gemm() on IntMatrix holding the same int8 values (int64 output)
  double floatGops = 0;     // Eigen MatrixXf: out = A * W^T
  double ratio = 0;         // int8Gops / floatGops
  int int8Runs = 0, intMatrixRuns = 0, floatRuns = 0;
  int eigenThreads = 1;
};

// 512^3, 1024^3 and 4096 x 4096 x 128 (M x N x K).
std::vector<GemmBenchShape> defaultGemmBenchShapes();

// Times every shape; writes one line per measurement to `progress` as it finishes.
// Throws InputError for a shape with a size < 1 or above 2^31 - 1, or minSeconds < 0.
std::vector<GemmBenchRow> benchGolden(std::ostream &progress,
                                      const std::vector<GemmBenchShape> &shapes =
                                          defaultGemmBenchShapes(),
                                      double minSeconds = 0.5);

// The rows as an aligned text table (shape, the three GOP/s, int8/float ratio).
void printGemmBenchTable(std::ostream &out, const std::vector<GemmBenchRow> &rows);

} // namespace quasar::models
