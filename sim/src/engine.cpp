#include "quasar/sim/engine.h"

#include "host.h"
#include "quasar/arch/bitserial_timing.h"
#include "quasar/arch/csr.h"
#include "quasar/arch/post_params.h"
#include "quasar/arch/ovp_operands.h"
#include "quasar/arch/ovp_stream.h"
#include "quasar/arch/stream.h"
#include "quasar/arch/timing.h"
#include "quasar/config/error.h"
#include "quasar/models/workload_tensors.h"
#include "quasar/sim/gemm_job.h"
#include "quasar/testbenches/bitserial_layer.h"
#include "quasar/testbenches/cosim.h"
#include "quasar/testbenches/post_params.h"

#include <chrono>
#include <fstream>
#include <iomanip>
#include <map>
#include <memory>
#include <optional>
#include <ostream>

namespace quasar::sim {
namespace {

double secondsSince(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// The model for this program: SystemC elaborates once, so a kernel-mode top is made once and
// reused (every stimulus starts with a reset).
SystemcDut &dutFor(const config::AccelConfig &cfg, KernelMode mode,
                   std::unique_ptr<SystemcDut> &holder) {
  if (!holder) holder = std::make_unique<SystemcDut>(cfg, mode);
  return *holder;
}

} // namespace

std::vector<SimLayer> simulateWorkload(const config::AccelConfig &cfg,
                                       const config::Workload &workload, const SimOptions &opt) {
  if (!(opt.stallProb >= 0 && opt.stallProb < 1))
    throw InputError("--stall-prob must be in [0, 1), got " + std::to_string(opt.stallProb));
  const std::vector<config::GemmLayer> layers = config::lowerToGemm(workload);
  for (const config::GemmLayer &l : layers) arch::checkDims(cfg, arch::GemmDims{l.m, l.n, l.k});
  // Bit-serial: the format of each layer (--w-prec / --w-mode, else the CSR's reset value).
  const std::vector<uint32_t> formats = tb::bitserialFormats(cfg, opt.wPrec, opt.wMode);
  std::unique_ptr<SystemcDut> dut;
  std::vector<SimLayer> out;
  for (size_t li = 0; li < layers.size(); ++li) {
    const config::GemmLayer &l = layers[li];
    const std::optional<uint32_t> format = tb::layerFormat(formats, li); // bit-serial only
    const auto t0 = std::chrono::steady_clock::now();
    config::TensorSource aSrc = l.activations, wSrc = l.weights;
    aSrc.seed = tb::runTensorSeed(aSrc.seed, opt.seed);
    wSrc.seed = tb::runTensorSeed(wSrc.seed, opt.seed);
    // The K the accelerator runs (pe.type ovp pads an odd K) and the layer's job and result.
    const int64_t k = arch::acceleratorK(cfg, l.k);
    models::IntMatrix a, w;
    std::optional<arch::OvpOperands> ovp;
    std::optional<tb::BitserialOperands> serial;
    tb::Job layerJob;
    if (format) {
      serial = tb::bitserialOperands(cfg, l, opt.seed, *format);
    } else if (cfg.pe.type == config::PeType::Ovp) {
      if (cfg.post.requant.enabled)
        throw InputError("quasar sim: pe.type ovp with post.requant is not implemented yet in the "
                         "SystemC engine's jobs (quasar cosim runs it)");
      ovp = arch::ovpOperands(cfg, models::makeRealTensor(aSrc, l.m, l.k),
                              models::makeRealTensor(wSrc, l.n, l.k));
      layerJob = makeOvpGemmJob(cfg, l.name, *ovp, l.m, l.n);
    } else {
      a = models::makeTensor(aSrc, l.m, l.k, models::OperandFormat{cfg.pe.a_bits, cfg.pe.a_signed});
      w = models::makeTensor(wSrc, l.n, l.k, models::OperandFormat{cfg.pe.w_bits, cfg.pe.w_signed});
    }
    tb::Stimulus stim;
    stim.inChunks = arch::activationWordFormat(cfg).chunksPerBeat();
    stim.outChunks = arch::outputWordFormat(cfg).chunksPerBeat();
    stim.stallProb = opt.stallProb;
    stim.seed = opt.seed;
    // A limit only against a hung model: 20x the stall-free cycles, slowed by the stalls.
    AnalyticalOptions timing;
    if (format) timing.terms = arch::bitserialTerms(cfg, *format);
    const LayerTiming ideal = layerTiming(cfg, arch::GemmDims{l.m, l.n, k}, timing);
    const double slow = (1 - opt.stallProb) * (1 - opt.stallProb);
    stim.maxCycles = int64_t(double(20 * ideal.cyclesBusy + 10000) / slow);
    // Designs with post.requant get the co-simulation's parameters for this seed.
    std::optional<models::dyadic::RequantParams> post;
    if (cfg.post.requant.enabled) post = tb::drawPostParams(cfg, l.name, l.n, l.k, opt.seed);
    if (serial && cfg.pe.bitserial.encoding == config::BitEncoding::Bitmod)
      layerJob = makeBitmodGemmJob(cfg, l.name, serial->a, serial->bitmod, *format,
                                   post ? &*post : nullptr);
    else if (serial)
      layerJob = makeBitplaneGemmJob(cfg, l.name, serial->a, serial->wLanes, *format,
                                     post ? &*post : nullptr);
    else if (!ovp)
      layerJob = makeGemmJob(cfg, l.name, a, w, post ? &*post : nullptr);
    stim.jobs.push_back(std::move(layerJob));
    SimLayer r;
    r.setupSeconds = secondsSince(t0);

    SystemcDut &model = dutFor(cfg, opt.mode, dut);
    const auto t1 = std::chrono::steady_clock::now();
    const tb::Results res = tb::runStimulus(model, stim);
    r.simSeconds = secondsSince(t1);
    r.simulatedCycles = res.totalCycles;
    if (!res.ok) throw CheckError("layer " + l.name + ": the SystemC model " + res.error);
    const tb::JobResult &job = res.jobs.at(0);
    std::map<uint32_t, uint32_t> csr;
    for (const tb::ReadRecord &rd : job.reads) csr[rd.addr] = rd.data;
    const uint32_t status = csr[arch::csr::kStatus];
    if ((status & 7) != 2 || csr[arch::csr::kErrorCode] != 0)
      throw CheckError("layer " + l.name + ": status " + std::to_string(status) + ", error_code " +
                       std::to_string(csr[arch::csr::kErrorCode]) + " after the run");
    const uint64_t macs = uint64_t(csr[arch::csr::kMacsHi]) << 32 | csr[arch::csr::kMacsLo];
    if (macs != uint64_t(l.m * l.n * k))
      throw CheckError("layer " + l.name + ": macs " + std::to_string(macs) +
                       ", expected M*N*K = " + std::to_string(l.m * l.n * k));
    if (opt.check) {
      const models::IntMatrix acc = serial ? serial->expected
                                    : ovp  ? arch::ovpExpected(cfg, *ovp)
                                           : models::gemm(a, w, cfg.pe.acc_bits);
      const std::vector<arch::Beat> want =
          post ? arch::packRequantOutput(cfg, acc, *post) : arch::packOutput(cfg, acc);
      if (int64_t(want.size()) != job.outputs.size())
        throw CheckError("layer " + l.name + ": " + std::to_string(job.outputs.size()) +
                         " output beats, expected " + std::to_string(want.size()));
      for (size_t i = 0; i < want.size(); ++i) {
        arch::Beat got;
        got.data.assign(job.outputs.beat(int64_t(i)),
                        job.outputs.beat(int64_t(i)) + stim.outChunks);
        got.last = job.outputs.last[i] != 0;
        if (!(got == want[i]))
          throw CheckError("layer " + l.name + ": output beat " + std::to_string(i) + " is " +
                           arch::beatHex(got) + ", the golden model gives " +
                           arch::beatHex(want[i]));
      }
      r.checkedBeats = int64_t(want.size());
    }
    r.report = layerTraffic(cfg, l);
    r.report.format = format.value_or(0);
    setCycles(cfg, r.report, csr[arch::csr::kCyclesBusy], model.top().computeCycles(),
              model.top().feedCycles());
    r.report.stallIn = csr[arch::csr::kStallIn];
    r.report.stallOut = csr[arch::csr::kStallOut];
    if (opt.progress)
      *opt.progress << "layer " << l.name << " (" << l.m << "x" << l.n << "x" << l.k
                    << "): " << r.report.totalCycles << " cycles, " << std::fixed
                    << std::setprecision(2) << r.simSeconds << " s" << std::defaultfloat << "\n";
    out.push_back(std::move(r));
  }
  return out;
}

int runHarness(const config::AccelConfig &cfg, const std::string &stimulusPath,
               const std::string &resultsPath, KernelMode mode, std::ostream &err) {
  try {
    std::ifstream in(stimulusPath);
    if (!in) throw tb::FormatError("cannot open stimulus " + stimulusPath);
    const tb::Stimulus stimulus = tb::readStimulus(in, stimulusPath);
    tb::Results results;
    {
      SystemcDut dut(cfg, mode);
      const auto t0 = std::chrono::steady_clock::now();
      results = tb::runStimulus(dut, stimulus);
      results.simSeconds = secondsSince(t0);
    }
    std::ofstream out(resultsPath);
    tb::writeResults(out, results);
    out.close();
    if (!out) throw tb::FormatError("cannot write results " + resultsPath);
    return results.ok ? 0 : 1;
  } catch (const tb::FormatError &e) {
    err << "sim harness: " << e.what() << "\n";
    return 2;
  }
}

} // namespace quasar::sim
