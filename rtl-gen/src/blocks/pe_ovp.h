// The OVP PE family (pe_ovp.cpp, docs/ovp-array.md). Its PE ports take decoded (exp, int)
// operands; the edge decoders (qsr_ovp_decoder) produce them from the 5-bit tagged codes the
// buffers hold; qsr_array places them (PeFamily::buildEdgeDecoder). peFamily() does not
// return this family yet: the loader's pair tagger and pair-word writes, the ovp_format CSR
// and the top-level wiring are missing, so `quasar gen` still rejects pe.type ovp
// (docs/ovp-array.md, "Status").
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
