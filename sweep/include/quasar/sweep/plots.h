// The sweep's plots, written directly as SVG (no plotting library in C++), and the PNG
// versions drawn by scripts/plot_sweep.py (matplotlib) from results.csv and layers.csv.
//
//   pareto_<workload>.svg  throughput (GMAC/s) vs LUTs of every point that has both; the
//                          Pareto front (no other point has fewer or equal LUTs and more or
//                          equal throughput) drawn as a line and labelled
//   cycles_<workload>.svg  cycles of each GEMM layer (log scale), one line per point
// A plot without data says so in its body (e.g. "no point has both LUTs and cycles").
#pragma once

#include "quasar/sweep/results.h"

#include <string>
#include <vector>

namespace quasar::sweep {

struct XY {
  double x = 0, y = 0;
};
// Indices of the Pareto-optimal points for minimizing x and maximizing y, sorted by x.
std::vector<size_t> paretoFront(const std::vector<XY> &points);

std::string paretoSvg(const std::vector<ResultRow> &rows, const std::string &workload);
std::string cyclesSvg(const std::vector<ResultRow> &rows, const std::string &workload);

// Writes every SVG into `dir`; returns the files written (relative names).
std::vector<std::string> writeSvgPlots(const std::vector<ResultRow> &rows, const std::string &dir);

// Runs scripts/plot_sweep.py on <outDir> (results.csv, layers.csv) to write the PNGs into
// <outDir>/plots. Returns an empty string on success, else why no PNG was written (python3 or
// matplotlib missing: the SVGs are still there).
std::string renderPngPlots(const std::string &outDir);

} // namespace quasar::sweep
