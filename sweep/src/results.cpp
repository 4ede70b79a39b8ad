#include "quasar/sweep/results.h"

#include "quasar/config/load.h"
#include "quasar/fpga/json.h"

#include <iomanip>
#include <set>
#include <sstream>

namespace quasar::sweep {
namespace {

std::string firstLine(const std::string &s) { return s.substr(0, s.find('\n')); }

std::optional<int64_t> intValue(const StageOutput &o, const char *key) {
  auto it = o.values.find(key);
  if (it == o.values.end() || it->second.empty()) return std::nullopt;
  return int64_t(std::stod(it->second)); // written by jsonNumber: integers have no fraction
}

std::optional<double> realValue(const StageOutput &o, const char *key) {
  auto it = o.values.find(key);
  if (it == o.values.end() || it->second.empty()) return std::nullopt;
  return std::stod(it->second);
}

template <class T> std::string opt(const std::optional<T> &v) {
  if (!v) return "";
  if constexpr (std::is_same_v<T, bool>) return *v ? "true" : "false";
  else return fpga::jsonNumber(double(*v));
}

// Fills the row from the records of its stages.
void fillRow(ResultRow &row, const std::vector<config::Stage> &stages, const WorkloadRef *w,
             const StageCache &cache) {
  std::map<config::Stage, StageRecord> ok;
  bool failed = false, missing = false;
  for (config::Stage s : stages) {
    if (isPerWorkload(s) && !w) continue; // no workloads: no cycle stages
    const std::string wkey = isPerWorkload(s) ? w->key : "";
    ResultRow::Stage st;
    st.name = config::toString(s);
    if (auto rec = cache.load(row.hash, s, wkey)) {
      st.status = rec->ok ? "ok" : "failed";
      st.error = rec->error;
      st.seconds = rec->seconds;
      if (rec->ok) ok[s] = *rec;
      else failed = true;
    } else {
      st.status = "missing";
      missing = true;
    }
    row.stages.push_back(st);
  }
  row.status = failed ? "failed" : missing ? "incomplete" : "ok";

  if (auto it = ok.find(config::Stage::Synth); it != ok.end()) {
    const StageOutput &o = it->second.output;
    row.lut = intValue(o, "lut");
    row.ff = intValue(o, "ff");
    row.dsp = intValue(o, "dsp");
    row.carry = intValue(o, "carry");
    row.bram = realValue(o, "bram");
    row.fmaxMhz = realValue(o, "fmax_mhz");
    if (auto f = o.values.find("fits"); f != o.values.end()) row.fits = f->second == "true";
    if (auto n = o.values.find("note"); n != o.values.end()) row.note = n->second;
  }
  if (auto it = ok.find(config::Stage::Quant); it != ok.end()) {
    const StageOutput &o = it->second.output;
    row.sqnrActivationsDb = realValue(o, "sqnr_a_db");
    row.sqnrWeightsDb = realValue(o, "sqnr_w_db");
    row.sqnrOutputsDb = realValue(o, "sqnr_out_db");
    if (auto n = o.values.find("quant_layers"); n != o.values.end()) row.quantLayers = n->second;
  }
  // Cycles: measured on the RTL first, then the cycle-exact model, then the analytical one.
  for (config::Stage s :
       {config::Stage::Cosim, config::Stage::Systemc, config::Stage::Analytical}) {
    auto it = ok.find(s);
    if (it == ok.end() || it->second.output.layers.empty()) continue;
    row.layers = it->second.output.layers;
    row.cyclesSource = config::toString(s);
    int64_t total = 0;
    for (const LayerCycles &l : row.layers) total += l.cycles * l.count;
    row.cycles = total;
    break;
  }
  const config::AccelConfig &cfg = *row.cfg;
  if (row.cycles && *row.cycles > 0) {
    const double macsPerCycle = double(row.macs) / double(*row.cycles);
    row.utilization = macsPerCycle / double(cfg.array.rows * cfg.array.cols);
    row.throughputGmacs = macsPerCycle * cfg.fpga.clock_mhz / 1000.0;
    if (row.lut && *row.lut > 0)
      row.gmacsPerKlut = *row.throughputGmacs / (double(*row.lut) / 1000.0);
    if (row.dsp && *row.dsp > 0) row.gmacsPerDsp = *row.throughputGmacs / double(*row.dsp);
  }
}

} // namespace

std::vector<ResultRow> collectResults(const std::vector<config::SweepPoint> &points,
                                      const std::vector<WorkloadRef> &workloads,
                                      const std::vector<config::Stage> &requested,
                                      const StageCache &cache) {
  const std::vector<config::Stage> stages = plannedStages(requested);
  std::vector<ResultRow> rows;
  for (size_t i = 0; i < points.size(); ++i) {
    ResultRow base;
    base.point = i;
    base.label = config::describeOverrides(points[i]);
    base.plotLabel = plotLabel(points[i].overrides);
    base.hash = config::configHash(points[i].config);
    base.overrides = points[i].overrides;
    base.cfg = &points[i].config;
    if (workloads.empty()) {
      rows.push_back(base);
      fillRow(rows.back(), stages, nullptr, cache);
      continue;
    }
    for (const WorkloadRef &w : workloads) {
      rows.push_back(base);
      rows.back().workload = w.workload.name;
      rows.back().macs = w.macs;
      fillRow(rows.back(), stages, &w, cache);
    }
  }
  return rows;
}

std::string errorSummary(const ResultRow &row) {
  std::string s;
  for (const ResultRow::Stage &st : row.stages)
    if (st.status == "failed")
      s += (s.empty() ? "" : "; ") + st.name + ": " + firstLine(st.error);
  return s;
}

std::string stageSummary(const ResultRow &row) {
  std::string s;
  for (const ResultRow::Stage &st : row.stages)
    s += (s.empty() ? "" : " ") + st.name + ":" + st.status;
  return s;
}

std::string plotLabel(const std::vector<std::pair<std::string, std::string>> &overrides) {
  auto shortKey = [](const std::string &k) { return k.substr(k.rfind('.') + 1); };
  std::map<std::string, int> uses;
  for (const auto &kv : overrides) ++uses[shortKey(kv.first)];
  std::string s;
  for (const auto &kv : overrides) {
    const std::string k = uses[shortKey(kv.first)] > 1 ? kv.first : shortKey(kv.first);
    s += (s.empty() ? "" : " ") + k + "=" + kv.second;
  }
  return s.empty() ? "base" : s;
}

std::string csvField(const std::string &text) {
  if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
  std::string s = "\"";
  for (char c : text) s += c == '"' ? std::string("\"\"") : std::string(1, c);
  return s + "\"";
}

namespace {

std::vector<std::string> overrideKeys(const std::vector<ResultRow> &rows) {
  std::vector<std::string> keys;
  std::set<std::string> seen;
  for (const ResultRow &r : rows)
    for (const auto &kv : r.overrides)
      if (seen.insert(kv.first).second) keys.push_back(kv.first);
  return keys;
}

std::string overrideValue(const ResultRow &r, const std::string &key) {
  for (const auto &kv : r.overrides)
    if (kv.first == key) return kv.second;
  return "";
}

} // namespace

std::string resultsCsv(const std::vector<ResultRow> &rows) {
  const std::vector<std::string> keys = overrideKeys(rows);
  std::ostringstream s;
  s << "point,label,plot_label,hash,name,rows,cols,dataflow,pe_type,a_bits,w_bits,acc_bits,"
       "clock_mhz,target,part";
  for (const std::string &k : keys) s << "," << csvField(k);
  s << ",workload,status,error,stages,macs,cycles,cycles_source,utilization,lut,ff,dsp,bram,"
       "carry,fmax_mhz,fits,throughput_gmacs,gmacs_per_klut,gmacs_per_dsp,sqnr_a_db,sqnr_w_db,"
       "sqnr_out_db,quant_layers,note\n";
  for (const ResultRow &r : rows) {
    const config::AccelConfig &c = *r.cfg;
    const std::string part = c.fpga.part.empty() ? config::defaultPart(c.fpga.target) : c.fpga.part;
    s << r.point << "," << csvField(r.label) << "," << csvField(r.plotLabel) << ","
      << r.hash.substr(0, 12) << "," << csvField(c.name) << "," << c.array.rows << ","
      << c.array.cols << ","
      << config::toString(c.array.dataflow) << "," << config::toString(c.pe.type) << ","
      << c.pe.a_bits << "," << c.pe.w_bits << "," << c.pe.acc_bits << ","
      << fpga::jsonNumber(c.fpga.clock_mhz) << "," << config::toString(c.fpga.target) << ","
      << csvField(part);
    for (const std::string &k : keys) s << "," << csvField(overrideValue(r, k));
    s << "," << csvField(r.workload) << "," << r.status << "," << csvField(errorSummary(r)) << ","
      << csvField(stageSummary(r)) << "," << (r.workload.empty() ? "" : std::to_string(r.macs))
      << "," << opt(r.cycles) << "," << r.cyclesSource << "," << opt(r.utilization) << ","
      << opt(r.lut) << "," << opt(r.ff) << "," << opt(r.dsp) << "," << opt(r.bram) << ","
      << opt(r.carry) << "," << opt(r.fmaxMhz) << "," << opt(r.fits) << ","
      << opt(r.throughputGmacs) << "," << opt(r.gmacsPerKlut) << "," << opt(r.gmacsPerDsp) << ","
      << opt(r.sqnrActivationsDb) << "," << opt(r.sqnrWeightsDb) << "," << opt(r.sqnrOutputsDb)
      << "," << csvField(r.quantLayers) << "," << csvField(r.note) << "\n";
  }
  return s.str();
}

std::string resultsJson(const config::Sweep &sweep, const std::vector<config::Stage> &stages,
                        const std::vector<ResultRow> &rows) {
  fpga::JsonWriter w;
  w.beginObject();
  w.key("sweep").value(sweep.name);
  w.key("source").value(sweep.source_file);
  w.key("stages").beginArray();
  for (config::Stage s : plannedStages(stages)) w.value(config::toString(s));
  w.endArray();
  w.key("rows").beginArray();
  for (const ResultRow &r : rows) {
    const config::AccelConfig &c = *r.cfg;
    w.beginObject();
    w.key("point").value(int64_t(r.point));
    w.key("label").value(r.label);
    w.key("plot_label").value(r.plotLabel);
    w.key("config_hash").value(r.hash);
    w.key("overrides").beginObject();
    for (const auto &kv : r.overrides) w.key(kv.first).value(kv.second);
    w.endObject();
    w.key("config").beginObject();
    w.key("name").value(c.name);
    w.key("rows").value(c.array.rows).key("cols").value(c.array.cols);
    w.key("dataflow").value(config::toString(c.array.dataflow));
    w.key("pe_type").value(config::toString(c.pe.type));
    w.key("a_bits").value(c.pe.a_bits).key("w_bits").value(c.pe.w_bits);
    w.key("acc_bits").value(c.pe.acc_bits);
    w.key("clock_mhz").value(c.fpga.clock_mhz);
    w.key("target").value(config::toString(c.fpga.target));
    w.endObject();
    w.key("workload").value(r.workload);
    w.key("status").value(r.status);
    w.key("stages").beginObject();
    for (const ResultRow::Stage &st : r.stages) {
      w.key(st.name).beginObject();
      w.key("status").value(st.status);
      if (!st.error.empty()) w.key("error").value(st.error);
      w.key("seconds").value(st.seconds);
      w.endObject();
    }
    w.endObject();
    if (!r.workload.empty()) w.key("macs").value(r.macs);
    w.key("cycles").value(r.cycles);
    w.key("cycles_source").value(r.cyclesSource);
    w.key("utilization").value(r.utilization);
    w.key("lut").value(r.lut).key("ff").value(r.ff).key("dsp").value(r.dsp);
    w.key("bram").value(r.bram).key("carry").value(r.carry);
    w.key("fmax_mhz").value(r.fmaxMhz);
    w.key("fits").value(r.fits);
    w.key("throughput_gmacs").value(r.throughputGmacs);
    w.key("gmacs_per_klut").value(r.gmacsPerKlut);
    w.key("gmacs_per_dsp").value(r.gmacsPerDsp);
    w.key("sqnr_a_db").value(r.sqnrActivationsDb);
    w.key("sqnr_w_db").value(r.sqnrWeightsDb);
    w.key("sqnr_out_db").value(r.sqnrOutputsDb);
    w.key("quant_layers").value(r.quantLayers);
    w.key("note").value(r.note);
    w.key("layers").beginArray();
    for (const LayerCycles &l : r.layers) {
      w.beginObject();
      w.key("name").value(l.name).key("m").value(l.m).key("n").value(l.n).key("k").value(l.k);
      w.key("count").value(l.count).key("cycles").value(l.cycles);
      w.endObject();
    }
    w.endArray();
    w.endObject();
  }
  w.endArray();
  w.endObject();
  return w.str();
}

std::string layersCsv(const std::vector<ResultRow> &rows) {
  std::ostringstream s;
  s << "point,label,plot_label,hash,workload,layer,m,n,k,count,cycles,source\n";
  for (const ResultRow &r : rows)
    for (const LayerCycles &l : r.layers)
      s << r.point << "," << csvField(r.label) << "," << csvField(r.plotLabel) << ","
        << r.hash.substr(0, 12) << ","
        << csvField(r.workload) << "," << csvField(l.name) << "," << l.m << "," << l.n << ","
        << l.k << "," << l.count << "," << l.cycles << "," << r.cyclesSource << "\n";
  return s.str();
}

std::string resultsTable(const std::vector<ResultRow> &rows) {
  std::ostringstream s;
  auto cell = [&](const std::string &text, int width) {
    std::string t = text.size() > size_t(width) ? text.substr(0, size_t(width - 1)) + "~" : text;
    s << std::left << std::setw(width + 1) << t;
  };
  cell("#", 4), cell("point", 34), cell("workload", 12), cell("status", 10), cell("LUT", 8),
      cell("DSP", 6), cell("Fmax", 7), cell("cycles", 12), cell("GMAC/s", 8), cell("SQNR dB", 8);
  s << "\n";
  for (const ResultRow &r : rows) {
    cell(std::to_string(r.point), 4);
    cell(r.plotLabel, 34);
    cell(r.workload.empty() ? "-" : r.workload, 12);
    cell(r.status == "ok" && r.fits == false ? "no fit" : r.status, 10);
    cell(r.lut ? std::to_string(*r.lut) : "-", 8);
    cell(r.dsp ? std::to_string(*r.dsp) : "-", 6);
    cell(r.fmaxMhz ? fpga::jsonNumber(double(int64_t(*r.fmaxMhz * 10 + 0.5)) / 10) : "-", 7);
    cell(r.cycles ? std::to_string(*r.cycles) : "-", 12);
    cell(r.throughputGmacs ? fpga::jsonNumber(double(int64_t(*r.throughputGmacs * 100 + 0.5)) / 100)
                           : "-",
         8);
    cell(r.sqnrOutputsDb ? fpga::jsonNumber(double(int64_t(*r.sqnrOutputsDb * 10 + 0.5)) / 10) : "-",
         8);
    s << "\n";
  }
  return s.str();
}

} // namespace quasar::sweep
