#include "quasar/arch/csr.h"

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

} // namespace quasar::arch
