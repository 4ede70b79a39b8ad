#include "quasar/sim/csr.h"

#include "quasar/arch/bitserial_timing.h"
#include "quasar/arch/csr.h"
#include "quasar/arch/pipeline.h"
#include "quasar/arch/post_params.h"
#include "quasar/config/load.h"

#include <algorithm>

#include <string>

namespace quasar::sim {

Csr::Csr(sc_core::sc_module_name name, const config::AccelConfig &cfg) : sc_core::sc_module(name) {
  const int bits = cfg.interfaces.axil_addr_bits;
  m_addrMask = bits >= 32 ? 0xffffffffu : (uint32_t(1) << bits) - 1;
  m_configHash = uint32_t(std::stoul(config::configHash(cfg).substr(0, 8), nullptr, 16));
  m_arrayShape = uint32_t(cfg.array.rows) | (uint32_t(cfg.array.cols) << 16);
  m_gemm = !arch::isPipeline(cfg);
  m_mMax = cfg.limits.m_max;
  m_nMax = m_gemm ? cfg.limits.n_max : cfg.post.row_max; // top: pipeline: a row's channels
  m_kMax = cfg.limits.k_max;
  for (const arch::Csr &c : arch::postCsrMap(cfg)) m_postOffsets.push_back(c.offset);
  if (arch::hasParamRegisters(cfg)) { // per channel, or I-LayerNorm's bias_int
    const int pib = arch::paramIndexBits(cfg);
    m_paramIndexMask = pib >= 32 ? 0xffffffffu : (uint32_t(1) << pib) - 1;
    m_paramChunks = arch::paramWordChunks(cfg);
    m_paramStaging.assign(size_t(m_paramChunks), 0);
    m_paramRam.assign(size_t(arch::paramRamWords(cfg)),
                      std::vector<uint32_t>(size_t(m_paramChunks), 0));
  }
  m_ovp = cfg.pe.type == config::PeType::Ovp;
  m_hasX0 = arch::isPipeline(cfg) && arch::rowUnitUsesX0(cfg);
  if (cfg.pe.type == config::PeType::Bitserial) {
    m_bitserial = &cfg;
    m_formatReset = arch::bitserialResetFormat(cfg);
  }
}

void Csr::reset() {
  m_awHeld = m_wHeld = m_bvalid = false;
  m_dimM = m_dimN = m_dimK = 0;
  m_ovpFormat = 0;
  m_format = m_formatReset;
  m_runFormat = 0;
  m_busy = m_done = m_error = false;
  m_errorCode = 0;
  m_cyclesBusy = m_stallIn = m_stallOut = 0;
  m_macs = 0;
  m_rvalid = false;
  m_post = PostRegs{};
  m_paramIndex = 0;
  m_paramChunk = 0;
}

void Csr::evaluate(const PinInputs &in, EdgeSignals &e) {
  e.ovpFormat = m_ovpFormat;
  e.bitserialFormat = m_runFormat;
  if (!in.awvalid && !in.wvalid && !m_awHeld && !m_wHeld) { // no write on this edge
    m_awHs = m_wHs = m_doWrite = m_startReq = false;
    e.start = false;
    return;
  }
  const bool awready = !m_awHeld && !m_bvalid, wready = !m_wHeld && !m_bvalid;
  m_awHs = in.awvalid && awready;
  m_wHs = in.wvalid && wready;
  m_doWrite = (m_awHeld || m_awHs) && (m_wHeld || m_wHs);
  const uint32_t addr = (m_awHeld ? m_awaddr : in.awaddr) & m_addrMask;
  m_wrIndex = addr >> 2;
  m_wrData = m_wHeld ? m_wdata : in.wdata;
  m_wrStrb = m_wHeld ? m_wstrb : in.wstrb;
  m_startReq = m_doWrite && m_wrIndex == arch::csr::kCtrl / 4 && (m_wrStrb & 1) && (m_wrData & 1);
  auto ok = [](uint32_t v, int64_t max) { return v != 0 && int64_t(v) <= max; };
  // OVP pairs run along K: an odd K is a bad dimension there (the host pads K to even).
  m_dimsOk = ok(m_dimM, m_mMax) && ok(m_dimN, m_nMax) &&
             (!m_gemm || (ok(m_dimK, m_kMax) && !(m_ovp && (m_dimK & 1))));
  // Bit-serial: a start needs a format this accelerator runs (else error_code 3).
  m_formatOk = !m_bitserial || arch::bitserialFormatValid(*m_bitserial, m_format);
  // Shiftmax / ShiftGELU: x0 in -(2^16 - 1)..-1, else error code 4.
  m_x0Ok = !m_hasX0 || arch::rowUnitX0Valid(int32_t(m_post.x0));
  e.start = m_startReq && !m_busy && m_dimsOk && m_formatOk && m_x0Ok;
}

template <typename Strobed> void Csr::writePost(Strobed strobed) {
  const uint32_t offset = m_wrIndex * 4;
  if (std::find(m_postOffsets.begin(), m_postOffsets.end(), offset) == m_postOffsets.end())
    return;
  switch (offset) {
  case arch::csr::kRequantMult: strobed(m_post.mult); break;
  case arch::csr::kRequantShift: strobed(m_post.shift); break;
  case arch::csr::kZeroPoint: strobed(m_post.zeroPoint); break;
  case arch::csr::kBiasLo: strobed(m_post.biasLo); break;
  case arch::csr::kBiasHi: strobed(m_post.biasHi); break;
  case arch::csr::kClipLo: strobed(m_post.clipLo); break;
  case arch::csr::kClipHi: strobed(m_post.clipHi); break;
  case arch::csr::kNonlinearX0: strobed(m_post.x0); break;
  case arch::csr::kResMult: strobed(m_post.resMult); break;
  case arch::csr::kResShift: strobed(m_post.resShift); break;
  case arch::csr::kParamIndex:
    m_paramIndex = m_wrData & m_paramIndexMask;
    m_paramChunk = 0;
    break;
  case arch::csr::kParamData:
    m_paramStaging[size_t(m_paramChunk)] = m_wrData;
    if (m_paramChunk == m_paramChunks - 1) {
      if (m_paramIndex < m_paramRam.size()) m_paramRam[m_paramIndex] = m_paramStaging;
      m_paramIndex = (m_paramIndex + 1) & m_paramIndexMask;
      m_paramChunk = 0;
    } else {
      ++m_paramChunk;
    }
    break;
  default: break;
  }
}

void Csr::update(const PinInputs &in, const EdgeSignals &e) {
  // Read channel first: it samples the registers as they are before this edge.
  const bool arHs = in.arvalid && !m_rvalid;
  if (arHs) m_rdata = readValue((in.araddr & m_addrMask) >> 2);
  m_rvalid = arHs || (m_rvalid && !in.rready);

  // Write channel.
  const bool haveAw = m_awHeld || m_awHs, haveW = m_wHeld || m_wHs;
  if (m_awHs) m_awaddr = in.awaddr;
  if (m_wHs) {
    m_wdata = in.wdata;
    m_wstrb = in.wstrb;
  }
  m_awHeld = haveAw && !m_doWrite;
  m_wHeld = haveW && !m_doWrite;
  m_bvalid = m_doWrite || (m_bvalid && !in.bready);

  // Registers, in the RTL's statement order (a later assignment wins).
  auto strobed = [this](uint32_t &reg) {
    for (int i = 0; i < 4; ++i)
      if ((m_wrStrb >> i) & 1) reg = (reg & ~(0xffu << (8 * i))) | (m_wrData & (0xffu << (8 * i)));
  };
  if (m_doWrite && m_wrIndex == arch::csr::kDimM / 4) strobed(m_dimM);
  if (m_doWrite && m_wrIndex == arch::csr::kDimN / 4) strobed(m_dimN);
  if (m_gemm && m_doWrite && m_wrIndex == arch::csr::kDimK / 4) strobed(m_dimK);
  if (m_doWrite && !m_postOffsets.empty()) writePost(strobed);
  if (m_ovp && m_doWrite && m_wrIndex == arch::csr::kOvpFormat / 4 && (m_wrStrb & 1))
    m_ovpFormat = m_wrData & 3;
  if (m_bitserial && m_doWrite && m_wrIndex == arch::csr::kBitserialFormat / 4) strobed(m_format);
  if (e.start) m_runFormat = m_format; // the format of the run, held until the next start
  const bool wasBusy = m_busy;
  if (wasBusy) {
    ++m_cyclesBusy;
    if (e.sReady && !in.sTvalid) ++m_stallIn;
    if (e.mValid && !in.mTready) ++m_stallOut;
    m_macs += uint64_t(e.macInc);
    if (e.done) {
      m_busy = false;
      m_done = true;
    }
  }
  if (m_startReq) {
    if (wasBusy) {
      m_error = true;
      m_errorCode = arch::csr_error::kStartWhileBusy;
    } else {
      m_cyclesBusy = m_stallIn = m_stallOut = 0;
      m_macs = 0;
      if (!m_dimsOk) {
        m_error = m_done = true;
        m_errorCode = arch::csr_error::kBadDims;
      } else if (!m_formatOk) {
        m_error = m_done = true;
        m_errorCode = arch::csr_error::kBadFormat;
      } else if (!m_x0Ok) {
        m_error = m_done = true;
        m_errorCode = arch::csr_error::kBadX0;
      } else {
        m_busy = true;
        m_done = m_error = false;
        m_errorCode = arch::csr_error::kNone;
      }
    }
  }
}

uint32_t Csr::readValue(uint32_t index) const {
  const uint32_t offset = index * 4;
  if (std::find(m_postOffsets.begin(), m_postOffsets.end(), offset) != m_postOffsets.end()) {
    switch (offset) {
    case arch::csr::kRequantMult: return m_post.mult;
    case arch::csr::kRequantShift: return m_post.shift;
    case arch::csr::kZeroPoint: return m_post.zeroPoint;
    case arch::csr::kBiasLo: return m_post.biasLo;
    case arch::csr::kBiasHi: return m_post.biasHi;
    case arch::csr::kClipLo: return m_post.clipLo;
    case arch::csr::kClipHi: return m_post.clipHi;
    case arch::csr::kNonlinearX0: return m_post.x0;
    case arch::csr::kResMult: return m_post.resMult;
    case arch::csr::kResShift: return m_post.resShift;
    case arch::csr::kParamIndex: return m_paramIndex;
    default: return 0; // param_data: write-only
    }
  }
  switch (offset) {
  case arch::csr::kStatus: return uint32_t(m_busy) | uint32_t(m_done) << 1 | uint32_t(m_error) << 2;
  case arch::csr::kErrorCode: return m_errorCode;
  case arch::csr::kDimM: return m_dimM;
  case arch::csr::kDimN: return m_dimN;
  case arch::csr::kDimK: return m_gemm ? m_dimK : 0;
  case arch::csr::kCyclesBusy: return m_cyclesBusy;
  case arch::csr::kStallIn: return m_stallIn;
  case arch::csr::kStallOut: return m_stallOut;
  case arch::csr::kMacsLo: return m_gemm ? uint32_t(m_macs) : 0;
  case arch::csr::kMacsHi: return m_gemm ? uint32_t(m_macs >> 32) : 0;
  case arch::csr::kConfigHash: return m_configHash;
  case arch::csr::kArrayShape: return m_gemm ? m_arrayShape : 0;
  // ovp_format and bitserial_format share the offset (the two families never coexist).
  case arch::csr::kOvpFormat: return m_ovp ? m_ovpFormat : m_bitserial ? m_format : 0;
  default: return 0; // ctrl (write-only) and unmapped addresses
  }
}

void Csr::drive(PinOutputs &out) const {
  out.awready = !m_awHeld && !m_bvalid;
  out.wready = !m_wHeld && !m_bvalid;
  out.bvalid = m_bvalid;
  out.bresp = 0;
  out.arready = !m_rvalid;
  out.rvalid = m_rvalid;
  out.rdata = m_rdata;
  out.rresp = 0;
}

} // namespace quasar::sim
