// Software side of the nonlinear units: real scales and affine parameters turned into the
// integer constants the hardware loads. Floats are allowed here and nowhere else in the units;
// each formula is evaluated in IEEE double exactly as the spec writes it.
#include "quasar/config/error.h"
#include "quasar/models/nonlinear.h"

#include <cmath>
#include <cstdio>

namespace quasar::models::nonlinear {
namespace {

std::string formatReal(double x) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", x);
  return buf;
}

void checkScale(double scale, const std::string &where) {
  if (!std::isfinite(scale) || scale <= 0.0)
    throw InputError(where + ": scale " + formatReal(scale) +
                     " not allowed; it must be finite and > 0");
}

// floor(-1 / s) checked against the x0 range [-2^31, -1].
int64_t x0FromScale(double s, const std::string &where) {
  const double x0 = std::floor(-1.0 / s);
  if (!(x0 >= -2147483648.0))
    throw InputError(where + ": x0 = floor(-1 / " + formatReal(s) + ") = " + formatReal(x0) +
                     " is below -2^31; the scale is too small for the 32-bit x0");
  return int64_t(x0);
}

} // namespace

int64_t shiftmaxX0(double scale, const std::string &where) {
  checkScale(scale, where);
  return x0FromScale(scale, where);
}

int64_t shiftGeluX0(double scale, const std::string &where) {
  checkScale(scale, where);
  return x0FromScale(kGeluSigmoidFactor * scale, where);
}

int64_t layerNormBiasInt(double beta, double gamma, int64_t channels, const std::string &where) {
  if (channels < 1)
    throw InputError(where + ": channel count " + std::to_string(channels) + " must be >= 1");
  if (!std::isfinite(beta) || !std::isfinite(gamma) || gamma == 0.0)
    throw InputError(where + ": beta " + formatReal(beta) + ", gamma " + formatReal(gamma) +
                     " not allowed; both finite, gamma nonzero");
  const double b = std::floor((beta / gamma) /
                              (std::sqrt(double(channels)) / std::ldexp(1.0, kLayerNormBiasShift)));
  const double limit = std::ldexp(1.0, 62);
  if (!(b >= -limit && b <= limit))
    throw InputError(where + ": bias_int = " + formatReal(b) +
                     " outside -2^62..2^62 (beta / gamma too large)");
  return int64_t(b);
}

std::vector<int64_t> layerNormBiasInt(const std::vector<double> &beta,
                                      const std::vector<double> &gamma,
                                      const std::string &where) {
  if (beta.size() != gamma.size() || beta.empty())
    throw InputError(where + ": beta has " + std::to_string(beta.size()) + " entries, gamma " +
                     std::to_string(gamma.size()) + "; they need the same nonzero count C");
  std::vector<int64_t> out(beta.size());
  for (size_t c = 0; c < beta.size(); ++c)
    out[c] = layerNormBiasInt(beta[c], gamma[c], int64_t(beta.size()),
                              where + " channel " + std::to_string(c));
  return out;
}

double shiftmaxOutScale() { return std::ldexp(1.0, -(kShiftmaxOutBits - 1)); }

double shiftGeluOutScale(double scale) {
  return scale * std::ldexp(1.0, -(kShiftGeluOutBits - 1));
}

double layerNormOutScale(double gamma, int64_t channels) {
  return gamma * std::sqrt(double(channels)) / std::ldexp(1.0, kLayerNormBiasShift);
}

} // namespace quasar::models::nonlinear
