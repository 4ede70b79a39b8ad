#include "quasar/arch/ovp_stream.h"

#include "quasar/arch/timing.h"
#include "quasar/config/error.h"

namespace quasar::arch {
namespace {

bool isWs(const config::AccelConfig &cfg) {
  return cfg.array.dataflow == config::Dataflow::WeightStationary;
}

// Appends one word of lane values (each already fits laneBits) as beats, LSB-first.
void appendWord(std::vector<Beat> &out, const WordFormat &f, const std::vector<int64_t> &lanes) {
  const size_t first = out.size();
  out.resize(first + size_t(f.beatsPerWord()), Beat{std::vector<uint32_t>(size_t(f.chunksPerBeat()), 0), false});
  for (int lane = 0; lane < f.lanes; ++lane)
    for (int bit = 0; bit < f.laneBits; ++bit) {
      if (!((uint64_t(lanes[size_t(lane)]) >> bit) & 1)) continue;
      const int64_t pos = int64_t(lane) * f.laneBits + bit;
      Beat &beat = out[first + size_t(pos / f.beatBits)];
      const int inBeat = int(pos % f.beatBits);
      beat.data[size_t(inBeat / 32)] |= uint32_t(1) << (inBeat % 32);
    }
}

// Operand source: bytes (pair of elements) or int8 elements.
struct Source {
  const models::ovp::ByteMatrix *bytes = nullptr;
  const models::IntMatrix *int8 = nullptr;
  int64_t rows() const { return bytes ? bytes->rows() : int8->rows(); }
  int64_t k() const { return bytes ? bytes->cols() * 2 : int8->cols(); }
  int64_t byte(int64_t row, int64_t k) const { return (*bytes)(row, k / 2); } // k even
  int64_t element(int64_t row, int64_t k) const { return (*int8)(row, k) & 0xff; }
};

std::vector<Beat> pack(const config::AccelConfig &cfg, const Source &a, const Source &w) {
  if (cfg.pe.type != config::PeType::Ovp)
    throw InputError("packInputOvp: pe.type is " + config::toString(cfg.pe.type) + ", not ovp");
  ovpCheckLayout(cfg);
  if (a.k() != w.k())
    throw InputError("packInputOvp: A has K = " + std::to_string(a.k()) + " but W has K = " +
                     std::to_string(w.k()));
  const GemmDims dims{a.rows(), w.rows(), a.k()};
  const WordFormat af = ovpStreamWordFormat(cfg, Operand::Activations);
  const WordFormat wf = ovpStreamWordFormat(cfg, Operand::Weights);
  const int rows = cfg.array.rows, cols = cfg.array.cols;
  const bool aPairs = ovpPairWords(cfg, Operand::Activations);
  std::vector<Beat> out;
  std::vector<int64_t> lanes;
  for (const TileStep &s : schedule(cfg, dims)) {
    if (isWs(cfg)) {
      for (int t = 0; t < rows / 2; ++t) { // weight pair words
        lanes.assign(size_t(cols), 0);
        for (int c = 0; c < cols && c < s.nLen; ++c)
          if (2 * t < s.kLen) lanes[size_t(c)] = w.byte(s.n0 + c, s.k0 + 2 * t);
        appendWord(out, wf, lanes);
      }
      for (int64_t i = 0; i < s.mLen; ++i) { // activation words, lanes along K
        lanes.assign(size_t(af.lanes), 0);
        for (int r = 0; r < rows && r < s.kLen; ++r) {
          if (a.bytes) {
            const int64_t b = a.byte(s.m0 + i, s.k0 + r - r % 2);
            lanes[size_t(r)] = r % 2 ? b >> 4 : b & 0xf; // 4-bit lanes: the bytes in order
          } else {
            lanes[size_t(r)] = a.element(s.m0 + i, s.k0 + r);
          }
        }
        appendWord(out, af, lanes);
      }
    } else {
      const int64_t aWords = aPairs ? s.kLen / 2 : s.kLen;
      for (int64_t t = 0; t < aWords; ++t) {
        lanes.assign(size_t(rows), 0);
        for (int r = 0; r < rows && r < s.mLen; ++r)
          lanes[size_t(r)] = aPairs ? a.byte(s.m0 + r, s.k0 + 2 * t) : a.element(s.m0 + r, s.k0 + t);
        appendWord(out, af, lanes);
      }
      for (int64_t t = 0; t < s.kLen / 2; ++t) {
        lanes.assign(size_t(cols), 0);
        for (int c = 0; c < cols && c < s.nLen; ++c) lanes[size_t(c)] = w.byte(s.n0 + c, s.k0 + 2 * t);
        appendWord(out, wf, lanes);
      }
    }
  }
  if (!out.empty()) out.back().last = true;
  return out;
}

} // namespace

void ovpCheckLayout(const config::AccelConfig &cfg) {
  if (isWs(cfg) && cfg.array.rows % 2)
    throw InputError(cfg.name + ": array.rows (" + std::to_string(cfg.array.rows) +
                     ") must be even for pe.type ovp with dataflow ws: K tiles of rows elements "
                     "must hold whole OVP pairs");
  if (!isWs(cfg) && tileShape(cfg).k % 2)
    throw InputError(cfg.name + ": the os K tile (" + std::to_string(tileShape(cfg).k) +
                     ", from buffers.act_depth / weight_depth) must be even for pe.type ovp: "
                     "K tiles must hold whole OVP pairs");
  const std::pair<Operand, const char *> buffers[] = {{Operand::Weights, "weight_depth"},
                                                      {Operand::Activations, "act_depth"}};
  for (const auto &[op, key] : buffers) {
    const int bankWords = op == Operand::Weights ? weightBankWords(cfg) : actBankWords(cfg);
    if (ovpPairWords(cfg, op) && bankWords % 2)
      throw InputError(cfg.name + ": buffers." + key + " per bank (" + std::to_string(bankWords) +
                       ") must be even for pe.type ovp: the buffer holds whole OVP pair words");
  }
}

bool ovpCoded(const config::AccelConfig &cfg, Operand op) {
  return op == Operand::Weights || cfg.pe.ovp.mode == config::OvpMode::W4A4;
}

bool ovpPairWords(const config::AccelConfig &cfg, Operand op) {
  if (!ovpCoded(cfg, op)) return false;
  return !(isWs(cfg) && op == Operand::Activations);
}

int64_t acceleratorK(const config::AccelConfig &cfg, int64_t k) {
  return cfg.pe.type == config::PeType::Ovp ? k + k % 2 : k;
}

int kStepsPerWord(const config::AccelConfig &cfg, Operand op) {
  return cfg.pe.type == config::PeType::Ovp && ovpPairWords(cfg, op) ? 2 : 1;
}

WordFormat ovpStreamWordFormat(const config::AccelConfig &cfg, Operand op) {
  const int lanes = op == Operand::Weights ? cfg.array.cols : cfg.array.rows;
  const int bits = ovpPairWords(cfg, op) ? 8 : (ovpCoded(cfg, op) ? 4 : 8);
  return WordFormat{lanes, bits, cfg.interfaces.axis_in_bits};
}

std::vector<Beat> packInputOvp(const config::AccelConfig &cfg, const models::ovp::ByteMatrix &aBytes,
                               const models::ovp::ByteMatrix &wBytes) {
  if (!ovpCoded(cfg, Operand::Activations))
    throw InputError("packInputOvp: pe.ovp.mode is w4a8: activations are int8 (packInputOvpInt8)");
  Source a, w;
  a.bytes = &aBytes;
  w.bytes = &wBytes;
  return pack(cfg, a, w);
}

std::vector<Beat> packInputOvpInt8(const config::AccelConfig &cfg, const models::IntMatrix &aInt8,
                                   const models::ovp::ByteMatrix &wBytes) {
  if (ovpCoded(cfg, Operand::Activations))
    throw InputError("packInputOvpInt8: pe.ovp.mode is w4a4: activations are OVP-4 (packInputOvp)");
  for (Eigen::Index i = 0; i < aInt8.size(); ++i)
    if (aInt8.data()[i] < -128 || aInt8.data()[i] > 127)
      throw InputError("packInputOvpInt8: activation value " + std::to_string(aInt8.data()[i]) +
                       " does not fit int8 [-128, 127]");
  Source a, w;
  a.int8 = &aInt8;
  w.bytes = &wBytes;
  return pack(cfg, a, w);
}

} // namespace quasar::arch
