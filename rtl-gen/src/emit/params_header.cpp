// quasar_params.h: the generated accelerator's facts as C++ constants, from the same config
// object and arch/ functions as the RTL (Gemmini's generated gemmini_params.h, as C++17).
#include "metadata.h"

#include "quasar/arch/csr.h"
#include "quasar/arch/pipeline.h"
#include "quasar/arch/post_params.h"
#include "quasar/arch/schedule.h"
#include "quasar/arch/stream.h"
#include "quasar/arch/timing.h"
#include "quasar/config/enums.h"
#include "quasar/config/load.h"
#include "quasar/rtlgen/emit.h"

#include <cctype>
#include <ostream>
#include <sstream>
#include <string>

namespace quasar::emit {
namespace {

// "cycles_busy" -> "kCsrCyclesBusy"
std::string csrConstant(const std::string &name) {
  std::string s = "kCsr";
  bool up = true;
  for (char c : name) {
    if (c == '_') {
      up = true;
      continue;
    }
    s += up ? char(std::toupper(static_cast<unsigned char>(c))) : c;
    up = false;
  }
  return s;
}

// The array, tiling, streams and latencies of top: accelerator.
void acceleratorFacts(std::ostream &s, const config::AccelConfig &cfg) {
  const bool ws = cfg.array.dataflow == config::Dataflow::WeightStationary;
  const arch::TileShape t = arch::tileShape(cfg);
  const arch::WordFormat af = arch::activationWordFormat(cfg), wf = arch::weightWordFormat(cfg),
                         of = arch::outputWordFormat(cfg);
  auto b = [](bool v) { return v ? "true" : "false"; };
  s << "// Array and PE\n"
    << "constexpr int kRows = " << cfg.array.rows << ";\n"
    << "constexpr int kCols = " << cfg.array.cols << ";\n"
    << "constexpr bool kWeightStationary = " << b(ws) << ";\n"
    << "constexpr const char *kDataflow = \"" << config::toString(cfg.array.dataflow) << "\";\n"
    << "constexpr const char *kPeType = \"" << config::toString(cfg.pe.type) << "\";\n"
    << "constexpr int kABits = " << cfg.pe.a_bits << ";\n"
    << "constexpr int kWBits = " << cfg.pe.w_bits << ";\n"
    << "constexpr bool kASigned = " << b(cfg.pe.a_signed) << ";\n"
    << "constexpr bool kWSigned = " << b(cfg.pe.w_signed) << ";\n"
    << "constexpr int kAccBits = " << cfg.pe.acc_bits << ";\n\n"
    << "// GEMM limits and tiling (arch::tileShape)\n"
    << "constexpr int64_t kMMax = " << cfg.limits.m_max << ";\n"
    << "constexpr int64_t kNMax = " << cfg.limits.n_max << ";\n"
    << "constexpr int64_t kKMax = " << cfg.limits.k_max << ";\n"
    << "constexpr int64_t kTileM = " << t.m << ";\n"
    << "constexpr int64_t kTileN = " << t.n << ";\n"
    << "constexpr int64_t kTileK = " << t.k << ";\n"
    << "constexpr int kBanks = " << arch::bankCount(cfg) << ";\n\n"
    << "// Interfaces and stream words (arch/stream.h)\n"
    << "constexpr int kAxisInBits = " << cfg.interfaces.axis_in_bits << ";\n"
    << "constexpr int kAxisOutBits = " << cfg.interfaces.axis_out_bits << ";\n"
    << "constexpr int kAxilAddrBits = " << cfg.interfaces.axil_addr_bits << ";\n"
    << "constexpr int kAxilDataBits = " << cfg.interfaces.axil_data_bits << ";\n"
    << "constexpr int kActBeatsPerWord = " << af.beatsPerWord() << ";\n"
    << "constexpr int kWeightBeatsPerWord = " << wf.beatsPerWord() << ";\n"
    << "constexpr int kOutBeatsPerWord = " << of.beatsPerWord() << ";\n\n"
    << "// Latencies (arch/timing.h)\n"
    << "constexpr int kBufferReadLatency = " << arch::kBufferReadLatency << ";\n"
    << "constexpr int kLoaderWriteLatency = " << arch::kLoaderWriteLatency << ";\n"
    << "constexpr int kOutputFifoWords = " << arch::outputFifoWords(cfg) << ";\n"
    << "constexpr int kPeProductStages = " << arch::peProductStages(cfg) << ";\n";
  if (ws)
    s << "constexpr int kWsResultLatency = " << arch::wsResultLatency(cfg) << ";\n";
  else
    s << "constexpr int kOsAccumulateLatency = " << arch::osAccumulateLatency(cfg) << ";\n";
}

// top: pipeline (arch/pipeline.h): lanes, row length, streams and latency.
void pipelineFacts(std::ostream &s, const config::AccelConfig &cfg) {
  const arch::WordFormat in = arch::pipelineInputWordFormat(cfg), of = arch::outputWordFormat(cfg);
  s << "// Post-processing pipeline alone (top: pipeline; arch/pipeline.h)\n"
    << "constexpr int kLanes = " << cfg.post.lanes << ";\n"
    << "constexpr int kAccBits = " << cfg.pe.acc_bits << ";\n"
    << "constexpr int64_t kMMax = " << cfg.limits.m_max << ";\n"
    << "constexpr int64_t kRowMax = " << cfg.post.row_max << ";\n\n"
    << "// Interfaces and stream words (row by row, ceil(N / kLanes) words per row)\n"
    << "constexpr int kAxisInBits = " << cfg.interfaces.axis_in_bits << ";\n"
    << "constexpr int kAxisOutBits = " << cfg.interfaces.axis_out_bits << ";\n"
    << "constexpr int kAxilAddrBits = " << cfg.interfaces.axil_addr_bits << ";\n"
    << "constexpr int kAxilDataBits = " << cfg.interfaces.axil_data_bits << ";\n"
    << "constexpr int kInBeatsPerWord = " << in.beatsPerWord() << ";\n"
    << "constexpr int kOutBeatsPerWord = " << of.beatsPerWord() << ";\n"
    << (cfg.post.residual ? "// post.residual: s_axis_res carries z2 in the input's word format\n"
                            "constexpr bool kResidualStream = true;\n"
                          : "")
    << "\n"
    << "// Latency: a word's last input beat on edge t, its first output beat offered at t + this\n"
    << "constexpr int kPipelineStages = " << arch::pipelineStages(cfg) << ";\n";
  if (!arch::hasRowUnit(cfg)) return;
  s << "\n// Row unit of post.nonlinear (docs/dyadic-pipeline.md, \"Row units in top: pipeline\")\n"
    << "constexpr const char *kRowUnit = \"" << config::toString(cfg.post.nonlinear) << "\";\n"
    << "constexpr int kRowUnitOutBits = " << arch::rowUnitOutBits(cfg) << ";\n";
  if (arch::rowUnitUsesX0(cfg))
    s << "constexpr int64_t kX0Min = " << arch::kRowUnitX0Min << ";\n"
      << "constexpr int64_t kX0Max = " << arch::kRowUnitX0Max << ";\n"
      << "constexpr uint32_t kErrorBadX0 = " << arch::csr_error::kBadX0 << ";\n";
}

} // namespace

std::string emitParamsHeader(const ir::Design &design, const config::AccelConfig &cfg) {
  std::ostringstream s;
  auto b = [](bool v) { return v ? "true" : "false"; };
  s << "// " << headerLine(design.info) << "\n"
    << "// quasar_params.h: the generated accelerator's parameters for C++ (testbenches, drivers).\n"
    << "#pragma once\n\n"
    << "#include <cstdint>\n\n"
    << "namespace quasar_params {\n\n"
    << "constexpr const char *kConfigName = \"" << cfg.name << "\";\n"
    << "constexpr const char *kConfigHash = \"" << config::configHash(cfg) << "\";\n"
    << "constexpr const char *kTopModule = \"" << design.top << "\";\n\n"
;
  if (arch::isPipeline(cfg))
    pipelineFacts(s, cfg);
  else
    acceleratorFacts(s, cfg);
  if (cfg.post.requant.enabled) {
    const arch::ParamLaneLayout l = arch::paramLaneLayout(cfg);
    s << "\n// Post-processing (docs/dyadic-pipeline.md)\n"
      << (arch::isPipeline(cfg) ? "" : "constexpr int kDrainPipelineStages = " +
                                           std::to_string(arch::drainPipelineStages(cfg)) + ";\n")
      << "constexpr int kOutBits = " << cfg.post.requant.out_bits << ";\n"
      << "constexpr bool kOutSigned = " << b(cfg.post.requant.out_signed) << ";\n"
      << "constexpr int kMultBits = " << cfg.post.requant.mult_bits << ";\n"
      << "constexpr bool kPerChannel = "
      << b(cfg.post.requant.granularity == config::Granularity::PerChannel) << ";\n";
    if (arch::hasParamRegisters(cfg)) {
      s << "constexpr int kParamRamWords = " << arch::paramRamWords(cfg) << ";\n"
        << "constexpr int kParamWordChunks = " << arch::paramWordChunks(cfg) << ";\n"
        << "constexpr int kParamLaneBits = " << l.laneBits << ";\n";
      if (l.multLsb >= 0)
        s << "constexpr int kParamMultLsb = " << l.multLsb << ";\n"
          << "constexpr int kParamShiftLsb = " << l.shiftLsb << ";\n"
          << "constexpr int kParamZeroPointLsb = " << l.zpLsb << ";\n";
      if (l.biasLsb >= 0) s << "constexpr int kParamBiasLsb = " << l.biasLsb << ";\n";
      if (l.resMultLsb >= 0)
        s << "constexpr int kParamResMultLsb = " << l.resMultLsb << ";\n"
          << "constexpr int kParamResShiftLsb = " << l.resShiftLsb << ";\n";
      if (l.biasIntLsb >= 0) s << "constexpr int kParamBiasIntLsb = " << l.biasIntLsb << ";\n";
    }
  }
  s << "\n// CSR byte offsets (arch::csrMap)\n";
  for (const arch::Csr &c : arch::csrMapFor(cfg))
    s << "constexpr uint32_t " << csrConstant(c.name) << " = 0x" << std::hex << std::uppercase
      << c.offset << std::dec << std::nouppercase << ";\n";
  s << "\n} // namespace quasar_params\n";
  return s.str();
}

} // namespace quasar::emit
