// `quasar golden gemm | conv2d`: the exact GEMM of an accelerator's format pair, chosen by the
// pe section of its configuration (models/gemm.h, format_gemm.h, conv.h do the arithmetic).
//
// Choices (also in docs/golden-model.md, "## Command line"):
// - Operands are checked against the config before anything runs: int x int values within
//   a_bits / w_bits (signedness from a_signed / w_signed); OVP packed bytes within 0..255;
//   w4a8 activations int8; bitplane weights P-bit two's complement (or -1/+1 for P = 1 with
//   binary: pm1), P = --precision (default w_bits_max, at most w_bits_max); bitmod codes
//   within the mode's code bits, s_g within 1..255, special indices 0..3. Unsigned int
//   activations of a bit-serial array go to the signed kernels as (a_bits + 1)-bit values.
// - pe.ovp.normal int4/flint4 fixes both operands' normal type; auto needs --w-normal (and
//   --a-normal for w4a4), because the type is chosen per tensor by `quasar quantize`.
// - bitmod: --scales takes either the [N, 1 + groups] file `quasar quantize --format bitmod`
//   writes (column 0, delta_c, is not used by the integer GEMM) or plain s_g [N, groups];
//   --specials may be omitted for the int modes (their codes ignore it).
// - K beyond limits.k_max is allowed with a note on stderr (the array would need several
//   passes); the accumulator check still decides: overflow is exit 1 with the CheckError text.
// - ACC.npy is i32 when acc_bits <= 32 (every value fits once the check passed), else i64.
// - conv2d: X [N, H, W, C] and W [K, R, S, C] integer files, symmetric --stride, --padding,
//   --dilation; the accumulator width from --arch (int PEs only) or --acc-bits (default 64,
//   no check). Y is [N, OH, OW, K].
#include "args.h"
#include "cmd_golden.h"
#include "cmd_golden_io.h"
#include "commands.h"

#include "quasar/config/error.h"
#include "quasar/config/load.h"
#include "quasar/models/conv.h"
#include "quasar/models/format_gemm.h"

#include <iostream>

namespace quasar::cli {
namespace {

using models::IntMatrix;
namespace ovp = models::ovp;
namespace bs = models::bitserial;

const char *kGemmHelp =
    R"(usage: quasar golden gemm --arch CONFIG.yaml --a A.npy --w W.npy [format options]
                          --out ACC.npy

ACC [M, N] = A [M, K] x W [N, K]^T, exact, for the format pair of CONFIG's pe section, with
the accumulator check of pe.acc_bits: if some output could overflow a signed acc_bits
register in any accumulation order, nothing is written and the exit code is 1.
A and W are integer .npy files of rank 2 (rank 1 = one row):
  pe.type int        A within a_bits, W within w_bits (signedness from a_signed, w_signed)
  pe.type ovp        W: packed OVP bytes [N, Kp/2] (u8, as `quasar quantize --format ovp4`
                     writes them); w4a4: A packed bytes [M, Kp/2]; w4a8: A int8 [M, K or Kp].
                     [--w-normal int4|flint4] [--a-normal int4|flint4]: required when
                     pe.ovp.normal is auto, otherwise equal to it if given.
  pe.type bitserial  A within a_bits.
    bitplane         W: integer weights [N, K]; [--precision P] (default w_bits_max).
    bitmod           W: code bit patterns [N, groups*G] (G = pe.bitserial.group);
                     --mode fp4|fp3|int8|int6|int4 (one of pe.bitserial.modes);
                     --scales S.npy: [N, 1 + groups] as quantize writes it, or s_g [N, groups];
                     --specials SP.npy [N, groups] (fp modes; int modes default to 0).
ACC.npy: i32 when acc_bits <= 32, else i64.
)";

const char *kConvHelp =
    R"(usage: quasar golden conv2d --in X.npy --w W.npy [--stride S] [--padding P] [--dilation D]
                            [--zero-point Z] [--arch CONFIG.yaml | --acc-bits B] --out Y.npy

NHWC conv2d lowered to an exact GEMM (im2col): X [N, H, W, C] and W [K, R, S, C] integer
files, Y [N, OH, OW, K] with OH = floor((H + 2P - D(R - 1) - 1) / S) + 1 (OW likewise).
Padded taps hold the input zero point Z (default 0). The accumulator check uses pe.acc_bits
of --arch (an int PE config; its a_bits/w_bits bound X and W) or --acc-bits (2..64; default 64,
no check). Y.npy: i32 when the accumulator is at most 32 bits, else i64.
)";

