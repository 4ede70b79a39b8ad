#include "cosim_jobs.h"

#include "quasar/arch/bitserial_timing.h"
#include "quasar/arch/csr.h"
#include "quasar/arch/post_params.h"
#include "quasar/config/error.h"
#include "quasar/arch/ovp_operands.h"
#include "quasar/arch/ovp_stream.h"
#include "quasar/config/load.h"
#include "quasar/models/format_gemm.h"
#include "quasar/models/gemm.h"
#include "quasar/models/workload_tensors.h"
#include "quasar/testbenches/bitserial_layer.h"
#include "quasar/testbenches/post_params.h"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <random>

namespace quasar::tb {
namespace {

// The CSRs read back after every run, in this order.
const std::vector<uint32_t> &readList() {
  static const std::vector<uint32_t> list = {
      arch::csr::kStatus,    arch::csr::kErrorCode, arch::csr::kCyclesBusy, arch::csr::kStallIn,
      arch::csr::kStallOut,  arch::csr::kMacsLo,    arch::csr::kMacsHi,     arch::csr::kConfigHash,
      arch::csr::kArrayShape, arch::csr::kDimM,     arch::csr::kDimN,       arch::csr::kDimK};
  return list;
}

constexpr uint32_t kStatusBusy = 1, kStatusDone = 2, kStatusError = 4;

std::string csrName(const config::AccelConfig &cfg, uint32_t offset) {
  for (const arch::Csr &c : arch::csrMapFor(cfg))
    if (c.offset == offset) return c.name;
  return "csr@" + std::to_string(offset);
}

std::string hexWord(uint32_t v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%08x", v);
  return buf;
}

Mismatch csrMismatch(const std::string &layer, const std::string &what, const std::string &expected,
                     const std::string &got, int64_t cycle) {
  Mismatch m;
  m.layer = layer;
  m.kind = "csr";
  m.expected = expected;
  m.got = got;
  m.cycle = cycle;
  m.message = what + ": expected " + expected + ", got " + got;
  return m;
}

arch::Beat toBeat(const BeatList &list, int64_t i, int chunks) {
  arch::Beat b;
  b.data.assign(list.beat(i), list.beat(i) + std::min(chunks, list.chunks));
  b.data.resize(size_t(chunks), 0);
  b.last = list.last[size_t(i)] != 0;
  return b;
}

void appendWrite(Job &job, uint32_t addr, uint32_t data) { job.writes.push_back(CsrWrite{addr, data}); }

bool isBitmod(const config::AccelConfig &cfg) {
  return cfg.pe.type == config::PeType::Bitserial &&
         cfg.pe.bitserial.encoding == config::BitEncoding::Bitmod;
}

// The expected beats of accumulators `c`; with post.requant also the parameter writes (drawn
// for this layer and seed) and the read-backs: the golden gemm -> bias -> requantize ->
// activation.
void expectOutput(const config::AccelConfig &cfg, const config::GemmLayer &layer,
                  uint64_t runSeed, const models::IntMatrix &c, Job &job, Expectation &expect) {
  if (!cfg.post.requant.enabled) {
    expect.beats = arch::packOutput(cfg, c);
    return;
  }
  const models::dyadic::RequantParams post =
      drawPostParams(cfg, layer.name, layer.n, layer.k, runSeed);
  std::map<uint32_t, uint32_t> last;
  for (const auto &[addr, data] : arch::postParamWrites(cfg, post, layer.n)) {
    appendWrite(job, addr, data);
    last[addr] = data;
  }
  expect.beats = arch::packRequantOutput(cfg, c, post);
  for (const arch::Csr &r : arch::postCsrMap(cfg)) {
    if (r.access != arch::CsrAccess::ReadWrite) continue;
    uint32_t want = last[r.offset];
    if (r.offset == arch::csr::kParamIndex)
      want = uint32_t((layer.n + cfg.array.cols - 1) / cfg.array.cols) &
             ((uint32_t(1) << arch::paramIndexBits(cfg)) - 1); // the register wraps
    expect.postReadback.push_back({r.offset, want});
  }
}

// A bitmod layer (tb::bitserialOperands): the mode written to bitserial_format, the stream of
// arch::packInputBitmod, expected results from gemmBitmod.
Job makeBitmodJob(const config::AccelConfig &cfg, const config::GemmLayer &layer, uint64_t runSeed,
                  Expectation &expect, uint32_t format) {
  const arch::GemmDims dims{layer.m, layer.n, layer.k};
  arch::checkDims(cfg, dims);
  const BitserialOperands op = bitserialOperands(cfg, layer, runSeed, format);
  const models::IntMatrix &c = op.expected;

  expect = Expectation{};
  expect.layer = layer.name;
  expect.dims = dims;
  Job job;
  job.name = layer.name;
  expectOutput(cfg, layer, runSeed, c, job, expect);
  appendWrite(job, arch::csr::kDimM, uint32_t(dims.m));
  appendWrite(job, arch::csr::kDimN, uint32_t(dims.n));
  appendWrite(job, arch::csr::kDimK, uint32_t(dims.k));
  appendWrite(job, arch::csr::kBitserialFormat, format);
  appendWrite(job, arch::csr::kCtrl, 1);
  const std::vector<arch::Beat> in = arch::packInputBitmod(cfg, op.a, op.bitmod);
  job.input.chunks = arch::activationWordFormat(cfg).chunksPerBeat();
  job.input.data.reserve(in.size() * size_t(job.input.chunks));
  for (const arch::Beat &b : in) job.input.push(b.data.data(), b.last);
  job.expectBeats = int64_t(expect.beats.size());
  job.reads = readList();
  for (const auto &[addr, want] : expect.postReadback) job.reads.push_back(addr);
  return job;
}

} // namespace

Job makeLayerJob(const config::AccelConfig &cfg, const config::GemmLayer &layer, uint64_t runSeed,
                 Expectation &expect, uint32_t format) {
  if (isBitmod(cfg)) return makeBitmodJob(cfg, layer, runSeed, expect, format);
  const bool bitplane = cfg.pe.type == config::PeType::Bitserial;
  arch::GemmDims dims{layer.m, layer.n, layer.k};
  arch::checkDims(cfg, dims);
  config::TensorSource aSrc = layer.activations, wSrc = layer.weights;
  aSrc.seed = runTensorSeed(aSrc.seed, runSeed);
  wSrc.seed = runTensorSeed(wSrc.seed, runSeed);
  models::IntMatrix c;
  std::vector<arch::Beat> in;
  std::optional<uint32_t> ovpFormat;
  if (cfg.pe.type == config::PeType::Ovp) {
    const arch::OvpOperands ops =
        arch::ovpOperands(cfg, models::makeRealTensor(aSrc, layer.m, layer.k),
                          models::makeRealTensor(wSrc, layer.n, layer.k));
    dims.k = ops.kPadded;
    arch::checkDims(cfg, dims);
    c = arch::ovpExpected(cfg, ops);
    in = cfg.pe.ovp.mode == config::OvpMode::W4A4 ? arch::packInputOvp(cfg, ops.aBytes, ops.wBytes)
                                                  : arch::packInputOvpInt8(cfg, ops.aInt8, ops.wBytes);
    ovpFormat = ops.formatCsr;
  } else if (bitplane) {
    // P-bit weights sent as their codes in the low P bits of the w_bits_max lanes; expected
    // results from gemmBitplane (tb::bitserialOperands).
    const BitserialOperands op = bitserialOperands(cfg, layer, runSeed, format);
    c = op.expected;
    in = arch::packInput(cfg, op.a, op.wLanes);
  } else {
    const models::IntMatrix a =
        models::makeTensor(aSrc, layer.m, layer.k, models::OperandFormat{cfg.pe.a_bits, cfg.pe.a_signed});
    const models::IntMatrix w =
        models::makeTensor(wSrc, layer.n, layer.k, models::OperandFormat{cfg.pe.w_bits, cfg.pe.w_signed});
    c = models::gemm(a, w, cfg.pe.acc_bits);
    in = arch::packInput(cfg, a, w);
  }

  expect = Expectation{};
  expect.layer = layer.name;
  expect.dims = dims;
  expect.ovpFormat = ovpFormat;
  Job job;
  job.name = layer.name;
  expectOutput(cfg, layer, runSeed, c, job, expect);
  appendWrite(job, arch::csr::kDimM, uint32_t(dims.m));
  appendWrite(job, arch::csr::kDimN, uint32_t(dims.n));
  appendWrite(job, arch::csr::kDimK, uint32_t(dims.k));
  if (bitplane) appendWrite(job, arch::csr::kBitserialFormat, format);
  if (ovpFormat) appendWrite(job, arch::csr::kOvpFormat, *ovpFormat);
  appendWrite(job, arch::csr::kCtrl, 1);
  job.input.chunks = arch::activationWordFormat(cfg).chunksPerBeat();
  job.input.data.reserve(in.size() * size_t(job.input.chunks));
  for (const arch::Beat &b : in) job.input.push(b.data.data(), b.last);
  job.expectBeats = int64_t(expect.beats.size());
  job.reads = readList();
  for (const auto &[addr, want] : expect.postReadback) job.reads.push_back(addr);
  if (ovpFormat) job.reads.push_back(arch::csr::kOvpFormat);
  return job;
}

Job makeBadDimsJob(const config::AccelConfig &cfg, Expectation &expect) {
  expect = Expectation{};
  expect.layer = "bad_dims";
  expect.badDims = true;
  Job job;
  job.name = "bad_dims";
  job.input.chunks = arch::activationWordFormat(cfg).chunksPerBeat();
  // pe.type ovp: M = 1 and an odd K instead (OVP pairs need an even K), the bad dimension
  // only that type has.
  const bool ovp = cfg.pe.type == config::PeType::Ovp;
  appendWrite(job, arch::csr::kDimM, ovp ? 1 : 0);
  appendWrite(job, arch::csr::kDimN, 1);
  appendWrite(job, arch::csr::kDimK, 1);
  appendWrite(job, arch::csr::kCtrl, 1);
  job.reads = {arch::csr::kStatus, arch::csr::kErrorCode};
  return job;
}

Job makeBadFormatJob(const config::AccelConfig &cfg, Expectation &expect) {
  expect = Expectation{};
  expect.layer = "bad_format";
  expect.badDims = true;
  expect.errorCode = arch::csr_error::kBadFormat;
  uint32_t bad = 0; // bitplane: P = 0
  if (isBitmod(cfg)) {
    // The first mode number (0..7) the config does not build.
    for (uint32_t m = 0; m < (1u << arch::kBitserialModeBits); ++m)
      if (!arch::bitserialFormatValid(cfg, m << arch::kBitserialModeLsb)) {
        bad = m << arch::kBitserialModeLsb;
        break;
      }
  }
  Job job;
  job.name = "bad_format";
  job.input.chunks = arch::activationWordFormat(cfg).chunksPerBeat();
  appendWrite(job, arch::csr::kDimM, 1);
  appendWrite(job, arch::csr::kDimN, 1);
  appendWrite(job, arch::csr::kDimK, 1);
  appendWrite(job, arch::csr::kBitserialFormat, bad);
  appendWrite(job, arch::csr::kCtrl, 1);
  job.reads = {arch::csr::kStatus, arch::csr::kErrorCode};
  return job;
}

int64_t cycleBudget(const config::AccelConfig &cfg, const arch::GemmDims &dims, double stallProb,
                    int maxTerms) {
  // Bit-serial layers compute T terms per weight: T times the compute work.
  const int64_t terms = std::max(1, maxTerms);
  const arch::WordFormat af = arch::activationWordFormat(cfg), wf = arch::weightWordFormat(cfg),
                         of = arch::outputWordFormat(cfg);
  const int64_t rows = cfg.array.rows, cols = cfg.array.cols;
  int64_t beats = 0, steps = 0;
  for (const arch::TileStep &s : arch::schedule(cfg, dims)) {
    ++steps;
    if (cfg.array.dataflow == config::Dataflow::WeightStationary)
      beats += rows * wf.beatsPerWord() + s.mLen * af.beatsPerWord();
    else
      beats += s.kLen * (af.beatsPerWord() + wf.beatsPerWord());
    if (s.lastK) beats += s.mLen * of.beatsPerWord();
  }
  const int64_t macCycles = terms * (dims.m * dims.n * dims.k / (rows * cols) + 1);
  const double work =
      double(10000 + 8 * beats + 8 * terms * steps * (rows + cols + 16) + 4 * macCycles);
  return int64_t(work / (1.0 - std::min(stallProb, 0.99)) / (1.0 - std::min(stallProb, 0.99)));
}

CheckOutcome checkJob(const config::AccelConfig &cfg, const Expectation &e, const JobResult &r) {
  CheckOutcome out;
  auto problem = [&out](Mismatch m) {
    ++out.problems;
    if (!out.first) out.first = std::move(m);
  };
  std::map<uint32_t, ReadRecord> reads;
  for (const ReadRecord &rd : r.reads) reads[rd.addr] = rd;
  auto csr = [&](uint32_t offset) -> std::optional<uint32_t> {
    auto it = reads.find(offset);
    if (it == reads.end()) return std::nullopt;
    return it->second.data;
  };
  for (const WriteRecord &w : r.writes)
    if (w.resp != 0)
      problem(csrMismatch(e.layer, "write response to " + csrName(cfg, w.addr), "0 (OKAY)",
                          std::to_string(w.resp), w.respCycle));
  for (const ReadRecord &rd : r.reads)
    if (rd.resp != 0)
      problem(csrMismatch(e.layer, "read response from " + csrName(cfg, rd.addr), "0 (OKAY)",
                          std::to_string(rd.resp), rd.cycle));

  if (e.badDims) {
    if (r.outputs.size() > 0) {
      Mismatch m;
      m.layer = e.layer;
      m.kind = "extra";
      m.beat = 0;
      m.cycle = r.outputCycles[0];
      m.expected = "no output";
      m.got = arch::beatHex(toBeat(r.outputs, 0, r.outputs.chunks));
      m.message = "a bad start (" + e.layer + ") produced output beat " + m.got;
      problem(m);
    }
    if (!r.inputCycles.empty())
      problem(csrMismatch(e.layer, "input beats consumed after a bad start", "0",
                          std::to_string(r.inputCycles.size()), r.inputCycles[0]));
    if (!r.residualCycles.empty())
      problem(csrMismatch(e.layer, "residual beats consumed after a bad start", "0",
                          std::to_string(r.residualCycles.size()), r.residualCycles[0]));
    const auto status = csr(arch::csr::kStatus), code = csr(arch::csr::kErrorCode);
    if (status && (*status & 7) != (kStatusDone | kStatusError))
      problem(csrMismatch(e.layer, "status after a bad start", hexWord(kStatusDone | kStatusError),
                          hexWord(*status), r.lastCycle));
    if (code && *code != e.errorCode)
      problem(csrMismatch(e.layer, "error_code after a bad start", std::to_string(e.errorCode),
                          std::to_string(*code), r.lastCycle));
    return out;
  }

  // ---- output stream, beat by beat ----
  const arch::WordFormat of = arch::outputWordFormat(cfg);
  const int chunks = of.chunksPerBeat();
  const std::vector<arch::BeatOrigin> origins = arch::outputBeatOrigins(cfg, e.dims);
  const int64_t expected = int64_t(e.beats.size()), got = r.outputs.size();
  for (int64_t i = 0; i < std::min(expected, got); ++i) {
    const arch::Beat g = toBeat(r.outputs, i, chunks);
    const arch::Beat &x = e.beats[size_t(i)];
    if (g == x) continue;
    Mismatch m;
    m.layer = e.layer;
    m.beat = i;
    m.cycle = r.outputCycles[size_t(i)];
    const arch::BeatOrigin &o = origins[size_t(i)];
    if (g.data == x.data) {
      m.kind = "tlast";
      m.m = o.m;
      m.expected = x.last ? "1" : "0";
      m.got = g.last ? "1" : "0";
      m.message = "output beat " + std::to_string(i) + " (row m=" + std::to_string(o.m) +
                  "): tlast expected " + m.expected + ", got " + m.got;
      problem(m);
      continue;
    }
    // Find the first differing element: unpack the whole word from both streams.
    m.kind = "value";
    const int64_t wordStart = i - o.beatInWord;
    std::vector<arch::Beat> xWord, gWord;
    for (int b = 0; b < of.beatsPerWord(); ++b) {
      const int64_t j = wordStart + b;
      xWord.push_back(e.beats[size_t(j)]);
      gWord.push_back(j < got ? toBeat(r.outputs, j, chunks) : arch::Beat{std::vector<uint32_t>(size_t(chunks), 0), false});
    }
    const int laneLo = int(int64_t(o.beatInWord) * of.beatBits / of.laneBits);
    const int laneHi = std::min<int>(of.lanes - 1,
                                     int((int64_t(o.beatInWord + 1) * of.beatBits - 1) / of.laneBits));
    bool found = false;
    for (int lane = laneLo; lane <= laneHi && !found; ++lane) {
      const int64_t xv = arch::unpackLane(xWord, of, lane, true);
      const int64_t gv = arch::unpackLane(gWord, of, lane, true);
      if (xv == gv) continue;
      found = true;
      m.m = o.m;
      m.n = o.n0 + lane;
      m.expected = std::to_string(xv);
      m.got = std::to_string(gv);
      m.message = "output (m=" + std::to_string(m.m) + ", n=" + std::to_string(m.n) + ")" +
                  (m.n >= e.dims.n ? " [padding lane]" : "") + ": expected " + m.expected +
                  ", got " + m.got + " (beat " + std::to_string(i) + ", word lane " +
                  std::to_string(lane) + ")";
    }
    if (!found) {
      m.m = o.m;
      m.expected = arch::beatHex(x);
      m.got = arch::beatHex(g);
      m.message = "output beat " + std::to_string(i) + " (row m=" + std::to_string(o.m) +
                  "): expected " + m.expected + ", got " + m.got + " (bits outside the lanes)";
    }
    problem(m);
  }
  if (got < expected) {
    Mismatch m;
    m.layer = e.layer;
    m.kind = "missing";
    m.beat = got;
    m.m = origins[size_t(got)].m;
    m.expected = std::to_string(expected) + " beats";
    m.got = std::to_string(got) + " beats";
    m.message = "output stream ended after " + m.got + " of " + m.expected + " (first missing: beat " +
                std::to_string(got) + ", row m=" + std::to_string(m.m) + ")";
    out.problems += expected - got - 1;
    problem(m);
  } else if (got > expected) {
    Mismatch m;
    m.layer = e.layer;
    m.kind = "extra";
    m.beat = expected;
    m.cycle = r.outputCycles[size_t(expected)];
    m.expected = std::to_string(expected) + " beats";
    m.got = std::to_string(got) + " beats";
    m.message = "output stream has " + m.got + ", expected " + m.expected + "; first extra beat " +
                arch::beatHex(toBeat(r.outputs, expected, chunks));
    out.problems += got - expected - 1;
    problem(m);
  }

  // ---- CSRs ----
  const bool gemm = cfg.top == config::TopKind::Accelerator; // dim_k, macs, array_shape
  const int64_t macs = e.dims.m * e.dims.n * e.dims.k;
  out.stats.name = e.layer;
  out.stats.m = e.dims.m;
  out.stats.n = e.dims.n;
  out.stats.k = e.dims.k;
  out.stats.macs = macs;
  auto need = [&](uint32_t offset) -> uint32_t {
    const auto v = csr(offset);
    if (!v) problem(csrMismatch(e.layer, csrName(cfg, offset) + " was not read", "a read", "none", r.lastCycle));
    return v.value_or(0);
  };
  auto expectEq = [&](const std::string &what, uint64_t want, uint64_t have) {
    if (want != have)
      problem(csrMismatch(e.layer, what, std::to_string(want), std::to_string(have), r.lastCycle));
  };
  const uint32_t status = need(arch::csr::kStatus);
  if ((status & 7) != kStatusDone)
    problem(csrMismatch(e.layer, "status after the run (bit 0 busy, 1 done, 2 error)",
                        hexWord(kStatusDone), hexWord(status), r.lastCycle));
  expectEq("error_code", arch::csr_error::kNone, need(arch::csr::kErrorCode));
  if (gemm) {
    const uint64_t gotMacs = (uint64_t(need(arch::csr::kMacsHi)) << 32) | need(arch::csr::kMacsLo);
    expectEq("macs (macs_hi:macs_lo) == M*N*K", uint64_t(macs), gotMacs);
  }
  const uint32_t wantHash = uint32_t(std::strtoul(config::configHash(cfg).substr(0, 8).c_str(), nullptr, 16));
  const uint32_t gotHash = need(arch::csr::kConfigHash);
  if (wantHash != gotHash)
    problem(csrMismatch(e.layer, "config_hash (first 8 hex digits of the config hash)", hexWord(wantHash),
                        hexWord(gotHash), r.lastCycle));
  if (gemm)
    expectEq("array_shape (rows | cols << 16)",
             uint64_t(cfg.array.rows) | (uint64_t(cfg.array.cols) << 16), need(arch::csr::kArrayShape));
  expectEq("dim_m read back", uint64_t(e.dims.m), need(arch::csr::kDimM));
  expectEq("dim_n read back", uint64_t(e.dims.n), need(arch::csr::kDimN));
  if (gemm) expectEq("dim_k read back", uint64_t(e.dims.k), need(arch::csr::kDimK));
  for (const auto &[addr, want] : e.postReadback)
    expectEq("post register at " + hexWord(addr) + " read back", want, need(addr));
  if (e.ovpFormat) expectEq("ovp_format read back", *e.ovpFormat, need(arch::csr::kOvpFormat));

  const uint32_t busy = need(arch::csr::kCyclesBusy);
  const uint32_t stallIn = need(arch::csr::kStallIn), stallOut = need(arch::csr::kStallOut);
  out.stats.cycles = busy;
  out.stats.stallIn = stallIn;
  out.stats.stallOut = stallOut;
  out.stats.utilization =
      busy && gemm ? double(macs) / (double(busy) * cfg.array.rows * cfg.array.cols) : 0;
  // Busy runs from the edge that took the start write to the edge that took the last beat.
  if (!r.writes.empty() && got == expected && got > 0) {
    const int64_t startCycle = r.writes.back().cycle;
    expectEq("cycles_busy == last output edge - start edge", uint64_t(r.outputCycles.back() - startCycle),
             busy);
  }
  expectEq("stall_in == cycles the harness saw s_axis_tready high and tvalid low",
           uint64_t(r.seenStallIn), stallIn);
  expectEq("stall_out == cycles the harness saw m_axis_tvalid high and tready low",
           uint64_t(r.seenStallOut), stallOut);
  return out;
}

} // namespace quasar::tb
