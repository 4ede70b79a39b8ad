// Real multiplier -> dyadic pair (specs/dyadic.md, "Dyadic number from a real multiplier"),
// and the spellings of the rounding and activation names.
#include "quasar/config/error.h"
#include "quasar/models/dyadic.h"
#include "quasar/models/real_rounding.h"

#include <cmath>
#include <cstdio>

namespace quasar::models::dyadic {
namespace {

std::string formatReal(double x) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", x);
  return buf;
}

template <class E> E parseEnum(const std::string &text, const std::string &where,
                               const char *what) {
  for (const auto &[value, name] : config::enumTable<E>())
    if (text == name) return value;
  throw InputError(where + ": invalid " + what + " '" + text +
                   "'; allowed: " + config::allowedValues<E>());
}

} // namespace

Rounding parseRounding(const std::string &text, const std::string &where) {
  return parseEnum<Rounding>(text, where, "rounding");
}

std::string toString(Rounding mode) { return config::toString(mode); }

Activation parseActivation(const std::string &text, const std::string &where) {
  return parseEnum<Activation>(text, where, "activation");
}

std::string toString(Activation act) { return config::toString(act); }

Multiplier quantizeMultiplier(double realMultiplier, int multBits, const std::string &where) {
  if (multBits < kMinMultBits || multBits > kMaxMultBits)
    throw InputError(where + ": mult_bits " + std::to_string(multBits) + " not allowed; allowed: " +
                     std::to_string(kMinMultBits) + ".." + std::to_string(kMaxMultBits));
  if (!std::isfinite(realMultiplier) || realMultiplier <= 0.0)
    throw InputError(where + ": multiplier " + formatReal(realMultiplier) +
                     " not allowed; it must be finite and > 0");
  // Step 1. frexp is exact: mant in [0.5, 1), M = mant * 2^ex.
  int ex = 0;
  const double mant = std::frexp(realMultiplier, &ex);
  // Step 2. Scaling by 2^multBits is exact in double, so the only rounding is the one the
  // spec names; the result is at most 2^31 and fits int64.
  int64_t m = int64_t(roundHalfAway(std::ldexp(mant, multBits)));
  if (m == (int64_t(1) << multBits)) {
    m /= 2;
    ++ex;
  }
  // Steps 3-4.
  const int e = multBits - ex;
  if (e < 0)
    throw InputError(where + ": multiplier " + formatReal(realMultiplier) +
                     " is too large: it needs shift e = " + std::to_string(e) +
                     " with mult_bits " + std::to_string(multBits) + "; allowed e: 0.." +
                     std::to_string(kMaxShift) + " (M below about 2^" +
                     std::to_string(multBits) + ")");
  if (e > kMaxShift)
    throw InputError(where + ": multiplier " + formatReal(realMultiplier) +
                     " is too small to represent: it needs shift e = " + std::to_string(e) +
                     " with mult_bits " + std::to_string(multBits) + "; allowed e: 0.." +
                     std::to_string(kMaxShift) + " (M at least about 2^" +
                     std::to_string(multBits - kMaxShift - 1) + ")");
  return {m, e};
}

} // namespace quasar::models::dyadic
