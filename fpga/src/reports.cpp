#include "quasar/fpga/reports.h"

#include "quasar/config/error.h"
#include "quasar/fpga/json.h"

#include <algorithm>
#include <regex>
#include <sstream>

namespace quasar::fpga {
namespace {

int64_t countOf(const CellCounts &c, const std::string &type) {
  auto it = c.byType.find(type);
  return it == c.byType.end() ? 0 : it->second;
}

bool startsWith(const std::string &s, const std::string &prefix) {
  return s.compare(0, prefix.size(), prefix) == 0;
}

CellCounts countsFromSection(const YAML::Node &section, const std::string &what) {
  CellCounts c;
  if (!section.IsMap() || !section["num_cells"])
    throw InputError(what + ": not a Yosys stat -json report (no num_cells)");
  c.cells = section["num_cells"].as<int64_t>();
  if (section["num_memory_bits"]) c.memoryBits = section["num_memory_bits"].as<int64_t>();
  // Yosys 0.23 names the table num_cells_by_type.
  if (const YAML::Node types = section["num_cells_by_type"]; types && types.IsMap())
    for (const auto &kv : types) c.byType[kv.first.as<std::string>()] = kv.second.as<int64_t>();
  return c;
}

} // namespace

CellCounts parseYosysStat(const std::string &jsonText, const std::string &what) {
  const YAML::Node root = parseJson(jsonText, what);
  try {
    if (!root.IsMap()) throw InputError(what + ": not a Yosys stat -json report");
    if (root["design"]) return countsFromSection(root["design"], what);
    const YAML::Node modules = root["modules"];
    if (!modules || !modules.IsMap() || modules.size() != 1)
      throw InputError(what + ": Yosys stat report without a \"design\" section must hold "
                              "exactly one module");
    return countsFromSection(modules.begin()->second, what);
  } catch (const YAML::Exception &e) {
    throw InputError(what + ": unexpected Yosys stat report: " + e.what());
  }
}

Resources summarize(config::FpgaTarget target, const CellCounts &c) {
  Resources r;
  r.cells = c.cells;
  r.memoryBits = c.memoryBits;
  switch (target) {
  case config::FpgaTarget::Xc7: {
    int64_t logic = 0;
    for (int k = 1; k <= 6; ++k) logic += countOf(c, "LUT" + std::to_string(k));
    // LUTs per distributed-RAM / shift-register primitive (7-series SLICEM).
    static const std::vector<std::pair<const char *, int>> kLutMemory = {
        {"SRL16E", 1},    {"SRLC32E", 1},   {"RAM32X1S", 1},  {"RAM64X1S", 1},
        {"RAM32X1D", 2},  {"RAM64X1D", 2},  {"RAM128X1S", 2}, {"RAM128X1D", 4},
        {"RAM256X1S", 4}, {"RAM32M", 4},    {"RAM64M", 4}};
    int64_t memory = 0;
    for (const auto &[type, luts] : kLutMemory) memory += luts * countOf(c, type);
    r.lutLogic = logic;
    r.lutMemory = memory;
    r.lut = logic + memory;
    r.ff = countOf(c, "FDRE") + countOf(c, "FDSE") + countOf(c, "FDCE") + countOf(c, "FDPE");
    r.dsp = countOf(c, "DSP48E1");
    r.bram = double(countOf(c, "RAMB36E1")) + 0.5 * double(countOf(c, "RAMB18E1"));
    r.carry = countOf(c, "CARRY4");
    break;
  }
  case config::FpgaTarget::Ice40: {
    r.lut = r.lutLogic = countOf(c, "SB_LUT4");
    r.lutMemory = 0;
    int64_t ff = 0;
    for (const auto &[type, n] : c.byType)
      if (startsWith(type, "SB_DFF")) ff += n;
    r.ff = ff;
    r.dsp = countOf(c, "SB_MAC16");
    r.bram = double(countOf(c, "SB_RAM40_4K"));
    r.carry = countOf(c, "SB_CARRY");
    break;
  }
  case config::FpgaTarget::Generic: {
    int64_t ff = 0;
    for (const auto &[type, n] : c.byType)
      if (startsWith(type, "$_DFF") || startsWith(type, "$_SDFF") ||
          startsWith(type, "$_ALDFF") || startsWith(type, "$_DLATCH"))
        ff += n;
    r.ff = ff;
    break;
  }
  }
  return r;
}

NextpnrReport parseNextpnrReport(const std::string &jsonText, const std::string &what) {
  const YAML::Node root = parseJson(jsonText, what);
  NextpnrReport rep;
  try {
    if (!root.IsMap() || !root["utilization"])
      throw InputError(what + ": not a nextpnr --report file (no \"utilization\")");
    for (const auto &kv : root["utilization"]) {
      BelUsage u;
      u.bel = kv.first.as<std::string>();
      u.used = kv.second["used"].as<int64_t>();
      u.available = kv.second["available"].as<int64_t>();
      rep.utilization.push_back(u);
    }
    if (const YAML::Node fmax = root["fmax"]; fmax && fmax.IsMap()) {
      for (const auto &kv : fmax) {
        ClockFmax f;
        f.clock = kv.first.as<std::string>();
        f.achievedMhz = kv.second["achieved"].as<double>();
        f.constraintMhz = kv.second["constraint"].as<double>();
        rep.clocks.push_back(f);
      }
    }
  } catch (const YAML::Exception &e) {
    throw InputError(what + ": unexpected nextpnr report: " + e.what());
  }
  std::sort(rep.utilization.begin(), rep.utilization.end(),
            [](const BelUsage &a, const BelUsage &b) { return a.bel < b.bel; });
  std::sort(rep.clocks.begin(), rep.clocks.end(),
            [](const ClockFmax &a, const ClockFmax &b) { return a.clock < b.clock; });
  return rep;
}

NextpnrLog parseNextpnrLog(const std::string &text) {
  // "Info: \t         ICESTORM_LC:   303/ 7680     3%"
  static const std::regex kUsage(R"(^Info:\s+(\w+):\s+(\d+)/\s*(\d+)\s+\d+%)");
  // "Info: Max frequency for clock 'clk_i$SB_IO_IN_$glb_clk': 89.76 MHz (PASS at 50.00 MHz)"
  static const std::regex kFmax(
      R"(Max frequency for clock '([^']+)': ([0-9.]+) MHz \((?:PASS|FAIL) at ([0-9.]+) MHz\))");
  NextpnrLog log;
  std::map<std::string, ClockFmax> clocks;
  std::istringstream in(text);
  std::string line;
  bool inTable = false;
  while (std::getline(in, line)) {
    std::smatch m;
    if (line.find("Device utilisation:") != std::string::npos) {
      log.utilization.clear(); // keep the last table
      inTable = true;
      continue;
    }
    if (inTable && std::regex_search(line, m, kUsage)) {
      log.utilization.push_back({m[1], std::stoll(m[2]), std::stoll(m[3])});
      continue;
    }
    inTable = false;
    if (std::regex_search(line, m, kFmax)) {
      clocks[m[1]] = {m[1], std::stod(m[2]), std::stod(m[3])};
    } else if (startsWith(line, "ERROR: ")) {
      log.errors.push_back(line.substr(7));
    }
  }
  for (const auto &kv : clocks) log.clocks.push_back(kv.second);
  std::sort(log.utilization.begin(), log.utilization.end(),
            [](const BelUsage &a, const BelUsage &b) { return a.bel < b.bel; });
  return log;
}

std::vector<BelUsage> overused(const std::vector<BelUsage> &utilization) {
  std::vector<BelUsage> over;
  for (const BelUsage &u : utilization)
    if (u.used > u.available) over.push_back(u);
  return over;
}

} // namespace quasar::fpga
