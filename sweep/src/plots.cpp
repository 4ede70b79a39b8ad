// SVG plots written by hand: a linear scatter with its Pareto front, and a log-scale line plot
// of cycles per layer. Deterministic text (fixed number formats, rows in sweep order).
#include "quasar/sweep/plots.h"

#include "quasar/fpga/json.h"
#include "quasar/testbenches/process.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <set>
#include <sstream>

namespace fs = std::filesystem;

namespace quasar::sweep {
namespace {

const char *kPalette[] = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd",
                          "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};

std::string esc(const std::string &s) {
  std::string o;
  for (char c : s) {
    if (c == '&') o += "&amp;";
    else if (c == '<') o += "&lt;";
    else if (c == '>') o += "&gt;";
    else if (c == '"') o += "&quot;";
    else o += c;
  }
  return o;
}

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

// A tick label: integers plainly, else up to 3 significant digits.
std::string tickLabel(double v) {
  char buf[32];
  if (std::fabs(v - std::round(v)) < 1e-9 * std::max(1.0, std::fabs(v)))
    std::snprintf(buf, sizeof buf, "%.0f", v);
  else
    std::snprintf(buf, sizeof buf, "%.3g", v);
  return buf;
}

// A "nice" tick step (1, 2 or 5 times a power of ten) giving about `count` ticks up to `max`.
double niceStep(double max, int count) {
  const double raw = max / count;
  const double p = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (raw <= m * p) return m * p;
  return 10 * p;
}

std::string truncate(const std::string &s, size_t n) {
  return s.size() <= n ? s : s.substr(0, n - 1) + "~";
}

struct Frame {
  double width, height, left, right, top, bottom;
  double plotW() const { return width - left - right; }
  double plotH() const { return height - top - bottom; }
};

std::string svgOpen(const Frame &f, const std::string &title) {
  std::ostringstream s;
  s << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << f.width << "\" height=\""
    << f.height << "\" viewBox=\"0 0 " << f.width << " " << f.height
    << "\" font-family=\"sans-serif\">\n";
  s << "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
  s << "<text x=\"" << num(f.width / 2) << "\" y=\"24\" text-anchor=\"middle\" font-size=\"15\">"
    << esc(title) << "</text>\n";
  return s.str();
}

std::string noData(const Frame &f, const std::string &why) {
  std::ostringstream s;
  s << "<text x=\"" << num(f.width / 2) << "\" y=\"" << num(f.height / 2)
    << "\" text-anchor=\"middle\" font-size=\"13\" fill=\"#555\">" << esc(why) << "</text>\n";
  return s.str();
}

std::string axisLabels(const Frame &f, const std::string &xLabel, const std::string &yLabel) {
  std::ostringstream s;
  s << "<text x=\"" << num(f.left + f.plotW() / 2) << "\" y=\"" << num(f.height - 12)
    << "\" text-anchor=\"middle\" font-size=\"12\">" << esc(xLabel) << "</text>\n";
  const double cy = f.top + f.plotH() / 2;
  s << "<text x=\"16\" y=\"" << num(cy) << "\" text-anchor=\"middle\" font-size=\"12\" "
    << "transform=\"rotate(-90 16 " << num(cy) << ")\">" << esc(yLabel) << "</text>\n";
  s << "<rect x=\"" << num(f.left) << "\" y=\"" << num(f.top) << "\" width=\"" << num(f.plotW())
    << "\" height=\"" << num(f.plotH()) << "\" fill=\"none\" stroke=\"#333\"/>\n";
  return s.str();
}

std::vector<const ResultRow *> rowsOf(const std::vector<ResultRow> &rows, const std::string &w) {
  std::vector<const ResultRow *> out;
  for (const ResultRow &r : rows)
    if (r.workload == w) out.push_back(&r);
  return out;
}

std::string fileSafe(const std::string &s) {
  std::string o;
  for (char c : s)
    o += (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-') ? c : '_';
  return o.empty() ? "none" : o;
}

} // namespace

std::vector<size_t> paretoFront(const std::vector<XY> &p) {
  std::vector<size_t> idx(p.size());
  for (size_t i = 0; i < p.size(); ++i) idx[i] = i;
  // By x ascending, then y descending, then index: the first of equal points represents them.
  std::stable_sort(idx.begin(), idx.end(), [&](size_t a, size_t b) {
    if (p[a].x != p[b].x) return p[a].x < p[b].x;
    return p[a].y > p[b].y;
  });
  std::vector<size_t> front;
  for (size_t i : idx)
    if (front.empty() || p[i].y > p[front.back()].y) front.push_back(i);
  return front;
}

std::string paretoSvg(const std::vector<ResultRow> &all, const std::string &workload) {
  const Frame f{760, 500, 80, 30, 44, 56};
  std::vector<const ResultRow *> rows;
  std::vector<XY> pts;
  for (const ResultRow *r : rowsOf(all, workload))
    if (r->lut && r->throughputGmacs) {
      rows.push_back(r);
      pts.push_back({double(*r->lut), *r->throughputGmacs});
    }
  std::ostringstream s;
  s << svgOpen(f, "Throughput vs LUTs" + (workload.empty() ? "" : " on " + workload) +
                      " (Pareto front)");
  s << axisLabels(f, "LUTs", "throughput (GMAC/s at fpga.clock_mhz)");
  if (pts.empty()) {
    s << noData(f, "no point has both LUTs (stage synth) and cycles (stage analytical, "
                   "systemc or cosim)");
    s << "</svg>\n";
    return s.str();
  }
  double xMax = 0, yMax = 0;
  for (const XY &p : pts) xMax = std::max(xMax, p.x), yMax = std::max(yMax, p.y);
  const double xStep = niceStep(xMax * 1.05, 6), yStep = niceStep(yMax * 1.1, 5);
  const double xTop = std::ceil(xMax * 1.05 / xStep) * xStep;
  const double yTop = std::ceil(yMax * 1.1 / yStep) * yStep;
  auto X = [&](double x) { return f.left + x / xTop * f.plotW(); };
  auto Y = [&](double y) { return f.top + f.plotH() - y / yTop * f.plotH(); };
  for (double t = 0; t <= xTop + xStep / 2; t += xStep)
    s << "<line x1=\"" << num(X(t)) << "\" y1=\"" << num(f.top) << "\" x2=\"" << num(X(t))
      << "\" y2=\"" << num(f.top + f.plotH()) << "\" stroke=\"#eee\"/>\n"
      << "<text x=\"" << num(X(t)) << "\" y=\"" << num(f.top + f.plotH() + 16)
      << "\" text-anchor=\"middle\" font-size=\"11\">" << tickLabel(t) << "</text>\n";
  for (double t = 0; t <= yTop + yStep / 2; t += yStep)
    s << "<line x1=\"" << num(f.left) << "\" y1=\"" << num(Y(t)) << "\" x2=\""
      << num(f.left + f.plotW()) << "\" y2=\"" << num(Y(t)) << "\" stroke=\"#eee\"/>\n"
      << "<text x=\"" << num(f.left - 6) << "\" y=\"" << num(Y(t) + 4)
      << "\" text-anchor=\"end\" font-size=\"11\">" << tickLabel(t) << "</text>\n";

  const std::vector<size_t> front = paretoFront(pts);
  const std::set<size_t> onFront(front.begin(), front.end());
  s << "<polyline fill=\"none\" stroke=\"#d62728\" stroke-width=\"1.5\" points=\"";
  for (size_t i : front) s << num(X(pts[i].x)) << "," << num(Y(pts[i].y)) << " ";
  s << "\"/>\n";
  for (size_t i = 0; i < pts.size(); ++i) {
    const bool fr = onFront.count(i) != 0;
    s << "<circle cx=\"" << num(X(pts[i].x)) << "\" cy=\"" << num(Y(pts[i].y)) << "\" r=\""
      << (fr ? 5 : 4) << "\" fill=\"" << (fr ? "#d62728" : "#1f77b4") << "\" fill-opacity=\""
      << (fr ? "1" : "0.6") << "\"><title>" << rows[i]->point << ": " << esc(rows[i]->label)
      << " - " << tickLabel(pts[i].x) << " LUTs, " << tickLabel(pts[i].y)
      << " GMAC/s</title></circle>\n";
    if (fr) {
      // Labels of points on the right half go to their left, so that they stay in the picture.
      const bool left = X(pts[i].x) > f.left + 0.5 * f.plotW();
      s << "<text x=\"" << num(X(pts[i].x) + (left ? -7 : 7)) << "\" y=\""
        << num(Y(pts[i].y) - 7) << "\"" << (left ? " text-anchor=\"end\"" : "")
        << " font-size=\"10\">" << esc(truncate(rows[i]->plotLabel, 40)) << "</text>\n";
    }
  }
  s << "</svg>\n";
  return s.str();
}

std::string cyclesSvg(const std::vector<ResultRow> &all, const std::string &workload) {
  std::vector<const ResultRow *> rows;
  for (const ResultRow *r : rowsOf(all, workload))
    if (!r->layers.empty()) rows.push_back(r);
  const Frame f{980, 520, 80, 260, 44, 110};
  std::ostringstream s;
  s << svgOpen(f, "Cycles per layer" + (workload.empty() ? "" : " on " + workload));
  s << axisLabels(f, "", "cycles per layer instance (log scale)");
  if (rows.empty()) {
    s << noData(f, "no point has cycles (stage analytical, systemc or cosim)");
    s << "</svg>\n";
    return s.str();
  }
  std::vector<std::string> layers;
  for (const LayerCycles &l : rows.front()->layers) layers.push_back(l.name);
  double lo = 1e300, hi = 1;
  for (const ResultRow *r : rows)
    for (const LayerCycles &l : r->layers)
      if (l.cycles > 0) lo = std::min(lo, double(l.cycles)), hi = std::max(hi, double(l.cycles));
  if (lo > hi) lo = 1;
  const int e0 = int(std::floor(std::log10(lo)));
  const int e1 = std::max(e0 + 1, int(std::ceil(std::log10(hi))));
  const size_t n = layers.size();
  auto X = [&](size_t i) { return f.left + (double(i) + 0.5) / double(n) * f.plotW(); };
  auto Y = [&](double c) {
    return f.top + f.plotH() - (std::log10(c) - e0) / double(e1 - e0) * f.plotH();
  };
  for (int e = e0; e <= e1; ++e)
    s << "<line x1=\"" << num(f.left) << "\" y1=\"" << num(Y(std::pow(10.0, e))) << "\" x2=\""
      << num(f.left + f.plotW()) << "\" y2=\"" << num(Y(std::pow(10.0, e)))
      << "\" stroke=\"#eee\"/>\n<text x=\"" << num(f.left - 6) << "\" y=\""
      << num(Y(std::pow(10.0, e)) + 4) << "\" text-anchor=\"end\" font-size=\"11\">1e" << e
      << "</text>\n";
  for (size_t i = 0; i < n; ++i) {
    const double x = X(i), y = f.top + f.plotH() + 12;
    s << "<text x=\"" << num(x) << "\" y=\"" << num(y) << "\" text-anchor=\"end\" font-size=\"10\" "
      << "transform=\"rotate(-35 " << num(x) << " " << num(y) << ")\">"
      << esc(truncate(layers[i], 24)) << "</text>\n";
  }
  for (size_t k = 0; k < rows.size(); ++k) {
    const char *color = kPalette[k % 10];
    s << "<polyline fill=\"none\" stroke=\"" << color << "\" stroke-width=\"1.5\" points=\"";
    for (size_t i = 0; i < rows[k]->layers.size() && i < n; ++i)
      if (rows[k]->layers[i].cycles > 0)
        s << num(X(i)) << "," << num(Y(double(rows[k]->layers[i].cycles))) << " ";
    s << "\"/>\n";
    for (size_t i = 0; i < rows[k]->layers.size() && i < n; ++i)
      if (rows[k]->layers[i].cycles > 0)
        s << "<circle cx=\"" << num(X(i)) << "\" cy=\"" << num(Y(double(rows[k]->layers[i].cycles)))
          << "\" r=\"3\" fill=\"" << color << "\"><title>" << esc(rows[k]->label) << " - "
          << esc(layers[i]) << ": " << rows[k]->layers[i].cycles << " cycles</title></circle>\n";
    const double ly = f.top + 12 + 16 * double(k);
    if (ly < f.height - 10) {
      s << "<line x1=\"" << num(f.width - f.right + 16) << "\" y1=\"" << num(ly - 4) << "\" x2=\""
        << num(f.width - f.right + 36) << "\" y2=\"" << num(ly - 4) << "\" stroke=\"" << color
        << "\" stroke-width=\"2\"/>\n<text x=\"" << num(f.width - f.right + 42) << "\" y=\""
        << num(ly) << "\" font-size=\"11\">" << esc(truncate(rows[k]->plotLabel, 34))
        << "</text>\n";
    }
  }
  s << "</svg>\n";
  return s.str();
}

std::vector<std::string> writeSvgPlots(const std::vector<ResultRow> &rows, const std::string &dir) {
  std::vector<std::string> workloads;
  for (const ResultRow &r : rows)
    if (std::find(workloads.begin(), workloads.end(), r.workload) == workloads.end())
      workloads.push_back(r.workload);
  std::vector<std::string> written;
  for (const std::string &w : workloads) {
    const std::string tag = fileSafe(w);
    const fs::path d(dir);
    fpga::writeFileAtomic((d / ("pareto_" + tag + ".svg")).string(), paretoSvg(rows, w));
    fpga::writeFileAtomic((d / ("cycles_" + tag + ".svg")).string(), cyclesSvg(rows, w));
    written.push_back("pareto_" + tag + ".svg");
    written.push_back("cycles_" + tag + ".svg");
  }
  return written;
}

std::string renderPngPlots(const std::string &outDir) {
  const std::string script = std::string(QUASAR_SOURCE_DIR) + "/scripts/plot_sweep.py";
  const fs::path plots = fs::path(outDir) / "plots";
  fs::create_directories(plots);
  const std::string log = (plots / "png.log").string();
  fs::remove(log);
  // Debian's interpreter first: python3-matplotlib is installed for it (scripts/setup.sh).
  const std::string python = fs::exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
  int rc = 0;
  try {
    rc = tb::runProcess({python, script, outDir}, log);
  } catch (const std::exception &e) {
    return std::string("no PNG plots: ") + e.what();
  }
  if (rc == 0) return "";
  if (rc == 3)
    return "no PNG plots: python3-matplotlib is not installed (scripts/setup.sh installs it)";
  return "no PNG plots: " + script + " failed (exit " + std::to_string(rc) + "), log " + log;
}

} // namespace quasar::sweep
