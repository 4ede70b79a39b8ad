// qsr_compute: takes one schedule() step at a time from the input banks, runs it on the array
// and accumulates into an accumulator bank (docs/microarchitecture.md, "Compute, ws/os").
//
// A step never stalls once accepted, so the unit does not count cycles: on the accept it
// schedules the step's events (operand feed window, bank release, accumulator hand-over) at
// exact cycles from arch/timing.h and computes the step's values at tile granularity with the
// PE family's kernel (PeModel). Only the os drain into the accumulator bank can wait (for the
// drain unit to free the bank), and it is evaluated cycle by cycle while it waits.
#pragma once

#include "quasar/arch/schedule.h"
#include "quasar/config/accel.h"
#include "quasar/sim/buffers.h"
#include "quasar/sim/edge.h"
#include "quasar/sim/pe_model.h"
#include "quasar/sim/word_codec.h"

#include <systemc>

#include <cstdint>
#include <functional>
#include <vector>

namespace quasar::sim {

class Loader;
class Drain;

class Compute : public sc_core::sc_module {
public:
  Compute(sc_core::sc_module_name name, const config::AccelConfig &cfg, Buffers &buffers,
          const Loader &loader, const Drain &drain);

  void reset();
  void evaluate(EdgeSignals &e);
  void update(const EdgeSignals &e);

  // Statistics of the current run (cleared by a start): cycles spent on steps (after each
  // accept cycle) and cycles operand words entered the array.
  int64_t computeCycles() const { return m_computeCycles; }
  int64_t feedCycles() const { return m_feedCycles; }

private:
  enum class State { Idle, Busy, Feed, Tail, Drain };

  void computeStepValues(int64_t stepIndex, uint32_t ovpFormat);

  // ---- configuration ----
  const config::AccelConfig &m_cfg; // owned by the top
  bool m_ws;
  int m_rows, m_cols, m_banks;
  int m_wsLatency, m_osLatency; // arch::wsResultLatency / osAccumulateLatency
  PeModel m_pe;
  WordCodec m_aCodec, m_wCodec;
  Buffers &m_buffers;
  const Loader &m_loader;
  const Drain &m_drain;
  // ---- registers ----
  State m_state = State::Idle;
  int m_cb = 0, m_ab = 0; // input bank of the step, accumulator bank of the tile
  int64_t m_mLen = 0;
  bool m_lastK = false, m_lastTile = false;
  int64_t m_stepMacs = 0;                            // MACs per feed cycle
  int64_t m_accept = 0;                              // cycle of the accept
  int64_t m_feedFirst = 0, m_release = 0, m_end = 0; // event cycles
  int64_t m_macLast = 0; // ws: last cycle MACs count (pass 0's feed, bit-serial)
  int m_drained = 0;                                 // os: drain cycles done
  int64_t m_feedStart = 0;                           // os: first feed cycle (accept + 1)
  models::IntMatrix m_array;                         // os: the PE accumulators (rows x cols)
  // ---- this edge ----
  bool m_drainGo = false; // os: a drain cycle happens (bank free)
  // ---- statistics ----
  int64_t m_computeCycles = 0, m_feedCycles = 0;
  void gatherDecoded(const arch::TileStep &s, const uint32_t *beats);
  // The int and bit-serial steps' frame: weight words (ws: rows of them, then the activation
  // words; os: kLen activation words, then kLen weight words) into m_tileA / m_tileW. Only the
  // decoding of one weight word into its cols lanes differs between the PE types.
  using WeightWordDecoder = std::function<void(const uint32_t *word, int64_t *lanes)>;
  void gatherSteps(const arch::TileStep &s, const uint32_t *beats,
                   const WeightWordDecoder &decodeWeightWord);
  void gatherBytes(const arch::TileStep &s, const uint32_t *beats);
  // pe.type ovp (compute_ovp.cpp): buffer words of packed OVP bytes (pair words: two K steps)
  // or int8, decoded into values with the normal types of the ovp_format register, as the
  // RTL's unpack + edge decoders do.
  void gatherOvp(const arch::TileStep &s, const uint32_t *beats, uint32_t ovpFormat);
  // One buffer word of an OVP operand into K-step values: out0 (and out1 for a pair word).
  void decodeOvpWord(const WordCodec &codec, bool coded, int stepsPerWord, bool flint4,
                     const uint32_t *word, int64_t *out0, int64_t *out1);
  bool m_ovp = false;
  bool m_ovpCodedA = false;         // activations are OVP-4 (w4a4), else int8
  int m_aSteps = 1, m_wSteps = 1;   // arch::kStepsPerWord
  std::vector<int64_t> m_codes, m_step0, m_step1;
  // pe.type bitserial (compute_bitserial.cpp): weight-code words decoded into the values the
  // term generators' terms add up to (bitplane: the P-bit two's complement or +-1 weight;
  // bitmod: the code's value times the group scale s_g of its column's channel, since the
  // dequantization unit multiplies each pass's column sum by s_g), with the run's format.
  void setBitserialFormat(uint32_t format);
  void gatherBitserial(const arch::TileStep &s, const uint32_t *beats);
  void decodeBitserialWord(const uint32_t *word, int64_t nLen, const int64_t *scale,
                           const int64_t *special, int64_t *out);
  bool m_bitserial = false, m_bitmod = false;
  int m_groupWords = 0;      // arch::bitserialGroupWords: leading group words of a ws step
  int m_terms = 1;           // T of the run: passes per ws step, cycles per k in os
  uint32_t m_format = 0;     // bitserial_format of the run (the table below is for it)
  bool m_formatSet = false;
  uint64_t m_codeMask = 0;   // the code bits of a lane (P, or the bitmod mode's code bits)
  std::vector<int64_t> m_codeValue; // value of code (+ special index x codes, bitmod)
  std::vector<int64_t> m_laneScale, m_laneSpecial; // ws bitmod: the step's group words

  // The current output tile's operands, decoded step by step (values at tile granularity);
  // with byte operands (PeModel::byteOperands on whole-chunk beats) as bytes instead.
  bool m_bytes = false;
  models::IntMatrix m_tileA, m_tileW;
  std::vector<uint8_t> m_bytesA, m_bytesW;
  int64_t m_tileRowsA = 0, m_tileWidth = 0; // the byte tiles' shape: A [rowsA x width],
                                            // W [cols x width]
  int64_t m_tileK = 0;                      // reduction columns filled so far
  // scratch (kept to avoid allocations per step)
  models::IntMatrix m_a, m_w, m_sum, m_words;
};

} // namespace quasar::sim
