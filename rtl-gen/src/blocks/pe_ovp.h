// The OVP PE family (pe_ovp.cpp, docs/ovp-array.md). Its PE ports take decoded (exp, int)
// operands; the edge decoders (qsr_ovp_decoder) produce them from the 5-bit tagged codes that
// qsr_ovp_unpack_* makes of each buffer word; qsr_array places the decoders
// (PeFamily::buildEdgeDecoder). peFamily() returns this family for pe.type ovp.
#pragma once

#include "pe_family.h"

namespace quasar::blocks {

constexpr int kOvpCodeBits = 5; // tagged code {outlier, nibble} in buffers and skew
constexpr int kOvpExpBits = 3; // decoded exponent 0..6 (abfloat e 3 + bias 3)
constexpr int kOvpIntBits = 4; // decoded int, two's complement -7..7

// Width of one decoded operand at a PE port: {exp, int} = 7 bits for OVP-4, 8 for the int8
// activations of pe.ovp.mode w4a8 (exponent 0, not carried).
int ovpOperandBits(const config::AccelConfig &cfg, bool activation);

const PeFamily &ovpPeFamily();

} // namespace quasar::blocks
