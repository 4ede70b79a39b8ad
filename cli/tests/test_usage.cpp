// Help on every level exits 0 and says what it is; unknown commands and options exit 2.
#include "cli_harness.h"

using clitest::Sandbox;

TEST_CASE("usage: --help of quantize, golden, every kernel and bench exits 0", "[cli][usage]") {
  Sandbox box;
  const std::pair<const char *, const char *> helps[] = {
      {"quantize --help", "usage: quasar quantize"},
      {"golden --help", "usage: quasar golden"},
      {"golden multiplier --help", "usage: quasar golden multiplier"},
      {"golden requant --help", "usage: quasar golden requant"},
      {"golden residual --help", "usage: quasar golden residual"},
      {"golden shiftmax --help", "usage: quasar golden shiftmax"},
      {"golden shiftgelu --help", "usage: quasar golden shiftgelu"},
      {"golden layernorm --help", "usage: quasar golden layernorm"},
      {"golden gemm --help", "usage: quasar golden gemm"},
      {"golden conv2d --help", "usage: quasar golden conv2d"},
      {"bench --help", "usage: quasar bench"},
  };
  for (const auto &[args, first] : helps) {
    const auto r = CLI_RUN(box, args, 0);
    CHECK(r.out.rfind(first, 0) == 0);
  }
  const auto top = CLI_RUN(box, "--help", 0);
  for (const char *name : {"quantize", "golden", "bench"})
    CHECK(top.out.find(std::string("  ") + name + " ") != std::string::npos);
}

TEST_CASE("usage: unknown kernels and options exit 2", "[cli][usage]") {
  Sandbox box;
  CLI_RUN(box, "golden", 2);
  const auto r = CLI_RUN(box, "golden softmax --in x.npy", 2);
  CHECK(r.err.find("unknown kernel 'softmax'") != std::string::npos);
  const auto opt = CLI_RUN(box, "golden shiftmax --in x.npy --scale 1 --frobnicate --out y.npy", 2);
  CHECK(opt.err.find("shiftmax: unknown option --frobnicate") != std::string::npos);
  CLI_RUN(box, "golden requant extra.npy", 2);
  CLI_RUN(box, "quantize --format int --bits 8 --axis tensor --in", 2); // missing value
  CLI_RUN(box, "bench", 2);
  CLI_RUN(box, "bench silver", 2);
}

TEST_CASE("usage: bench golden runs on a tiny shape", "[cli][usage]") {
  Sandbox box;
  const auto r = CLI_RUN(box, "bench golden --shape 16x16x16 --min-seconds 0", 0);
  CHECK(r.out.find("16") != std::string::npos);
  CLI_RUN(box, "bench golden --shape 16x16", 2);
}
