// The quantization-error stage: SQNRs computed by hand for a tiny int4 layer, layers without
// real tensors skipped, counts weighting the energies, and the OVP format on outlier data.
#include "sweep_test_util.h"

#include "quasar/config/load.h"
#include "quasar/models/bitserial.h"
#include "quasar/models/npy.h"
#include "quasar/models/tensor.h"
#include "quasar/models/workload_tensors.h"
#include "quasar/sweep/quant_error.h"
#include "quasar/sweep/results.h"
#include "quasar/sweep/runner.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>

using namespace quasar;
using namespace quasar::sweep;
using namespace quasar::sweep::testing;

namespace {

config::AccelConfig intConfig(int bits) {
  const std::string b = std::to_string(bits);
  return config::loadAccelText("name: q\narray: {rows: 2, cols: 2, dataflow: ws}\n"
                               "pe: {type: int, a_bits: " + b + ", w_bits: " + b +
                                   ", acc_bits: 32}\nlimits: {k_max: 64}\n",
                               "q.yaml");
}

config::TensorSource npySource(const std::string &path, const Eigen::MatrixXd &m) {
  models::writeNpy(path, models::Tensor::fromRealMatrix(m, models::DType::F64));
  config::TensorSource s;
  s.source = config::TensorSourceKind::Npy;
  s.file = path;
  return s;
}

config::TensorSource normalSource(uint64_t seed) {
  config::TensorSource s;
  s.dist = config::Distribution::Normal;
  s.seed = seed;
  return s;
}

} // namespace

TEST_CASE("quant error: an int4 layer, by hand", "[quant]") {
  TempDir tmp("quant_hand");
  // int4: qmax 7. A's max |x| is 7, so its scale is 1: codes 7, 4 (3.5 ties to even), -1, 1.
  // Errors 0, 0.5, 0.2, 0.4. W = [0 1 0 0] has scale 1/7 and is exact.
  Eigen::MatrixXd a(1, 4), w(1, 4);
  a << 7.0, 3.5, -1.2, 0.6;
  w << 0.0, 1.0, 0.0, 0.0;
  config::GemmLayer g;
  g.m = 1, g.n = 1, g.k = 4;
  g.activations = npySource(tmp.str() + "/a.npy", a);
  g.weights = npySource(tmp.str() + "/w.npy", w);

  const QuantErrorReport rep = workloadQuantError(intConfig(4), {g});
  CHECK(rep.measuredLayers == 1);
  CHECK(rep.skippedLayers == 0);
  CHECK(rep.formats == "int4 x int4");
  CHECK(rep.activations.signal == Approx(49 + 12.25 + 1.44 + 0.36));
  CHECK(rep.activations.noise == Approx(0.25 + 0.04 + 0.16));
  CHECK(rep.weights.noise == 0);
  CHECK(std::isinf(rep.weights.sqnrDb()));
  // Output: real 3.5, quantized 4 * 1 = 4.
  CHECK(rep.outputs.signal == Approx(12.25));
  CHECK(rep.outputs.noise == Approx(0.25));
  CHECK(rep.outputs.sqnrDb() == Approx(10 * std::log10(49.0)));
}

TEST_CASE("quant error: integer codes are skipped, counts weigh the energies", "[quant]") {
  config::GemmLayer codes; // int_uniform: the codes are the data
  codes.m = 3, codes.n = 2, codes.k = 5;
  config::GemmLayer real = codes;
  real.activations = normalSource(1);
  real.weights = normalSource(2);
  const QuantErrorReport one = workloadQuantError(intConfig(8), {codes, real});
  CHECK(one.measuredLayers == 1);
  CHECK(one.skippedLayers == 1);
  real.count = 3;
  const QuantErrorReport three = workloadQuantError(intConfig(8), {real});
  CHECK(three.outputs.signal == Approx(3 * one.outputs.signal));
  CHECK(three.outputs.noise == Approx(3 * one.outputs.noise));
  CHECK(three.outputs.sqnrDb() == Approx(one.outputs.sqnrDb()));
  // Fewer bits, more noise.
  CHECK(workloadQuantError(intConfig(4), {real}).outputs.sqnrDb() < one.outputs.sqnrDb() - 10);

  const QuantErrorReport none = workloadQuantError(intConfig(8), {codes});
  CHECK(none.measuredLayers == 0);
  CHECK(none.outputs.signal == 0);
}

TEST_CASE("quant error: outputs are compared on the first rows only", "[quant]") {
  config::GemmLayer g;
  g.m = 10, g.n = 4, g.k = 6;
  g.activations = normalSource(3);
  g.weights = normalSource(4);
  const QuantErrorReport all = workloadQuantError(intConfig(4), {g}, 10);
  const QuantErrorReport two = workloadQuantError(intConfig(4), {g}, 2);
  CHECK(two.activations.noise == all.activations.noise); // operands are compared whole
  CHECK(two.outputs.signal < all.outputs.signal);
  CHECK_THROWS_WITH(workloadQuantError(intConfig(4), {g}, 0), Catch::Contains("outputRows"));
}

