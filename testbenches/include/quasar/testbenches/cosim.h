// The co-simulation driver: runs a workload's GEMM layers on a harness executable (the
// Verilated RTL; later the SystemC model behind the same stimulus/results files) and checks
// every output beat against the golden model, bit for bit, plus the CSR contract.
//
// Per run seed s (docs/cosim.md):
//   - every distinct GEMM layer of config::lowerToGemm(workload) runs once (not `count`
//     times), preceded by one job that starts with M = 0 (pe.type ovp: M = 1, K = 1, odd) and
//     expects error code 1;
//   - tensors: models::makeTensor with the layer's sources, seed = source.seed + s * 2^64/phi
//     (mod 2^64), so seed 0 is exactly the workload as written;
//   - stalls: the harness's stall generator is seeded with s;
//   - expected stream: models::gemm -> arch::packOutput; input: arch::packInput.
// Checks per layer: every output beat equal (data and tlast), no missing or extra beats,
// status == done (not busy, no error), error_code 0, macs == M*N*K, cycles_busy == (edge of the
// last output beat) - (edge the start write was taken), stall_in / stall_out equal to what the
// harness saw on the pins, config_hash, array_shape, OKAY responses.
#pragma once

#include "quasar/config/accel.h"
#include "quasar/config/workload.h"

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace quasar::tb {

struct CosimOptions {
  int seeds = 1;                 // how many run seeds
  uint64_t firstSeed = 0;        // seeds firstSeed .. firstSeed + seeds - 1
  double stallProb = 0;          // input gaps and output ready drops, each with this probability
  bool trace = false;            // write an FST waveform for every seed (else only on failure)
  std::string workDir;           // <workDir>/runs/<config>-<hash>/<workload>_seed<s>.{stim,results,log}
                                 // (the last run of each seed), <workDir>/waves/ (FST)
  int64_t maxCycles = 0;         // per layer; 0: derived from the layer's size and stallProb
  // pe.type bitserial, encoding bitplane: precisions P, comma-separated; layer i runs at entry
  // i mod the count, written to the bitserial_format CSR (weights are P-bit, expected results
  // gemmBitplane); empty: the CSR's reset value, P = w_bits_max (docs/bitserial-array.md).
  std::string wPrec;
  // pe.type bitserial, encoding bitmod: modes ("fp4", ..., "int4"), comma-separated, cycled
  // over the layers the same way (empty: the CSR's reset value, the first of
  // pe.bitserial.modes). Weights are random codes of the mode with random group scales and
  // special indices; expected results gemmBitmod (tb::bitserialOperands).
  std::string wMode;
  // Arguments put between the harness executable and its --stimulus/--results (a harness
  // that is a subcommand, e.g. {"sim", CONFIG} for the SystemC model in the quasar binary).
  std::vector<std::string> harnessArgs;
  // Called with each seed's results file right after the harness wrote it (a per-process
  // name, renamed afterwards): `quasar cosim --engines` compares engines with it.
  std::function<void(uint64_t seed, const std::string &resultsPath)> onResults;
  std::ostream *progress = nullptr;
};

struct LayerStats {
  std::string name;
  int64_t m = 0, n = 0, k = 0, count = 1;
  int64_t cycles = 0;   // cycles_busy CSR
  int64_t macs = 0;     // M*N*K
  double utilization = 0; // macs / (cycles * rows * cols)
  int64_t stallIn = 0, stallOut = 0;
};

// The first problem found, with everything needed to reproduce and look at it.
struct Mismatch {
  uint64_t seed = 0;
  std::string layer;
  std::string kind;        // "value", "tlast", "missing", "extra", "csr", "timeout", "harness"
  int64_t beat = -1;       // output beat index (-1: not about a beat)
  int64_t m = -1, n = -1;  // result element (value mismatches)
  std::string expected, got;
  int64_t cycle = -1;      // edge the beat was accepted on (-1: never)
  std::string message;     // one line, complete
};

struct CosimReport {
  std::string config, configHash, workload;
  bool pipeline = false;           // top: pipeline: layers are streams of rows, no MACs
  bool pass = false;
  int seedsRun = 0, seedsPassed = 0;
  uint64_t firstSeed = 0;
  double stallProb = 0;
  int64_t mismatches = 0;          // differing output elements + missing/extra beats + CSR errors
  std::optional<Mismatch> first;
  std::string waveform;            // FST of the failing seed (or the last traced seed)
  std::vector<LayerStats> layers;  // of the first seed
  int64_t macs = 0;                // sum over the layers (each once)
  int64_t cycles = 0;              // sum of cycles_busy over the layers
  double utilization = 0;          // macs / (cycles * rows * cols)
  int64_t simulatedCycles = 0;     // every harness cycle of every seed
  double simSeconds = 0;           // harness cycle-loop time of every seed
};

CosimReport runCosim(const config::AccelConfig &cfg, const config::Workload &workload,
                     const std::string &harnessExe, const CosimOptions &options);

// "cosim: PASS 20/20 seeds, 0 mismatches, bit-exact, ..." or "cosim: FAIL ...".
std::string summaryLine(const CosimReport &report);
std::string toJson(const CosimReport &report);

// The tensor seed of run seed s (see above).
uint64_t runTensorSeed(uint64_t sourceSeed, uint64_t runSeed);

} // namespace quasar::tb
