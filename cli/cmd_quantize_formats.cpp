// The per-format work of `quasar quantize`: build the models' configuration from the options,
// quantize, and lay the results out as the files the help text documents.
//
// Choices (also in docs/golden-model.md, "## Command line"):
// - Given scales (--scale, --scales) must be finite and > 0; a --scales file must hold exactly
//   one value per unit (its shape may be anything with that many elements, row-major).
// - bitplane P >= 2 is the integer quantizer with bits = P, signed, symmetric. P = 1 exists
//   only as pm1 (the spec's {0, -1} two's complement bit has no symmetric quantizer): q = +1
//   for x >= 0 and -1 otherwise, scale = mean |x| over the unit (the scale that minimizes the
//   squared error for those signs; 1 for an all-zero unit).
// - minifloat: x / s is encoded with round to nearest even, saturating at the largest finite
//   value. The report counts saturated elements: |x / s| beyond the largest finite value by
//   more than half the step below it (computed scales only overshoot by a rounding error).
#include "cmd_quantize.h"

#include "quasar/config/error.h"
#include "quasar/models/bitserial.h"
#include "quasar/models/minifloat.h"
#include "quasar/models/ovp.h"
#include "quasar/models/quant_int.h"

#include <algorithm>
#include <cmath>
#include <optional>

