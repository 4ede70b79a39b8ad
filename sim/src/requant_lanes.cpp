#include "quasar/sim/requant_lanes.h"

#include "quasar/arch/post_params.h"
#include "quasar/models/dyadic.h"

namespace quasar::sim {
namespace {

namespace dy = models::dyadic;

// The low `bits` bits of v as a signed (two's complement) or unsigned number.
int64_t fromBits(uint64_t v, int bits, bool isSigned) {
  if (bits >= 64) return int64_t(v);
  v &= (uint64_t(1) << bits) - 1;
  if (isSigned && ((v >> (bits - 1)) & 1)) v |= ~uint64_t(0) << bits;
  return int64_t(v);
}

// Bits [lsb, lsb + bits) of a little-endian chunk vector.
uint64_t bitsAt(const std::vector<uint32_t> &chunks, int64_t lsb, int bits) {
  uint64_t v = 0;
  for (int i = 0; i < bits; ++i) {
    const int64_t pos = lsb + i;
    if ((chunks[size_t(pos / 32)] >> (pos % 32)) & 1) v |= uint64_t(1) << i;
  }
  return v;
}

} // namespace

int64_t paramField(const std::vector<uint32_t> &word, int64_t lsb, int bits, bool isSigned) {
  return fromBits(bitsAt(word, lsb, bits), bits, isSigned);
}

void loadLaneParams(const config::AccelConfig &cfg, const PostRegs &regs,
                    const std::vector<uint32_t> *word, std::vector<LaneParams> &params) {
  const config::RequantConfig &r = cfg.post.requant;
  const dy::ClampRange out = dy::outRange(r.out_bits, r.out_signed);
  const arch::ParamLaneLayout l = arch::paramLaneLayout(cfg);
  for (size_t c = 0; c < params.size(); ++c) {
    LaneParams &p = params[c];
    if (word) {
      const int64_t lsb = int64_t(c) * l.laneBits;
      p.mult = int64_t(bitsAt(*word, lsb + l.multLsb, r.mult_bits));
      p.shift = int(bitsAt(*word, lsb + l.shiftLsb, arch::kShiftFieldBits));
      p.zeroPoint = fromBits(bitsAt(*word, lsb + l.zpLsb, r.out_bits), r.out_bits, r.out_signed);
      p.bias = l.biasLsb < 0 ? 0
                             : fromBits(bitsAt(*word, lsb + l.biasLsb, cfg.pe.acc_bits),
                                        cfg.pe.acc_bits, true);
      if (l.resMultLsb >= 0) {
        p.resMult = int64_t(bitsAt(*word, lsb + l.resMultLsb, r.mult_bits));
        p.resShift = int(bitsAt(*word, lsb + l.resShiftLsb, arch::kShiftFieldBits));
      }
    } else {
      p.mult = fromBits(regs.mult, r.mult_bits, false);
      p.shift = int(regs.shift & 63u);
      p.zeroPoint = fromBits(regs.zeroPoint, r.out_bits, r.out_signed);
      p.bias = cfg.post.bias ? fromBits(uint64_t(regs.biasHi) << 32 | regs.biasLo,
                                        cfg.pe.acc_bits, true)
                             : 0;
      p.resMult = fromBits(regs.resMult, r.mult_bits, false);
      p.resShift = int(regs.resShift & 63u);
    }
    switch (cfg.post.activation) {
    case config::Activation::None: p.lo = out.lo; p.hi = out.hi; break;
    case config::Activation::Relu: p.lo = p.zeroPoint; p.hi = out.hi; break;
    case config::Activation::Relu6:
    case config::Activation::Clip:
      p.lo = fromBits(regs.clipLo, r.out_bits, r.out_signed);
      p.hi = fromBits(regs.clipHi, r.out_bits, r.out_signed);
      break;
    }
  }
}

int64_t requantLane(const config::AccelConfig &cfg, const LaneParams &p, int64_t acc) {
  const int accBits = cfg.pe.acc_bits;
  // Stage 1 wraps at acc_bits like the RTL's adder; stages 2-4 are exact (the RTL saturates
  // q early only where no clamp bound can tell the difference).
  const int64_t z = fromBits(uint64_t(fromBits(uint64_t(acc), accBits, true) + p.bias), accBits,
                             true);
  const __int128 q = dy::roundShift(__int128(z) * p.mult, p.shift, cfg.post.requant.rounding);
  const __int128 y = q + p.zeroPoint;
  return y < p.lo ? p.lo : y > p.hi ? p.hi : int64_t(y);
}

int64_t residualLane(const config::AccelConfig &cfg, const LaneParams &p, int64_t z1, int64_t z2) {
  const config::Rounding mode = cfg.post.requant.rounding;
  const __int128 y = dy::roundShift(__int128(z1) * p.mult, p.shift, mode) +
                     dy::roundShift(__int128(z2) * p.resMult, p.resShift, mode) + p.zeroPoint;
  return y < p.lo ? p.lo : y > p.hi ? p.hi : int64_t(y);
}

} // namespace quasar::sim
