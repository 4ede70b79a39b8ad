// Helpers shared by the configuration tests (header only; not a test source itself).
//
// Every negative test compares the whole InputError message, so a change of wording, of the
// reported line:col or of the order of the errors shows up as a failure.
#pragma once

#include "quasar/config/error.h"
#include "quasar/config/load.h"
#include "quasar/config/sweep.h"
#include "quasar/config/workload.h"

#include <cstdint>
#include <string>

namespace quasar::config::testing {

// The message of the quasar::InputError that `f` throws; "(no error)" when it returns.
template <class F> std::string inputErrorOf(F &&f) {
  try {
    f();
  } catch (const quasar::InputError &e) {
    return e.what();
  }
  return "(no error)";
}

// The error of loading `yaml` as an accelerator config named t.yaml.
inline std::string accelError(const std::string &yaml) {
  return inputErrorOf([&] { loadAccelText(yaml, "t.yaml"); });
}

inline std::string workloadError(const std::string &yaml, const std::string &name = "w.yaml") {
  return inputErrorOf([&] { loadWorkloadText(yaml, name); });
}

// The number of bits of a non-negative value (0 -> 0), by shifting: deliberately not the
// loop over 2^(b-1) - 1 that the code under test uses.
inline int bitLength(__int128 value) {
  int bits = 0;
  while (value > 0) {
    value >>= 1;
    ++bits;
  }
  return bits;
}

// Two's complement bits that hold any sum of `terms` products of magnitude <= `maxProduct`:
// the largest sum S needs 2^(b-1) > S, i.e. b = bitLength(S) + 1 (S = 2^26 -> 28 bits).
inline int accBitsFor(int64_t terms, int64_t maxProduct) {
  return bitLength(__int128(terms) * maxProduct) + 1;
}

} // namespace quasar::config::testing
