#include "quasar/arch/csr.h"

#include "quasar/arch/pipeline.h"
#include "quasar/arch/post_params.h"

namespace quasar::arch {

const std::vector<Csr> &csrMap() {
  static const std::vector<Csr> map = {
      {"ctrl", csr::kCtrl, CsrAccess::WriteOneToStart, "bit 0: write 1 to start a GEMM"},
      {"status", csr::kStatus, CsrAccess::ReadOnly,
       "bit 0 busy; bit 1 done (sticky, cleared by start); bit 2 error (sticky, cleared by start)"},
      {"error_code", csr::kErrorCode, CsrAccess::ReadOnly,
       "0 none, 1 bad dimensions, 2 start while busy"},
      {"dim_m", csr::kDimM, CsrAccess::ReadWrite, "GEMM M (rows of A and C), 1..m_max"},
      {"dim_n", csr::kDimN, CsrAccess::ReadWrite, "GEMM N (rows of W, columns of C), 1..n_max"},
      {"dim_k", csr::kDimK, CsrAccess::ReadWrite, "GEMM K (reduction length), 1..k_max"},
      {"cycles_busy", csr::kCyclesBusy, CsrAccess::ReadOnly, "cycles busy in the last run"},
      {"stall_in", csr::kStallIn, CsrAccess::ReadOnly,
       "busy cycles the accelerator wanted an input beat and s_axis_tvalid was low"},
      {"stall_out", csr::kStallOut, CsrAccess::ReadOnly,
       "busy cycles an output beat was offered and m_axis_tready was low"},
      {"macs_lo", csr::kMacsLo, CsrAccess::ReadOnly, "useful MACs of the last run, bits 31:0"},
      {"macs_hi", csr::kMacsHi, CsrAccess::ReadOnly, "useful MACs of the last run, bits 63:32"},
      {"config_hash", csr::kConfigHash, CsrAccess::ReadOnly,
       "first 8 hex digits of the configuration hash"},
      {"array_shape", csr::kArrayShape, CsrAccess::ReadOnly, "rows in 15:0, cols in 31:16"},
  };
  return map;
}

const std::vector<Csr> &pipelineCsrMap() {
  // The accelerator's registers that mean the same for a stream of rows, at the same offsets.
  static const std::vector<Csr> map = {
      {"ctrl", csr::kCtrl, CsrAccess::WriteOneToStart, "bit 0: write 1 to start a run of M rows"},
      {"status", csr::kStatus, CsrAccess::ReadOnly,
       "bit 0 busy; bit 1 done (sticky, cleared by start); bit 2 error (sticky, cleared by start)"},
      {"error_code", csr::kErrorCode, CsrAccess::ReadOnly,
       "0 none, 1 bad dimensions, 2 start while busy"},
      {"dim_m", csr::kDimM, CsrAccess::ReadWrite, "rows M of the run, 1..m_max"},
      {"dim_n", csr::kDimN, CsrAccess::ReadWrite,
       "row length N = channels, 1..post.row_max; a row is ceil(N / post.lanes) words"},
      {"cycles_busy", csr::kCyclesBusy, CsrAccess::ReadOnly, "cycles busy in the last run"},
      {"stall_in", csr::kStallIn, CsrAccess::ReadOnly,
       "busy cycles s_axis_tready was high and s_axis_tvalid low"},
      {"stall_out", csr::kStallOut, CsrAccess::ReadOnly,
       "busy cycles an output beat was offered and m_axis_tready was low"},
      {"config_hash", csr::kConfigHash, CsrAccess::ReadOnly,
       "first 8 hex digits of the configuration hash"},
  };
  return map;
}

std::vector<Csr> postCsrMap(const config::AccelConfig &cfg) {
  const config::PostConfig &p = cfg.post;
  std::vector<Csr> map;
  if (!p.requant.enabled) return map;
  if (p.requant.granularity == config::Granularity::PerTensor) {
    map.push_back({"requant_mult", csr::kRequantMult, CsrAccess::ReadWrite,
                   "per-tensor dyadic multiplier m (unsigned, low mult_bits bits)"});
    map.push_back({"requant_shift", csr::kRequantShift, CsrAccess::ReadWrite,
                   "per-tensor shift e, 0..63 (low 6 bits)"});
    map.push_back({"zero_point", csr::kZeroPoint, CsrAccess::ReadWrite,
                   "per-tensor output zero point (low out_bits bits, out signedness)"});
    if (p.bias) {
      map.push_back({"bias_lo", csr::kBiasLo, CsrAccess::ReadWrite,
                     "per-tensor bias at the accumulator scale, bits 31:0 (two's complement)"});
      if (cfg.pe.acc_bits > 32)
        map.push_back({"bias_hi", csr::kBiasHi, CsrAccess::ReadWrite,
                       "per-tensor bias, bits 63:32 (used up to acc_bits)"});
    }
  }
  if (hasParamRegisters(cfg)) {
    map.push_back({"param_index", csr::kParamIndex, CsrAccess::ReadWrite,
                   cfg.top == config::TopKind::Pipeline
                       ? "per-channel parameter RAM: word written next (word j: channels "
                         "j*lanes .. j*lanes+lanes-1); a write also restarts the word's chunks"
                       : "per-channel parameter RAM: word written next (one word per n-tile of "
                         "cols channels); a write also restarts the word's chunks"});
    map.push_back({"param_data", csr::kParamData, CsrAccess::WriteOnly,
                   "per-channel parameter RAM: next 32-bit chunk of the word, LSB first; the "
                   "word's last chunk writes it and increments param_index"});
  }
  if (isPipeline(cfg) && rowUnitUsesX0(cfg))
    map.push_back({"nonlinear_x0", csr::kNonlinearX0, CsrAccess::ReadWrite,
                   "x0 of the row unit (Shiftmax floor(-1/s), ShiftGELU floor(-1/(1.702 s))), "
                   "32-bit two's complement; a start with x0 outside -(2^16 - 1)..-1 sets "
                   "error_code 4 and does not start"});
  if (p.activation == config::Activation::Relu6 || p.activation == config::Activation::Clip) {
    map.push_back({"clip_lo", csr::kClipLo, CsrAccess::ReadWrite,
                   "activation lower bound (low out_bits bits; inside the out range)"});
    map.push_back({"clip_hi", csr::kClipHi, CsrAccess::ReadWrite,
                   "activation upper bound (low out_bits bits; clip_lo <= clip_hi)"});
  }
  if (p.residual && p.requant.granularity == config::Granularity::PerTensor) {
    map.push_back({"res_mult", csr::kResMult, CsrAccess::ReadWrite,
                   "residual branch: per-tensor dyadic multiplier m2 (unsigned, low mult_bits bits)"});
    map.push_back({"res_shift", csr::kResShift, CsrAccess::ReadWrite,
                   "residual branch: per-tensor shift e2, 0..63 (low 6 bits)"});
  }
  return map;
}

std::vector<Csr> csrMapFor(const config::AccelConfig &cfg) {
  std::vector<Csr> map = cfg.top == config::TopKind::Pipeline ? pipelineCsrMap() : csrMap();
  if (cfg.pe.type == config::PeType::Bitserial)
    map.push_back({"bitserial_format", csr::kBitserialFormat, CsrAccess::ReadWrite,
                   "bit-serial layer format: w_prec (bitplane P) in 4:0, w_mode (bitmod: 0 fp4, "
                   "1 fp3, 2 int8, 3 int6, 4 int4) in 10:8; taken at start, error_code 3 if "
                   "the accelerator cannot run it (docs/bitserial-array.md)"});
  if (cfg.pe.type == config::PeType::Ovp)
    map.push_back({"ovp_format", csr::kOvpFormat, CsrAccess::ReadWrite,
                   "normal type of each OVP-4 tensor, 0 int4 / 1 flint4: bit 0 weights, bit 1 "
                   "activations (w4a4); read by the edge decoders"});
  for (const Csr &c : postCsrMap(cfg)) map.push_back(c);
  return map;
}

} // namespace quasar::arch
