// The post-processing parameters of an accelerator with post.requant (docs/dyadic-pipeline.md,
// "Parameter source"), host side: how they sit in the registers and the per-channel parameter
// RAM, the AXI4-Lite writes that load them, and the output stream they produce. The generator
// slices the RAM word with the same layout; the co-simulation host writes with these functions.
//
// Per tensor: CSRs requant_mult, requant_shift, zero_point (and bias_lo/bias_hi with post.bias),
// broadcast to every lane. Per channel: a RAM of paramRamWords words; word j holds the
// parameters of channels j*cols .. j*cols + cols-1 (lane c = channel j*cols + c), read once per
// output tile of n-tile j. Written through param_index (word) and param_data (32-bit chunks,
// LSB first; the word's last chunk writes it and moves to the next word).
// relu6/clip: CSRs clip_lo, clip_hi in both cases.
// top: pipeline (arch/pipeline.h): the same registers and RAM with post.lanes lanes per word
// and ceil(post.row_max / post.lanes) words; word j holds channels j*lanes .. j*lanes+lanes-1,
// read for word j of every row.
// top: pipeline with post.nonlinear layernorm (arch/pipeline.h): each lane also holds the
// channel's I-LayerNorm bias_int (64 bits, biasIntLsb), and param_index / param_data exist
// even per tensor (the lane is then bias_int alone). The CSR block assembles the whole word;
// u_param_ram keeps the requant fields (paramRamWordBits) and the unit's bias RAM the bias_int
// slices, both written by the same strobe, so bias_int is stored once.
// post.residual (top: pipeline only; no bias): the second branch's pair (m2, e2) in CSRs
// res_mult, res_shift (per tensor) or in two more fields of each RAM lane (per channel, kept by
// u_param_ram with the other requant fields).
#pragma once

#include "quasar/arch/stream.h"
#include "quasar/config/accel.h"
#include "quasar/models/dyadic.h"

#include <cstdint>
#include <utility>
#include <vector>

