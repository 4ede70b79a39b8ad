// The analytical cycle model: the exact `cycles_busy` of one GEMM on the generated int
// accelerator when the host never stalls, without simulating cycles.
//
// docs/microarchitecture.md describes three units that hand over buffer banks (loader,
// compute, drain). Without back-pressure every unit's next event is the maximum of a few
// earlier events plus a constant from arch/timing.h, so the whole run is a max-plus recurrence
// over the tile steps of arch::schedule() and the output words (docs/sim.md, "Analytical
// model", writes every equation out):
//   loader   F_i = max(E_{i-1} + 1, R_{i-banks} + 1)  first beat of step i (F_0 = inputDelay),
//            E_i = F_i + stepInputBeats - 1            its last beat;
//   compute  A_i = max(E_i + 2, idle, [first k-tile] D_{j-banks} + 1)   accept cycle,
//            ws: R_i = A_i + rows + mLen, end = A_i + computeStepCycles;
//            os: R_i = A_i + kLen, after a last k-tile the drain into the accumulator bank
//                starts at max(R_i + osAccumulateLatency, D_{j-banks} + 1) and takes rows cycles;
//   drain    accept of tile j at max(set_j + 1, D_{j-1} + 1); word w is read at
//            max(previous read + 1, P_{w-2}) (the two-word FIFO), shown from
//            S_w = max(read + 2, P_{w-1} + 1) and popped at P_w = S_w + beatsPerWord - 1.
// cycles_busy = P_last + 1 (cycles are counted from the first busy cycle, 0, the one after the
// start write's edge). The cost is O(steps + output words): instant even for LLaMA layers.
//
// Choices (also in docs/sim.md):
// - The host offers the first input beat in busy cycle `inputDelay` (1 by default: the co-sim
//   harness finishes the start write's B handshake first) and then one beat per cycle; output
//   ready is always high. That is the harness's stall-free protocol, so the model's number is
//   exactly what `quasar cosim` measures.
// - Compute Cycles = the cycles the compute unit works on steps (arch::computeStepCycles each,
//   plus any cycles an os drain waits for a free accumulator bank); Stall Cycles = Total Cycles
//   - Compute Cycles: the busy cycles in which the array has no step (waiting for input banks,
//   for accumulator banks, or for the last tile to leave). Overall Util % = MACs / (Total
//   Cycles x rows x cols); Compute Util % = MACs / (Compute Cycles x rows x cols); Mapping
//   Efficiency % = MACs / (feed cycles x rows x cols) (the PEs a step maps, over the cycles
//   its operands enter the array; SCALE-Sim's definition per fold).
// - Byte counts round the total number of bits up to whole bytes.
#pragma once

#include "quasar/arch/schedule.h"
#include "quasar/config/accel.h"
#include "quasar/config/workload.h"

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace quasar::sim {

struct AnalyticalOptions {
  int64_t inputDelay = 1;  // busy cycle of the first input beat offer (harness: 1)
  bool beatCycles = false; // also list the cycle of every input and output beat
  // Bit-serial arrays: terms (cycles) per weight of the layer, arch::bitserialTerms of its
  // bitserial_format (docs/bitserial-array.md, "Cycles"): ws runs `terms` passes of the int
  // step back to back, os feeds each k for `terms` cycles. 1 for every other PE.
  int terms = 1;
};

// The timing of one run (cycles relative to the first busy cycle, 0).
struct LayerTiming {
  int64_t cyclesBusy = 0;    // the CSR's value: last output beat's cycle + 1
  int64_t computeCycles = 0; // cycles the compute unit works on steps
  int64_t feedCycles = 0;    // cycles operand words enter the array
  int64_t steps = 0;         // arch::schedule() steps
  int64_t outputTiles = 0;
  int64_t inputBeats = 0, outputBeats = 0;
  std::vector<int64_t> inputBeatCycles, outputBeatCycles; // only with beatCycles
};

LayerTiming layerTiming(const config::AccelConfig &cfg, const arch::GemmDims &dims,
                        const AnalyticalOptions &options = {});

// One layer's report: SCALE-Sim's columns where they apply, then ours. Every number is for
// one run of the layer; `count` says how many identical runs the workload has.
struct LayerReport {
  std::string name;
  int64_t m = 0, n = 0, k = 0, count = 1;
  int64_t totalCycles = 0, stallCycles = 0, computeCycles = 0, feedCycles = 0;
  double overallUtil = 0, mappingEfficiency = 0, computeUtil = 0; // percent
  int64_t macs = 0, steps = 0, outputTiles = 0;
  int64_t inputBeats = 0, outputBeats = 0;
  int64_t inputBytes = 0, outputBytes = 0; // stream traffic (whole beats)
  int64_t weightBufWriteBytes = 0, weightBufReadBytes = 0;
  int64_t actBufWriteBytes = 0, actBufReadBytes = 0;
  int64_t accBufWriteBytes = 0, accBufReadBytes = 0;
  // Host-side stall counters (CSR stall_in, stall_out); 0 from the analytical model.
  int64_t stallIn = 0, stallOut = 0;
  // pe.type bitserial: the bitserial_format the layer ran at (0 for other PE types).
  uint32_t format = 0;
};

// The static part of a report (everything but the cycle columns), from the schedule.
LayerReport layerTraffic(const config::AccelConfig &cfg, const config::GemmLayer &layer);
// Fills the cycle columns and percentages from a run's busy and compute cycles.
void setCycles(const config::AccelConfig &cfg, LayerReport &report, int64_t totalCycles,
               int64_t computeCycles, int64_t feedCycles);

// Bit-serial configs run the layer at `bitserialFormat` (nullopt: the CSR's reset value,
// arch::bitserialResetFormat: the largest bitplane precision, the first bitmod mode).
LayerReport analyzeLayer(const config::AccelConfig &cfg, const config::GemmLayer &layer,
                         std::optional<uint32_t> bitserialFormat = std::nullopt);
// `formats`: layer i's bitserial_format is entry i mod its size (tb::bitserialFormats);
// empty: every layer at the reset value.
std::vector<LayerReport> analyzeWorkload(const config::AccelConfig &cfg,
                                         const config::Workload &workload,
                                         const std::vector<uint32_t> &formats = {});

// CSV: LayerID, Total Cycles, Stall Cycles, Overall Util %, Mapping Efficiency %,
// Compute Util % (SCALE-Sim's names), then ours (see csvHeader()).
std::string csvHeader();
void writeCsv(std::ostream &out, const std::vector<LayerReport> &layers);
// {"config":..., "engine":..., "layers":[...], "total_cycles":... (count-weighted)}
void writeJson(std::ostream &out, const config::AccelConfig &cfg, const std::string &workload,
               const std::string &engine, const std::vector<LayerReport> &layers);

} // namespace quasar::sim
