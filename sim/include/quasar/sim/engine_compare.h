// Comparing engines on the same co-simulation stimulus (`quasar cosim --engines`): the
// Verilated RTL and the SystemC model must agree on every transfer (cycle and value of each
// output beat, cycle of each input beat, every CSR write and read with its cycle, the total
// cycles); the analytical model, on a run without stalls, must give every output beat's cycle,
// every input beat's cycle and cycles_busy of each layer.
#pragma once

#include "quasar/arch/schedule.h"
#include "quasar/config/accel.h"
#include "stimulus.h" // testbenches/harness: tb::Results

#include <optional>
#include <string>
#include <vector>

namespace quasar::sim {

struct EngineDifference {
  std::string job;     // the harness job (a layer's name, or bad_dims)
  std::string what;    // "output beat", "output beat cycle", "input beat cycle", "csr read", ...
  int64_t index = -1;  // beat / transfer index within the job (-1: not about one)
  std::string a, b;    // the two engines' values
  std::string message; // one line, complete
};

// The first difference between two engines' results of one stimulus (nullopt: identical
// transfers). `nameA`/`nameB` label the values in the message.
std::optional<EngineDifference> compareResults(const tb::Results &a, const std::string &nameA,
                                               const tb::Results &b, const std::string &nameB);

// The first difference between the analytical model and an engine's stall-free results.
// `layers` are the dimensions of jobs 1.. (job 0 is the bad-dimensions job of the co-simulation,
// which has no timing to compare); jobs beyond `layers` are ignored. `terms`: bit-serial terms
// per weight of each layer (AnalyticalOptions::terms; empty: 1 for every layer).
std::optional<EngineDifference> compareWithAnalytical(const config::AccelConfig &cfg,
                                                      const std::vector<arch::GemmDims> &layers,
                                                      const std::vector<std::string> &names,
                                                      const tb::Results &r,
                                                      const std::string &name,
                                                      const std::vector<int> &terms = {});

} // namespace quasar::sim