ovp::NormalType normalFor(const Args &args, const std::string &option,
                          const config::AccelConfig &cfg) {
  const auto text = args.option(option);
  std::optional<ovp::NormalType> given;
  if (text) {
    if (*text == "int4")
      given = ovp::NormalType::Int4;
    else if (*text == "flint4")
      given = ovp::NormalType::Flint4;
    else
      throw UsageError("--" + option + " must be int4 or flint4, got '" + *text + "'");
  }
  const config::OvpNormal fixed = cfg.pe.ovp.normal;
  if (fixed == config::OvpNormal::Auto) {
    if (!given)
      throw UsageError("pe.ovp.normal is auto in " + cfg.source_file + ": give --" + option +
                       " int4|flint4 (the type `quasar quantize` chose for that tensor)");
    return *given;
  }
  const ovp::NormalType type =
      fixed == config::OvpNormal::Int4 ? ovp::NormalType::Int4 : ovp::NormalType::Flint4;
  if (given && *given != type)
    throw UsageError("--" + option + " " + *text + " contradicts pe.ovp.normal " +
                     config::toString(fixed) + " of " + cfg.source_file);
  return type;
}

ovp::ByteMatrix bytesOf(const NamedTensor &t) {
  requireIntRange(t, 0, 255, "packed OVP bytes");
  return t.tensor.toIntMatrix().cast<uint8_t>();
}

// One integer operand: rank 1 or 2, integers.
IntMatrix matrixOf(const NamedTensor &t) {
  requireMatrixRank(t);
  requireIntegerTensor(t);
  return t.tensor.toIntMatrix();
}

void requireOperandBits(const NamedTensor &t, int bits, bool isSigned, const std::string &key) {
  requireIntRange(t, intMin(bits, isSigned), intMax(bits, isSigned),
                  key + " = " + std::to_string(bits) + (isSigned ? " signed" : " unsigned"));
}

// Only the options of the config's format pair may be given.
void rejectOptions(const Args &args, std::initializer_list<const char *> names,
                   const std::string &why) {
  for (const char *n : names)
    if (args.option(n)) throw UsageError(std::string("--") + n + " " + why);
}

bs::Mode parseMode(const std::string &text) {
  if (text == "fp4") return bs::Mode::Fp4;
  if (text == "fp3") return bs::Mode::Fp3;
  if (text == "int8") return bs::Mode::Int8;
  if (text == "int6") return bs::Mode::Int6;
  if (text == "int4") return bs::Mode::Int4;
  throw UsageError("--mode must be fp4, fp3, int8, int6 or int4, got '" + text + "'");
}

