// Collecting a sweep's results from its cache into one table: one row per point x workload
// (one row per point when the sweep has no workloads), written as CSV and JSON, plus the
// per-layer cycles (layers.csv). The same step serves a local run and a Slurm run (--collect).
//
// Derived columns (empty when an input is missing):
//   cycles        sum over the workload's GEMMs of cycles x count, from the first cycle stage
//                 that ran, in the order cosim (measured on the RTL), systemc, analytical
//   utilization   macs / (cycles x rows x cols)
//   throughput    macs / cycles x fpga.clock_mhz, in GMAC/s (the configured clock, not Fmax)
//   gmacs_per_klut, gmacs_per_dsp   throughput / (LUT / 1000), throughput / DSP
//   sqnr_a_db, sqnr_w_db, sqnr_out_db   from stage quant (sweep/quant_error.h): SQNR of the
//                 activations, weights and GEMM outputs in the PE's formats; empty when the
//                 workload has no real-valued tensors
#pragma once

#include "quasar/config/sweep.h"
#include "quasar/sweep/cache.h"
#include "quasar/sweep/stages.h"

#include <optional>
#include <string>
#include <vector>

namespace quasar::sweep {

struct ResultRow {
  size_t point = 0;
  std::string label;    // describeOverrides()
  std::string plotLabel; // plotLabel(): short, for plots and the terminal table
  std::string hash;     // full config hash
  std::vector<std::pair<std::string, std::string>> overrides;
  const config::AccelConfig *cfg = nullptr;
  std::string workload; // workload name, or empty
  std::string status;   // "ok", "failed", "incomplete" (a stage has no record yet)
  struct Stage {
    std::string name;   // "synth", "cosim"
    std::string status; // "ok", "failed", "missing"
    std::string error;  // full message when failed
    double seconds = 0;
  };
  std::vector<Stage> stages; // the point's stages and this workload's cycle stages
  int64_t macs = 0;
  std::optional<int64_t> cycles;
  std::string cyclesSource; // cosim, systemc, analytical
  std::optional<double> utilization;
  std::optional<int64_t> lut, ff, dsp, carry;
  std::optional<double> bram, fmaxMhz;
  std::optional<bool> fits;
  std::string note;     // e.g. why the design does not fit its part
  std::optional<double> throughputGmacs, gmacsPerKlut, gmacsPerDsp;
  std::optional<double> sqnrActivationsDb, sqnrWeightsDb, sqnrOutputsDb;
  std::string quantLayers; // "3 of 4": GEMMs with real tensors, of all
  std::vector<LayerCycles> layers; // from the cycle stage used
};

std::vector<ResultRow> collectResults(const std::vector<config::SweepPoint> &points,
                                      const std::vector<WorkloadRef> &workloads,
                                      const std::vector<config::Stage> &stages,
                                      const StageCache &cache);

// RFC 4180 CSV; the override keys of the first row become columns after the fixed config ones.
std::string resultsCsv(const std::vector<ResultRow> &rows);
std::string resultsJson(const config::Sweep &sweep, const std::vector<config::Stage> &stages,
                        const std::vector<ResultRow> &rows);
// point,label,plot_label,hash,workload,layer,m,n,k,count,cycles,source
std::string layersCsv(const std::vector<ResultRow> &rows);
// A terminal table: point, label, workload, status, LUT, DSP, Fmax, cycles, GMAC/s and the
// output SQNR (stage quant).
std::string resultsTable(const std::vector<ResultRow> &rows);

// "synth: yosys failed ...; cosim: ..." (first line of each failed stage's error).
std::string errorSummary(const ResultRow &row);
// "gen:ok lint:ok synth:failed"
std::string stageSummary(const ResultRow &row);

// "rows=2 cols=2 dataflow=os": the overrides with each key cut to its last component (the full
// key where two would collide); "base" for a point without overrides.
std::string plotLabel(const std::vector<std::pair<std::string, std::string>> &overrides);

// A field quoted for CSV when it needs it.
std::string csvField(const std::string &text);

} // namespace quasar::sweep
