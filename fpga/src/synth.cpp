// Runs Yosys (and nextpnr-ice40) in a run directory, parses what they wrote, caches by key.
#include "quasar/fpga/synth.h"

#include "quasar/config/error.h"
#include "quasar/config/sha256.h"
#include "quasar/fpga/json.h"
#include "quasar/testbenches/process.h"
#include "quasar/testbenches/verilator_build.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iomanip>
#include <limits>
#include <ostream>
#include <sstream>

namespace fs = std::filesystem;

namespace quasar::fpga {
namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

std::string fmtSeconds(double s) {
  std::ostringstream o;
  o << std::fixed << std::setprecision(1) << s << " s";
  return o.str();
}

// The cache key: RTL contents, the script as it would be written for relative file names, and
// the nextpnr arguments (part, clock).
std::string computeKey(const SynthRequest &req, const std::vector<std::string> &files) {
  std::string material = "quasar-synth-1\n";
  std::vector<std::string> relative;
  for (const std::string &f : files) {
    if (!f.empty() && f[0] == '+') {
      material += f + "\n";
      relative.push_back(f);
      continue;
    }
    const std::string name = fs::path(f).filename().string();
    material += name + "\n" + readTextFile(f) + "\n";
    relative.push_back(name);
  }
  material += yosysScript(relative, req.topModule, req.flow);
  if (req.flow.target == config::FpgaTarget::Ice40)
    for (const std::string &a : nextpnrArgs(req.flow)) material += a + "\n";
  return config::sha256Hex(material);
}

std::string toolFailure(const std::string &tool, int rc, const std::string &log) {
  return tool + " failed (exit " + std::to_string(rc) + "); log " + log + ", last lines:\n" +
         tb::tailOfFile(log, 15);
}

std::string belList(const std::vector<BelUsage> &over) {
  std::string s;
  for (const BelUsage &u : over)
    s += (s.empty() ? "" : ", ") + u.bel + " " + std::to_string(u.used) + "/" +
         std::to_string(u.available);
  return s;
}

void placeAndRoute(const SynthRequest &req, const std::string &dir, SynthResult &r) {
  const std::string pnrOut = (fs::path(dir) / "nextpnr.out").string();
  const std::string pnrLog = (fs::path(dir) / "nextpnr.log").string();
  const std::string reportPath = (fs::path(dir) / "report.json").string();
  const auto t0 = Clock::now();
  if (req.progress)
    *req.progress << "  nextpnr-ice40 " << req.flow.part << " at " << jsonNumber(req.flow.clockMhz)
                  << " MHz ..." << std::flush;
  const int rc = tb::runProcess(nextpnrArgs(req.flow), pnrOut, dir);
  if (req.progress) *req.progress << " " << fmtSeconds(secondsSince(t0)) << "\n";

  if (rc == 0 && fs::exists(reportPath)) {
    const NextpnrReport rep = parseNextpnrReport(readTextFile(reportPath), reportPath);
    r.placed = true;
    r.utilization = rep.utilization;
    for (const ClockFmax &c : rep.clocks)
      if (!r.fmaxMhz || c.achievedMhz < *r.fmaxMhz) r.fmaxMhz = c.achievedMhz;
    return;
  }
  // No report: find out from the log whether the design simply does not fit.
  const NextpnrLog log = parseNextpnrLog(fs::exists(pnrLog) ? readTextFile(pnrLog) : "");
  r.utilization = log.utilization;
  const std::vector<BelUsage> over = overused(log.utilization);
  bool placement = false;
  for (const std::string &e : log.errors)
    if (e.find("Unable to find a placement location") != std::string::npos ||
        e.find("no BELs remaining") != std::string::npos || e.find("Failed to") == 0)
      placement = true;
  if (!over.empty() || placement) {
    r.fits = false;
    r.message = "does not fit " + req.flow.part;
    if (!over.empty()) {
      r.message += ": needs " + belList(over);
    } else if (log.errors.front().find("$sb_io") != std::string::npos) {
      // The device has the I/O cells but the package does not bond that many pins.
      int64_t ios = 0;
      for (const BelUsage &u : log.utilization)
        if (u.bel == "SB_IO") ios = u.used;
      r.message += ": the package has too few pins for " + std::to_string(ios) +
                   " I/O cells (narrow interfaces.axis_in_bits / axis_out_bits, or choose a "
                   "larger package); nextpnr: " + log.errors.front();
    } else {
      r.message += ": " + log.errors.front();
    }
    return;
  }
  throw CheckError(toolFailure("nextpnr-ice40", rc, fs::exists(pnrLog) ? pnrLog : pnrOut));
}

} // namespace

