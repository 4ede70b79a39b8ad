// `quasar sim --engine systemc` on `top: pipeline` configs (engine.h): each distinct layer as
// one run of the PipelineTop model through the co-simulation host driver.
#include "quasar/sim/engine.h"

#include "host.h"
#include "quasar/arch/csr.h"
#include "quasar/arch/pipeline.h"
#include "quasar/arch/pipeline_row_timing.h"
#include "quasar/arch/post_params.h"
#include "quasar/config/error.h"
#include "quasar/models/gemm.h"
#include "quasar/models/workload_tensors.h"
#include "quasar/testbenches/cosim.h"
#include "quasar/testbenches/post_params.h"

#include <chrono>
#include <map>

namespace quasar::sim {

std::vector<PipelineSimLayer> simulatePipelineWorkload(const config::AccelConfig &cfg,
                                                       const config::Workload &workload,
                                                       const SimOptions &opt) {
  if (!(opt.stallProb >= 0 && opt.stallProb < 1))
    throw InputError("--stall-prob must be in [0, 1), got " + std::to_string(opt.stallProb));
  const std::vector<config::GemmLayer> layers = config::lowerToGemm(workload);
  for (const config::GemmLayer &l : layers) arch::checkPipelineDims(cfg, l.m, l.n);
  SystemcDut dut(cfg, KernelMode::Decoupled);
  std::vector<PipelineSimLayer> out;
  for (const config::GemmLayer &l : layers) {
    config::TensorSource aSrc = l.activations, wSrc = l.weights;
    aSrc.seed = tb::runTensorSeed(aSrc.seed, opt.seed);
    wSrc.seed = tb::runTensorSeed(wSrc.seed, opt.seed);
    const models::IntMatrix z = models::gemm(
        models::makeTensor(aSrc, l.m, l.k, models::OperandFormat{cfg.pe.a_bits, cfg.pe.a_signed}),
        models::makeTensor(wSrc, l.n, l.k, models::OperandFormat{cfg.pe.w_bits, cfg.pe.w_signed}),
        cfg.pe.acc_bits);
    const models::dyadic::RequantParams p = tb::drawPostParams(cfg, l.name, l.n, l.k, opt.seed);
    const bool rowUnit = arch::hasRowUnit(cfg);
    const arch::NonlinearParams nl{kPipelineSimX0, {}};

    tb::Job job;
    job.name = l.name;
    // post.residual: the residual branch and both branches' parameters as quasar cosim's.
    const bool residual = cfg.post.residual;
    const models::IntMatrix z2 = residual ? tb::drawResidualBranch(cfg, l, opt.seed) : z;
    const models::dyadic::ResidualParams rp =
        residual ? tb::drawResidualParams(cfg, l.name, l.n, l.k, opt.seed)
                 : models::dyadic::ResidualParams{};
    for (const auto &[addr, data] : residual ? arch::residualParamWrites(cfg, rp, l.n, nl)
                                             : arch::postParamWrites(cfg, p, l.n, nl))
      job.writes.push_back({addr, data});
    job.writes.push_back({arch::csr::kDimM, uint32_t(l.m)});
    job.writes.push_back({arch::csr::kDimN, uint32_t(l.n)});
    job.writes.push_back({arch::csr::kCtrl, 1});
    job.input.chunks = arch::pipelineInputWordFormat(cfg).chunksPerBeat();
    for (const arch::Beat &b : arch::packPipelineInput(cfg, z)) job.input.push(b.data.data(), b.last);
    job.residual.chunks = job.input.chunks;
    if (residual)
      for (const arch::Beat &b : arch::packPipelineInput(cfg, z2))
        job.residual.push(b.data.data(), b.last);
    // With a row unit after the residual add: the unit on the residual's rows, lanes beyond N 0.
    const std::vector<arch::Beat> want =
        residual && rowUnit
            ? arch::packOutput(cfg, arch::rowUnitApply(cfg, models::dyadic::residual(z, z2, rp), nl), 0)
        : residual ? arch::packResidualOutput(cfg, z, z2, rp)
        : rowUnit  ? arch::packRowUnitOutput(cfg, z, p, nl)
                   : arch::packRequantOutput(cfg, z, p);
    job.expectBeats = int64_t(want.size());
    job.reads = {arch::csr::kStatus, arch::csr::kErrorCode, arch::csr::kCyclesBusy,
                 arch::csr::kStallIn, arch::csr::kStallOut};
    tb::Stimulus stim;
    stim.inChunks = job.input.chunks;
    stim.outChunks = arch::outputWordFormat(cfg).chunksPerBeat();
    if (residual) stim.resChunks = stim.inChunks;
    stim.stallProb = opt.stallProb;
    stim.seed = opt.seed;
    // A limit only against a hung model: 20x the stall-free cycles, slowed by the stalls.
    const double slow = (1 - opt.stallProb) * (1 - opt.stallProb);
    stim.maxCycles =
        int64_t(double(20 * arch::pipelineRunTiming(cfg, l.m, l.n).cyclesBusy + 10000) / slow);
    stim.jobs.push_back(std::move(job));

    PipelineSimLayer r;
    const auto t0 = std::chrono::steady_clock::now();
    const tb::Results res = tb::runStimulus(dut, stim);
    r.simSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    r.simulatedCycles = res.totalCycles;
    if (!res.ok) throw CheckError("layer " + l.name + ": the SystemC model " + res.error);
    const tb::JobResult &got = res.jobs.at(0);
    std::map<uint32_t, uint32_t> csr;
    for (const tb::ReadRecord &rd : got.reads) csr[rd.addr] = rd.data;
    if ((csr[arch::csr::kStatus] & 7) != 2 || csr[arch::csr::kErrorCode] != 0)
      throw CheckError("layer " + l.name + ": status " + std::to_string(csr[arch::csr::kStatus]) +
                       ", error_code " + std::to_string(csr[arch::csr::kErrorCode]) +
                       " after the run");
    r.cyclesBusy = csr[arch::csr::kCyclesBusy];
    r.stallIn = csr[arch::csr::kStallIn];
    r.stallOut = csr[arch::csr::kStallOut];
    if (opt.check) {
      for (size_t i = 0; i < want.size(); ++i) {
        arch::Beat b;
        b.data.assign(got.outputs.beat(int64_t(i)), got.outputs.beat(int64_t(i)) + stim.outChunks);
        b.last = got.outputs.last[i] != 0;
        if (!(b == want[i]))
          throw CheckError("layer " + l.name + ": output beat " + std::to_string(i) + " is " +
                           arch::beatHex(b) + ", the golden model gives " + arch::beatHex(want[i]));
      }
      r.checkedBeats = int64_t(want.size());
    }
    out.push_back(r);
  }
  return out;
}

} // namespace quasar::sim
