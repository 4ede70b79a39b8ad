// `quasar golden multiplier | requant | residual`: the dyadic pipeline of specs/dyadic.md on
// .npy files (models/dyadic.h does the arithmetic).
//
// Choices (also in docs/golden-model.md, "## Command line"):
// - m and e files hold integers; each is a scalar or one value per last-axis channel, and a
//   scalar broadcasts against the other's channels. m must be in [0, 2^31 - 1], e in [0, 63].
// - Clamping: --activation none|relu|relu6|clip; --lo/--hi (always both) alone mean clip.
//   relu6 and clip need --lo/--hi; none and relu take no bounds.
// - `multiplier` writes m and e with the input's shape (m as the narrowest dtype holding
//   [0, 2^mult_bits - 1], e as i8) and prints each pair for up to 16 elements.
#include "args.h"
#include "cmd_golden.h"
#include "cmd_golden_io.h"
#include "commands.h"

#include "quasar/config/error.h"
#include "quasar/models/dyadic.h"

#include <cmath>
#include <iostream>

namespace quasar::cli {
namespace {

namespace dyadic = models::dyadic;
using models::IntMatrix;

const char *kMultiplierHelp =
    R"(usage: quasar golden multiplier --in M.npy [--mult-bits B] --out-m m.npy --out-e e.npy

Turns every real multiplier M > 0 of M.npy (any shape, any dtype) into its dyadic pair
(m, e) with M ~ m / 2^e (specs/dyadic.md: frexp, m = round_half_away(mant * 2^B),
renormalised, e = B - ex; B = --mult-bits, 8..31, default 31, TFLite's QuantizeMultiplier).
m.npy and e.npy have M's shape: m as the narrowest integer dtype holding [0, 2^B - 1]
(i32 for B = 31), e as i8 (0..63). M <= 0, non-finite M, e < 0 (M too large) or e > 63
(M too small) are errors naming the element; nothing is clamped.
)";

const char *kRequantHelp =
    R"(usage: quasar golden requant --acc Z.npy --m m.npy --e e.npy [--bias b.npy]
                             [--zero-point Z | --zero-points ZP.npy]
                             [--activation none|relu|relu6|clip] [--lo L --hi H]
                             --rounding half_up|half_even|half_away|floor --out-bits N
                             [--unsigned] [--acc-bits B] --out Y.npy

y = clamp(clamp(R((acc + bias) * m, e) + zero_point, lo, hi), out range), exactly
(specs/dyadic.md). Z.npy: integer accumulators of any shape; channels run along the last axis.
m, e, bias and zero points: one value (per tensor) or one per channel ([C]); m in
[0, 2^31 - 1], e in [0, 63], integer files. Rounding R(v, e) of v / 2^e:
  half_up (v + 2^(e-1)) >> e;  half_even nearest, ties to even;
  half_away nearest, ties away from zero;  floor v >> e.
Clamp: --lo/--hi alone mean clip; relu uses lo = zero point; relu6/clip need --lo/--hi.
Out range: [-2^(N-1), 2^(N-1) - 1], or [0, 2^N - 1] with --unsigned; N in 2..32.
--acc-bits B (2..64, default 64): acc + bias must fit a signed B-bit register, else exit 1.
Y.npy has Z's shape and the narrowest dtype holding the out range (i8 for N = 8).
)";

const char *kResidualHelp =
    R"(usage: quasar golden residual --z1 Z1.npy --m1 m1.npy --e1 e1.npy
                              --z2 Z2.npy --m2 m2.npy --e2 e2.npy
                              [--zero-point Z | --zero-points ZP.npy]
                              [--activation none|relu|relu6|clip] [--lo L --hi H]
                              --rounding half_up|half_even|half_away|floor --out-bits N
                              [--unsigned] --out Y.npy

y = clamp(R(z1 * m1, e1) + R(z2 * m2, e2) + zero_point): two separately rounded branches,
each with its own dyadic pair (HAWQ-V3 / I-ViT residual rule, specs/dyadic.md). Z1 and Z2 have
the same shape; the parameters, clamp and output are as for `quasar golden requant`.
)";

const std::set<std::string> kClampOptions = {"zero-point", "zero-points", "activation", "lo",
                                             "hi",         "rounding",    "out-bits",   "out"};

std::set<std::string> withClampOptions(std::set<std::string> options) {
  options.insert(kClampOptions.begin(), kClampOptions.end());
  return options;
}