bs::BitmodWeights bitmodWeights(const Args &args, const config::AccelConfig &cfg,
                                const NamedTensor &wFile, int64_t activationCols) {
  const std::string modeText = args.required("mode");
  const bs::Mode mode = parseMode(modeText);
  bool built = false;
  std::string builtList;
  for (config::BitmodMode m : cfg.pe.bitserial.modes) {
    built = built || config::toString(m) == modeText;
    builtList += (builtList.empty() ? "" : ", ") + config::toString(m);
  }
  if (!built)
    throw InputError("--mode " + modeText + " is not among pe.bitserial.modes of " +
                     cfg.source_file + " (" + builtList + ")");
  const int group = cfg.pe.bitserial.group;
  const IntMatrix codes = matrixOf(wFile);
  if (codes.cols() % group != 0)
    throw InputError(wFile.what() + ": " + std::to_string(codes.cols()) +
                     " code columns, expected a multiple of pe.bitserial.group (" +
                     std::to_string(group) + "): the last group is zero-padded");
  const int64_t groups = codes.cols() / group;
  requireIntRange(wFile, 0, (int64_t(1) << bs::codeBits(mode)) - 1,
                  std::to_string(bs::codeBits(mode)) + "-bit " + modeText + " codes");

  const NamedTensor sFile = readOperand("--scales", args.required("scales"));
  if (sFile.tensor.rank() != 2 || sFile.tensor.shape()[0] != codes.rows() ||
      (sFile.tensor.shape()[1] != groups && sFile.tensor.shape()[1] != groups + 1))
    throw InputError(sFile.what() + ": shape " + models::shapeString(sFile.tensor.shape()) +
                     ", expected [" + std::to_string(codes.rows()) + ", " +
                     std::to_string(groups + 1) + "] (delta_c, then s_g) or [" +
                     std::to_string(codes.rows()) + ", " + std::to_string(groups) + "] (s_g)");
  const int64_t first = sFile.tensor.shape()[1] - groups;
  IntMatrix scales(codes.rows(), groups);
  for (int64_t r = 0; r < codes.rows(); ++r) {
    for (int64_t g = 0; g < groups; ++g) {
      const double v = sFile.tensor.realAt(r * (groups + first) + first + g);
      if (!(v >= 1 && v <= 255) || v != double(int64_t(v)))
        throw InputError(sFile.what() + ": s_g at (" + std::to_string(r) + ", " +
                         std::to_string(g) + ") is " + shortNumber(v) +
                         ", expected an integer 1..255");
      scales(r, g) = int64_t(v);
    }
  }

  IntMatrix specials = IntMatrix::Zero(codes.rows(), groups);
  if (auto path = args.option("specials")) {
    const NamedTensor spFile = readOperand("--specials", *path);
    requireIntRange(spFile, 0, 3, "special-value indices");
    models::requireShape(spFile.tensor, {codes.rows(), groups}, spFile.what());
    specials = spFile.tensor.toIntMatrix();
  } else if (bs::isFloatMode(mode)) {
    throw UsageError("--mode " + modeText + " needs --specials SP.npy (the special-value index "
                                            "of each group)");
  }
  bs::BitmodWeights w;
  w.mode = mode;
  w.group = group;
  // K of the activations when they omit the last group's padding, else the padded K.
  w.cols = activationCols < codes.cols() && activationCols > codes.cols() - group
               ? activationCols
               : codes.cols();
  w.codes = codes;
  w.scales = scales;
  w.specialIndex = specials;
  w.delta = Eigen::VectorXd::Ones(codes.rows());
  w.groupScale = Eigen::MatrixXd::Zero(codes.rows(), groups);
  return w;
}

models::DType accDType(int accBits) {
  return accBits <= 32 ? models::DType::I32 : models::DType::I64;
}

} // namespace

