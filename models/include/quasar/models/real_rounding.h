// Rounding a real number to an integer, the ways the specs name them.
//
// These are for the software side only (quantizers, calibration, multipliers): the hardware
// never sees a float. Integer rounding shifts of the dyadic pipeline live in dyadic.h.
#pragma once

#include <cmath>
#include <string>

namespace quasar::models {

// How a real value is rounded to an integer; names match specs/dyadic.md's `rounding` key.
enum class RealRounding { HalfEven, HalfAway, HalfUp, Floor };

// Nearest integer, ties to even (IEEE default; std::nearbyint under FE_TONEAREST).
inline double roundHalfEven(double x) {
  const double fl = std::floor(x);
  const double diff = x - fl;
  if (diff < 0.5) return fl;
  if (diff > 0.5) return fl + 1.0;
  return std::fmod(fl, 2.0) == 0.0 ? fl : fl + 1.0;
}

// Nearest integer, ties away from zero (std::round).
inline double roundHalfAway(double x) { return std::round(x); }

// Nearest integer, ties toward +infinity.
inline double roundHalfUp(double x) { return std::floor(x + 0.5); }

inline double roundReal(double x, RealRounding mode) {
  switch (mode) {
  case RealRounding::HalfEven: return roundHalfEven(x);
  case RealRounding::HalfAway: return roundHalfAway(x);
  case RealRounding::HalfUp: return roundHalfUp(x);
  case RealRounding::Floor: return std::floor(x);
  }
  return x;
}

} // namespace quasar::models
