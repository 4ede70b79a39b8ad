#include "quasar/sim/gemm_job.h"

#include "quasar/arch/bitserial_timing.h"
#include "quasar/arch/csr.h"
#include "quasar/arch/post_params.h"
#include "quasar/arch/ovp_stream.h"
#include "quasar/arch/schedule.h"
#include "quasar/arch/stream.h"
#include "quasar/arch/timing.h"
#include "quasar/config/error.h"
#include "quasar/sim/word_codec.h"

#include <algorithm>
#include <utility>
#include <vector>

namespace quasar::sim {
namespace {

void checkRange(const models::IntMatrix &x, int bits, bool isSigned, const char *what) {
  const int64_t lo = isSigned ? -(int64_t(1) << (bits - 1)) : 0;
  const int64_t hi = isSigned ? (int64_t(1) << (bits - 1)) - 1 : (int64_t(1) << bits) - 1;
  for (Eigen::Index i = 0; i < x.size(); ++i)
    if (x.data()[i] < lo || x.data()[i] > hi)
      throw InputError(std::string(what) + " value " + std::to_string(x.data()[i]) +
                       " does not fit " + std::to_string(bits) + "-bit " +
                       (isSigned ? "signed" : "unsigned"));
}


// The frame every input packer shares: the layer's steps (arch::schedule), a BeatList sized by
// arch::stepInputBeats, and word(codec), which packs `lanes` into the next word. Packers differ
// only in the lane values of each step's words (int, OVP pair bytes, bitmod group words).
class StepPacker {
public:
  StepPacker(const config::AccelConfig &cfg, const arch::GemmDims &dims)
      : steps(arch::schedule(cfg, dims)), wc(arch::weightWordFormat(cfg)),
        ac(arch::activationWordFormat(cfg)),
        lanes(size_t(std::max(cfg.array.rows, cfg.array.cols))) {
    out_.chunks = ac.chunksPerBeat();
    int64_t beats = 0;
    for (const arch::TileStep &s : steps) beats += arch::stepInputBeats(cfg, s);
    out_.data.assign(size_t(beats * out_.chunks), 0);
    out_.last.assign(size_t(beats), 0);
    next_ = out_.data.data();
  }
  void word(const WordCodec &codec) {
    codec.pack(lanes.data(), next_);
    next_ += codec.chunks();
  }
  // The packed stream, tlast on its final beat.
  tb::BeatList take() {
    if (!out_.last.empty()) out_.last.back() = 1;
    return std::move(out_);
  }

