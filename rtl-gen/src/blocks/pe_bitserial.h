// The bit-serial PE family (docs/bitserial-array.md, specs/bitserial.md): weights travel as
// codes through the buffers, an edge term generator per column turns a code and a term index
// into one term {nz, neg, shift} per cycle, the PE adds +-(a << shift), and for bitmod a
// dequantization unit per column scales each column sum by the group's 8-bit scale.
//
// Every width below is derived from the config here, once; the generators and their tests
// use these functions, never copies of the numbers.
#pragma once

#include "pe_family.h"
#include "quasar/arch/bitserial_timing.h"

namespace quasar::blocks {

// Field widths of arch/bitserial_timing.h (the stream and CSR formats), for the generators.
constexpr int kBitmodScaleBits = arch::kBitmodScaleBits;     // s_g, unsigned 1..255
constexpr int kBitmodSpecialBits = arch::kBitmodSpecialBits; // special-value index 0..3
constexpr int kBitserialModeBits = arch::kBitserialModeBits; // bitserial_format.w_mode

bool isBitplane(const config::AccelConfig &cfg);
// Bits of one weight code lane in the stream and buffers: pe.w_bits as the config derives it
// (bitplane w_bits_max; bitmod 8, each mode's code in the low bits).
int bitserialCodeBits(const config::AccelConfig &cfg);
// Largest term shift the config can produce: bitplane w_bits_max - 1; bitmod fp4 4, fp3 3,
// int8 7, int6 5, int4 3 (Booth digit 2 at the top position), the largest built.
int bitserialMaxShift(const config::AccelConfig &cfg);
int bitserialShiftBits(const config::AccelConfig &cfg);
// A term on the array wires: {nz, neg, shift[ShiftBits-1:0]}.
int bitserialTermBits(const config::AccelConfig &cfg);
// Most terms per weight (bitplane w_bits_max; bitmod int8 4, int6 3, else 2) and the width of
// the term index 0..max-1 that the compute unit gives the term generators.
int bitserialMaxTerms(const config::AccelConfig &cfg);
int bitserialTermIndexBits(const config::AccelConfig &cfg);
// Width of bitserial_format.w_prec (bitplane precision 1..w_bits_max).
int bitserialPrecBits(const config::AccelConfig &cfg);
// Bits of an exact ws column sum of one pass: rows terms of at most 2^(a-1) << max shift.
int bitserialColumnSumBits(const config::AccelConfig &cfg);

// Whether the term generators need a lane-valid input: bitplane with binary pm1, where no
// code means 0, so padding columns must be zeroed explicitly.
bool bitserialPadNeedsValid(const config::AccelConfig &cfg);

// qsr_bitserial_termgen (bitserial_termgen.cpp): combinational, one per array column.
ir::Module buildBitserialTermgen(const BlockContext &ctx);
// qsr_bitserial_dequant (bitserial_dequant.cpp): column sum x s_g, combinational (ws bitmod).
ir::Module buildBitserialDequant(const BlockContext &ctx);

// The family (pe_bitserial.cpp). peFamily() does not return it yet: the compute passes, the
// loader's group word and the bitserial_format CSR are missing (docs/bitserial-array.md).
const PeFamily &bitserialPeFamily();

} // namespace quasar::blocks
