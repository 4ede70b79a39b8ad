// The AXI4-Lite control/status register map (docs/rtl-contract.md, "CSRs").
//
// One table, read by the generator (address decode), the manifest, the params header, the
// testbenches and the docs. Registers are 32 bits at word-aligned byte offsets.
#pragma once

#include "quasar/config/accel.h"

#include <cstdint>
#include <string>
#include <vector>

namespace quasar::arch {

// WriteOnly: writes have an effect, reads return 0 (the parameter RAM's data port).
enum class CsrAccess { ReadWrite, ReadOnly, WriteOneToStart, WriteOnly };

struct Csr {
  const char *name;        // lower_snake_case, used for RTL signals and C++ constants
  uint32_t offset;         // byte offset
  CsrAccess access;
  const char *description;
};

// Offsets, for C++ users (testbenches, drivers). Kept equal to the table by a unit test.
namespace csr {
constexpr uint32_t kCtrl = 0x00;        // bit 0: start (write 1; reads 0)
constexpr uint32_t kStatus = 0x04;      // bit 0 busy, bit 1 done (sticky), bit 2 error (sticky)
constexpr uint32_t kErrorCode = 0x08;   // why error is set (see errorCodes in the contract)
constexpr uint32_t kDimM = 0x0C;
constexpr uint32_t kDimN = 0x10;
constexpr uint32_t kDimK = 0x14;
constexpr uint32_t kCyclesBusy = 0x18;  // cycles with busy set, last run
constexpr uint32_t kStallIn = 0x1C;     // busy cycles waiting for input (tvalid low when needed)
constexpr uint32_t kStallOut = 0x20;    // busy cycles waiting for output (tready low)
constexpr uint32_t kMacsLo = 0x24;      // useful MACs issued, last run (low 32 bits)
constexpr uint32_t kMacsHi = 0x28;
constexpr uint32_t kConfigHash = 0x2C;  // first 8 hex digits of the config hash
constexpr uint32_t kArrayShape = 0x30;  // rows in bits 15:0, cols in bits 31:16
// pe.type bitserial only: the layer format (arch/bitserial_timing.h, docs/bitserial-array.md).
constexpr uint32_t kBitserialFormat = 0x34;
// pe.type ovp only: bit 0 weights flint4, bit 1 activations flint4 (docs/ovp-array.md). The
// per-type layer format registers share 0x34: an accelerator has one PE type.
constexpr uint32_t kOvpFormat = 0x34;
// Post-processing parameters (docs/dyadic-pipeline.md, "Parameter source"); present only in
// designs with post.requant (which of them: postCsrMap). Offsets are fixed per name; 0x34..0x3C
// stay free for the PE families' format registers.
constexpr uint32_t kRequantMult = 0x40;  // per tensor: m (low mult_bits bits)
constexpr uint32_t kRequantShift = 0x44; // per tensor: e (low 6 bits)
constexpr uint32_t kZeroPoint = 0x48;    // per tensor: zero point (low out_bits bits)
constexpr uint32_t kBiasLo = 0x4C;       // per tensor with bias: bias bits 31:0
constexpr uint32_t kBiasHi = 0x50;       // ... bits 63:32 (only when acc_bits > 32)
constexpr uint32_t kClipLo = 0x54;       // relu6/clip: lower bound (low out_bits bits)
constexpr uint32_t kClipHi = 0x58;       // relu6/clip: upper bound
constexpr uint32_t kParamIndex = 0x5C;   // per channel: parameter RAM word written next
constexpr uint32_t kParamData = 0x60;    // per channel: next 32-bit chunk of that word
// top: pipeline with post.nonlinear shiftmax / shiftgelu: x0 = floor(-1 / s) (Shiftmax) or
// floor(-1 / (1.702 s)) (ShiftGELU), 32-bit two's complement; the low kShiftmaxX0Bits bits
// drive the unit's x0_i. A start with x0 outside -(2^16 - 1)..-1 sets kBadX0 and does not
// start. Must not change during a run.
constexpr uint32_t kNonlinearX0 = 0x6C;
// post.residual, per tensor: the second branch's dyadic pair (m2, e2); per channel it sits in
// the parameter RAM's lanes (arch::ParamLaneLayout).
constexpr uint32_t kResMult = 0x64;      // per tensor: m2 (low mult_bits bits)
constexpr uint32_t kResShift = 0x68;     // per tensor: e2 (low 6 bits)
} // namespace csr

// Error codes in kErrorCode.
namespace csr_error {
constexpr uint32_t kNone = 0;
constexpr uint32_t kBadDims = 1;         // M, N or K is 0 or above its limit at start
constexpr uint32_t kStartWhileBusy = 2;  // start written while a run was in progress
constexpr uint32_t kBadFormat = 3;       // bitserial_format not runnable by this accelerator
constexpr uint32_t kBadX0 = 4;           // nonlinear_x0 outside -(2^16 - 1)..-1 at start
} // namespace csr_error

// The GEMM accelerator's registers, common to every design.
const std::vector<Csr> &csrMap();
// top: pipeline (arch/pipeline.h): ctrl, status, error_code, dim_m (rows M), dim_n (row length
// N, 1..post.row_max), cycles_busy, stall_in, stall_out and config_hash at the accelerator's
// offsets (no dim_k, macs or array_shape).
const std::vector<Csr> &pipelineCsrMap();
// The post-processing registers a design with this config has (empty without post.requant):
// per tensor the dyadic pair, zero point and bias (with post.residual also the second branch's
// pair res_mult, res_shift); per channel the parameter RAM's index and data ports; relu6/clip
// the clamp bounds.
std::vector<Csr> postCsrMap(const config::AccelConfig &cfg);
// csrMap() (top: pipeline: pipelineCsrMap()), then bitserial_format (pe.type bitserial) or
// ovp_format (pe.type ovp), then
// postCsrMap(cfg): everything the design decodes.
std::vector<Csr> csrMapFor(const config::AccelConfig &cfg);

} // namespace quasar::arch
