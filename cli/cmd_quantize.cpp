// `quasar quantize`: quantize one real tensor into a number format of the golden model and
// write its codes, scales and dequantized values as .npy files; print the error it made.
//
// This file parses the command line and prints the report; the per-format work lives in
// cmd_quantize_formats.cpp. File layouts are in the help text below and in
// docs/golden-model.md, "## Command line".
#include "args.h"
#include "cmd_golden_io.h"
#include "cmd_quantize.h"
#include "commands.h"

#include "quasar/models/quant_int.h"

#include <cmath>
#include <iostream>
#include <map>

namespace quasar::cli {
namespace {

const char *kHelp =
    R"(usage: quasar quantize --format int|ovp4|bitplane|bitmod|minifloat [format options]
                      --axis row|tensor|group --in X.npy [--scale S | --scales S.npy]
                      [--codes C.npy] [--scales-out S.npy] [--dequant XQ.npy]

Quantizes the real tensor X ([rows, K], or [K] for one row; any dtype) and prints its shape,
the MSE, the SQNR in dB (10 log10(sum x^2 / sum (x - xq)^2)) and the chosen types and scales.
Scales are chosen per --axis (tensor: one; row: one per row, i.e. per output channel of
weights [N, K]; group: one per G consecutive elements of a row, the last group shorter)
unless --scale (one value for every unit) or --scales (a file with one value per unit, in the
--scales-out layout) gives them.

formats and their options:
  int        --bits B (2..16, default 8) [--unsigned] [--asymmetric]
             [--method maxabs|percentile|mse] [--percentile P (50..100, default 99.9)]
             [--mse-grid N (default 100)] [--rounding half_even|half_away|half_up|floor]
             [--group G (default 128)] [--zero-point Z | --zero-points Z.npy]
             [--zero-points-out Z.npy]; --axis may also be column.
             Zero points are needed with --asymmetric and given scales.
  ovp4       OliVe outlier-victim pairs (specs/ovp.md): [--normal int4|flint4|auto (default
             auto)] [--pair-policy larger|first (default larger)]; --axis row|tensor.
             Scales from the ovp_mse search unless given; with given scales, auto keeps the
             type with the smaller squared error (int4 on a tie).
  bitplane   --precision P (1..16): symmetric P-bit two's complement, --axis row|tensor, with
             the int options --method, --percentile, --mse-grid, --rounding. P = 1 needs --pm1
             (weights -1/+1 by sign, scale = mean |x| unless given).
  bitmod     --mode fp4|fp3|int8|int6|int4 [--group G (default 128)] [--specials-out SP.npy]
             (specs/bitserial.md "From real weights"; --axis group or omitted; no --scale).
  minifloat  --type e4m3|e5m2|e3m2|e2m3|e2m1, or --exp E --man M [--nan none|allones|ieee]
             (default none); [--bias B]; [--group G]; --axis row|tensor|group. Scale per unit
             = max |x| / the format's largest finite value (1 for an all-zero unit); round to
             nearest even, saturating.

output files (each written only when its option is given):
  --codes       int: i8/i16 (u8/u16 with --unsigned), the input's shape.
                ovp4: u8 packed bytes [rows, Kp/2], element 2k in bits 3:0, 2k+1 in bits
                7:4; odd K gets a zero pad column first (Kp = K + 1, reported).
                bitplane: the integer weights, i8/i16 (what `golden gemm` takes).
                bitmod: u8 code bit patterns [rows, groups*G], the last group zero-padded.
                minifloat: u8 (u16 beyond 8 bits) code bit patterns S.E..E.M..M.
                A one-row input ([K]) gives one-row codes.
  --scales-out  f64: tensor [1]; row [rows]; column [K]; group [rows, groups].
                bitmod: [rows, 1 + groups]: column 0 delta_c (the per-channel second-level
                scale), columns 1.. the 8-bit group scales s_g (integers 1..255).
  --zero-points-out  int --asymmetric: zero points, same layout as the scales.
  --specials-out     bitmod: u8 [rows, groups], the special-value index 0..3 of each group.
  --dequant     the dequantized tensor, the input's shape (f32 for f32 input, else f64).

exit codes: 0 done, 2 bad usage or bad input (a missing option, an option of another format,
a wrong rank, a non-finite element, an unreadable file)
)";

// Which format each format-specific option belongs to (an option may serve several).
const std::map<std::string, std::set<std::string>> &formatOptions() {
  static const std::map<std::string, std::set<std::string>> table = {
      {"bits", {"int"}},
      {"unsigned", {"int"}},
      {"asymmetric", {"int"}},
      {"method", {"int", "bitplane"}},
      {"percentile", {"int", "bitplane"}},
      {"mse-grid", {"int", "bitplane"}},
      {"rounding", {"int", "bitplane"}},
      {"zero-point", {"int"}},
      {"zero-points", {"int"}},
      {"zero-points-out", {"int"}},
      {"group", {"int", "bitmod", "minifloat"}},
      {"normal", {"ovp4"}},
      {"pair-policy", {"ovp4"}},
      {"precision", {"bitplane"}},
      {"pm1", {"bitplane"}},
      {"mode", {"bitmod"}},
      {"specials-out", {"bitmod"}},
      {"type", {"minifloat"}},
      {"exp", {"minifloat"}},
      {"man", {"minifloat"}},
      {"bias", {"minifloat"}},
      {"nan", {"minifloat"}},
  };
  return table;
}

const std::set<std::string> kFlagOptions = {"unsigned", "asymmetric", "pm1"};

std::string joined(const std::set<std::string> &names) {
  std::string s;
  for (const auto &n : names) s += (s.empty() ? "" : ", ") + n;
  return s;
}

void rejectForeignOptions(const Args &args, const std::string &format) {
  for (const auto &[name, owners] : formatOptions()) {
    const bool given = kFlagOptions.count(name) ? args.flag(name) : bool(args.option(name));
    if (given && !owners.count(format))
      throw UsageError("--" + name + " is not an option of --format " + format +
                       " (it belongs to " + joined(owners) + ")");
  }
}

Eigen::MatrixXd finiteMatrix(const NamedTensor &in) {
  requireMatrixRank(in);
  if (in.tensor.numel() == 0)
    throw InputError(in.what() + ": empty tensor (shape " +
                     models::shapeString(in.tensor.shape()) + ")");
  const Eigen::MatrixXd x = in.tensor.toRealMatrix();
  for (Eigen::Index r = 0; r < x.rows(); ++r) {
    for (Eigen::Index c = 0; c < x.cols(); ++c) {
      if (!std::isfinite(x(r, c)))
        throw InputError(in.what() + ": element (" + std::to_string(r) + ", " +
                         std::to_string(c) + ") is " + std::to_string(x(r, c)) +
                         "; only finite values can be quantized");
    }
  }
  return x;
}

} // namespace

