// qsr_csr: the AXI4-Lite slave, the registers of arch::csrMap() and the performance counters,
// cycle for cycle as docs/microarchitecture.md ("Run start and end") describes them; with
// top: pipeline the registers of arch::pipelineCsrMap.
#pragma once

#include "quasar/config/accel.h"
#include "quasar/sim/edge.h"
#include "quasar/sim/pins.h"

#include <systemc>

#include <cstdint>
#include <vector>

namespace quasar::sim {

// The post-processing registers (arch::postCsrMap) as written, 32 bits each.
struct PostRegs {
  uint32_t mult = 0, shift = 0, zeroPoint = 0, biasLo = 0, biasHi = 0, clipLo = 0, clipHi = 0;
  uint32_t x0 = 0; // nonlinear_x0 (Shiftmax, ShiftGELU in top: pipeline)
  uint32_t resMult = 0, resShift = 0; // post.residual, per tensor: m2, e2
};

class Csr : public sc_core::sc_module {
public:
  Csr(sc_core::sc_module_name name, const config::AccelConfig &cfg);

  void reset();
  // Combinational part of an edge: whether a valid start happens (EdgeSignals::start).
  void evaluate(const PinInputs &in, EdgeSignals &e);
  // Registers: writes, start/done/error, counters, read data.
  void update(const PinInputs &in, const EdgeSignals &e);
  void drive(PinOutputs &out) const;

  uint32_t dimM() const { return m_dimM; }
  uint32_t dimN() const { return m_dimN; }
  uint32_t dimK() const { return m_dimK; }
  bool busy() const { return m_busy; }
  const PostRegs &postRegs() const { return m_post; }
  // Word `index` of the per-channel parameter RAM (arch::paramWordChunks chunks; the RTL's
  // u_param_ram, written through param_index/param_data).
  const std::vector<uint32_t> &paramWord(int64_t index) const { return m_paramRam[size_t(index)]; }

private:
  uint32_t readValue(uint32_t index) const;
  // A write on this edge to one of the post registers (strobed like the RTL's 32-bit ones;
  // param_index and param_data take whole words).
  template <typename Strobed> void writePost(Strobed strobed);

  // ---- configuration ----
  uint32_t m_addrMask;   // interfaces.axil_addr_bits: higher address bits are ignored
  uint32_t m_configHash; // first 8 hex digits of the config hash
  uint32_t m_arrayShape; // rows | cols << 16
  // top: accelerator. top: pipeline (arch::pipelineCsrMap) has no dim_k, MAC counter or
  // array shape (they read 0) and takes N up to post.row_max.
  bool m_gemm = true;
  int64_t m_mMax, m_nMax, m_kMax;
  std::vector<uint32_t> m_postOffsets; // arch::postCsrMap: the post registers this design has
  uint32_t m_paramIndexMask = 0;       // param_index register bits
  int m_paramChunks = 0;
  bool m_ovp = false;    // pe.type ovp: the ovp_format register; dim_k must be even
  const config::AccelConfig *m_bitserial = nullptr; // pe.type bitserial: the config (formats)
  uint32_t m_formatReset = 0; // arch::bitserialResetFormat
  bool m_hasX0 = false;       // top: pipeline with Shiftmax or ShiftGELU: the x0 start check
  // ---- write channel ----
  bool m_awHeld = false, m_wHeld = false, m_bvalid = false;
  uint32_t m_awaddr = 0, m_wdata = 0, m_wstrb = 0; // held address/data
  // ---- registers ----
  uint32_t m_dimM = 0, m_dimN = 0, m_dimK = 0;
  uint32_t m_ovpFormat = 0; // bits 1:0
  uint32_t m_format = 0;    // bitserial_format as written (32 bits, strobed)
  uint32_t m_runFormat = 0; // bitserial_format taken at the last valid start
  bool m_busy = false, m_done = false, m_error = false;
  uint32_t m_errorCode = 0;
  uint32_t m_cyclesBusy = 0, m_stallIn = 0, m_stallOut = 0; // 32-bit counters, wrap
  uint64_t m_macs = 0;
  PostRegs m_post;
  uint32_t m_paramIndex = 0;
  int m_paramChunk = 0;
  std::vector<uint32_t> m_paramStaging;            // the word being written
  std::vector<std::vector<uint32_t>> m_paramRam;   // no reset, like the RAM
  // ---- read channel ----
  bool m_rvalid = false;
  uint32_t m_rdata = 0;
  // ---- this edge (from evaluate to update) ----
  bool m_doWrite = false, m_startReq = false, m_dimsOk = false;
  bool m_formatOk = true; // bit-serial: the format register holds a runnable format
  bool m_x0Ok = true;     // Shiftmax / ShiftGELU: x0 in -(2^16 - 1)..-1
  uint32_t m_wrIndex = 0, m_wrData = 0, m_wrStrb = 0;
  bool m_awHs = false, m_wHs = false;
};

} // namespace quasar::sim
