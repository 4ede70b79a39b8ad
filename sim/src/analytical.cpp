#include "quasar/sim/analytical.h"

#include "quasar/arch/bitserial_timing.h"
#include "quasar/arch/ovp_stream.h"
#include "quasar/arch/stream.h"
#include "quasar/arch/timing.h"
#include "quasar/config/load.h"

#include <algorithm>
#include <cstdio>
#include <limits>
#include <ostream>

namespace quasar::sim {
namespace {

// Earlier than any cycle: max() with it is a no-op.
constexpr int64_t kNever = std::numeric_limits<int64_t>::min() / 4;

int64_t bitsToBytes(int64_t bits) { return (bits + 7) / 8; }

double percent(int64_t num, int64_t den) {
  return den > 0 ? 100.0 * double(num) / double(den) : 0.0;
}

} // namespace

LayerTiming layerTiming(const config::AccelConfig &cfg, const arch::GemmDims &dims,
                        const AnalyticalOptions &opt) {
  const std::vector<arch::TileStep> steps = arch::schedule(cfg, dims);
  const bool ws = cfg.array.dataflow == config::Dataflow::WeightStationary;
  const size_t banks = size_t(arch::bankCount(cfg));
  const int64_t rows = cfg.array.rows;
  const int64_t outBeats = arch::outputWordFormat(cfg).beatsPerWord();
  const int64_t osLatency = arch::osAccumulateLatency(cfg);
  // A word read in cycle r is in the FIFO from r + 1 + read latency + the drain's pipeline
  // (the requantizer with post.requant); a read needs the word fifoWords ahead to have left.
  const int64_t toFifo = arch::kBufferReadLatency + 1 + arch::drainPipelineStages(cfg);
  const size_t fifoWords = size_t(arch::outputFifoWords(cfg));

  LayerTiming t;
  t.steps = int64_t(steps.size());
  std::vector<int64_t> release(steps.size()); // R_i: the compute unit releases step i's bank
  std::vector<int64_t> drainRelease;          // D_j: the drain reads tile j's last word
  int64_t lastBeat = kNever;                  // E_{i-1}
  int64_t computeIdle = 0;                    // first cycle the compute unit is in Idle
  int64_t drainIdle = 0;                      // first cycle the drain unit is in Idle
  std::vector<int64_t> popRing(fifoWords, kNever); // P_{w-fifoWords} .. P_{w-1}, by w mod size
  int64_t lastPop = kNever;                   // P_{w-1}
  size_t words = 0;                           // output words so far
  for (size_t i = 0; i < steps.size(); ++i) {
    const arch::TileStep &s = steps[i];
    // Loader: beats back to back once the step's bank is free again.
    int64_t first = i == 0 ? opt.inputDelay : lastBeat + 1;
    if (i >= banks) first = std::max(first, release[i - banks] + 1);
    const int64_t beats = arch::stepInputBeats(cfg, s);
    lastBeat = first + beats - 1;
    t.inputBeats += beats;
    if (opt.beatCycles)
      for (int64_t c = first; c <= lastBeat; ++c) t.inputBeatCycles.push_back(c);

    // Compute: the bank is full from the cycle after its last write (lastBeat + 1).
    const size_t tile = drainRelease.size();
    const int64_t accFree = tile >= banks ? drainRelease[tile - banks] + 1 : kNever;
    int64_t accept = std::max(lastBeat + 1 + arch::kLoaderWriteLatency, computeIdle);
    int64_t setCycle = kNever; // the accumulator bank goes to the drain at the end of it
    if (ws) {
      if (s.firstK) accept = std::max(accept, accFree);
      // LoadW rows cycles, Feed mLen cycles, in the last of `terms` passes of the int step.
      release[i] = accept + (opt.terms - 1) * arch::computeStepCycles(cfg, s) + rows + s.mLen;
      const int64_t end = accept + arch::bitserialComputeStepCycles(cfg, s, opt.terms);
      t.computeCycles += end - accept;
      t.feedCycles += s.mLen * opt.terms;
      computeIdle = end + 1;
      setCycle = end;
    } else {
      release[i] = accept + s.kLen * opt.terms; // each k fed for `terms` cycles
      t.feedCycles += s.kLen * opt.terms;
      if (!s.lastK) {
        t.computeCycles += s.kLen * opt.terms;
        computeIdle = release[i] + 1;
      } else {
        // Tail until every accumulator is final, then rows drain cycles into a free bank.
        const int64_t drainStart = std::max(release[i] + osLatency, accFree);
        setCycle = drainStart + rows - 1;
        t.computeCycles += setCycle - accept;
        computeIdle = setCycle + 1;
      }
    }
    if (!s.lastK) continue;

    // Drain unit: accept the bank, read its words through the FIFO.
    ++t.outputTiles;
    const int64_t acceptDrain = std::max(setCycle + 1, drainIdle);
    int64_t read = acceptDrain;
    for (int64_t w = 0; w < s.mLen; ++w) {
      int64_t &slot = popRing[words % fifoWords]; // P_{w-fifoWords}, then P_w
      read = std::max(read + 1, slot); // room once the word fifoWords ahead has left
      const int64_t show = std::max(read + toFifo, lastPop + 1);
      const int64_t pop = show + outBeats - 1;
      if (opt.beatCycles)
        for (int64_t c = show; c <= pop; ++c) t.outputBeatCycles.push_back(c);
      slot = pop;
      lastPop = pop;
      ++words;
    }
    t.outputBeats += s.mLen * outBeats;
    drainRelease.push_back(read);
    drainIdle = read + 1;
  }
  t.cyclesBusy = lastPop + 1;
  return t;
}

LayerReport layerTraffic(const config::AccelConfig &cfg, const config::GemmLayer &layer) {
  // The K the accelerator runs: pe.type ovp pads an odd K (its MACs count the pad column).
  const int64_t k = arch::acceleratorK(cfg, layer.k);
  const arch::GemmDims dims{layer.m, layer.n, k};
  const bool ws = cfg.array.dataflow == config::Dataflow::WeightStationary;
  const arch::WordFormat wf = arch::weightWordFormat(cfg), af = arch::activationWordFormat(cfg),
                         of = arch::outputWordFormat(cfg);
  const int64_t wBits = int64_t(wf.lanes) * wf.laneBits, aBits = int64_t(af.lanes) * af.laneBits,
                oBits = int64_t(of.lanes) * of.laneBits;
  LayerReport r;
  r.name = layer.name;
  r.m = layer.m;
  r.n = layer.n;
  r.k = k;
  r.count = layer.count;
  r.macs = layer.m * layer.n * k;
  int64_t wWrites = 0, aWrites = 0, wReads = 0, aReads = 0, accReads = 0, accWrites = 0;
  for (const arch::TileStep &s : arch::schedule(cfg, dims)) {
    ++r.steps;
    r.inputBeats += arch::stepInputBeats(cfg, s);
    const arch::StepWords words = arch::stepInputWords(cfg, s);
    if (ws) {
      wWrites += words.firstWords;
      aWrites += words.secondWords;
      wReads += cfg.array.rows;
      aReads += s.mLen;
      accReads += s.mLen; // read-modify-write of every activation word's sums
      accWrites += s.mLen;
    } else {
      aWrites += words.firstWords;
      wWrites += words.secondWords;
      aReads += s.kLen;
      wReads += s.kLen;
      if (s.lastK) accWrites += cfg.array.rows; // every PE row drains into the bank
    }
    if (s.lastK) {
      ++r.outputTiles;
      r.outputBeats += s.mLen * of.beatsPerWord();
      accReads += s.mLen; // the drain unit
    }
  }
  r.inputBytes = bitsToBytes(r.inputBeats * cfg.interfaces.axis_in_bits);
  r.outputBytes = bitsToBytes(r.outputBeats * cfg.interfaces.axis_out_bits);
  r.weightBufWriteBytes = bitsToBytes(wWrites * wBits);
  r.weightBufReadBytes = bitsToBytes(wReads * wBits);
  r.actBufWriteBytes = bitsToBytes(aWrites * aBits);
  r.actBufReadBytes = bitsToBytes(aReads * aBits);
  r.accBufWriteBytes = bitsToBytes(accWrites * oBits);
  r.accBufReadBytes = bitsToBytes(accReads * oBits);
  return r;
}

void setCycles(const config::AccelConfig &cfg, LayerReport &r, int64_t totalCycles,
               int64_t computeCycles, int64_t feedCycles) {
  const int64_t pes = int64_t(cfg.array.rows) * cfg.array.cols;
  r.totalCycles = totalCycles;
  r.computeCycles = computeCycles;
  r.feedCycles = feedCycles;
  r.stallCycles = totalCycles - computeCycles;
  r.overallUtil = percent(r.macs, totalCycles * pes);
  r.computeUtil = percent(r.macs, computeCycles * pes);
  r.mappingEfficiency = percent(r.macs, feedCycles * pes);
}

LayerReport analyzeLayer(const config::AccelConfig &cfg, const config::GemmLayer &layer,
                         std::optional<uint32_t> bitserialFormat) {
  LayerReport r = layerTraffic(cfg, layer);
  AnalyticalOptions opt;
  // A bit-serial layer runs at the format the host writes, else the CSR's reset value.
  if (cfg.pe.type == config::PeType::Bitserial) {
    r.format = bitserialFormat ? *bitserialFormat : arch::bitserialResetFormat(cfg);
    opt.terms = arch::bitserialTerms(cfg, r.format);
  }
  const LayerTiming t = layerTiming(cfg, arch::GemmDims{r.m, r.n, r.k}, opt);
  setCycles(cfg, r, t.cyclesBusy, t.computeCycles, t.feedCycles);
  return r;
}

std::vector<LayerReport> analyzeWorkload(const config::AccelConfig &cfg,
                                         const config::Workload &workload,
                                         const std::vector<uint32_t> &formats) {
  std::vector<LayerReport> out;
  for (const config::GemmLayer &l : config::lowerToGemm(workload))
    out.push_back(analyzeLayer(cfg, l,
                               formats.empty() ? std::nullopt
                                               : std::optional<uint32_t>(
                                                     formats[out.size() % formats.size()])));
  return out;
}

std::string csvHeader() {
  return "LayerID,Total Cycles,Stall Cycles,Overall Util %,Mapping Efficiency %,Compute Util %,"
         "M,N,K,Count,MACs,Compute Cycles,Feed Cycles,Steps,Output Tiles,Input Beats,"
         "Output Beats,Input Bytes,Output Bytes,Weight Buffer Write Bytes,"
         "Weight Buffer Read Bytes,Activation Buffer Write Bytes,Activation Buffer Read Bytes,"
         "Accumulator Buffer Write Bytes,Accumulator Buffer Read Bytes,Input Stall Cycles,"
         "Output Stall Cycles";
}

namespace {

std::string fixed4(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.4f", v);
  return buf;
}

std::string csvField(const std::string &s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

std::string jsonString(const std::string &v) {
  std::string s = "\"";
  for (char c : v) {
    if (c == '"' || c == '\\')
      s += '\\', s += c;
    else if (static_cast<unsigned char>(c) < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      s += buf;
    } else
      s += c;
  }
  return s + "\"";
}

} // namespace

void writeCsv(std::ostream &out, const std::vector<LayerReport> &layers) {
  out << csvHeader() << "\n";
  for (const LayerReport &r : layers) {
    out << csvField(r.name) << "," << r.totalCycles << "," << r.stallCycles << ","
        << fixed4(r.overallUtil) << "," << fixed4(r.mappingEfficiency) << ","
        << fixed4(r.computeUtil) << "," << r.m << "," << r.n << "," << r.k << "," << r.count << ","
        << r.macs << "," << r.computeCycles << "," << r.feedCycles << "," << r.steps << ","
        << r.outputTiles << "," << r.inputBeats << "," << r.outputBeats << "," << r.inputBytes
        << "," << r.outputBytes << "," << r.weightBufWriteBytes << "," << r.weightBufReadBytes
        << "," << r.actBufWriteBytes << "," << r.actBufReadBytes << "," << r.accBufWriteBytes << ","
        << r.accBufReadBytes << "," << r.stallIn << "," << r.stallOut << "\n";
  }
}

void writeJson(std::ostream &out, const config::AccelConfig &cfg, const std::string &workload,
               const std::string &engine, const std::vector<LayerReport> &layers) {
  int64_t cycles = 0, macs = 0;
  for (const LayerReport &r : layers) {
    cycles += r.totalCycles * r.count;
    macs += r.macs * r.count;
  }
  const int64_t pes = int64_t(cfg.array.rows) * cfg.array.cols;
  out << "{\n  \"config\": " << jsonString(cfg.name)
      << ",\n  \"config_hash\": " << jsonString(config::configHash(cfg))
      << ",\n  \"workload\": " << jsonString(workload) << ",\n  \"engine\": " << jsonString(engine)
      << ",\n  \"rows\": " << cfg.array.rows << ",\n  \"cols\": " << cfg.array.cols
      << ",\n  \"dataflow\": " << jsonString(config::toString(cfg.array.dataflow))
      << ",\n  \"total_cycles\": " << cycles << ",\n  \"total_macs\": " << macs
      << ",\n  \"overall_util_percent\": " << fixed4(percent(macs, cycles * pes))
      << ",\n  \"layers\": [";
  for (size_t i = 0; i < layers.size(); ++i) {
    const LayerReport &r = layers[i];
    out << (i ? "," : "") << "\n    {\"name\": " << jsonString(r.name) << ", \"m\": " << r.m
        << ", \"n\": " << r.n << ", \"k\": " << r.k << ", \"count\": " << r.count
        << ", \"total_cycles\": " << r.totalCycles << ", \"stall_cycles\": " << r.stallCycles
        << ", \"compute_cycles\": " << r.computeCycles << ", \"feed_cycles\": " << r.feedCycles
        << ", \"overall_util_percent\": " << fixed4(r.overallUtil)
        << ", \"mapping_efficiency_percent\": " << fixed4(r.mappingEfficiency)
        << ", \"compute_util_percent\": " << fixed4(r.computeUtil) << ", \"macs\": " << r.macs
        << ", \"steps\": " << r.steps << ", \"output_tiles\": " << r.outputTiles
        << ", \"input_beats\": " << r.inputBeats << ", \"output_beats\": " << r.outputBeats
        << ", \"input_bytes\": " << r.inputBytes << ", \"output_bytes\": " << r.outputBytes
        << ", \"weight_buffer_write_bytes\": " << r.weightBufWriteBytes
        << ", \"weight_buffer_read_bytes\": " << r.weightBufReadBytes
        << ", \"activation_buffer_write_bytes\": " << r.actBufWriteBytes
        << ", \"activation_buffer_read_bytes\": " << r.actBufReadBytes
        << ", \"accumulator_buffer_write_bytes\": " << r.accBufWriteBytes
        << ", \"accumulator_buffer_read_bytes\": " << r.accBufReadBytes
        << ", \"stall_in\": " << r.stallIn << ", \"stall_out\": " << r.stallOut << "}";
  }
  out << (layers.empty() ? "" : "\n  ") << "]\n}\n";
}

} // namespace quasar::sim
