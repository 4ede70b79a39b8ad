// Bit-serial weight encodings (specs/bitserial.md): `bitplane` and `bitmod`, golden-model side.
//
// A weight is processed as a list of terms, one per cycle; term (sign, shift) contributes
// sign * (a << shift) to the lane's partial sum.
//
// Choices where the spec is silent (also in docs/golden-model.md, "## Bit-serial"):
// - Zero terms: a zero term has sign 0; its shift is the position the cycle would have used
//   (bitplane: i, Booth: 2k) and 0 for the fp modes. The shift of a zero term carries no value.
// - fp4/fp3 with a single one-bit: term 0 holds that bit, term 1 is zero ("lower one-bit
//   first", padded with zero terms at the end).
// - Booth digit -> Term: digit 0 -> {0, 2k}; +-1 -> {+-1, 2k}; +-2 -> {+-1, 2k + 1} (the
//   digit's magnitude 2 is folded into the shift, so a Term's sign is always -1, 0 or +1).
// - bitplane `pm1` only changes P = 1 (the spec defines it for the single bit); for P > 1 the
//   weight is two's complement whatever `pm1` says.
// - Codes of the int modes are the P-bit two's complement bit patterns (unsigned 0..2^P-1);
//   the special index is ignored by them (0 is stored: every index gives the same error).
// - From real weights, int modes: V = [-2^(P-1), 2^(P-1) - 1], so max|V| = 2^(P-1) exactly as
//   the spec's formula says (the largest positive weight may clip by one step).
// - "Ties to the smaller value" is toward -infinity. The error of the zero-padded last group is
//   the mean over all G elements, the pad zeros included (they quantize exactly).
// - An all-zero group has scale_g = 0 (codes 0, index 0, s_g = 1 after the clamp); an all-zero
//   channel has delta_c = 1 (any positive value works: every code is 0) and every s_g = 1.
#pragma once

#include "quasar/models/gemm.h"

#include <Eigen/Dense>
#include <cstdint>
#include <vector>

namespace quasar::models::bitserial {

// One cycle of a lane: contributes sign * (a << shift); sign is -1, 0 or +1.
struct Term {
  int sign;
  int shift;
};
inline bool operator==(Term a, Term b) { return a.sign == b.sign && a.shift == b.shift; }
inline bool operator!=(Term a, Term b) { return !(a == b); }

// ---- bitplane (bitserial_terms.cpp) ----
// P terms, LSB first: term i = {w[i], i}, except the MSB, whose weight is -2^(P-1).
// P = 1 and pm1: the single term is {+1, 0} for w = +1 and {-1, 0} for w = -1.
// InputError if P is outside [1, 62] or w does not fit (P-bit two's complement, or +-1).
std::vector<Term> bitplaneTerms(int64_t w, int precision, bool pm1 = false);
// True when w is a valid bitplane weight of precision P.
bool bitplaneFits(int64_t w, int precision, bool pm1 = false);

// ---- bitmod values and terms (bitserial_values.cpp, bitserial_terms.cpp) ----
enum class Mode { Fp4, Fp3, Int8, Int6, Int4 };

bool isFloatMode(Mode mode);
// Bits per code: 4, 3, 8, 6, 4.
int codeBits(Mode mode);
// Cycles per weight: fp4/fp3 2, int8 4, int6 3, int4 2.
int termsPerWeight(Mode mode);
// The special value of an fp mode (half-units) for index 0..3; InputError for int modes.
int64_t specialValue(Mode mode, int specialIndex);
// A code's value: half-units for fp4/fp3, integer units for the int modes. InputError if the
// code does not fit codeBits(mode) or specialIndex is outside 0..3.
int64_t bitmodValue(uint32_t code, Mode mode, int specialIndex);
// Every value of the mode with that special value, ascending, no duplicates.
std::vector<int64_t> bitmodValueSet(Mode mode, int specialIndex);
// The code of a value (0 -> positive zero); InputError if the value has none.
uint32_t bitmodEncode(int64_t value, Mode mode, int specialIndex);
// fp: exactly 2 terms, lower one-bit of the half-unit magnitude first.
// int: P/2 radix-4 Booth digits, LSB first (see the mapping at the top of this file).
std::vector<Term> bitmodTerms(uint32_t code, Mode mode, int specialIndex);

// ---- group quantizer from real weights (bitserial_quantize.cpp) ----
struct BitmodWeights {
  Mode mode = Mode::Fp4;
  int group = 128;               // G
  int64_t cols = 0;              // K of the input (the last group may be zero-padded)
  IntMatrix codes;               // [N x groups*G] code bit patterns; pad elements hold code 0
  IntMatrix scales;              // [N x groups] s_g in 1..255
  IntMatrix specialIndex;        // [N x groups] 0..3
  Eigen::VectorXd delta;         // [N] per-channel second-level scale delta_c
  Eigen::MatrixXd groupScale;    // [N x groups] the real first-level scale_g (for reports)
  int64_t groups() const { return scales.cols(); }
  int64_t paddedCols() const { return codes.cols(); }
};

// The spec's "From real weights" for w [N x K]; group >= 1.
BitmodWeights quantizeBitmod(const Eigen::MatrixXd &w, Mode mode, int group);
// Code values per element [N x groups*G] (half-units for fp modes), before the group scale.
IntMatrix bitmodValues(const BitmodWeights &w);
// Real weights [N x K]: value (/2 for fp modes) * s_g * delta_c.
Eigen::MatrixXd dequantizeBitmod(const BitmodWeights &w);

} // namespace quasar::models::bitserial
