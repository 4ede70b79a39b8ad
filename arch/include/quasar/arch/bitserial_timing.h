// The bit-serial array's layer format and cycles (pe.type bitserial; docs/bitserial-array.md,
// "CSR", "Streams" and "Cycles"), shared by the generator, the SystemC and analytical models
// and the testbenches. Everything not listed here is the int array's (arch/timing.h).
#pragma once

#include "quasar/arch/stream.h"
#include "quasar/arch/timing.h"
#include "quasar/models/bitserial.h"

#include <cstdint>

namespace quasar::arch {

// bitserial_format CSR fields: w_prec (bitplane precision P) in 4:0, w_mode (bitmod mode,
// 0 fp4, 1 fp3, 2 int8, 3 int6, 4 int4: the spec's order) in 10:8.
constexpr int kBitserialPrecLsb = 0;
constexpr int kBitserialPrecBits = 5;
constexpr int kBitserialModeLsb = 8;
constexpr int kBitserialModeBits = 3;
// ws bitmod group words, both in the weight word format (cols lanes of pe.w_bits = 8 bits):
// word 0 lane c = s_g (unsigned 8 bits), word 1 lane c = the special index in bits 1:0.
constexpr int kBitmodScaleBits = 8;
constexpr int kBitmodSpecialBits = 2;

// InputError naming the key when the generator cannot build this bit-serial config: bitmod
// needs dataflow ws (the group scale is applied per column at the bottom edge) and a group
// that is a multiple of array.rows (every ws k-tile inside one group).
void bitserialCheckLayout(const config::AccelConfig &cfg);

// The bitserial_format value of a bitplane layer of precision P, or of a bitmod layer of a
// mode; InputError when the config cannot run it (P outside 1..w_bits_max, a mode not in
// pe.bitserial.modes, or the other encoding).
uint32_t bitplaneFormat(const config::AccelConfig &cfg, int precision);
uint32_t bitmodFormat(const config::AccelConfig &cfg, config::BitmodMode mode);
// The golden model's mode for a config's bitmod mode.
models::bitserial::Mode goldenMode(config::BitmodMode mode);
// bitserial_format's reset value: w_prec = w_bits_max (bitplane), the first built mode (bitmod).
// What a layer runs at when the host does not write the register.
uint32_t bitserialResetFormat(const config::AccelConfig &cfg);
// Whether the accelerator accepts a format value at start (else error_code 3).
bool bitserialFormatValid(const config::AccelConfig &cfg, uint32_t format);
// T, the terms (cycles) per weight of a valid format: P, or 2 (fp4, fp3, int4), 4 (int8),
// 3 (int6). InputError for an invalid one.
int bitserialTerms(const config::AccelConfig &cfg, uint32_t format);

// Group words per step: 2 for ws bitmod (before the weight words; weightWordFormat), else 0.
int bitserialGroupWords(const config::AccelConfig &cfg);

// The whole input stream of one bitmod GEMM (ws): per step the two group words of the step's
// group g = k0 / G, rows code words (codes in the low bits of 8-bit lanes) and mLen activation
// words. InputError on a layout bitserialCheckLayout rejects or on shape mismatches.
std::vector<Beat> packInputBitmod(const config::AccelConfig &cfg, const models::IntMatrix &a,
                                  const models::bitserial::BitmodWeights &w);

// computeStepCycles of a bit-serial layer with T terms per weight:
//   ws: T passes of the int step, back to back: T * (rows + mLen + wsResultLatency + 1);
//   os: a feed of kLen * T cycles, the tail and drain of a last k-tile unchanged.
int64_t bitserialComputeStepCycles(const config::AccelConfig &cfg, const TileStep &step, int terms);

} // namespace quasar::arch
