// The co-simulation harness executable: the Verilated accelerator (prefix Vqsr_top) driven by
// the shared host code. Reads a stimulus file, writes a results file (harness/stimulus.h).
//
// usage: Vqsr_top --stimulus FILE --results FILE [--trace FILE.fst]
// exit codes: 0 the stimulus ran to the end; 1 it stopped early (timeout; results written,
// their status says why); 2 bad usage or a malformed stimulus.
#include "Vqsr_top.h"
#include "host.h"
#include "stimulus.h"
#include "verilated_dut.h"

#include <chrono>
#include <cstring>
#include <fstream>
#include <iostream>

int main(int argc, char **argv) {
  std::string stimulusPath, resultsPath, tracePath;
  for (int i = 1; i < argc; ++i) {
    const bool hasValue = i + 1 < argc;
    if (!std::strcmp(argv[i], "--stimulus") && hasValue) stimulusPath = argv[++i];
    else if (!std::strcmp(argv[i], "--results") && hasValue) resultsPath = argv[++i];
    else if (!std::strcmp(argv[i], "--trace") && hasValue) tracePath = argv[++i];
    else {
      std::cerr << "usage: " << argv[0] << " --stimulus FILE --results FILE [--trace FILE.fst]\n";
      return 2;
    }
  }
  if (stimulusPath.empty() || resultsPath.empty()) {
    std::cerr << "harness: --stimulus and --results are required\n";
    return 2;
  }
  try {
    std::ifstream in(stimulusPath);
    if (!in) throw quasar::tb::FormatError("cannot open stimulus " + stimulusPath);
    const quasar::tb::Stimulus stimulus = quasar::tb::readStimulus(in, stimulusPath);

    quasar::tb::Results results;
    {
      quasar::tb::VerilatedDut<Vqsr_top> dut(stimulus.seed, tracePath);
      const auto t0 = std::chrono::steady_clock::now();
      results = quasar::tb::runStimulus(dut, stimulus);
      results.simSeconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    }
    std::ofstream out(resultsPath);
    quasar::tb::writeResults(out, results);
    out.close();
    if (!out) throw quasar::tb::FormatError("cannot write results " + resultsPath);
    return results.ok ? 0 : 1;
  } catch (const quasar::tb::FormatError &e) {
    std::cerr << "harness: " << e.what() << "\n";
    return 2;
  }
}
