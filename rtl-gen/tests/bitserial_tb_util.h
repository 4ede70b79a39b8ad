// Shared helpers of the bit-serial RTL tests (test_bitserial_*.cpp): write generated modules
// into a directory, lint them, run Icarus, pack lanes into hex words, read the golden terms.
#pragma once

#include "blocks/blocks.h"
#include "blocks/pe_bitserial.h"
#include "quasar/arch/bitserial_timing.h"
#include "quasar/config/load.h"
#include "quasar/models/bitserial.h"
#include "quasar/rtlgen/emit.h"

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace quasar::bstest {

namespace fs = std::filesystem;

inline bool haveTool(const std::string &tool) {
  return std::system(("command -v " + tool + " > /dev/null 2>&1").c_str()) == 0;
}

inline std::string readAll(const fs::path &p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// A fresh directory under the test's working directory.
inline fs::path freshDir(const std::string &name) {
  const fs::path dir = fs::absolute(name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

// Emits each module to dir/<name>.sv; returns " a.sv b.sv ..." (relative names).
inline std::string writeModules(const fs::path &dir, const std::vector<ir::Module> &modules,
                                const std::string &configName) {
  ir::Design d;
  d.info.configName = configName;
  d.info.configHash = "test";
  d.modules = modules;
  std::string files;
  for (const ir::Module &m : d.modules) {
    std::ofstream(dir / (m.name + ".sv")) << emit::emitModule(d, m);
    files += " " + m.name + ".sv";
  }
  return files;
}

// verilator --lint-only -Wall on `files` with `top`; returns the log ("" when clean).
inline std::string lint(const fs::path &dir, const std::string &files, const std::string &top) {
  const std::string cmd = "cd " + dir.string() + " && verilator --lint-only -Wall --top-module " +
                          top + files + " > lint_" + top + ".log 2>&1";
  const int rc = std::system(cmd.c_str());
  const std::string log = readAll(dir / ("lint_" + top + ".log"));
  return rc == 0 ? log : "exit " + std::to_string(rc) + "\n" + log;
}

// iverilog + vvp of tb.sv and `files` in dir; returns false on a tool failure. The compile
// log must be empty (no warnings) and is returned in `iverilogLog`.
inline bool simulate(const fs::path &dir, const std::string &files, std::string &iverilogLog) {
  const std::string cmd = "cd " + dir.string() + " && iverilog -g2012 -o tb.vvp tb.sv" + files +
                          " > iverilog.log 2>&1 && vvp -n tb.vvp > sim.log 2>&1";
  const bool ok = std::system(cmd.c_str()) == 0;
  iverilogLog = readAll(dir / "iverilog.log");
  return ok;
}

// Little-endian lanes -> hex string (most significant digit first).
class Word {
public:
  Word(int lanes, int width) : m_width(width), m_bits(size_t(lanes) * size_t(width), 0) {}
  void put(int lane, int64_t value) {
    for (int b = 0; b < m_width; ++b)
      m_bits[size_t(lane) * m_width + b] = int((value >> b) & 1);
  }
  std::string hex() const {
    std::string out;
    for (size_t i = (m_bits.size() + 3) / 4; i-- > 0;) {
      int d = 0;
      for (int b = 0; b < 4; ++b)
        if (i * 4 + b < m_bits.size() && m_bits[i * 4 + b])
          d |= 1 << b;
      out += "0123456789abcdef"[d];
    }
    return out.empty() ? "0" : out;
  }

private:
  int m_width;             // bits per lane
  std::vector<int> m_bits; // bit i of the word
};

// Lanes of `width` bits (two's complement) from a hex word printed by $display("%h").
inline std::vector<int64_t> lanesOf(const std::string &hex, int lanes, int width) {
  std::vector<int> bits;
  for (size_t i = hex.size(); i-- > 0;) {
    const int d = std::stoi(hex.substr(i, 1), nullptr, 16);
    for (int b = 0; b < 4; ++b)
      bits.push_back((d >> b) & 1);
  }
  std::vector<int64_t> out;
  for (int l = 0; l < lanes; ++l) {
    uint64_t v = 0;
    for (int b = 0; b < width; ++b)
      if (size_t(l * width + b) < bits.size() && bits[size_t(l * width + b)])
        v |= uint64_t(1) << b;
    if (width < 64 && ((v >> (width - 1)) & 1))
      v |= ~uint64_t(0) << width;
    out.push_back(int64_t(v));
  }
  return out;
}

// The config's bitmod modes as the golden model's enum.
using arch::goldenMode;

// Two's complement value of the low `bits` bits of `code`.
inline int64_t signExtend(uint64_t code, int bits) {
  const uint64_t mask = bits >= 64 ? ~uint64_t(0) : (uint64_t(1) << bits) - 1;
  code &= mask;
  if (bits < 64 && ((code >> (bits - 1)) & 1))
    return int64_t(code | ~mask);
  return int64_t(code);
}

// The golden bitplane weight of a P-bit code (pm1: P = 1 reads bit 0 as -1 / +1).
inline int64_t bitplaneWeight(uint64_t code, int precision, bool pm1) {
  if (pm1 && precision == 1)
    return (code & 1) ? 1 : -1;
  return signExtend(code, precision);
}

} // namespace quasar::bstest