// m and e files of one branch -> multipliers, 1 or `channels` of them.
std::vector<dyadic::Multiplier> readMultipliers(const Args &args, const std::string &mOption,
                                                const std::string &eOption, int64_t channels) {
  const NamedTensor mFile = readOperand("--" + mOption, args.required(mOption));
  const NamedTensor eFile = readOperand("--" + eOption, args.required(eOption));
  requireIntRange(mFile, 0, (int64_t(1) << 31) - 1, "m is an unsigned multiplier below 2^31");
  requireIntRange(eFile, 0, dyadic::kMaxShift, "e is a right shift 0..63");
  const std::vector<int64_t> m = channelInts(mFile, channels);
  const std::vector<int64_t> e = channelInts(eFile, channels);
  const size_t n = std::max(m.size(), e.size());
  std::vector<dyadic::Multiplier> out;
  for (size_t i = 0; i < n; ++i)
    out.push_back({m[m.size() == 1 ? 0 : i], int(e[e.size() == 1 ? 0 : i])});
  return out;
}

// The options every requantizer shares: zero points, activation clamp, rounding, out range.
struct ClampOptions {
  std::vector<int64_t> zeroPoints{0};
  dyadic::Activation activation = dyadic::Activation::None;
  int64_t lo = 0, hi = 0;
  dyadic::Rounding rounding = dyadic::Rounding::HalfUp;
  int outBits = 8;
  bool outSigned = true;
};

ClampOptions readClampOptions(const Args &args, int64_t channels) {
  ClampOptions c;
  c.outBits = int(args.integer("out-bits", 8, 2, 32));
  if (!args.option("out-bits")) throw UsageError("missing required option --out-bits");
  c.outSigned = !args.flag("unsigned");
  c.rounding = dyadic::parseRounding(args.required("rounding"), "--rounding");
  const dyadic::ClampRange range = dyadic::outRange(c.outBits, c.outSigned);

  if (args.option("zero-point") && args.option("zero-points"))
    throw UsageError("give --zero-point or --zero-points, not both");
  if (args.option("zero-point")) {
    c.zeroPoints = {args.integer("zero-point", 0, range.lo, range.hi)};
  } else if (auto path = args.option("zero-points")) {
    const NamedTensor t = readOperand("--zero-points", *path);
    requireIntRange(t, range.lo, range.hi, "zero points lie in the out range");
    c.zeroPoints = channelInts(t, channels);
  }

  const bool bounds = args.option("lo") || args.option("hi");
  if (bounds && !(args.option("lo") && args.option("hi")))
    throw UsageError("--lo and --hi go together");
  if (auto act = args.option("activation"))
    c.activation = dyadic::parseActivation(*act, "--activation");
  else if (bounds)
    c.activation = dyadic::Activation::Clip;
  const bool needsBounds =
      c.activation == dyadic::Activation::Relu6 || c.activation == dyadic::Activation::Clip;
  if (needsBounds && !bounds)
    throw UsageError("--activation " + dyadic::toString(c.activation) + " needs --lo and --hi");
  if (!needsBounds && bounds)
    throw UsageError("--lo/--hi need --activation clip or relu6 (or no --activation)");
  const int64_t big = int64_t(1) << 40;
  c.lo = args.integer("lo", 0, -big, big);
  c.hi = args.integer("hi", 0, -big, big);
  if (needsBounds && c.lo > c.hi)
    throw UsageError("--lo " + std::to_string(c.lo) + " > --hi " + std::to_string(c.hi));
  return c;
}

void writeResult(const std::string &path, const IntMatrix &y, const std::vector<int64_t> &shape,
                 const ClampOptions &c) {
  const dyadic::ClampRange range = dyadic::outRange(c.outBits, c.outSigned);
  const models::DType dtype = intDTypeFor(range.lo, range.hi);
  writeOperand("--out", path, intTensor(y, shape, dtype));
  std::cout << path << ": " << models::dtypeName(dtype) << " " << models::shapeString(shape)
            << ", out range [" << range.lo << ", " << range.hi << "], rounding "
            << dyadic::toString(c.rounding) << ", activation " << dyadic::toString(c.activation)
            << ", values in [" << y.minCoeff() << ", " << y.maxCoeff() << "]\n";
}

} // namespace