  const std::vector<arch::TileStep> steps;
  const WordCodec wc, ac; // weight and activation words
  std::vector<int64_t> lanes;

private:
  tb::BeatList out_;
  uint32_t *next_;
};
} // namespace

tb::BeatList packInputBeats(const config::AccelConfig &cfg, const models::IntMatrix &a,
                            const models::IntMatrix &w) {
  if (a.cols() != w.cols()) throw InputError("packInputBeats: A and W must both be [.. x K]");
  checkRange(a, cfg.pe.a_bits, cfg.pe.a_signed, "activation");
  checkRange(w, cfg.pe.w_bits, cfg.pe.w_signed, "weight");
  const arch::GemmDims dims{a.rows(), w.rows(), a.cols()};
  const int rows = cfg.array.rows, cols = cfg.array.cols;
  const bool ws = cfg.array.dataflow == config::Dataflow::WeightStationary;
  StepPacker pk(cfg, dims);
  std::vector<int64_t> &lanes = pk.lanes;
  for (const arch::TileStep &s : pk.steps) {
    if (ws) {
      for (int r = 0; r < rows; ++r) {
        for (int c = 0; c < cols; ++c)
          lanes[size_t(c)] = (r < s.kLen && c < s.nLen) ? w(s.n0 + c, s.k0 + r) : 0;
        pk.word(pk.wc);
      }
      for (int64_t i = 0; i < s.mLen; ++i) {
        for (int r = 0; r < rows; ++r) lanes[size_t(r)] = r < s.kLen ? a(s.m0 + i, s.k0 + r) : 0;
        pk.word(pk.ac);
      }
    } else {
      for (int64_t t = 0; t < s.kLen; ++t) {
        for (int r = 0; r < rows; ++r) lanes[size_t(r)] = r < s.mLen ? a(s.m0 + r, s.k0 + t) : 0;
        pk.word(pk.ac);
      }
      for (int64_t t = 0; t < s.kLen; ++t) {
        for (int c = 0; c < cols; ++c) lanes[size_t(c)] = c < s.nLen ? w(s.n0 + c, s.k0 + t) : 0;
        pk.word(pk.wc);
      }
    }
  }
  return pk.take();
}

int64_t outputBeatCount(const config::AccelConfig &cfg, int64_t m, int64_t n, int64_t k) {
  int64_t beats = 0;
  for (const arch::TileStep &s : arch::schedule(cfg, arch::GemmDims{m, n, k}))
    if (s.lastK) beats += arch::drainTileBeats(cfg, s);
  return beats;
}

const std::vector<uint32_t> &layerReadList() {
  static const std::vector<uint32_t> list = {
      arch::csr::kStatus,   arch::csr::kErrorCode, arch::csr::kCyclesBusy, arch::csr::kStallIn,
      arch::csr::kStallOut, arch::csr::kMacsLo,    arch::csr::kMacsHi};
  return list;
}

tb::Job makeGemmJob(const config::AccelConfig &cfg, const std::string &name,
                    const models::IntMatrix &a, const models::IntMatrix &w,
                    const models::dyadic::RequantParams *post) {
  tb::Job job;
  job.name = name;
  if (post)
    for (const auto &[addr, data] : arch::postParamWrites(cfg, *post, w.rows()))
      job.writes.push_back({addr, data});
  for (const tb::CsrWrite &wr : std::vector<tb::CsrWrite>{{arch::csr::kDimM, uint32_t(a.rows())},
                                                          {arch::csr::kDimN, uint32_t(w.rows())},
                                                          {arch::csr::kDimK, uint32_t(a.cols())},
                                                          {arch::csr::kCtrl, 1}})
    job.writes.push_back(wr);
  job.input = packInputBeats(cfg, a, w);
  job.expectBeats = outputBeatCount(cfg, a.rows(), w.rows(), a.cols());
  job.reads = layerReadList();
  return job;
}

tb::BeatList packInputOvpBeats(const config::AccelConfig &cfg, const arch::OvpOperands &ops) {
  arch::ovpCheckLayout(cfg);
  const bool w4a4 = cfg.pe.ovp.mode == config::OvpMode::W4A4;
  const int64_t m = w4a4 ? ops.aBytes.rows() : ops.aInt8.rows(), n = ops.wBytes.rows();
  const arch::GemmDims dims{m, n, ops.kPadded};
  const bool aPairs = arch::ovpPairWords(cfg, arch::Operand::Activations);
  const int rows = cfg.array.rows, cols = cfg.array.cols;
  const bool ws = cfg.array.dataflow == config::Dataflow::WeightStationary;
  // Lane values as arch/ovp_stream.h defines them: a pair word's lane is the byte of K steps
  // 2t, 2t+1; a ws activation lane r is nibble r % 2 of byte r / 2; int8 activations as bytes.
  auto wByte = [&](int64_t row, int64_t k) { return int64_t(ops.wBytes(row, k / 2)); };
  auto aLane = [&](int64_t row, int64_t k, bool pair) -> int64_t {
    if (!w4a4) return ops.aInt8(row, k) & 0xff;
    const int64_t byte = ops.aBytes(row, k / 2);
    return pair ? byte : (k % 2 ? byte >> 4 : byte & 0xf);
  };
  StepPacker pk(cfg, dims);
  std::vector<int64_t> &lanes = pk.lanes;
  for (const arch::TileStep &s : pk.steps) {
    if (ws) {
      for (int t = 0; t < rows / 2; ++t) {
        for (int c = 0; c < cols; ++c)
          lanes[size_t(c)] = (2 * t < s.kLen && c < s.nLen) ? wByte(s.n0 + c, s.k0 + 2 * t) : 0;
        pk.word(pk.wc);
      }
      for (int64_t i = 0; i < s.mLen; ++i) {
        for (int r = 0; r < rows; ++r)
          lanes[size_t(r)] = r < s.kLen ? aLane(s.m0 + i, s.k0 + r, false) : 0;
        pk.word(pk.ac);
      }
    } else {
      for (int64_t t = 0; t < (aPairs ? s.kLen / 2 : s.kLen); ++t) {
        for (int r = 0; r < rows; ++r)
          lanes[size_t(r)] =
              r < s.mLen ? aLane(s.m0 + r, s.k0 + (aPairs ? 2 * t : t), aPairs) : 0;
        pk.word(pk.ac);
      }
      for (int64_t t = 0; t < s.kLen / 2; ++t) {
        for (int c = 0; c < cols; ++c)
          lanes[size_t(c)] = c < s.nLen ? wByte(s.n0 + c, s.k0 + 2 * t) : 0;
        pk.word(pk.wc);
      }
    }
  }
  return pk.take();
}

tb::Job makeOvpGemmJob(const config::AccelConfig &cfg, const std::string &name,
                       const arch::OvpOperands &ops, int64_t m, int64_t n) {
  tb::Job job;
  job.name = name;
  job.writes = {{arch::csr::kDimM, uint32_t(m)},
                {arch::csr::kDimN, uint32_t(n)},
                {arch::csr::kDimK, uint32_t(ops.kPadded)},
                {arch::csr::kOvpFormat, ops.formatCsr},
                {arch::csr::kCtrl, 1}};
  job.input = packInputOvpBeats(cfg, ops);
  job.expectBeats = outputBeatCount(cfg, m, n, ops.kPadded);
  job.reads = layerReadList();
  return job;
}

tb::Job makeBitplaneGemmJob(const config::AccelConfig &cfg, const std::string &name,
                            const models::IntMatrix &a, const models::IntMatrix &codes,
                            uint32_t format, const models::dyadic::RequantParams *post) {
  tb::Job job = makeGemmJob(cfg, name, a, codes, post);
  job.writes.insert(job.writes.end() - 1, tb::CsrWrite{arch::csr::kBitserialFormat, format});
  return job;
}

tb::BeatList packInputBitmodBeats(const config::AccelConfig &cfg, const models::IntMatrix &a,
                                  const models::bitserial::BitmodWeights &w) {
  arch::bitserialCheckLayout(cfg);
  if (cfg.pe.bitserial.encoding != config::BitEncoding::Bitmod || w.group != cfg.pe.bitserial.group ||
      a.cols() != w.cols)
    throw InputError("packInputBitmodBeats: weights do not match " + cfg.name +
                     " (encoding bitmod, pe.bitserial.group, K)");
  checkRange(a, cfg.pe.a_bits, cfg.pe.a_signed, "activation");
  const arch::GemmDims dims{a.rows(), w.codes.rows(), a.cols()};
  const int rows = cfg.array.rows, cols = cfg.array.cols;
  StepPacker pk(cfg, dims);
  std::vector<int64_t> &lanes = pk.lanes;
  for (const arch::TileStep &s : pk.steps) {
    const int64_t g = s.k0 / w.group; // the k-tile lies in one group (bitserialCheckLayout)
    for (const models::IntMatrix *field : {&w.scales, &w.specialIndex}) {
      for (int c = 0; c < cols; ++c) lanes[size_t(c)] = c < s.nLen ? (*field)(s.n0 + c, g) : 0;
      pk.word(pk.wc);
    }
    for (int r = 0; r < rows; ++r) {
      for (int c = 0; c < cols; ++c)
        lanes[size_t(c)] = (r < s.kLen && c < s.nLen) ? w.codes(s.n0 + c, s.k0 + r) : 0;
      pk.word(pk.wc);
    }
    for (int64_t i = 0; i < s.mLen; ++i) {
      for (int r = 0; r < rows; ++r) lanes[size_t(r)] = r < s.kLen ? a(s.m0 + i, s.k0 + r) : 0;
      pk.word(pk.ac);
    }
  }
  return pk.take();
}

tb::Job makeBitmodGemmJob(const config::AccelConfig &cfg, const std::string &name,
                          const models::IntMatrix &a, const models::bitserial::BitmodWeights &w,
                          uint32_t format, const models::dyadic::RequantParams *post) {
  tb::Job job;
  job.name = name;
  if (post)
    for (const auto &[addr, data] : arch::postParamWrites(cfg, *post, w.codes.rows()))
      job.writes.push_back({addr, data});
  for (const tb::CsrWrite &wr :
       std::vector<tb::CsrWrite>{{arch::csr::kDimM, uint32_t(a.rows())},
                                 {arch::csr::kDimN, uint32_t(w.codes.rows())},
                                 {arch::csr::kDimK, uint32_t(a.cols())},
                                 {arch::csr::kBitserialFormat, format},
                                 {arch::csr::kCtrl, 1}})
    job.writes.push_back(wr);
  job.input = packInputBitmodBeats(cfg, a, w);
  job.expectBeats = outputBeatCount(cfg, a.rows(), w.codes.rows(), a.cols());
  job.reads = layerReadList();
  return job;
}

} // namespace quasar::sim
