// The requantizer's per-lane arithmetic as the RTL's qsr_dyadic_requant computes it, shared by
// the drain (after the array) and the `top: pipeline` model: the parameters a word's lanes
// carry (per channel: one parameter RAM word; per tensor: the CSRs) and the value of one lane.
#pragma once

#include "quasar/config/accel.h"
#include "quasar/sim/csr.h"

#include <cstdint>
#include <vector>

namespace quasar::sim {

struct LaneParams {
  int64_t mult = 0, bias = 0, zeroPoint = 0, lo = 0, hi = 0;
  int shift = 0;
  int64_t resMult = 0; // post.residual: the second branch's m2, e2
  int resShift = 0;
};

// The parameters of every lane of `params` (its size is the lane count): lane c from bits
// c * laneBits of the parameter RAM word `word` (per channel), or from the registers `regs`
// when `word` is null (per tensor); the activation's bounds from `regs` either way.
void loadLaneParams(const config::AccelConfig &cfg, const PostRegs &regs,
                    const std::vector<uint32_t> *word, std::vector<LaneParams> &params);

// Bits [lsb, lsb + bits) of a parameter RAM word (32-bit chunks, LSB first), sign-extended
// when `isSigned` (bits <= 64).
int64_t paramField(const std::vector<uint32_t> &word, int64_t lsb, int bits, bool isSigned);

// One lane: z = acc + bias wrapped to acc_bits (the RTL's stage 1 adder), then the exact
// rounding shift of z * m (models::dyadic::roundShift), the zero point and the clamp.
int64_t requantLane(const config::AccelConfig &cfg, const LaneParams &p, int64_t acc);

// One lane of qsr_dyadic_residual (post.residual, no bias): the exact rounding shifts of
// z1 * m and z2 * m2, each rounded separately, plus the zero point, then the clamp.
int64_t residualLane(const config::AccelConfig &cfg, const LaneParams &p, int64_t z1, int64_t z2);

} // namespace quasar::sim
