// Cycle-level facts of the dyadic post-processing pipeline (docs/dyadic-pipeline.md), shared by
// the RTL generator (which builds the stages from these numbers), the models and the docs.
// Kept apart from timing.h (the array's units) so the pipeline's numbers live in one place.
#pragma once

#include <cstdint>

namespace quasar::arch {

// qsr_dyadic_requant's register stages: (1) bias add, (2) dyadic product, (3) rounding shift,
// (4) zero point, clamp and saturation. A word accepted on cycle t (valid_i && ready_o) is
// offered on valid_o from cycle t + kRequantStages when nothing downstream stalls.
constexpr int kRequantStages = 4;

// Words per cycle the requantizer accepts with no back-pressure (every stage is fully
// pipelined): one word of post.lanes elements per cycle.
constexpr int kRequantWordsPerCycle = 1;

// Cycles from accepting the first of `words` words to offering the last, with no
// back-pressure: kRequantStages + words - 1 (0 words: 0).
int64_t requantCycles(int64_t words);

// ---- Row units (docs/dyadic-pipeline.md, "Row units") ----

// qsr_seq_div, the restoring divider: one quotient bit per cycle. A start taken in cycle t
// (start_i && !busy_o) pulses done_o with the results in cycle t + seqDivCycles(bits) (one
// cycle to load the operands, then `bits` steps); the next start can be taken in that done
// cycle, so one division every seqDivCycles(bits) cycles.
int64_t seqDivCycles(int quotientBits);

// floor_div(2^31 - 1, S) of Shiftmax and ShiftGELU: 31 quotient bits.
constexpr int kRowDivQuotientBits = 31;

// Row units take 32-bit signed elements (the golden model's input domain).
constexpr int kRowElemBits = 32;

// The x0 port of qsr_shiftmax and qsr_shiftgelu: signed, x0 in [-(2^16 - 1), -1] (the golden model allows down to
// -2^31). The bound keeps every e_i below 2^31 and every output in 16 bits, so pass 2 and 3
// need no wider datapath (models/nonlinear.h: "with |x0| < 2^16 ... 32 bits for Shiftmax").
constexpr int kShiftmaxX0Bits = 17;

// Output lane widths of qsr_ilayernorm (((x - mean) * f) >> 1 is 57 bits, bias_int up to
// +-2^62: the exact sum needs 64) and qsr_shiftgelu (|x * sig| < 2^46), signed.
constexpr int kLayerNormOutBits = 64;
constexpr int kShiftGeluOutBits = 48;

// qsr_shiftmax on a row of `words` = ceil(L / lanes) input words, input offered every cycle and
// output never stalled. The row's first word is taken in cycle t0 and then:
//   pass 1  words t0 .. t0 + W - 1 written to the row buffer, running max
//   pass 2  W + 1 cycles: W buffer reads (registered read: the sum lags one cycle), S
//   divide  start in the next cycle, done seqDivCycles(31) cycles later; f registered
//   pass 3  one cycle to read, one output register, then one word per cycle
// Output words leave in cycles t0 + shiftmaxFirstOut(W) .. t0 + shiftmaxLastOut(W), and the
// next row's first word is taken at t0 + shiftmaxRowCycles(W) (the unit has one row buffer).
int64_t shiftmaxFirstOut(int64_t words);
int64_t shiftmaxLastOut(int64_t words);
int64_t shiftmaxRowCycles(int64_t words);

// qsr_ilayernorm's one divider serves the mean (|sum| / C), the ten Newton steps (var / k) and
// f = floor_div(2^31 - 1, k): dividend 63 bits (var, the golden model's 63-bit bound), divisor
// 47 bits (k < 2^47; C and k fit).
constexpr int kLayerNormDividendBits = 63;
constexpr int kLayerNormDivisorBits = 47;
// Divisions per row: the mean, models::nonlinear::kLayerNormSteps Newton steps, f.
int layerNormDivisions();

// qsr_ilayernorm on a row of W words (same conditions as shiftmaxFirstOut):
//   pass 1  W cycles: words into the buffer, sum, element count
//   mean    the division starts in the next cycle; mean registered in its done cycle
//   pass 2  W + 1 cycles: var = sum (x - mean)^2
//   Newton  ten divisions back to back (each starts the cycle after the previous is done)
//   f       one division; then pass 3 as in Shiftmax (read, output register, a word a cycle)
int64_t layerNormFirstOut(int64_t words);
int64_t layerNormLastOut(int64_t words);
int64_t layerNormRowCycles(int64_t words);

// qsr_shiftgelu on a row of W words (same conditions): W input cycles, then per word one cycle
// to read it, one to start the lanes' dividers (qsr_seq_div, 31 bits) and seqDivCycles(31)
// until they are done, when the output register is loaded (the next word is read in the cycle
// the output shows). The next row's first word is taken when the last output word shows.
int64_t shiftGeluFirstOut(int64_t words);
int64_t shiftGeluLastOut(int64_t words);
int64_t shiftGeluRowCycles(int64_t words);

} // namespace quasar::arch
