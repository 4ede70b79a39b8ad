// The input stream of an OVP accelerator (pe.type ovp; docs/ovp-array.md, "Operand format on
// the stream"): OVP-4 operands travel as the spec's packed bytes (element 2k in bits 3:0,
// element 2k+1 in bits 7:4), the pair running along K.
//
//   ws activations (lanes along K): word i = rows/2 bytes, byte j = A[m0+i][k0+2j, k0+2j+1]
//       (the int layout with 4-bit lanes, so nothing changes but the pairing);
//   ws weights, os activations, os weights (words along K): one *pair word* per two K steps,
//       word t has one byte lane per array column (weights) or row (activations):
//       lane c = W[n0+c][k0+2t, k0+2t+1]. A step has kLen/2 pair words (ws weights: rows/2).
//   w4a8 activations are int8 and keep the int layout (arch/stream.h).
// Every word starts on a new beat (as arch/stream.h); lanes beyond the matrix edge are zero.
// K must be even (the host pads with the golden quantizer's zero column) and every K tile
// must be even, so that no pair straddles two tiles: ws needs even array.rows, os an even
// tileShape().k; a buffer holding pair words keeps them whole (one RAM word per pair word, read
// at K step k >> 1), so its bank size in K steps must be even too. ovpCheckLayout says which
// key is wrong.
#pragma once

#include "quasar/arch/stream.h"
#include "quasar/models/ovp.h"

namespace quasar::arch {

enum class Operand { Activations, Weights };

// InputError naming the key when the config cannot carry OVP pairs (see above).
void ovpCheckLayout(const config::AccelConfig &cfg);

// Whether an operand of this config is OVP-4 coded (w4a8 activations are not).
bool ovpCoded(const config::AccelConfig &cfg, Operand op);
// Whether it travels as pair words (two K steps per stream word).
bool ovpPairWords(const config::AccelConfig &cfg, Operand op);
// K steps per stream word and per buffer word of the operand: 2 for pair words, else 1 (also
// for every operand of a non-ovp config).
int kStepsPerWord(const config::AccelConfig &cfg, Operand op);
// The K a GEMM of reduction length k runs with on the accelerator: pe.type ovp pads an odd K
// with one zero column (ovpOperands; dim_k, MACs and cycles use it), every other type k.
int64_t acceleratorK(const config::AccelConfig &cfg, int64_t k);
// The stream word of the operand: lanes, lane bits (8 for pair words, 4 for the ws
// activation nibbles, 8 for int8 activations) and beat width.
WordFormat ovpStreamWordFormat(const config::AccelConfig &cfg, Operand op);

// The whole input stream of one GEMM in schedule order. w4a4: aBytes [M x Kp/2] packed OVP;
// w4a8: aInt8 [M x Kp] (values in [-128, 127]). wBytes [N x Kp/2]. InputError on shape
// mismatches, odd layout or values that do not fit.
std::vector<Beat> packInputOvp(const config::AccelConfig &cfg, const models::ovp::ByteMatrix &aBytes,
                               const models::ovp::ByteMatrix &wBytes);
std::vector<Beat> packInputOvpInt8(const config::AccelConfig &cfg, const models::IntMatrix &aInt8,
                                   const models::ovp::ByteMatrix &wBytes);

} // namespace quasar::arch
