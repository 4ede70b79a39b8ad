// Internal to the co-simulation driver: turning a GEMM layer into a harness job with its
// expected output, and checking a job's results against that expectation.
#pragma once

#include "quasar/arch/schedule.h"
#include "quasar/arch/stream.h"
#include "quasar/config/accel.h"
#include "quasar/config/workload.h"
#include "quasar/testbenches/cosim.h"

#include "stimulus.h"

#include <optional>
#include <vector>

namespace quasar::tb {

// What a job must produce.
struct Expectation {
  std::string layer;
  arch::GemmDims dims;
  bool badDims = false;               // an error-path job: no stream, error code errorCode
  uint32_t errorCode = 1;             // arch::csr_error::kBadDims, or kBadFormat
  std::vector<arch::Beat> beats;      // the output stream
  // Post-processing registers read back after the run and the value each must hold (the last
  // value written; param_index: the word after the last one written).
  std::vector<std::pair<uint32_t, uint32_t>> postReadback;
  std::optional<uint32_t> ovpFormat;  // pe.type ovp: the ovp_format CSR written (read back)
};

// The job for one layer at run seed `runSeed`, and what it must produce. pe.type ovp: the
// layer's real tensors (models::makeRealTensor) are quantized by arch::ovpOperands (OVP-4
// bytes, int8 activations for w4a8), the ovp_format CSR is written with the layer's normal
// types, dim_k is the padded K, and the result is arch::ovpExpected.
// pe.type bitserial: `format` is the layer's bitserial_format (tb::bitserialFormats), written
// before the start; operands and the expected result from tb::bitserialOperands.
Job makeLayerJob(const config::AccelConfig &cfg, const config::GemmLayer &layer, uint64_t runSeed,
                 Expectation &expect, uint32_t format = 0);
// A start with M = 0: must set error (code 1) and done and consume nothing.
Job makeBadDimsJob(const config::AccelConfig &cfg, Expectation &expect);
// Bit-serial configs: a start with a bitserial_format the accelerator cannot run (bitplane
// P = 0, bitmod a mode number it does not build) must set error (code 3) and done and consume
// nothing. Run after the layers (it leaves the format register invalid).
Job makeBadFormatJob(const config::AccelConfig &cfg, Expectation &expect);

// A generous cycle limit for a layer (stream beats, tiles and MACs, slowed by stalls);
// `maxTerms`: the most bit-serial terms per weight of any layer's format (1 otherwise).
int64_t cycleBudget(const config::AccelConfig &cfg, const arch::GemmDims &dims, double stallProb,
                    int maxTerms = 1);

struct CheckOutcome {
  int64_t problems = 0;           // see CosimReport::mismatches
  std::optional<Mismatch> first;  // seed left 0; the caller sets it
  LayerStats stats;
};

CheckOutcome checkJob(const config::AccelConfig &cfg, const Expectation &expect,
                      const JobResult &result);

} // namespace quasar::tb
