#include "quasar/arch/stream.h"

#include "quasar/arch/ovp_stream.h"
#include "quasar/arch/pipeline.h"

#include "quasar/config/error.h"

#include <cstdio>

namespace quasar::arch {
namespace {

// Appends one word (lane values) as beats.
void appendWord(std::vector<Beat> &out, const WordFormat &f, const std::vector<int64_t> &lanes) {
  const int beats = f.beatsPerWord();
  const size_t first = out.size();
  out.resize(first + beats, Beat{std::vector<uint32_t>(f.chunksPerBeat(), 0), false});
  for (int lane = 0; lane < f.lanes; ++lane) {
    const uint64_t value = uint64_t(lanes[lane]);
    for (int bit = 0; bit < f.laneBits; ++bit) {
      if (!((value >> bit) & 1)) continue;
      const int64_t pos = int64_t(lane) * f.laneBits + bit;
      Beat &beat = out[first + pos / f.beatBits];
      const int inBeat = int(pos % f.beatBits);
      beat.data[inBeat / 32] |= uint32_t(1) << (inBeat % 32);
    }
  }
}

void checkFits(int64_t v, int bits, bool isSigned, const char *what) {
  const int64_t lo = isSigned ? -(int64_t(1) << (bits - 1)) : 0;
  const int64_t hi = isSigned ? (int64_t(1) << (bits - 1)) - 1 : (int64_t(1) << bits) - 1;
  if (v < lo || v > hi)
    throw InputError(std::string(what) + " value " + std::to_string(v) + " does not fit " +
                     std::to_string(bits) + "-bit " + (isSigned ? "signed" : "unsigned") +
                     " [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
}

} // namespace

void appendStreamWord(std::vector<Beat> &out, const WordFormat &f,
                      const std::vector<int64_t> &lanes) {
  appendWord(out, f, lanes);
}

WordFormat weightWordFormat(const config::AccelConfig &cfg) {
  if (cfg.pe.type == config::PeType::Ovp) return ovpStreamWordFormat(cfg, Operand::Weights);
  return WordFormat{cfg.array.cols, cfg.pe.w_bits, cfg.interfaces.axis_in_bits};
}

WordFormat activationWordFormat(const config::AccelConfig &cfg) {
  if (cfg.pe.type == config::PeType::Ovp) return ovpStreamWordFormat(cfg, Operand::Activations);
  return WordFormat{cfg.array.rows, cfg.pe.a_bits, cfg.interfaces.axis_in_bits};
}

WordFormat outputWordFormat(const config::AccelConfig &cfg) {
  // top: pipeline with post.nonlinear: the row unit's lanes (arch/pipeline.h).
  const int laneBits = isPipeline(cfg) && hasRowUnit(cfg) ? rowUnitOutBits(cfg)
                       : cfg.post.requant.enabled        ? cfg.post.requant.out_bits
                                                         : cfg.pe.acc_bits;
  const int lanes = isPipeline(cfg) ? cfg.post.lanes : cfg.array.cols;
  return WordFormat{lanes, laneBits, cfg.interfaces.axis_out_bits};
}

std::vector<Beat> packInput(const config::AccelConfig &cfg, const models::IntMatrix &a,
                            const models::IntMatrix &w) {
  if (a.cols() != w.cols())
    throw InputError("packInput: A is [" + std::to_string(a.rows()) + " x " +
                     std::to_string(a.cols()) + "] but W is [" + std::to_string(w.rows()) + " x " +
                     std::to_string(w.cols()) + "]; both must be [.. x K]");
  for (Eigen::Index i = 0; i < a.size(); ++i)
    checkFits(a.data()[i], cfg.pe.a_bits, cfg.pe.a_signed, "activation");
  for (Eigen::Index i = 0; i < w.size(); ++i)
    checkFits(w.data()[i], cfg.pe.w_bits, cfg.pe.w_signed, "weight");

  const GemmDims dims{a.rows(), w.rows(), a.cols()};
  const WordFormat wf = weightWordFormat(cfg), af = activationWordFormat(cfg);
  const int rows = cfg.array.rows, cols = cfg.array.cols;
  std::vector<Beat> out;
  std::vector<int64_t> lanes;
  for (const TileStep &s : schedule(cfg, dims)) {
    if (cfg.array.dataflow == config::Dataflow::WeightStationary) {
      for (int r = 0; r < rows; ++r) {
        lanes.assign(cols, 0);
        for (int c = 0; c < cols; ++c)
          if (r < s.kLen && c < s.nLen) lanes[c] = w(s.n0 + c, s.k0 + r);
        appendWord(out, wf, lanes);
      }
      for (int64_t i = 0; i < s.mLen; ++i) {
        lanes.assign(rows, 0);
        for (int r = 0; r < rows && r < s.kLen; ++r) lanes[r] = a(s.m0 + i, s.k0 + r);
        appendWord(out, af, lanes);
      }
    } else {
      for (int64_t t = 0; t < s.kLen; ++t) {
        lanes.assign(rows, 0);
        for (int r = 0; r < rows && r < s.mLen; ++r) lanes[r] = a(s.m0 + r, s.k0 + t);
        appendWord(out, af, lanes);
      }
      for (int64_t t = 0; t < s.kLen; ++t) {
        lanes.assign(cols, 0);
        for (int c = 0; c < cols && c < s.nLen; ++c) lanes[c] = w(s.n0 + c, s.k0 + t);
        appendWord(out, wf, lanes);
      }
    }
  }
  if (!out.empty()) out.back().last = true;
  return out;
}

std::vector<BeatOrigin> outputBeatOrigins(const config::AccelConfig &cfg, const GemmDims &dims) {
  const WordFormat of = outputWordFormat(cfg);
  std::vector<BeatOrigin> origins;
  if (isPipeline(cfg)) { // row by row (arch/pipeline.h)
    for (int64_t m = 0; m < dims.m; ++m)
      for (int64_t j = 0; j < pipelineWordsPerRow(cfg, dims.n); ++j)
        for (int b = 0; b < of.beatsPerWord(); ++b)
          origins.push_back(BeatOrigin{m, j * of.lanes, b});
    return origins;
  }
  for (const TileStep &s : schedule(cfg, dims)) {
    if (!s.lastK) continue;
    for (int64_t i = 0; i < s.mLen; ++i)
      for (int b = 0; b < of.beatsPerWord(); ++b) origins.push_back(BeatOrigin{s.m0 + i, s.n0, b});
  }
  return origins;
}

std::vector<Beat> packOutput(const config::AccelConfig &cfg, const models::IntMatrix &c,
                             int64_t padLane) {
  const GemmDims dims{c.rows(), c.cols(), 1};
  const WordFormat of = outputWordFormat(cfg);
  std::vector<Beat> out;
  std::vector<int64_t> lanes;
  if (isPipeline(cfg)) { // row by row (arch/pipeline.h)
    for (int64_t m = 0; m < c.rows(); ++m)
      for (int64_t j = 0; j < pipelineWordsPerRow(cfg, c.cols()); ++j) {
        lanes.assign(size_t(of.lanes), padLane);
        for (int l = 0; l < of.lanes && j * of.lanes + l < c.cols(); ++l)
          lanes[size_t(l)] = c(m, j * of.lanes + l);
        appendWord(out, of, lanes);
      }
    if (!out.empty()) out.back().last = true;
    return out;
  }
  // The output order depends only on the (m, n) tiles; with k = 1 each has one (last) step.
  for (const TileStep &s : schedule(cfg, dims)) {
    if (!s.lastK) continue;
    for (int64_t i = 0; i < s.mLen; ++i) {
      lanes.assign(of.lanes, padLane);
      for (int col = 0; col < of.lanes && col < s.nLen; ++col) lanes[col] = c(s.m0 + i, s.n0 + col);
      appendWord(out, of, lanes);
    }
  }
  if (!out.empty()) out.back().last = true;
  return out;
}

int64_t unpackLane(const std::vector<Beat> &wordBeats, const WordFormat &f, int lane, bool isSigned) {
  uint64_t value = 0;
  for (int bit = 0; bit < f.laneBits; ++bit) {
    const int64_t pos = int64_t(lane) * f.laneBits + bit;
    const Beat &beat = wordBeats.at(size_t(pos / f.beatBits));
    const int inBeat = int(pos % f.beatBits);
    if ((beat.data[inBeat / 32] >> (inBeat % 32)) & 1) value |= uint64_t(1) << bit;
  }
  if (isSigned && f.laneBits < 64 && ((value >> (f.laneBits - 1)) & 1))
    value |= ~uint64_t(0) << f.laneBits;
  return int64_t(value);
}

std::string beatHex(const Beat &beat) {
  std::string s = "0x";
  char buf[10];
  for (size_t i = beat.data.size(); i-- > 0;) {
    std::snprintf(buf, sizeof buf, "%08x", beat.data[i]);
    s += buf;
    if (i) s += '_';
  }
  return s;
}

} // namespace quasar::arch