int runQuantize(const std::vector<std::string> &argv) {
  if (wantsHelp(argv, kHelp)) return 0;
  std::set<std::string> valueOptions = {"format", "axis",       "in",         "scale",
                                        "scales", "codes",      "scales-out", "dequant"};
  std::set<std::string> flagOptions;
  for (const auto &entry : formatOptions()) {
    if (kFlagOptions.count(entry.first))
      flagOptions.insert(entry.first);
    else
      valueOptions.insert(entry.first);
  }
  const Args args(argv, valueOptions, flagOptions);
  args.expectPositional(0, "no positional arguments");

  const std::string format = args.required("format");
  static const std::set<std::string> formats = {"int", "ovp4", "bitplane", "bitmod", "minifloat"};
  if (!formats.count(format))
    throw UsageError("--format must be int, ovp4, bitplane, bitmod or minifloat, got '" + format +
                     "'");
  rejectForeignOptions(args, format);
  if (args.option("scale") && args.option("scales"))
    throw UsageError("give --scale or --scales, not both");

  QuantizeRequest req{args, format, "", readOperand("--in", args.required("in")), {}};
  req.axis = format == "bitmod" ? args.optionOr("axis", "group") : args.required("axis");
  req.x = finiteMatrix(req.in);

  QuantizeResult res;
  if (format == "int")
    res = quantizeIntFormat(req);
  else if (format == "ovp4")
    res = quantizeOvp4Format(req);
  else if (format == "bitplane")
    res = quantizeBitplaneFormat(req);
  else if (format == "bitmod")
    res = quantizeBitmodFormat(req);
  else
    res = quantizeMinifloatFormat(req);

  // Outputs keep a one-row input one-row (codes and dequantized values).
  const auto &inShape = req.in.tensor.shape();
  if (auto path = args.option("codes")) {
    models::Tensor codes = res.codes;
    if (inShape.size() == 1) codes = codes.reshaped({codes.numel()});
    writeOperand("--codes", *path, codes);
  }
  if (auto path = args.option("scales-out")) writeOperand("--scales-out", *path, res.scales);
  for (const auto &[option, tensor] : res.extras) {
    if (auto path = args.option(option)) writeOperand("--" + option, *path, tensor);
  }
  if (auto path = args.option("dequant")) {
    const models::DType dtype =
        req.in.tensor.dtype() == models::DType::F32 ? models::DType::F32 : models::DType::F64;
    writeOperand("--dequant", *path,
                 models::Tensor::fromRealMatrix(res.dequant, dtype).reshaped(inShape));
  }

  std::cout << req.in.path << ": shape " << models::shapeString(inShape) << " "
            << models::dtypeName(req.in.tensor.dtype()) << ", format " << format << ", axis "
            << req.axis << "\n";
  for (const auto &line : res.lines) std::cout << "  " << line << "\n";
  std::cout << "  MSE " << shortNumber(models::meanSquaredError(req.x, res.dequant)) << ", SQNR "
            << shortNumber(models::sqnrDb(req.x, res.dequant)) << " dB\n";
  return 0;
}

} // namespace quasar::cli