std::string cacheName(const SynthRequest &req) {
  std::string name = req.configHash.substr(0, 12);
  if (name.empty()) name = "nohash";
  name += "-" + config::toString(req.flow.target);
  const std::string &top = req.topModule;
  if (top.size() < 4 || top.compare(top.size() - 4, 4, "_top") != 0) name += "-" + top;
  if (req.flow.noDsp) name += "-nodsp";
  return name;
}

SynthResult runSynth(const SynthRequest &req, const std::string &dir) {
  const std::vector<std::string> files = tb::readFileList(req.rtlDir);
  fs::create_directories(dir);
  for (const char *old : {"stat.json", "memories.json", "netlist.json", "report.json",
                          "yosys.log", "nextpnr.log", "nextpnr.out", "synth.json"})
    fs::remove(fs::path(dir) / old);

  SynthResult r;
  r.target = req.flow.target;
  r.part = req.flow.part;
  r.clockMhz = req.flow.clockMhz;
  r.topModule = req.topModule;
  r.configHash = req.configHash;
  r.key = computeKey(req, files);
  r.dir = dir;

  const auto t0 = Clock::now();
  const std::string script = yosysScript(files, req.topModule, req.flow);
  writeFileAtomic((fs::path(dir) / "synth.ys").string(), script);
  const std::string yosysLog = (fs::path(dir) / "yosys.log").string();
  if (req.progress)
    *req.progress << "  yosys " << config::toString(req.flow.target) << " " << req.topModule
                  << " ..." << std::flush;
  const int rc = tb::runProcess({"yosys", "-s", "synth.ys"}, yosysLog, dir);
  if (req.progress) *req.progress << " " << fmtSeconds(secondsSince(t0)) << "\n";
  if (rc != 0) throw CheckError(toolFailure("yosys", rc, yosysLog));

  const std::string statPath = (fs::path(dir) / "stat.json").string();
  r.cells = parseYosysStat(readTextFile(statPath), statPath);
  if (req.flow.target == config::FpgaTarget::Generic) {
    const std::string memPath = (fs::path(dir) / "memories.json").string();
    r.cells.memoryBits = parseYosysStat(readTextFile(memPath), memPath).memoryBits;
  }
  r.resources = summarize(req.flow.target, r.cells);

  if (req.flow.target == config::FpgaTarget::Ice40) placeAndRoute(req, dir, r);
  r.seconds = secondsSince(t0);
  writeFileAtomic((fs::path(dir) / "synth.json").string(), toJson(r));
  return r;
}

SynthResult synthesizeCached(const SynthRequest &req, const std::string &cacheRoot) {
  const fs::path dir = fs::path(cacheRoot) / cacheName(req);
  fs::create_directories(dir);
  const tb::FileLock lock((dir / ".lock").string());
  const std::string key = computeKey(req, tb::readFileList(req.rtlDir));
  const fs::path json = dir / "synth.json";
  if (!req.force && fs::exists(json)) {
    try {
      SynthResult old = synthResultFromJson(readTextFile(json.string()), json.string());
      if (old.key == key) {
        old.cached = true;
        old.dir = dir.string();
        if (req.progress)
          *req.progress << "  synthesis cached in " << dir.string() << "\n";
        return old;
      }
    } catch (const InputError &) {
      // A damaged result: run again.
    }
  }
  return runSynth(req, dir.string());
}

std::string toJson(const SynthResult &r) {
  JsonWriter w;
  w.beginObject();
  w.key("format").value("quasar-synth-1");
  w.key("target").value(config::toString(r.target));
  w.key("part").value(r.part);
  w.key("clock_mhz").value(r.clockMhz);
  w.key("top").value(r.topModule);
  w.key("config_hash").value(r.configHash);
  w.key("key").value(r.key);
  const Resources &x = r.resources;
  w.key("resources").beginObject();
  w.key("lut").value(x.lut);
  w.key("lut_logic").value(x.lutLogic);
  w.key("lut_memory").value(x.lutMemory);
  w.key("ff").value(x.ff);
  w.key("dsp").value(x.dsp);
  w.key("bram").value(x.bram);
  w.key("carry").value(x.carry);
  w.key("cells").value(x.cells);
  w.key("memory_bits").value(x.memoryBits);
  w.endObject();
  w.key("cells_by_type").beginObject();
  for (const auto &[type, n] : r.cells.byType) w.key(type).value(n);
  w.endObject();
  w.key("placed").value(r.placed);
  w.key("utilization").beginObject();
  for (const BelUsage &u : r.utilization) {
    w.key(u.bel).beginObject();
    w.key("used").value(u.used).key("available").value(u.available);
    w.endObject();
  }
  w.endObject();
  w.key("fmax_mhz").value(r.fmaxMhz);
  w.key("fits").value(r.fits);
  w.key("message").value(r.message);
  w.key("seconds").value(r.seconds);
  w.endObject();
  return w.str();
}