int goldenMultiplier(const std::vector<std::string> &argv) {
  if (wantsHelp(argv, kMultiplierHelp)) return 0;
  const Args args(argv, {"in", "mult-bits", "out-m", "out-e"}, {});
  args.expectPositional(0, "no positional arguments");
  const NamedTensor in = readOperand("--in", args.required("in"));
  const int multBits = int(args.integer("mult-bits", 31, dyadic::kMinMultBits,
                                        dyadic::kMaxMultBits));
  const std::string outM = args.required("out-m");
  const std::string outE = args.required("out-e");

  const int64_t n = in.tensor.numel();
  std::vector<int64_t> m(static_cast<size_t>(n)), e(static_cast<size_t>(n));
  double worst = 0;
  for (int64_t i = 0; i < n; ++i) {
    const double real = in.tensor.realAt(i);
    const dyadic::Multiplier mult = dyadic::quantizeMultiplier(
        real, multBits, in.what() + " element " + std::to_string(i));
    m[size_t(i)] = mult.m;
    e[size_t(i)] = mult.e;
    const double approx = std::ldexp(double(mult.m), -mult.e);
    const double rel = std::abs(approx - real) / real;
    worst = std::max(worst, rel);
    if (n <= 16)
      std::cout << "M " << shortNumber(real) << " -> m " << mult.m << ", e " << mult.e
                << " (m / 2^e = " << shortNumber(approx) << ", relative error "
                << shortNumber(rel) << ")\n";
  }
  writeOperand("--out-m", outM,
               models::Tensor::fromInts(intDTypeFor(0, (int64_t(1) << multBits) - 1),
                                        in.tensor.shape(), m));
  writeOperand("--out-e", outE, models::Tensor::fromInts(models::DType::I8, in.tensor.shape(), e));
  std::cout << n << " multiplier(s), mult_bits " << multBits << ", largest relative error "
            << shortNumber(worst) << "\n";
  return 0;
}

int goldenRequant(const std::vector<std::string> &argv) {
  if (wantsHelp(argv, kRequantHelp)) return 0;
  const Args args(argv, withClampOptions({"acc", "m", "e", "bias", "acc-bits"}), {"unsigned"});
  args.expectPositional(0, "no positional arguments");
  const NamedTensor acc = readOperand("--acc", args.required("acc"));
  const IntMatrix z = intRows(acc);
  const int64_t channels = z.cols();

  dyadic::RequantParams p;
  p.multipliers = readMultipliers(args, "m", "e", channels);
  if (auto path = args.option("bias")) p.bias = channelInts(readOperand("--bias", *path), channels);
  p.accBits = int(args.integer("acc-bits", 64, 2, 64));
  const ClampOptions c = readClampOptions(args, channels);
  const std::string out = args.required("out");
  p.zeroPoints = c.zeroPoints;
  p.activation = c.activation;
  p.clipLo = c.lo;
  p.clipHi = c.hi;
  p.outBits = c.outBits;
  p.outSigned = c.outSigned;
  p.rounding = c.rounding;
  writeResult(out, dyadic::requantize(z, p), acc.tensor.shape(), c);
  return 0;
}

int goldenResidual(const std::vector<std::string> &argv) {
  if (wantsHelp(argv, kResidualHelp)) return 0;
  const Args args(argv, withClampOptions({"z1", "m1", "e1", "z2", "m2", "e2"}), {"unsigned"});
  args.expectPositional(0, "no positional arguments");
  const NamedTensor z1File = readOperand("--z1", args.required("z1"));
  const NamedTensor z2File = readOperand("--z2", args.required("z2"));
  if (z1File.tensor.shape() != z2File.tensor.shape())
    throw InputError("--z1 " + z1File.path + " has shape " +
                     models::shapeString(z1File.tensor.shape()) + " but --z2 " + z2File.path +
                     " has " + models::shapeString(z2File.tensor.shape()) +
                     "; the branches must have the same shape");
  const IntMatrix z1 = intRows(z1File);
  const IntMatrix z2 = intRows(z2File);
  const int64_t channels = z1.cols();

  dyadic::ResidualParams p;
  p.multipliers1 = readMultipliers(args, "m1", "e1", channels);
  p.multipliers2 = readMultipliers(args, "m2", "e2", channels);
  const ClampOptions c = readClampOptions(args, channels);
  const std::string out = args.required("out");
  p.zeroPoints = c.zeroPoints;
  p.activation = c.activation;
  p.clipLo = c.lo;
  p.clipHi = c.hi;
  p.outBits = c.outBits;
  p.outSigned = c.outSigned;
  p.rounding = c.rounding;
  writeResult(out, dyadic::residual(z1, z2, p), z1File.tensor.shape(), c);
  return 0;
}

} // namespace quasar::cli
