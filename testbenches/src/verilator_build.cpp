#include "quasar/testbenches/verilator_build.h"

#include "quasar/config/error.h"
#include "quasar/config/sha256.h"
#include "quasar/testbenches/process.h"

#include <chrono>
#include <cstdio>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <ostream>
#include <sstream>
#include <unistd.h>

namespace fs = std::filesystem;

namespace quasar::tb {
namespace {

constexpr const char *kPrefix = "Vqsr_top";
constexpr const char *kStampName = "build.ok";
// Objects that do not depend on the design (see buildHarness).
constexpr const char *kSharedObjects[] = {"verilated.o", "verilated_fst_c.o", "verilated_threads.o",
                                          "host.o", "stimulus.o"};

std::string readWhole(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError("cannot read " + path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

} // namespace

std::string harnessSourceDir() { return std::string(QUASAR_SOURCE_DIR) + "/testbenches/harness"; }

std::vector<std::string> harnessSources() {
  return {"main_verilator.cpp", "host.cpp", "stimulus.cpp", "host.h", "stimulus.h", "dut.h",
          "verilated_dut.h"};
}

std::vector<std::string> verilatorBaseArgs(int jobs) {
  return {"--cc", "--exe", "--build", "--prefix", kPrefix, "-O3", "--trace-fst",
          "-j", std::to_string(jobs),
          // Unreset registers start random, so a missing reset shows up as a mismatch.
          "--x-assign", "unique", "--x-initial", "unique",
          // Lint is its own gate (verilator --lint-only -Wall); co-simulation checks behaviour.
          "-Wno-fatal"};
}

std::string verilatorVersion() {
  static std::string cached;
  if (!cached.empty()) return cached;
  char tmpl[] = "/tmp/quasar_vversion_XXXXXX";
  const int fd = ::mkstemp(tmpl);
  if (fd < 0) throw InputError("cannot create a temporary file");
  ::close(fd);
  int rc = 0;
  try {
    rc = runProcess({"verilator", "--version"}, tmpl);
  } catch (const InputError &) {
    std::remove(tmpl);
    throw InputError("verilator is not installed or not in PATH (scripts/setup.sh installs it)");
  }
  std::ifstream in(tmpl);
  std::getline(in, cached);
  std::remove(tmpl);
  if (rc != 0 || cached.empty()) throw InputError("`verilator --version` failed");
  return cached;
}

std::vector<std::string> readFileList(const std::string &rtlDir) {
  const std::string listPath = rtlDir + "/files.f";
  std::ifstream in(listPath);
  if (!in) throw InputError("no file list " + listPath + " (generate the RTL first: quasar gen)");
  std::vector<std::string> entries;
  std::string line;
  while (std::getline(in, line)) {
    const size_t a = line.find_first_not_of(" \t\r");
    if (a == std::string::npos) continue;
    const size_t b = line.find_last_not_of(" \t\r");
    const std::string item = line.substr(a, b - a + 1);
    if (item.rfind("//", 0) == 0 || item[0] == '#') continue;
    if (item[0] == '+' || item[0] == '-') {
      entries.push_back(item);
      continue;
    }
    const fs::path p = fs::path(item).is_absolute() ? fs::path(item) : fs::path(rtlDir) / item;
    if (!fs::exists(p)) throw InputError(listPath + ": no such file " + p.string());
    entries.push_back(fs::absolute(p).lexically_normal().string());
  }
  if (entries.empty()) throw InputError(listPath + " lists no files");
  return entries;
}

VerilatorBuild buildHarness(const VerilatorBuildOptions &o) {
  const auto t0 = std::chrono::steady_clock::now();
  const std::vector<std::string> rtl = readFileList(o.rtlDir);
  const std::vector<std::string> base = verilatorBaseArgs(o.jobs);

  // The key: everything that can change the executable.
  std::string keyText = "quasar harness build 1\n" + verilatorVersion() + "\nconfig " +
                        o.configHash + "\ntop " + o.topModule + "\n";
  for (const std::string &a : base) keyText += "arg " + a + "\n";
  for (const std::string &a : o.extraArgs) keyText += "extra " + a + "\n";
  for (const std::string &f : rtl) {
    keyText += "rtl " + fs::path(f).filename().string() + "\n";
    if (f[0] != '+' && f[0] != '-') keyText += config::sha256Hex(readWhole(f)) + "\n";
  }
  for (const std::string &h : harnessSources())
    keyText += "harness " + h + " " + config::sha256Hex(readWhole(harnessSourceDir() + "/" + h)) + "\n";
  VerilatorBuild build;
  build.key = config::sha256Hex(keyText);
  fs::create_directories(o.cacheRoot);
  build.dir = fs::absolute(fs::path(o.cacheRoot) / build.key.substr(0, 16)).lexically_normal().string();
  build.executable = build.dir + "/obj/" + kPrefix;
  const std::string stamp = build.dir + "/" + kStampName;

  FileLock lock(build.dir + ".lock");
  if (fs::exists(stamp) && fs::exists(build.executable)) {
    build.cached = true;
    build.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (o.progress)
      *o.progress << "verilator build of " << o.topModule << ": cached (" << build.dir << ")\n";
    return build;
  }

  fs::remove_all(build.dir);
  fs::create_directories(build.dir);
  std::ofstream(build.dir + "/key.txt") << keyText;
  if (o.progress) *o.progress << "verilating " << o.topModule << " ..." << std::flush;

  // The Verilator runtime and the design-independent harness objects are the same for every
  // design built with the same Verilator, flags and harness: compiled once, kept in
  // <cacheRoot>/runtime-<key16>/, copied into later builds (about half of a small build).
  std::string runtimeText = "quasar harness runtime 1\n" + verilatorVersion() + "\n";
  for (const std::string &a : base) runtimeText += "arg " + a + "\n";
  for (const std::string &a : o.extraArgs) runtimeText += "extra " + a + "\n";
  for (const std::string &h : harnessSources())
    runtimeText += "harness " + h + " " + config::sha256Hex(readWhole(harnessSourceDir() + "/" + h)) + "\n";
  const std::string runtimeDir =
      (fs::path(o.cacheRoot) / ("runtime-" + config::sha256Hex(runtimeText).substr(0, 16))).string();
  const std::string runtimeStamp = runtimeDir + "/" + kStampName;
  const bool reuseRuntime = fs::exists(runtimeStamp);

  const std::string objDir = build.dir + "/obj";
  std::vector<std::string> argv = {"verilator"};
  for (const std::string &a : base)
    if (!(reuseRuntime && a == "--build")) argv.push_back(a);
  argv.insert(argv.end(), {"--top-module", o.topModule, "-Mdir", objDir, "-o", kPrefix,
                           "-CFLAGS", "-std=c++17 -I" + harnessSourceDir()});
  argv.insert(argv.end(), o.extraArgs.begin(), o.extraArgs.end());
  argv.insert(argv.end(), rtl.begin(), rtl.end());
  for (const char *src : {"main_verilator.cpp", "host.cpp", "stimulus.cpp"})
    argv.push_back(harnessSourceDir() + "/" + src);
  const std::string log = build.dir + "/build.log";
  {
    std::ofstream cmd(build.dir + "/command.txt");
    for (const std::string &a : argv) cmd << a << "\n";
  }
  int rc = runProcess(argv, log);
  if (rc == 0 && reuseRuntime) {
    // Copied after Verilator wrote the makefile, so make sees them as up to date.
    for (const char *obj : kSharedObjects)
      fs::copy_file(runtimeDir + "/" + obj, objDir + "/" + obj, fs::copy_options::overwrite_existing);
    rc = runProcess({"make", "-C", objDir, "-f", std::string(kPrefix) + ".mk", "-j",
                     std::to_string(o.jobs), kPrefix},
                    log);
  }
  build.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (rc != 0 || !fs::exists(build.executable)) {
    if (o.progress) *o.progress << " failed\n";
    throw CheckError("verilator build of " + o.topModule + " failed (exit " + std::to_string(rc) +
                     "); log " + log + ":\n" + tailOfFile(log, 25));
  }
  if (!reuseRuntime) {
    const FileLock runtimeLock(runtimeDir + ".lock");
    if (!fs::exists(runtimeStamp)) {
      fs::create_directories(runtimeDir);
      for (const char *obj : kSharedObjects)
        fs::copy_file(objDir + "/" + obj, runtimeDir + "/" + obj, fs::copy_options::overwrite_existing);
      std::ofstream(runtimeStamp) << runtimeText;
    }
  }
  std::ofstream(stamp) << build.key << "\n";
  if (o.progress)
    *o.progress << " " << std::fixed << std::setprecision(1) << build.seconds << " s ("
                << build.dir << (reuseRuntime ? ", runtime reused" : "") << ")\n"
                << std::defaultfloat;
  return build;
}

} // namespace quasar::tb
