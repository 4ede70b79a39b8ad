// Cycle-level facts of the generated accelerator, shared by the RTL generator (which builds
// the pipelines and counters from these numbers), the SystemC and analytical models (which
// must reproduce the RTL's cycles exactly) and the docs (docs/microarchitecture.md explains
// each unit's cycle behaviour in terms of these functions).
//
// Three units run concurrently and hand over buffer banks:
//   loader  (AXI4-Stream slave -> weight/activation buffer bank), one schedule() step per bank;
//   compute (bank -> array -> accumulator bank), one step at a time;
//   drain   (accumulator bank -> AXI4-Stream master), one output tile per bank.
// Cycle counts below are in clock cycles with no back-pressure unless stated.
#pragma once

#include "quasar/arch/schedule.h"
#include "quasar/config/accel.h"

#include <cstdint>

namespace quasar::arch {

// Registered read of every on-chip buffer (simple dual-port RAM): data one cycle after the
// address.
constexpr int kBufferReadLatency = 1;
// Words the drain unit holds between the accumulator buffer and the output stream.
constexpr int kOutputFifoWords = 2;
// A word is written into its buffer one cycle after its last beat was accepted; the bank
// of a step becomes full on that write.
constexpr int kLoaderWriteLatency = 1;

// Register stages a PE family puts between its operand inputs and the accumulate (int: one
// product register, so the multiplier maps onto a pipelined DSP). Per pe.type.
int peProductStages(const config::AccelConfig &cfg);

// Buffer banks: 2 when buffers.double_buffered, else 1.
int bankCount(const config::AccelConfig &cfg);
// Words per bank of each buffer (bank b starts at b * words).
int weightBankWords(const config::AccelConfig &cfg);
int actBankWords(const config::AccelConfig &cfg);
int accBankWords(const config::AccelConfig &cfg);

// Input words of one step, in stream order: first `firstWords` of the first kind, then
// `secondWords` of the second (ws: weights then activations; os: activations then weights).
// An OVP pair word (arch/ovp_stream.h) counts once for its two K steps.
struct StepWords {
  int64_t firstWords = 0;
  int64_t secondWords = 0;
};
StepWords stepInputWords(const config::AccelConfig &cfg, const TileStep &step);
// Beats of the same (each word on ceil(lanes * bits / axis_in_bits) beats).
int64_t stepInputBeats(const config::AccelConfig &cfg, const TileStep &step);

// ws: cycles from the cycle an activation word's buffer read is issued to the cycle its
// de-skewed column sums leave the array: read latency + row skew + column hops + product
// stages + psum register + column de-skew = rows + cols + peProductStages.
int wsResultLatency(const config::AccelConfig &cfg);

// os: cycles from the cycle the last word of a step is read until every PE accumulator holds
// its final value (the drain may start on that cycle): rows + cols + peProductStages.
int osAccumulateLatency(const config::AccelConfig &cfg);

// How long the compute unit is busy with one step, counted from the first cycle after the
// cycle in which it accepted the step (see docs/microarchitecture.md, "Compute"):
//   ws: rows (weight load) + mLen (activation feed) + wsResultLatency + 1 (accumulator
//       read-modify-write register);
//   os: kLen (feed), and after a lastK step also osAccumulateLatency - 1 (tail) + rows
//       (drain into the accumulator bank, which may wait for a free bank: not counted).
int64_t computeStepCycles(const config::AccelConfig &cfg, const TileStep &step);

// Register stages between the accumulator read and the output FIFO inside qsr_drain: the
// requantizer's kRequantStages (post_timing.h) with post.requant, else none. A word read from
// the accumulator bank in cycle r enters the FIFO at the end of cycle
// r + kBufferReadLatency + drainPipelineStages.
int drainPipelineStages(const config::AccelConfig &cfg);
// Words the drain's output FIFO holds: kOutputFifoWords plus one per pipeline stage, so the
// words in flight through the requantizer never throttle a one-word-per-cycle drain.
int outputFifoWords(const config::AccelConfig &cfg);

// Cycles the drain unit needs for one output tile without back-pressure once it started
// reading: mLen words, each on ceil(cols * lane bits / axis_out_bits) beats (lane bits:
// acc_bits, or post.requant.out_bits with requantization).
int64_t drainTileBeats(const config::AccelConfig &cfg, const TileStep &step);

} // namespace quasar::arch
