// The two files between the co-simulation driver and a harness executable (docs/cosim.md).
//
// The driver (quasar_testbenches) writes a *stimulus*: CSR writes, input beats, how many
// output beats to take, CSR reads, the stall probability and seed. A harness (the Verilated
// RTL today, the SystemC model later) runs it cycle by cycle and writes *results*: every
// transfer with the cycle it happened on. All checking happens in the driver, so every engine
// is judged by the same code.
//
// Both are line-oriented text, one record per line, numbers in decimal except addresses and
// data (hex). Beat data is written most significant 32-bit chunk first, without separators.
//
// This file is compiled into the harness executables too: standard C++17 only.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <stdexcept>
#include <string>
#include <vector>

namespace quasar::tb {

// A malformed stimulus/results file or bad harness usage.
class FormatError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

// Beats stored flat: beat i is data[i * chunks .. i * chunks + chunks - 1], chunk 0 = bits 31:0.
struct BeatList {
  int chunks = 1;
  std::vector<uint32_t> data;
  std::vector<uint8_t> last;
  int64_t size() const { return int64_t(last.size()); }
  const uint32_t *beat(int64_t i) const { return data.data() + i * chunks; }
  void push(const uint32_t *beatData, bool isLast) {
    data.insert(data.end(), beatData, beatData + chunks);
    last.push_back(isLast ? 1 : 0);
  }
};

struct CsrWrite {
  uint32_t addr = 0;
  uint32_t data = 0;
};

// One GEMM (or any CSR/stream exchange): writes in order, then the input stream and the output
// stream concurrently, then reads in order, then `idleCycles` cycles that still accept output
// (so surplus beats are seen).
struct Job {
  std::string name;
  std::vector<CsrWrite> writes;
  BeatList input;
  int64_t expectBeats = 0;
  std::vector<uint32_t> reads;
  int idleCycles = 8;
  BeatList residual;          // s_axis_res beats (post.residual), streamed with `input`
};

struct Stimulus {
  int inChunks = 1;           // 32-bit chunks per s_axis beat
  int outChunks = 1;          // per m_axis beat
  int resChunks = 0;          // per s_axis_res beat; 0: no residual stream (format version 1)
  double stallProb = 0;       // probability of an input gap / an output ready drop per cycle
  uint64_t seed = 0;          // seeds the stall pattern
  int64_t maxCycles = 1000000; // per job, from its first write to its last idle cycle
  int resetCycles = 4;        // cycles with rst_ni low before cycle 0
  std::vector<Job> jobs;
};

struct WriteRecord {
  uint32_t addr = 0, data = 0;
  int64_t cycle = 0;     // edge where the later of the AW and W handshakes happened
  int64_t respCycle = 0; // edge of the B handshake
  uint32_t resp = 0;
};

struct ReadRecord {
  uint32_t addr = 0, data = 0;
  int64_t cycle = 0; // edge of the R handshake
  uint32_t resp = 0;
};

struct JobResult {
  std::string name;
  std::vector<WriteRecord> writes;
  BeatList outputs;                  // every m_axis beat accepted while this job ran
  std::vector<int64_t> outputCycles; // the edge each was accepted on
  std::vector<int64_t> inputCycles;  // the edge each input beat was accepted on
  std::vector<int64_t> residualCycles; // the edge each s_axis_res beat was accepted on
  std::vector<ReadRecord> reads;
  int64_t firstCycle = 0, lastCycle = 0; // the job's first and last edge
  int64_t seenStallIn = 0;  // edges with s_axis_tready high and s_axis_tvalid low
  int64_t seenStallOut = 0; // edges with m_axis_tvalid high and m_axis_tready low
  int64_t seenStallRes = 0; // edges with s_axis_res_tready high and s_axis_res_tvalid low
};

struct Results {
  bool residual = false;   // the design has s_axis_res: format version 2 (ri, seen_stall_res)
  std::vector<JobResult> jobs;
  int64_t totalCycles = 0; // edges after reset
  bool ok = true;          // false: the run stopped early (timeout); `error` says why
  std::string error;
  double simSeconds = 0;   // wall time of the cycle loop alone (speed measurements)
};

void writeStimulus(std::ostream &out, const Stimulus &s);
// The same in pieces, for writing large stimuli job by job: the header (every field but
// `jobs`), then each job.
void writeStimulusHeader(std::ostream &out, const Stimulus &s);
void writeJob(std::ostream &out, const Job &job);
Stimulus readStimulus(std::istream &in, const std::string &fileName);
void writeResults(std::ostream &out, const Results &r);
Results readResults(std::istream &in, const std::string &fileName);

// Beat data as hex, most significant chunk first ("000000120000fff0").
std::string chunksHex(const uint32_t *chunks, int count);

} // namespace quasar::tb
