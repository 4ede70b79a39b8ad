// The largest operand magnitudes of each number format, as the accumulator-width validation
// needs them. The formats themselves live in models/; models/tests/test_format_limits.cpp
// checks every value here against an exhaustive enumeration of the models' decoders, so the
// two cannot drift apart.
#pragma once

#include "quasar/config/enums.h"

#include <cstdint>

namespace quasar::config {

// Largest |x| of a `bits`-wide integer: 2^(bits-1) signed, 2^bits - 1 unsigned.
int64_t intMaxMagnitude(int bits, bool is_signed);

// Largest |value| an OVP-4 element can decode to (specs/ovp.md): the largest abfloat outlier,
// 3 << (3 + bias), with bias 2 (int4 normals) or 3 (flint4 normals). Auto: the larger one.
int64_t ovpMaxMagnitude(OvpNormal normal);

// Largest |weight| of a bitmod mode before the group scale, in the mode's units
// (half-units for fp4/fp3, including their special values; integer units for int modes).
int64_t bitmodMaxMagnitude(BitmodMode mode);

// The bitmod group scale s_g is an unsigned 8-bit integer: 1..255.
constexpr int64_t kBitmodScaleMax = 255;

// Bits of a two's complement accumulator that holds any sum of `terms` values of magnitude
// at most `max_term`: the smallest b with 2^(b-1) - 1 >= terms * max_term.
int signedBitsFor(int64_t terms, int64_t max_term);

} // namespace quasar::config