TEST_CASE("quant error: ovp4 beats int4 on outlier channels", "[quant]") {
  config::GemmLayer g;
  // LLM-style activations as in docs/ovp-array.md's table: 8 of 1024 channels 30x larger
  // (there, per tensor: int4 8.7 dB, ovp4 17.0 dB).
  g.m = 16, g.n = 16, g.k = 1024;
  g.activations.dist = config::Distribution::OutlierChannels;
  g.activations.outlier_channels = 8;
  g.activations.seed = 5;
  g.weights = normalSource(6);
  const config::AccelConfig ovp = config::loadAccel(std::string(QUASAR_SOURCE_DIR) +
                                                    "/configs/arch/ovp_w4a4_8x8.yaml");
  const QuantErrorReport o = workloadQuantError(ovp, {g});
  const QuantErrorReport i4 = workloadQuantError(intConfig(4), {g});
  CHECK(o.formats == "ovp4 x ovp4");
  CHECK(o.activations.sqnrDb() > i4.activations.sqnrDb() + 3);
  CHECK(o.outputs.sqnrDb() > i4.outputs.sqnrDb());

}

TEST_CASE("quant error: bit-serial PEs at their largest setting", "[quant]") {
  config::GemmLayer g;
  g.m = 8, g.n = 8, g.k = 256;
  g.activations = normalSource(7);
  g.weights = normalSource(8);
  const std::string arch = std::string(QUASAR_SOURCE_DIR) + "/configs/arch/";
  // bitplane at w_bits_max 8 quantizes like an int8 x int8 PE (a second path to the same codes).
  const config::AccelConfig plane = config::loadAccel(arch + "bitplane_8x8.yaml");
  const QuantErrorReport p = workloadQuantError(plane, {g});
  const QuantErrorReport i8 = workloadQuantError(intConfig(8), {g});
  CHECK(p.formats == "int8 x bitplane8");
  CHECK(p.weights.noise == i8.weights.noise);
  CHECK(p.outputs.noise == i8.outputs.noise);
  config::AccelConfig one = plane;
  one.pe.bitserial.w_bits_max = 1;
  CHECK_THROWS_WITH(workloadQuantError(one, {g}), Catch::Contains("w_bits_max 1"));

  // bitmod in its first mode (fp4, groups of 128): the spec's group quantizer, dequantized.
  const config::AccelConfig mod = config::loadAccel(arch + "bitmod_8x8.yaml");
  const QuantErrorReport b = workloadQuantError(mod, {g});
  CHECK(b.formats == "int8 x bitmod-fp4");
  const Eigen::MatrixXd w = *models::realTensor(g.weights, g.n, g.k);
  const Eigen::MatrixXd wq = models::bitserial::dequantizeBitmod(
      models::bitserial::quantizeBitmod(w, models::bitserial::Mode::Fp4, 128));
  CHECK(b.weights.noise == Approx((w - wq).squaredNorm()));
  CHECK(b.activations.noise == i8.activations.noise);
  // A 4-bit float with per-group scales sits between int4 and int8 on Gaussian weights.
  CHECK(b.weights.sqnrDb() > workloadQuantError(intConfig(4), {g}).weights.sqnrDb());
  CHECK(b.weights.sqnrDb() < i8.weights.sqnrDb());
}

TEST_CASE("quant stage: columns in the results, one computation per PE and workload", "[quant]") {
  TempDir tmp("quant_stage");
  const TestSweep t("sweep_quant.yaml");
  REQUIRE(t.points.size() == 3);
  RunOptions o;
  o.cacheRoot = tmp.str() + "/cache";
  o.stages = t.sweep.stages;
  const RunSummary run = runPoints(t.points, t.workloads, defaultRegistry(), o);
  CHECK(run.pointsFailed == 0);
  CHECK(run.stagesRun == 3);
  // Points 0 and 1 share their PE section: two shared records, not three.
  int shared = 0;
  for (const auto &e : std::filesystem::recursive_directory_iterator(tmp.path / "cache/quant"))
    shared += e.path().filename() == "result.json";
  CHECK(shared == 2);

  const std::vector<ResultRow> rows =
      collectResults(t.points, t.workloads, t.sweep.stages, StageCache(o.cacheRoot));
  REQUIRE(rows.size() == 3);
  const QuantErrorReport direct = workloadQuantError(t.points[2].config, t.workloads[0].gemms);
  for (const ResultRow &r : rows) {
    INFO(r.label);
    CHECK(r.status == "ok");
    CHECK(r.quantLayers == "1 of 2");
    REQUIRE(r.sqnrOutputsDb.has_value());
  }
  CHECK(*rows[0].sqnrOutputsDb == *rows[1].sqnrOutputsDb);
  CHECK(*rows[2].sqnrActivationsDb < *rows[0].sqnrActivationsDb); // int4 activations
  CHECK(*rows[2].sqnrOutputsDb == Approx(direct.outputs.sqnrDb()).epsilon(1e-9));
  const std::string csv = resultsCsv(rows);
  CHECK(csv.find(",sqnr_a_db,sqnr_w_db,sqnr_out_db,quant_layers,") != std::string::npos);
}