SynthResult synthResultFromJson(const std::string &text, const std::string &what) {
  const YAML::Node n = parseJson(text, what);
  SynthResult r;
  try {
    if (!n.IsMap() || !n["format"] || n["format"].as<std::string>() != "quasar-synth-1")
      throw InputError(what + ": not a quasar synth.json (format quasar-synth-1)");
    const std::string target = n["target"].as<std::string>();
    bool known = false;
    for (const auto &[v, name] : config::enumTable<config::FpgaTarget>())
      if (target == name) r.target = v, known = true;
    if (!known) throw InputError(what + ": unknown target '" + target + "'");
    r.part = n["part"].as<std::string>();
    r.clockMhz = n["clock_mhz"].as<double>();
    r.topModule = n["top"].as<std::string>();
    r.configHash = n["config_hash"].as<std::string>();
    r.key = n["key"].as<std::string>();
    const YAML::Node x = n["resources"];
    auto optInt = [&](const char *k) -> std::optional<int64_t> {
      if (!x[k] || x[k].IsNull()) return std::nullopt;
      return x[k].as<int64_t>();
    };
    r.resources.lut = optInt("lut");
    r.resources.lutLogic = optInt("lut_logic");
    r.resources.lutMemory = optInt("lut_memory");
    r.resources.ff = optInt("ff");
    r.resources.dsp = optInt("dsp");
    r.resources.carry = optInt("carry");
    if (x["bram"] && !x["bram"].IsNull()) r.resources.bram = x["bram"].as<double>();
    r.resources.cells = x["cells"].as<int64_t>();
    r.resources.memoryBits = x["memory_bits"].as<int64_t>();
    r.cells.cells = r.resources.cells;
    r.cells.memoryBits = r.resources.memoryBits;
    for (const auto &kv : n["cells_by_type"])
      r.cells.byType[kv.first.as<std::string>()] = kv.second.as<int64_t>();
    r.placed = n["placed"].as<bool>();
    for (const auto &kv : n["utilization"])
      r.utilization.push_back({kv.first.as<std::string>(), kv.second["used"].as<int64_t>(),
                               kv.second["available"].as<int64_t>()});
    if (!n["fmax_mhz"].IsNull()) r.fmaxMhz = n["fmax_mhz"].as<double>();
    r.fits = n["fits"].as<bool>();
    r.message = n["message"].as<std::string>();
    r.seconds = n["seconds"].as<double>();
  } catch (const YAML::Exception &e) {
    throw InputError(what + ": malformed synth.json: " + e.what());
  }
  return r;
}

std::string summaryTable(const SynthResult &r) {
  std::ostringstream s;
  auto row = [&](const std::string &name, const std::string &value) {
    s << "  " << std::left << std::setw(13) << name << value << "\n";
  };
  auto opt = [](const std::optional<int64_t> &v) { return v ? std::to_string(*v) : "-"; };
  s << "synth " << config::toString(r.target) << " " << r.part << " " << r.topModule
    << (r.cached ? " (cached)" : "") << "\n";
  const Resources &x = r.resources;
  std::string lut = opt(x.lut);
  if (x.lutMemory && *x.lutMemory > 0)
    lut += " (" + std::to_string(*x.lutLogic) + " logic + " + std::to_string(*x.lutMemory) +
           " memory)";
  row("LUT", lut);
  row("FF", opt(x.ff));
  row("DSP", opt(x.dsp));
  row("BRAM", x.bram ? jsonNumber(*x.bram) +
                           (r.target == config::FpgaTarget::Xc7 ? " (36 Kb)" : " (4 Kb)")
                     : "-");
  row("carry", opt(x.carry));
  row("cells", std::to_string(x.cells));
  if (x.memoryBits > 0) row("mem bits", std::to_string(x.memoryBits) + " (unmapped)");
  for (const BelUsage &u : r.utilization)
    row(u.bel, std::to_string(u.used) + " / " + std::to_string(u.available));
  if (r.fmaxMhz) {
    std::ostringstream f;
    f << std::fixed << std::setprecision(2) << *r.fmaxMhz << " MHz ("
      << (*r.fmaxMhz >= r.clockMhz ? "meets " : "misses ") << jsonNumber(r.clockMhz) << " MHz)";
    row("Fmax", f.str());
  } else if (r.target != config::FpgaTarget::Ice40) {
    row("Fmax", "- (Yosys alone gives no timing)");
  }
  if (!r.fits) row("RESULT", r.message);
  row("time", fmtSeconds(r.seconds) + (r.cached ? " (earlier run)" : ""));
  return s.str();
}

} // namespace quasar::fpga