namespace quasar::arch {

// The shift field: e in 0..63.
constexpr int kShiftFieldBits = 6;

// One channel's fields inside a parameter RAM word's lane, bit offsets from the lane's LSB.
struct ParamLaneLayout {
  int multLsb = 0;    // m, mult_bits, unsigned
  int shiftLsb = 0;   // e, kShiftFieldBits
  int zpLsb = 0;      // zero point, out_bits (out signedness)
  int biasLsb = -1;   // bias, acc_bits two's complement; -1 without post.bias
  int resMultLsb = -1;  // post.residual: m2, mult_bits, unsigned; -1 without
  int resShiftLsb = -1; // post.residual: e2, kShiftFieldBits; -1 without
  int biasIntLsb = -1; // I-LayerNorm bias_int, 64 bits two's complement; -1 without it
  int ramLaneBits = 0; // the requant fields below biasIntLsb (what u_param_ram keeps); 0 per tensor
  int laneBits = 0;   // the lane's width (what param_data writes)
};
// The I-LayerNorm bias_int field's width.
constexpr int kBiasIntBits = 64;
ParamLaneLayout paramLaneLayout(const config::AccelConfig &cfg);
int postLanes(const config::AccelConfig &cfg);        // array.cols, or post.lanes (pipeline)
// param_index / param_data exist: per-channel requant, or top: pipeline with I-LayerNorm.
bool hasParamRegisters(const config::AccelConfig &cfg);
// u_param_ram exists: per-channel requant.
bool hasParamRam(const config::AccelConfig &cfg);
int paramWordBits(const config::AccelConfig &cfg);    // postLanes lanes (param_data's word)
int paramRamWordBits(const config::AccelConfig &cfg); // postLanes x ramLaneBits (u_param_ram)
int paramWordChunks(const config::AccelConfig &cfg);  // 32-bit param_data writes per word
int paramRamWords(const config::AccelConfig &cfg);    // ceil(n_max (pipeline: row_max) / postLanes)
int paramIndexBits(const config::AccelConfig &cfg);   // RAM address (param_index) bits

// The config's fixed part of the golden parameters (out_bits, signedness, rounding,
// activation, acc_bits); the caller fills multipliers, zero points, bias and clip bounds.
models::dyadic::RequantParams requantParamsTemplate(const config::AccelConfig &cfg);

// The row unit's constants (top: pipeline with post.nonlinear): x0 (Shiftmax, ShiftGELU; must
// satisfy rowUnitX0Valid for a start to succeed) and I-LayerNorm's bias_int per channel (n
// entries, or empty: zeros).
struct NonlinearParams {
  int64_t x0 = -1;
  std::vector<int64_t> biasInt;
};

// The AXI4-Lite writes (byte address, data) that load `p` (and `nl` for a row unit) for a GEMM
// (pipeline: rows) with n columns: per tensor one value each; per channel n entries each (bias
// may be empty: zero), channels n.. of the last word zero; bias_int in its lane field; x0 to
// nonlinear_x0. InputError when p's sizes do not match the config's granularity.
std::vector<std::pair<uint32_t, uint32_t>> postParamWrites(const config::AccelConfig &cfg,
                                                           const models::dyadic::RequantParams &p,
                                                           int64_t n,
                                                           const NonlinearParams &nl = {});

// post.residual: the golden parameters' fixed part, as requantParamsTemplate.
models::dyadic::ResidualParams residualParamsTemplate(const config::AccelConfig &cfg);
// The writes that load a residual add's parameters for rows of n channels: those of
// postParamWrites for (multipliers1, zeroPoints, clamp, nl) plus the second branch's pairs
// (per tensor res_mult / res_shift, per channel the lanes' m2 / e2 fields). postParamWrites
// refuses a residual config (its second pair would be missing); this one a config without
// post.residual; both InputError, also when the sizes do not match the granularity.
std::vector<std::pair<uint32_t, uint32_t>>
residualParamWrites(const config::AccelConfig &cfg, const models::dyadic::ResidualParams &p,
                    int64_t n, const NonlinearParams &nl = {});

// What a lane beyond the matrix edge carries: the requantizer's output for a zero accumulator
// with that lane's parameters (per tensor: the tensor's; per channel: the zeros the last RAM
// word holds there).
int64_t paddingLaneValue(const config::AccelConfig &cfg, const models::dyadic::RequantParams &p);

// The output stream for accumulators `acc` [m x n]: golden bias + requantize + activation,
// packed by packOutput with the padding lanes above.
std::vector<Beat> packRequantOutput(const config::AccelConfig &cfg, const models::IntMatrix &acc,
                                    const models::dyadic::RequantParams &p);

// top: pipeline with post.nonlinear: golden requantize (+ activation) of `acc`, then per row the
// unit's models::nonlinear function (shiftmax(row, x0), shiftGelu(row, x0) or layerNorm(row,
// bias_int)), packed by packOutput (rowUnitOutBits lanes; lanes beyond n zero).
// The unit's golden function on every row of y (the requantizer's, or with post.residual the
// residual add's, output).
models::IntMatrix rowUnitApply(const config::AccelConfig &cfg, const models::IntMatrix &y,
                               const NonlinearParams &nl);
models::IntMatrix rowUnitGolden(const config::AccelConfig &cfg, const models::IntMatrix &acc,
                                const models::dyadic::RequantParams &p, const NonlinearParams &nl);
std::vector<Beat> packRowUnitOutput(const config::AccelConfig &cfg, const models::IntMatrix &acc,
                                    const models::dyadic::RequantParams &p,
                                    const NonlinearParams &nl);

// The output stream of a residual add of z1 (the main stream) and z2 (the residual stream),
// both [m x n]: golden models::dyadic::residual, packed by packOutput; a padding lane has
// z1 = z2 = 0, so it carries clamp(zero point) like paddingLaneValue's.
std::vector<Beat> packResidualOutput(const config::AccelConfig &cfg, const models::IntMatrix &z1,
                                     const models::IntMatrix &z2,
                                     const models::dyadic::ResidualParams &p);

} // namespace quasar::arch
