// `quasar sim` for top: pipeline configs (cmd_sim_pipeline.cpp), called by runSim.
#pragma once

#include "args.h"

#include "quasar/config/accel.h"
#include "quasar/config/workload.h"

namespace quasar::cli {

// The analytical cycles of every distinct layer's [M x N] accumulators streamed through the
// pipeline; InputError / UsageError for what only the SystemC model could answer.
int runSimPipeline(const config::AccelConfig &cfg, const Args &args,
                   const config::Workload &workload);

} // namespace quasar::cli