namespace quasar::cli {
namespace {

using models::DType;
using models::IntMatrix;
using models::Tensor;
using models::RealRounding;

std::string scaleSummary(const Eigen::MatrixXd &s, const std::string &name = "scale",
                         const std::string &plural = "scales") {
  if (s.size() == 1) return "1 " + name + ": " + shortNumber(s(0, 0));
  return std::to_string(s.size()) + " " + plural + " in [" + shortNumber(s.minCoeff()) + ", " +
         shortNumber(s.maxCoeff()) + "]";
}

// Scales (or zero points) as the --scales-out layout: tensor [1], row [rows], column [cols],
// group [rows, groups].
Tensor unitTensor(const Eigen::MatrixXd &s, const std::string &axis) {
  const Tensor t = Tensor::fromRealMatrix(s, DType::F64);
  if (axis == "group") return t;
  return t.reshaped({int64_t(s.size())});
}

Tensor unitIntTensor(const IntMatrix &z, const std::string &axis, DType dtype) {
  const Tensor t = Tensor::fromIntMatrix(z, dtype);
  if (axis == "group") return t;
  return t.reshaped({int64_t(z.size())});
}

// --scale S (every unit) or --scales FILE (one per unit, row-major), or nothing.
std::optional<Eigen::MatrixXd> givenScales(const QuantizeRequest &req, Eigen::Index rows,
                                           Eigen::Index cols) {
  Eigen::MatrixXd s(rows, cols);
  std::string what;
  if (auto text = req.args.option("scale")) {
    s.setConstant(req.args.real("scale", 1.0));
    what = "--scale " + *text;
  } else if (auto path = req.args.option("scales")) {
    const NamedTensor t = readOperand("--scales", *path);
    if (t.tensor.numel() != rows * cols)
      throw InputError(t.what() + ": shape " + models::shapeString(t.tensor.shape()) + " holds " +
                       std::to_string(t.tensor.numel()) + " scales, --axis " + req.axis +
                       " needs " + std::to_string(rows * cols) + " (" + std::to_string(rows) +
                       " x " + std::to_string(cols) + ")");
    // Row-major file order; Eigen's MatrixXd is column-major, so index explicitly.
    for (Eigen::Index r = 0; r < rows; ++r)
      for (Eigen::Index c = 0; c < cols; ++c) s(r, c) = t.tensor.realAt(r * cols + c);
    what = t.what();
  } else {
    return std::nullopt;
  }
  for (Eigen::Index i = 0; i < s.size(); ++i) {
    if (!std::isfinite(s.data()[i]) || s.data()[i] <= 0)
      throw InputError(what + ": scale " + std::to_string(s.data()[i]) +
                       " must be finite and > 0");
  }
  return s;
}

void requireAxis(const QuantizeRequest &req, std::initializer_list<const char *> allowed) {
  std::string list;
  for (const char *a : allowed) {
    if (req.axis == a) return;
    list += (list.empty() ? "" : ", ") + std::string(a);
  }
  throw UsageError("--axis " + req.axis + " is not available for --format " + req.format +
                   " (allowed: " + list + ")");
}

int64_t groupOption(const QuantizeRequest &req) {
  const int64_t g = req.args.integer("group", 128, 1, int64_t(1) << 30);
  if (req.args.option("group") && req.axis != "group")
    throw UsageError("--group needs --axis group");
  return g;
}

RealRounding parseRealRounding(const std::string &text) {
  if (text == "half_even") return RealRounding::HalfEven;
  if (text == "half_away") return RealRounding::HalfAway;
  if (text == "half_up") return RealRounding::HalfUp;
  if (text == "floor") return RealRounding::Floor;
  throw UsageError("--rounding must be half_even, half_away, half_up or floor, got '" + text +
                   "'");
}

// The integer quantizer's options shared by int and bitplane (P >= 2).
models::IntQuantConfig intLikeConfig(const QuantizeRequest &req) {
  models::IntQuantConfig c;
  const std::string axis = req.axis;
  c.granularity = axis == "tensor"   ? models::QuantGranularity::PerTensor
                  : axis == "row"    ? models::QuantGranularity::PerRow
                  : axis == "column" ? models::QuantGranularity::PerColumn
                                     : models::QuantGranularity::PerGroup;
  const std::string method = req.args.optionOr("method", "maxabs");
  if (method == "maxabs")
    c.method = models::ScaleMethod::MaxAbs;
  else if (method == "percentile")
    c.method = models::ScaleMethod::Percentile;
  else if (method == "mse")
    c.method = models::ScaleMethod::Mse;
  else
    throw UsageError("--method must be maxabs, percentile or mse, got '" + method + "'");
  if (req.args.option("percentile") && c.method != models::ScaleMethod::Percentile)
    throw UsageError("--percentile needs --method percentile");
  if (req.args.option("mse-grid") && c.method != models::ScaleMethod::Mse)
    throw UsageError("--mse-grid needs --method mse");
  if ((req.args.option("scale") || req.args.option("scales")) && req.args.option("method"))
    throw UsageError("--method chooses scales; it cannot be combined with --scale/--scales");
  c.percentile = req.args.real("percentile", 99.9);
  c.mseGridSize = int(req.args.integer("mse-grid", 100, 1, 100000));
  c.rounding = parseRealRounding(req.args.optionOr("rounding", "half_even"));
  return c;
}

std::string methodText(const models::IntQuantConfig &c, bool given) {
  if (given) return "given scales";
  switch (c.method) {
  case models::ScaleMethod::MaxAbs: return "maxabs";
  case models::ScaleMethod::Percentile: return "percentile " + shortNumber(c.percentile);
  case models::ScaleMethod::Mse: return "mse (grid " + std::to_string(c.mseGridSize) + ")";
  }
  return "";
}

const char *roundingText(RealRounding r) {
  switch (r) {
  case RealRounding::HalfEven: return "half_even";
  case RealRounding::HalfAway: return "half_away";
  case RealRounding::HalfUp: return "half_up";
  case RealRounding::Floor: return "floor";
  }
  return "";
}

// Quantizes with the int quantizer (computed or given scales and zero points).
models::IntQuantized runIntQuantizer(const QuantizeRequest &req, const models::IntQuantConfig &c,
                                     bool allowZeroPoints) {
  const auto [sr, sc] = models::scaleShape(c, req.x.rows(), req.x.cols());
  const auto scales = givenScales(req, sr, sc);
  const bool zpGiven = req.args.option("zero-point") || req.args.option("zero-points");
  if (!scales) {
    if (zpGiven) throw UsageError("--zero-point/--zero-points need --scale or --scales");
    return models::quantizeInt(req.x, c);
  }
  IntMatrix zp = IntMatrix::Zero(sr, sc);
  if (allowZeroPoints && !c.symmetric) {
    if (req.args.option("zero-point") && req.args.option("zero-points"))
      throw UsageError("give --zero-point or --zero-points, not both");
    if (req.args.option("zero-point")) {
      zp.setConstant(req.args.integer("zero-point", 0, models::codeMin(c), models::codeMax(c)));
    } else if (auto path = req.args.option("zero-points")) {
      const NamedTensor t = readOperand("--zero-points", *path);
      requireIntRange(t, models::codeMin(c), models::codeMax(c), "the code range");
      if (t.tensor.numel() != sr * sc)
        throw InputError(t.what() + ": holds " + std::to_string(t.tensor.numel()) +
                         " zero points, --axis " + req.axis + " needs " +
                         std::to_string(sr * sc));
      for (Eigen::Index i = 0; i < zp.size(); ++i) zp.data()[i] = t.tensor.ints()[size_t(i)];
    } else {
      throw UsageError("--asymmetric with --scale/--scales needs --zero-point or --zero-points");
    }
  } else if (zpGiven) {
    throw UsageError("--zero-point/--zero-points need --asymmetric");
  }
  return models::quantizeIntWith(req.x, c, *scales, zp);
}

} // namespace

QuantizeResult quantizeIntFormat(const QuantizeRequest &req) {
  requireAxis(req, {"row", "tensor", "group", "column"});
  models::IntQuantConfig c = intLikeConfig(req);
  c.bits = int(req.args.integer("bits", 8, 2, 16));
  c.isSigned = !req.args.flag("unsigned");
  c.symmetric = !req.args.flag("asymmetric");
  c.groupSize = groupOption(req);
  if (!req.args.option("bits"))
    throw UsageError("--format int needs --bits B (2..16)");
  const models::IntQuantized q = runIntQuantizer(req, c, true);

  QuantizeResult res;
  const DType codeType = intDTypeFor(models::codeMin(c), models::codeMax(c));
  res.codes = Tensor::fromIntMatrix(q.codes, codeType);
  res.scales = unitTensor(q.scales, req.axis);
  if (!c.symmetric)
    res.extras.push_back({"zero-points-out", unitIntTensor(q.zeroPoints, req.axis, codeType)});
  else if (req.args.option("zero-points-out"))
    throw UsageError("--zero-points-out needs --asymmetric (symmetric zero points are 0)");
  res.dequant = q.dequantized;
  const bool given = req.args.option("scale") || req.args.option("scales");
  res.lines.push_back(std::string("int") + std::to_string(c.bits) + " " +
                      (c.isSigned ? "signed" : "unsigned") + " " +
                      (c.symmetric ? "symmetric" : "asymmetric") + ", codes [" +
                      std::to_string(models::codeMin(c)) + ", " +
                      std::to_string(models::codeMax(c)) + "] " + models::dtypeName(codeType) +
                      ", " + methodText(c, given) + ", rounding " + roundingText(c.rounding) +
                      (req.axis == "group" ? ", group " + std::to_string(c.groupSize) : ""));
  std::string scaleLine = scaleSummary(q.scales);
  if (!c.symmetric)
    scaleLine += "; zero points in [" + std::to_string(q.zeroPoints.minCoeff()) + ", " +
                 std::to_string(q.zeroPoints.maxCoeff()) + "]";
  res.lines.push_back(scaleLine);
  return res;
}

QuantizeResult quantizeOvp4Format(const QuantizeRequest &req) {
  namespace ovp = models::ovp;
  requireAxis(req, {"row", "tensor"});
  const std::string normal = req.args.optionOr("normal", "auto");
  ovp::NormalChoice choice;
  if (normal == "int4")
    choice = ovp::NormalChoice::Int4;
  else if (normal == "flint4")
    choice = ovp::NormalChoice::Flint4;
  else if (normal == "auto")
    choice = ovp::NormalChoice::Auto;
  else
    throw UsageError("--normal must be int4, flint4 or auto, got '" + normal + "'");
  const std::string policyText = req.args.optionOr("pair-policy", "larger");
  ovp::PairPolicy policy;
  if (policyText == "larger")
    policy = ovp::PairPolicy::Larger;
  else if (policyText == "first")
    policy = ovp::PairPolicy::First;
  else
    throw UsageError("--pair-policy must be larger or first, got '" + policyText + "'");

  const bool perRow = req.axis == "row";
  const auto given = givenScales(req, perRow ? req.x.rows() : 1, 1);
  auto run = [&](ovp::NormalType type, const Eigen::VectorXd &scales) {
    return perRow ? ovp::quantize(req.x, scales, type, policy)
                  : ovp::quantize(req.x, scales(0), type, policy);
  };
  ovp::Quantized q;
  std::string scaleHow;
  if (!given) {
    const ovp::Calibration cal = perRow ? ovp::calibrateRows(req.x, choice, policy)
                                        : ovp::calibrateTensor(req.x, choice, policy);
    q = run(cal.normal, cal.scales);
    const int lo = cal.percents.minCoeff(), hi = cal.percents.maxCoeff();
    scaleHow = "ovp_mse search, alpha = xmax * i / 100 with i " +
               (lo == hi ? "= " + std::to_string(lo)
                         : "in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
  } else {
    const Eigen::VectorXd scales = given->col(0);
    if (choice == ovp::NormalChoice::Auto) {
      const ovp::Quantized qi = run(ovp::NormalType::Int4, scales);
      const ovp::Quantized qf = run(ovp::NormalType::Flint4, scales);
      const double ei = (ovp::dequantize(qi) - req.x).squaredNorm();
      const double ef = (ovp::dequantize(qf) - req.x).squaredNorm();
      q = ef < ei ? qf : qi;
    } else {
      q = run(choice == ovp::NormalChoice::Int4 ? ovp::NormalType::Int4 : ovp::NormalType::Flint4,
              scales);
    }
    scaleHow = "given scales";
  }

  QuantizeResult res;
  IntMatrix bytes = q.bytes.cast<int64_t>();
  res.codes = Tensor::fromIntMatrix(bytes, DType::U8);
  const Eigen::MatrixXd scaleMatrix =
      perRow ? Eigen::MatrixXd(q.scales) : Eigen::MatrixXd::Constant(1, 1, q.scales(0));
  res.scales = unitTensor(scaleMatrix, req.axis);
  res.dequant = ovp::dequantize(q);
  const int64_t total = req.x.rows() * q.cols;
  res.lines.push_back(std::string("normal ") +
                      (q.normal == ovp::NormalType::Int4 ? "int4" : "flint4") +
                      (choice == ovp::NormalChoice::Auto ? " (chosen by auto)" : "") +
                      ", pair policy " + policyText);
  res.lines.push_back("outliers " + std::to_string(q.outlierCount) + " of " +
                      std::to_string(total) + " (fraction " + shortNumber(q.outlierFraction) +
                      "), " + std::to_string(q.droppedOutliers) +
                      " more became victims of a both-outlier pair");
  if (q.padded)
    res.lines.push_back("K = " + std::to_string(q.cols) + " is odd: padded to " +
                        std::to_string(q.paddedCols()) + " with a zero column (codes hold " +
                        std::to_string(q.paddedCols() / 2) + " bytes per row)");
  res.lines.push_back(scaleSummary(scaleMatrix) + " (" + scaleHow + ")");
  return res;
}

QuantizeResult quantizeBitplaneFormat(const QuantizeRequest &req) {
  requireAxis(req, {"row", "tensor"});
  req.args.required("precision"); // "missing required option" before the range check
  const int precision = int(req.args.integer("precision", 0, 1, 16));
  QuantizeResult res;
  if (precision == 1) {
    if (!req.args.flag("pm1"))
      throw UsageError("--precision 1 needs --pm1 (weights -1/+1); the two's complement bit "
                       "{0, -1} has no symmetric quantizer");
    for (const char *o : {"method", "percentile", "mse-grid", "rounding"})
      if (req.args.option(o))
        throw UsageError(std::string("--") + o + " does not apply to --precision 1 --pm1");
    const bool perRow = req.axis == "row";
    const Eigen::Index units = perRow ? req.x.rows() : 1;
    Eigen::MatrixXd scales(units, 1);
    if (auto given = givenScales(req, units, 1)) {
      scales = *given;
    } else {
      for (Eigen::Index u = 0; u < units; ++u) {
        const double meanAbs = perRow ? req.x.row(u).cwiseAbs().mean() : req.x.cwiseAbs().mean();
        scales(u, 0) = meanAbs > 0 ? meanAbs : 1.0;
      }
    }
    IntMatrix codes(req.x.rows(), req.x.cols());
    res.dequant.resize(req.x.rows(), req.x.cols());
    for (Eigen::Index r = 0; r < req.x.rows(); ++r) {
      for (Eigen::Index c = 0; c < req.x.cols(); ++c) {
        codes(r, c) = req.x(r, c) >= 0 ? 1 : -1;
        res.dequant(r, c) = double(codes(r, c)) * scales(perRow ? r : 0, 0);
      }
    }
    res.codes = Tensor::fromIntMatrix(codes, DType::I8);
    res.scales = unitTensor(scales, req.axis);
    res.lines.push_back("bitplane P = 1, pm1 (weights -1/+1 by sign), " +
                        std::string(req.args.option("scale") || req.args.option("scales")
                                        ? "given scales"
                                        : "scale = mean |x|"));
    res.lines.push_back(scaleSummary(scales));
    return res;
  }
  if (req.args.flag("pm1")) throw UsageError("--pm1 only applies to --precision 1");
  models::IntQuantConfig c = intLikeConfig(req);
  c.bits = precision;
  const models::IntQuantized q = runIntQuantizer(req, c, false);
  const DType codeType = intDTypeFor(models::codeMin(c), models::codeMax(c));
  res.codes = Tensor::fromIntMatrix(q.codes, codeType);
  res.scales = unitTensor(q.scales, req.axis);
  res.dequant = q.dequantized;
  const bool given = req.args.option("scale") || req.args.option("scales");
  res.lines.push_back("bitplane P = " + std::to_string(precision) +
                      " (two's complement, symmetric), weights [" +
                      std::to_string(models::codeMin(c)) + ", " +
                      std::to_string(models::codeMax(c)) + "] " + models::dtypeName(codeType) +
                      ", " + methodText(c, given) + ", rounding " + roundingText(c.rounding));
  res.lines.push_back(scaleSummary(q.scales));
  return res;
}

QuantizeResult quantizeBitmodFormat(const QuantizeRequest &req) {
  namespace bs = models::bitserial;
  requireAxis(req, {"group"});
  if (req.args.option("scale") || req.args.option("scales"))
    throw UsageError("--format bitmod chooses its own two-level scales; --scale/--scales "
                     "do not apply");
  const std::string modeText = req.args.required("mode");
  bs::Mode mode;
  if (modeText == "fp4")
    mode = bs::Mode::Fp4;
  else if (modeText == "fp3")
    mode = bs::Mode::Fp3;
  else if (modeText == "int8")
    mode = bs::Mode::Int8;
  else if (modeText == "int6")
    mode = bs::Mode::Int6;
  else if (modeText == "int4")
    mode = bs::Mode::Int4;
  else
    throw UsageError("--mode must be fp4, fp3, int8, int6 or int4, got '" + modeText + "'");
  const int group = int(groupOption(req));
  const bs::BitmodWeights w = bs::quantizeBitmod(req.x, mode, group);

  QuantizeResult res;
  res.codes = Tensor::fromIntMatrix(w.codes, DType::U8);
  Eigen::MatrixXd scales(w.codes.rows(), 1 + w.groups());
  scales.col(0) = w.delta;
  scales.rightCols(w.groups()) = w.scales.cast<double>();
  res.scales = Tensor::fromRealMatrix(scales, DType::F64);
  res.extras.push_back({"specials-out", Tensor::fromIntMatrix(w.specialIndex, DType::U8)});
  res.dequant = bs::dequantizeBitmod(w);
  res.lines.push_back("bitmod " + modeText + ", group " + std::to_string(group) + ", " +
                      std::to_string(w.groups()) + " group(s) per row" +
                      (w.paddedCols() != w.cols
                           ? " (K " + std::to_string(w.cols) + " zero-padded to " +
                                 std::to_string(w.paddedCols()) + ")"
                           : ""));
  if (bs::isFloatMode(mode)) {
    int64_t use[4] = {0, 0, 0, 0};
    for (Eigen::Index i = 0; i < w.specialIndex.size(); ++i) ++use[w.specialIndex.data()[i]];
    res.lines.push_back("special index per group: 0 (+ER) " + std::to_string(use[0]) +
                        ", 1 (-ER) " + std::to_string(use[1]) + ", 2 (+EA) " +
                        std::to_string(use[2]) + ", 3 (-EA) " + std::to_string(use[3]));
  }
  res.lines.push_back("group scales s_g in [" + std::to_string(w.scales.minCoeff()) + ", " +
                      std::to_string(w.scales.maxCoeff()) + "], " +
                      scaleSummary(Eigen::MatrixXd(w.delta), "delta_c", "delta_c"));
  return res;
}

QuantizeResult quantizeMinifloatFormat(const QuantizeRequest &req) {
  requireAxis(req, {"row", "tensor", "group"});
  const auto typeText = req.args.option("type");
  const bool custom = req.args.option("exp") || req.args.option("man");
  if (typeText && custom) throw UsageError("give --type or --exp/--man, not both");
  models::MinifloatFormat f;
  if (typeText) {
    if (req.args.option("nan")) throw UsageError("--nan applies to --exp/--man formats only");
    if (*typeText == "e4m3")
      f = models::e4m3();
    else if (*typeText == "e5m2")
      f = models::e5m2();
    else if (*typeText == "e3m2")
      f = models::e3m2();
    else if (*typeText == "e2m3")
      f = models::e2m3();
    else if (*typeText == "e2m1")
      f = models::e2m1();
    else
      throw UsageError("--type must be e4m3, e5m2, e3m2, e2m3 or e2m1, got '" + *typeText + "'");
    if (req.args.option("bias"))
      f = models::makeMinifloat(f.expBits, f.manBits, f.nan,
                                int(req.args.integer("bias", 0, -128, 255)));
  } else if (custom) {
    if (!req.args.option("exp") || !req.args.option("man"))
      throw UsageError("a custom minifloat needs both --exp E and --man M");
    const int e = int(req.args.integer("exp", 4, 1, 8));
    const int m = int(req.args.integer("man", 3, 0, 7));
    const std::string nanText = req.args.optionOr("nan", "none");
    models::MinifloatNan nan;
    if (nanText == "none")
      nan = models::MinifloatNan::None;
    else if (nanText == "allones")
      nan = models::MinifloatNan::AllOnes;
    else if (nanText == "ieee")
      nan = models::MinifloatNan::Ieee;
    else
      throw UsageError("--nan must be none, allones or ieee, got '" + nanText + "'");
    f = req.args.option("bias")
            ? models::makeMinifloat(e, m, nan, int(req.args.integer("bias", 0, -128, 255)))
            : models::makeMinifloat(e, m, nan);
  } else {
    throw UsageError("--format minifloat needs --type e4m3|e5m2|e3m2|e2m3|e2m1 or --exp E --man M");
  }

  const int64_t g = groupOption(req);
  const Eigen::Index rows = req.x.rows(), cols = req.x.cols();
  const Eigen::Index ur = req.axis == "tensor" ? 1 : rows;
  const Eigen::Index uc = req.axis == "group" ? (cols + g - 1) / g : 1;
  auto unitRow = [&](Eigen::Index r) { return req.axis == "tensor" ? 0 : r; };
  auto unitCol = [&](Eigen::Index c) { return req.axis == "group" ? c / g : 0; };
  const double maxFinite = models::maxFinite(f);
  // Saturation that changes a value: beyond the largest finite value by more than half the
  // step below it (computed scales only overshoot by a rounding error of x / s).
  const std::vector<double> finite = models::finiteValues(f);
  const double saturationLimit =
      maxFinite + (finite.size() >= 2 ? (maxFinite - finite[finite.size() - 2]) / 2 : 0.0);
  Eigen::MatrixXd scales;
  if (auto given = givenScales(req, ur, uc)) {
    scales = *given;
  } else {
    Eigen::MatrixXd maxAbs = Eigen::MatrixXd::Zero(ur, uc);
    for (Eigen::Index r = 0; r < rows; ++r)
      for (Eigen::Index c = 0; c < cols; ++c)
        maxAbs(unitRow(r), unitCol(c)) =
            std::max(maxAbs(unitRow(r), unitCol(c)), std::abs(req.x(r, c)));
    scales = maxAbs / maxFinite;
    for (Eigen::Index i = 0; i < scales.size(); ++i)
      if (!(scales.data()[i] > 0)) scales.data()[i] = 1.0; // all-zero unit (or underflow)
  }
  IntMatrix codes(rows, cols);
  QuantizeResult res;
  res.dequant.resize(rows, cols);
  int64_t saturated = 0;
  for (Eigen::Index r = 0; r < rows; ++r) {
    for (Eigen::Index c = 0; c < cols; ++c) {
      const double s = scales(unitRow(r), unitCol(c));
      const double y = req.x(r, c) / s;
      if (std::abs(y) > saturationLimit) ++saturated;
      const uint16_t code = models::encodeMinifloat(f, y);
      codes(r, c) = code;
      res.dequant(r, c) = models::decodeMinifloat(f, code) * s;
    }
  }
  const DType codeType = 1 + f.expBits + f.manBits <= 8 ? DType::U8 : DType::U16;
  res.codes = Tensor::fromIntMatrix(codes, codeType);
  res.scales = unitTensor(scales, req.axis);
  const bool given = req.args.option("scale") || req.args.option("scales");
  res.lines.push_back(models::describe(f) + ", max finite " + shortNumber(maxFinite) + ", codes " +
                      models::dtypeName(codeType) +
                      (req.axis == "group" ? ", group " + std::to_string(g) : ""));
  res.lines.push_back(scaleSummary(scales) +
                      (given ? " (given)" : " (max |x| / max finite)") + ", " +
                      std::to_string(saturated) + " element(s) saturated");
  return res;
}

} // namespace quasar::cli
