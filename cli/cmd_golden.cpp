// `quasar golden`: run one integer kernel of the bit-exact golden model on .npy files, the way
// verification engineers make expected vectors. Dispatches to the subcommands.
#include "args.h"
#include "cmd_golden.h"
#include "commands.h"

#include <iostream>

namespace quasar::cli {
namespace {

const char *kHelp =
    R"(usage: quasar golden <kernel> [options]   (quasar golden <kernel> --help for details)

Runs one exact integer kernel of the golden model (models/) on .npy files and writes the
result as .npy. Integer inputs must be integer .npy files (i8..i64, u8, u16).

kernels:
  multiplier  real multipliers M -> dyadic pairs (m, e), M ~ m / 2^e (specs/dyadic.md)
  requant     accumulators -> R(z * m, e) + zero point, clamped (four rounding modes)
  residual    two separately rounded branches added, then clamped
  shiftmax    integer Shiftmax over rows (last axis)
  shiftgelu   integer ShiftGELU over rows (last axis)
  layernorm   integer I-LayerNorm over rows (last axis)
  gemm        A [M, K] x W [N, K]^T for the format pair of an accelerator config's pe section
  conv2d      NHWC conv2d lowered to GEMM (im2col)

exit codes: 0 done, 1 a check failed (accumulator overflow, a value beyond its register),
            2 bad usage or bad input
)";

struct Subcommand {
  const char *name;
  int (*run)(const std::vector<std::string> &args);
};

const Subcommand kSubcommands[] = {
    {"multiplier", goldenMultiplier}, {"requant", goldenRequant},
    {"residual", goldenResidual},     {"shiftmax", goldenShiftmax},
    {"shiftgelu", goldenShiftgelu},   {"layernorm", goldenLayernorm},
    {"gemm", goldenGemm},             {"conv2d", goldenConv2d},
};

} // namespace

int runGolden(const std::vector<std::string> &argv) {
  if (argv.empty()) throw UsageError("which kernel? (multiplier, requant, residual, shiftmax, "
                                     "shiftgelu, layernorm, gemm, conv2d)");
  if (argv[0] == "--help" || argv[0] == "-h" || argv[0] == "help") {
    std::cout << kHelp;
    return 0;
  }
  const std::vector<std::string> rest(argv.begin() + 1, argv.end());
  for (const auto &sub : kSubcommands) {
    if (argv[0] != sub.name) continue;
    try {
      return sub.run(rest);
    } catch (const UsageError &e) {
      // main() prints "quasar golden: <message> (see quasar golden --help)": name the kernel.
      throw UsageError(std::string(sub.name) + ": " + e.what());
    }
  }
  throw UsageError("unknown kernel '" + argv[0] +
                   "' (multiplier, requant, residual, shiftmax, shiftgelu, layernorm, gemm, "
                   "conv2d)");
}

} // namespace quasar::cli
