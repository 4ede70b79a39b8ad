// `quasar golden shiftmax | shiftgelu | layernorm`: the integer nonlinear units of
// specs/dyadic.md on .npy files (models/nonlinear.h does the arithmetic).
//
// Choices (also in docs/golden-model.md, "## Command line"):
// - Rows run along the last axis; the output has the input's shape.
// - x0 comes from --scale S (the software constant of the spec) or directly from --x0.
// - Output dtypes from the proven output bounds (nonlinear.h): Shiftmax i32 (< 2^31 always),
//   ShiftGELU and I-LayerNorm i64.
#include "args.h"
#include "cmd_golden.h"
#include "cmd_golden_io.h"
#include "commands.h"

#include "quasar/config/error.h"
#include "quasar/models/nonlinear.h"

#include <cstdint>
#include <iostream>

namespace quasar::cli {
namespace {

namespace nl = models::nonlinear;
using models::IntMatrix;

const char *kShiftmaxHelp =
    R"(usage: quasar golden shiftmax --in X.npy (--scale S | --x0 X0) --out Y.npy

Integer Shiftmax (I-ViT, n = 15, B = 16) of every row of X (integers, rows along the last
axis, 32-bit values). x0 = floor(-1 / S) from the input scale S, or given by --x0 (a negative
32-bit integer). Y.npy: i32, X's shape, output scale 2^-15.
)";

const char *kShiftgeluHelp =
    R"(usage: quasar golden shiftgelu --in X.npy (--scale S | --x0 X0) --out Y.npy

Integer ShiftGELU (I-ViT, n = 23, 8-bit sigmoid) of every row of X (integers, rows along the
last axis). x0 = floor(-1 / (1.702 S)) from the input scale S, or given by --x0.
Y.npy: i64, X's shape, output scale S / 2^7.
)";

const char *kLayernormHelp =
    R"(usage: quasar golden layernorm --in X.npy
                               [--bias-int B.npy | --beta BETA.npy --gamma GAMMA.npy]
                               --out Y.npy

Integer I-LayerNorm (mean half-even, 10 Newton steps from 2^16) of every row of X (integers,
C channels along the last axis). bias_int: --bias-int (C integers), or computed from real
--beta and --gamma (C values each) as floor((beta / gamma) / (sqrt(C) / 2^30)); none means 0.
Y.npy: i64, X's shape, output scale gamma[c] * sqrt(C) / 2^30.
)";

int64_t readX0(const Args &args, bool gelu, double *scale) {
  if (args.option("scale") && args.option("x0")) throw UsageError("give --scale or --x0, not both");
  if (args.option("x0")) return args.integer("x0", -1, -(int64_t(1) << 31), -1);
  if (!args.option("scale")) throw UsageError("missing --scale S (or --x0 X0)");
  *scale = args.real("scale", 1.0);
  const std::string where = "--scale " + *args.option("scale");
  return gelu ? nl::shiftGeluX0(*scale, where) : nl::shiftmaxX0(*scale, where);
}

// The units' input domain is 32-bit signed (nonlinear.h); outside it the file is bad input.
NamedTensor readUnitInput(const Args &args) {
  NamedTensor in = readOperand("--in", args.required("in"));
  requireIntRange(in, INT32_MIN, INT32_MAX, "the integer nonlinear units take 32-bit inputs");
  return in;
}

int runRowUnit(const std::vector<std::string> &argv, bool gelu) {
  const Args args(argv, {"in", "scale", "x0", "out"}, {});
  args.expectPositional(0, "no positional arguments");
  const NamedTensor in = readUnitInput(args);
  double scale = 0;
  const int64_t x0 = readX0(args, gelu, &scale);
  const std::string out = args.required("out");
  const IntMatrix x = intRows(in);
  const IntMatrix y = gelu ? nl::shiftGelu(x, x0) : nl::shiftmax(x, x0);
  const models::DType dtype = gelu ? models::DType::I64 : models::DType::I32;
  writeOperand("--out", out, intTensor(y, in.tensor.shape(), dtype));
  std::cout << out << ": " << models::dtypeName(dtype) << " "
            << models::shapeString(in.tensor.shape()) << ", " << x.rows() << " row(s) of "
            << x.cols() << ", x0 " << x0 << ", output scale ";
  if (!gelu)
    std::cout << "2^-15";
  else if (scale > 0)
    std::cout << shortNumber(nl::shiftGeluOutScale(scale));
  else
    std::cout << "s / 2^7";
  std::cout << ", values in [" << y.minCoeff() << ", " << y.maxCoeff() << "]\n";
  return 0;
}

std::vector<double> realsOf(const NamedTensor &t, int64_t channels) {
  if (t.tensor.rank() != 1 || t.tensor.numel() != channels)
    throw InputError(t.what() + ": shape " + models::shapeString(t.tensor.shape()) +
                     ", expected one value per channel ([" + std::to_string(channels) + "])");
  std::vector<double> v;
  for (int64_t i = 0; i < channels; ++i) v.push_back(t.tensor.realAt(i));
  return v;
}

} // namespace

int goldenShiftmax(const std::vector<std::string> &argv) {
  if (wantsHelp(argv, kShiftmaxHelp)) return 0;
  return runRowUnit(argv, false);
}

int goldenShiftgelu(const std::vector<std::string> &argv) {
  if (wantsHelp(argv, kShiftgeluHelp)) return 0;
  return runRowUnit(argv, true);
}

int goldenLayernorm(const std::vector<std::string> &argv) {
  if (wantsHelp(argv, kLayernormHelp)) return 0;
  const Args args(argv, {"in", "bias-int", "beta", "gamma", "out"}, {});
  args.expectPositional(0, "no positional arguments");
  const NamedTensor in = readUnitInput(args);
  const IntMatrix x = intRows(in);
  const int64_t channels = x.cols();
  std::vector<int64_t> biasInt;
  const bool real = args.option("beta") || args.option("gamma");
  if (args.option("bias-int") && real)
    throw UsageError("give --bias-int or --beta/--gamma, not both");
  if (auto path = args.option("bias-int")) {
    const NamedTensor b = readOperand("--bias-int", *path);
    requireIntegerTensor(b);
    if (b.tensor.rank() != 1 || b.tensor.numel() != channels)
      throw InputError(b.what() + ": shape " + models::shapeString(b.tensor.shape()) +
                       ", expected one value per channel ([" + std::to_string(channels) + "])");
    biasInt = b.tensor.ints();
  } else if (real) {
    if (!args.option("beta") || !args.option("gamma"))
      throw UsageError("--beta and --gamma go together");
    const NamedTensor beta = readOperand("--beta", *args.option("beta"));
    const NamedTensor gamma = readOperand("--gamma", *args.option("gamma"));
    biasInt = nl::layerNormBiasInt(realsOf(beta, channels), realsOf(gamma, channels),
                                   "--beta/--gamma");
  }
  const std::string out = args.required("out");
  const IntMatrix y = nl::layerNorm(x, biasInt);
  writeOperand("--out", out, intTensor(y, in.tensor.shape(), models::DType::I64));
  std::cout << out << ": i64 " << models::shapeString(in.tensor.shape()) << ", " << x.rows()
            << " row(s) of " << channels << " channels, bias_int "
            << (biasInt.empty() ? "0" : "given") << ", values in [" << y.minCoeff() << ", "
            << y.maxCoeff() << "]\n";
  return 0;
}

} // namespace quasar::cli