int goldenGemm(const std::vector<std::string> &argv) {
  if (wantsHelp(argv, kGemmHelp)) return 0;
  const Args args(argv,
                  {"arch", "a", "w", "out", "scales", "specials", "mode", "precision",
                   "a-normal", "w-normal"},
                  {});
  args.expectPositional(0, "no positional arguments");
  const config::AccelConfig cfg = config::loadAccel(args.required("arch"));
  if (cfg.top == config::TopKind::Pipeline)
    throw InputError(cfg.source_file + ": top: pipeline has no array, so no GEMM");
  const NamedTensor aFile = readOperand("--a", args.required("a"));
  const NamedTensor wFile = readOperand("--w", args.required("w"));
  const std::string out = args.required("out");
  const IntMatrix aRaw = matrixOf(aFile);
  matrixOf(wFile);
  const config::PeConfig &pe = cfg.pe;
  const int accBits = pe.acc_bits;

  // K as the array sees it (packed OVP activations hold two elements per byte).
  const bool packedA = pe.type == config::PeType::Ovp && pe.ovp.mode == config::OvpMode::W4A4;
  const int64_t k = packedA ? 2 * aRaw.cols() : aRaw.cols();
  if (k > cfg.limits.k_max)
    std::cerr << "note: K = " << k << " exceeds limits.k_max (" << cfg.limits.k_max << ") of "
              << cfg.source_file << ": the array would need several passes\n";

  IntMatrix acc;
  std::string pair;
  if (pe.type == config::PeType::Int) {
    rejectOptions(args, {"scales", "specials", "mode", "precision", "a-normal", "w-normal"},
                  "does not apply to pe.type int");
    requireOperandBits(aFile, pe.a_bits, pe.a_signed, "a_bits");
    requireOperandBits(wFile, pe.w_bits, pe.w_signed, "w_bits");
    pair = "int" + std::to_string(pe.a_bits) + (pe.a_signed ? "" : "u") + " x int" +
           std::to_string(pe.w_bits) + (pe.w_signed ? "" : "u");
    acc = models::gemm(aRaw, wFile.tensor.toIntMatrix(), accBits);
  } else if (pe.type == config::PeType::Ovp) {
    rejectOptions(args, {"scales", "specials", "mode", "precision"},
                  "does not apply to pe.type ovp");
    const ovp::NormalType wType = normalFor(args, "w-normal", cfg);
    const ovp::ByteMatrix wBytes = bytesOf(wFile);
    const char *wName = wType == ovp::NormalType::Int4 ? "int4" : "flint4";
    if (pe.ovp.mode == config::OvpMode::W4A4) {
      const ovp::NormalType aType = normalFor(args, "a-normal", cfg);
      pair = std::string("ovp w4a4 (A ") + (aType == ovp::NormalType::Int4 ? "int4" : "flint4") +
             ", W " + wName + ")";
      acc = models::gemmOvp(bytesOf(aFile), aType, wBytes, wType, accBits);
    } else {
      rejectOptions(args, {"a-normal"}, "does not apply to w4a8 (activations are int8)");
      requireOperandBits(aFile, 8, true, "w4a8 activations");
      pair = std::string("ovp w4a8 (A int8, W ") + wName + ")";
      acc = models::gemmOvpInt8(aRaw, wBytes, wType, accBits);
    }
  } else {
    rejectOptions(args, {"a-normal", "w-normal"}, "does not apply to pe.type bitserial");
    requireOperandBits(aFile, pe.a_bits, pe.a_signed, "a_bits");
    const int aBits = pe.a_signed ? pe.a_bits : pe.a_bits + 1;
    if (pe.bitserial.encoding == config::BitEncoding::Bitplane) {
      rejectOptions(args, {"scales", "specials", "mode"}, "does not apply to bitplane weights");
      const int maxP = pe.bitserial.w_bits_max;
      const int precision = int(args.integer("precision", maxP, 1, maxP));
      const bool pm1 = pe.bitserial.binary == config::BitBinary::PlusMinusOne;
      if (precision == 1 && pm1) {
        const IntMatrix w = wFile.tensor.toIntMatrix();
        for (Eigen::Index i = 0; i < w.size(); ++i)
          if (w.data()[i] != 1 && w.data()[i] != -1)
            throw InputError(wFile.what() + ": element " + std::to_string(i) + " is " +
                             std::to_string(w.data()[i]) +
                             "; P = 1 with binary: pm1 takes -1 or +1");
      } else {
        requireOperandBits(wFile, precision, true, "bitplane precision P");
      }
      pair = "int" + std::to_string(pe.a_bits) + " x bitplane P = " + std::to_string(precision) +
             (precision == 1 && pm1 ? " (pm1)" : "");
      acc = models::gemmBitplane(aRaw, aBits, wFile.tensor.toIntMatrix(), precision, pm1,
                                 accBits);
    } else {
      rejectOptions(args, {"precision"}, "does not apply to bitmod weights");
      const bs::BitmodWeights w = bitmodWeights(args, cfg, wFile, aRaw.cols());
      pair = "int" + std::to_string(pe.a_bits) + " x bitmod " + *args.option("mode") +
             " (group " + std::to_string(w.group) + ")";
      acc = models::gemmBitmod(aRaw, aBits, w, accBits);
    }
  }
  const models::DType dtype = accDType(accBits);
  writeOperand("--out", out, models::Tensor::fromIntMatrix(acc, dtype));
  std::cout << out << ": " << models::dtypeName(dtype) << " [" << acc.rows() << ", "
            << acc.cols() << "], " << pair << ", K " << k << ", acc_bits " << accBits
            << ": no overflow possible on this data; values in [" << acc.minCoeff() << ", "
            << acc.maxCoeff() << "]\n";
  return 0;
}

