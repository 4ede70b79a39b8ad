// Shared by the command-level tests: a temporary directory per test, running the quasar
// binary (QUASAR_BIN) in it, and writing / reading .npy files there.
#pragma once

#include "quasar/models/npy.h"
#include "quasar/models/tensor.h"

#include <catch2/catch.hpp>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace clitest {

using quasar::models::DType;
using quasar::models::Tensor;

struct RunResult {
  int exitCode;
  std::string out;  // stdout
  std::string err;  // stderr
};

inline std::string slurp(const std::filesystem::path &p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// A fresh directory under the system temp directory, removed at the end of the test.
class Sandbox {
public:
  Sandbox() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "quasar_cli_XXXXXX").string();
    if (!mkdtemp(tmpl.data())) FAIL("cannot create a temporary directory");
    m_dir = tmpl;
  }
  ~Sandbox() {
    std::error_code ec;
    std::filesystem::remove_all(m_dir, ec);
  }
  Sandbox(const Sandbox &) = delete;
  Sandbox &operator=(const Sandbox &) = delete;

  std::string path(const std::string &name) const { return (m_dir / name).string(); }

  // Runs `quasar <args>` inside the directory (so bare file names refer to it).
  RunResult run(const std::string &args) const {
    const std::string cmd = "cd '" + m_dir.string() + "' && '" QUASAR_BIN "' " + args +
                            " > stdout.txt 2> stderr.txt";
    const int status = std::system(cmd.c_str());
    return RunResult{WIFEXITED(status) ? WEXITSTATUS(status) : -1, slurp(m_dir / "stdout.txt"),
                     slurp(m_dir / "stderr.txt")};
  }

  void ints(const std::string &name, DType dtype, std::vector<int64_t> shape,
            std::vector<int64_t> values) const {
    quasar::models::writeNpy(path(name), Tensor::fromInts(dtype, std::move(shape),
                                                          std::move(values)));
  }
  void reals(const std::string &name, std::vector<int64_t> shape,
             std::vector<double> values) const {
    quasar::models::writeNpy(path(name), Tensor::fromReals(DType::F64, std::move(shape),
                                                           std::move(values)));
  }
  void text(const std::string &name, const std::string &content) const {
    std::ofstream(path(name)) << content;
  }
  Tensor read(const std::string &name) const { return quasar::models::readNpy(path(name)); }

private:
  std::filesystem::path m_dir;
};

// Runs and requires the exit code, printing the output when it differs.
#define CLI_RUN(box, args, code)                                                                  \
  [&] {                                                                                           \
    const clitest::RunResult r_ = (box).run(args);                                                \
    INFO("quasar " << (args) << "\nstdout:\n" << r_.out << "stderr:\n" << r_.err);                \
    REQUIRE(r_.exitCode == (code));                                                               \
    return r_;                                                                                    \
  }()

} // namespace clitest
