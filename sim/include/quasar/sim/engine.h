// Running the models on workloads: `quasar sim` (analytical or SystemC) and the SystemC model
// as a co-simulation harness (stimulus file in, results file out, like the Verilated one).
#pragma once

#include "quasar/config/accel.h"
#include "quasar/config/workload.h"
#include "quasar/sim/analytical.h"
#include "quasar/sim/systemc_dut.h"

#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

namespace quasar::sim {

struct SimOptions {
  uint64_t seed = 0;    // tensors like `quasar cosim --seed` (0: as the workload says) and
                        // the stall pattern
  double stallProb = 0; // input gaps and output ready drops per cycle, in [0, 1)
  KernelMode mode = KernelMode::Decoupled;
  bool check = false; // compare every output beat with the golden model
  // pe.type bitserial: the layers' precisions / modes, comma-separated lists cycled over the
  // layers (tb::bitserialFormats, as `quasar cosim --w-prec / --w-mode`); empty: the
  // bitserial_format CSR's reset value. Tensors as `quasar cosim` draws them.
  std::string wPrec, wMode;
  std::ostream *progress = nullptr;
};

// One layer on the SystemC model (cycles from its CSRs).
struct SimLayer {
  LayerReport report;
  int64_t simulatedCycles = 0; // harness cycles of the run (reset, CSR traffic, idle included)
  double simSeconds = 0;       // wall time of the cycle loop
  double setupSeconds = 0;     // tensors and the input stream
  int64_t checkedBeats = 0;    // with check: output beats compared with the golden model
};

// Every distinct GEMM layer of the workload, once each (count reported). Throws CheckError
// when a run does not finish or reports an error, or (with check) an output beat differs.
std::vector<SimLayer> simulateWorkload(const config::AccelConfig &cfg,
                                       const config::Workload &workload, const SimOptions &options);

// top: pipeline (sim/pipeline_top.h): every distinct layer's [M x N] accumulators (the golden
// GEMM of its tensors, as `quasar cosim` makes them) as one run of M rows, with the
// requantizer's parameters `quasar cosim` draws for the seed and, for a row unit, x0 =
// kPipelineSimX0 and bias_int 0. cycles_busy from the CSR; with check every output beat against
// arch::packRequantOutput / packRowUnitOutput. Throws CheckError as simulateWorkload.
constexpr int64_t kPipelineSimX0 = -256;
struct PipelineSimLayer {
  int64_t cyclesBusy = 0, stallIn = 0, stallOut = 0;
  int64_t simulatedCycles = 0, checkedBeats = 0;
  double simSeconds = 0;
};
std::vector<PipelineSimLayer> simulatePipelineWorkload(const config::AccelConfig &cfg,
                                                       const config::Workload &workload,
                                                       const SimOptions &options);

// The SystemC model as a co-simulation harness: reads a stimulus file, runs it with the
// shared host driver, writes the results file. Returns the harness exit code (0 ran to the
// end, 1 stopped early, 2 malformed stimulus).
int runHarness(const config::AccelConfig &cfg, const std::string &stimulusPath,
               const std::string &resultsPath, KernelMode mode, std::ostream &err);

} // namespace quasar::sim