int goldenConv2d(const std::vector<std::string> &argv) {
  if (wantsHelp(argv, kConvHelp)) return 0;
  const Args args(argv,
                  {"in", "w", "stride", "padding", "dilation", "zero-point", "arch", "acc-bits",
                   "out"},
                  {});
  args.expectPositional(0, "no positional arguments");
  if (args.option("arch") && args.option("acc-bits"))
    throw UsageError("give --arch or --acc-bits, not both");
  const NamedTensor xFile = readOperand("--in", args.required("in"));
  const NamedTensor wFile = readOperand("--w", args.required("w"));
  for (const NamedTensor *t : {&xFile, &wFile}) {
    requireIntegerTensor(*t);
    if (t->tensor.rank() != 4)
      throw InputError(t->what() + ": wrong rank " + std::to_string(t->tensor.rank()) +
                       " (shape " + models::shapeString(t->tensor.shape()) + "), expected 4 (" +
                       (t == &xFile ? "[N, H, W, C]" : "[K, R, S, C]") + ")");
  }
  const auto &xs = xFile.tensor.shape();
  const auto &ws = wFile.tensor.shape();
  if (xs[3] != ws[3])
    throw InputError(wFile.what() + ": " + std::to_string(ws[3]) + " input channels, but " +
                     xFile.what() + " has " + std::to_string(xs[3]));
  int accBits = int(args.integer("acc-bits", 64, 2, 64));
  if (auto path = args.option("arch")) {
    const config::AccelConfig cfg = config::loadAccel(*path);
    if (cfg.pe.type != config::PeType::Int)
      throw InputError(cfg.source_file + ": conv2d runs on int PEs; pe.type is " +
                       config::toString(cfg.pe.type));
    requireOperandBits(xFile, cfg.pe.a_bits, cfg.pe.a_signed, "a_bits");
    requireOperandBits(wFile, cfg.pe.w_bits, cfg.pe.w_signed, "w_bits");
    accBits = cfg.pe.acc_bits;
  }
  const std::string out = args.required("out");

  models::Conv2dGeometry g;
  g.n = xs[0], g.h = xs[1], g.w = xs[2], g.c = xs[3];
  g.k = ws[0], g.r = ws[1], g.s = ws[2];
  const int64_t big = int64_t(1) << 30;
  g.strideH = g.strideW = args.integer("stride", 1, 1, big);
  g.padTop = g.padBottom = g.padLeft = g.padRight = args.integer("padding", 0, 0, big);
  g.dilationH = g.dilationW = args.integer("dilation", 1, 1, big);
  models::validateConv2d(g);
  const int64_t zp = args.integer("zero-point", 0, -(int64_t(1) << 31), (int64_t(1) << 31) - 1);

  // NHWC rows are pixels and KRSC rows output channels: both are plain row-major reshapes.
  const IntMatrix input = intRows(xFile);
  const IntMatrix weights = wFile.tensor.reshaped({g.k, g.r * g.s * g.c}).toIntMatrix();
  const IntMatrix y = models::conv2d(input, weights, g, zp, accBits);
  const models::DType dtype = accDType(accBits);
  const std::vector<int64_t> shape = {g.n, g.outH(), g.outW(), g.k};
  writeOperand("--out", out, intTensor(y, shape, dtype));
  std::cout << out << ": " << models::dtypeName(dtype) << " " << models::shapeString(shape)
            << ", GEMM " << g.gemmM() << " x " << g.k << " x " << g.gemmK() << ", acc_bits "
            << accBits << (accBits == 64 ? " (no check)" : ": no overflow possible on this data")
            << "; values in [" << y.minCoeff() << ", " << y.maxCoeff() << "]\n";
  return 0;
}

} // namespace quasar::cli
