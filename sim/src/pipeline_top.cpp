#include "quasar/sim/pipeline_top.h"

#include "quasar/arch/pipeline.h"
#include "quasar/arch/post_params.h"
#include "quasar/arch/stream.h"

#include <algorithm>
#include <utility>

namespace quasar::sim {

PipelineTop::PipelineTop(sc_core::sc_module_name name, const config::AccelConfig &cfg)
    : sc_core::sc_module(name), m_cfg(cfg),
      m_perChannel(cfg.post.requant.granularity == config::Granularity::PerChannel),
      m_lanes(cfg.post.lanes), m_inCodec(arch::pipelineInputWordFormat(cfg)),
      m_outCodec(arch::outputWordFormat(cfg)), u_csr("u_csr", cfg) {
  m_inWord.assign(size_t(m_inCodec.chunks()), 0);
  for (std::vector<uint32_t> &y : m_y) y.assign(size_t(m_outCodec.chunks()), 0);
  m_obuf.assign(size_t(m_outCodec.chunks()), 0);
  m_acc.assign(size_t(m_lanes), 0);
  m_out.assign(size_t(m_lanes), 0);
  m_params.assign(size_t(m_lanes), LaneParams{});
  resetAll();
}

void PipelineTop::resetAll() {
  u_csr.reset();
  m_run = false;
  m_row = m_chan = m_word = 0;
  m_inBeat = 0;
  m_valid.fill(false);
  m_last.fill(false);
  m_obufValid = false;
  m_outBeat = 0;
  // m_paramAddr, the staged beats and the datapath registers have no reset in the RTL; they
  // are read only once written.
}

void PipelineTop::evaluate(const PinInputs &in, Wires &w) {
  w.e = EdgeSignals{};
  u_csr.evaluate(in, w.e);
  const int inBeats = m_inCodec.beats(), outBeats = m_outCodec.beats();
  w.inLastBeat = m_inBeat == inBeats - 1;
  const int last = kStages - 1;
  if (outBeats == 1) {
    w.rqTake = in.mTready;
    w.e.mValid = m_valid[size_t(last)];
  } else {
    w.outLastBeat = m_outBeat == outBeats - 1;
    w.rqTake = !m_obufValid || (in.mTready && w.outLastBeat);
    w.e.mValid = m_obufValid;
  }
  w.en = !m_valid[size_t(last)] || w.rqTake;
  w.e.sReady = m_run && (!w.inLastBeat || w.en);
  w.inHs = in.sTvalid && w.e.sReady;
  w.wordIn = w.inHs && w.inLastBeat;
  w.wordValid = m_run && in.sTvalid && w.inLastBeat;
  w.rowEnd = m_chan + m_lanes >= int64_t(u_csr.dimN());
  w.runEnd = w.rowEnd && m_row == int64_t(u_csr.dimM()) - 1;
  w.mHs = w.e.mValid && in.mTready;
  const bool mLast = outBeats == 1 ? m_last[size_t(last)] : m_obufLast && w.outLastBeat;
  w.e.done = w.mHs && mLast;
  w.e.sHandshake = w.inHs;
  w.e.mHandshake = w.mHs;
}

const PinOutputs &PipelineTop::outputs(const PinInputs &in) {
  Wires w;
  if (in.rstN) evaluate(in, w); // in reset the state is the reset state: nothing offered
  m_pins.sTready = in.rstN && w.e.sReady;
  m_pins.mTvalid = in.rstN && w.e.mValid;
  const int outBeats = m_outCodec.beats(), last = kStages - 1;
  if (outBeats == 1) {
    m_pins.mTdata = m_y[size_t(last)].data();
    m_pins.mTlast = m_pins.mTvalid && m_last[size_t(last)];
  } else {
    m_pins.mTdata = m_obuf.data() + size_t(m_outBeat * m_outCodec.chunksPerBeat());
    m_pins.mTlast = m_pins.mTvalid && m_obufLast && w.outLastBeat;
  }
  u_csr.drive(m_pins);
  return m_pins;
}

void PipelineTop::requantWord(const PinInputs &in, std::vector<uint32_t> &out) {
  // The word: the staged beats and the beat on s_axis (the RTL's {s_axis_tdata, staged_q}).
  const int cpb = m_inCodec.chunksPerBeat();
  std::copy(in.sTdata, in.sTdata + cpb, m_inWord.begin() + (m_inCodec.beats() - 1) * cpb);
  m_inCodec.decode(m_inWord.data(), true, m_acc.data());
  // Per channel: the parameter RAM's output (the word read at the address of the last edge).
  loadLaneParams(m_cfg, u_csr.postRegs(), m_perChannel ? &u_csr.paramWord(m_paramAddr) : nullptr,
                 m_params);
  for (int l = 0; l < m_lanes; ++l)
    m_out[size_t(l)] = requantLane(m_cfg, m_params[size_t(l)], m_acc[size_t(l)]);
  m_outCodec.pack(m_out.data(), out.data());
}

void PipelineTop::edge(const PinInputs &in) {
  if (!in.rstN) {
    resetAll();
    return;
  }
  Wires w;
  evaluate(in, w);
  const int last = kStages - 1;

  // Output word register (OBeats > 1): takes the requantizer's word when it is empty or
  // empties now; its beat counter moves on every output handshake.
  if (m_outCodec.beats() > 1) {
    if (w.rqTake) {
      if (m_valid[size_t(last)]) {
        std::swap(m_obuf, m_y[size_t(last)]);
        m_obufLast = m_last[size_t(last)];
      }
      m_obufValid = m_valid[size_t(last)];
    }
    if (w.mHs) m_outBeat = w.outLastBeat ? 0 : m_outBeat + 1;
  }

  // Requantizer: every stage moves on together when enabled; a word enters stage 1 with the
  // last beat's handshake (valid_i && ready_o).
  if (w.en) {
    std::vector<uint32_t> entering = std::move(m_y[size_t(last)]);
    for (int s = last; s > 0; --s) {
      m_valid[size_t(s)] = m_valid[size_t(s - 1)];
      m_last[size_t(s)] = m_last[size_t(s - 1)];
      m_y[size_t(s)] = std::move(m_y[size_t(s - 1)]);
    }
    m_y[0] = std::move(entering);
    m_valid[0] = w.wordValid;
    m_last[0] = w.runEnd;
    if (w.wordIn) requantWord(in, m_y[0]);
  }

  // The parameter RAM's read address of this edge: the word index after it. The model reads
  // the RAM word when the word enters, one edge later than the RTL's registered read; the two
  // differ only if that word is written through the CSRs on the edge between, which a host
  // does not do while a run streams (parameters are written before the start).
  const int64_t nextWord = w.wordIn ? (w.rowEnd ? 0 : m_word + 1) : m_word;

  // Input beats and counters.
  if (m_inCodec.beats() > 1) {
    if (w.e.start) {
      m_inBeat = 0;
    } else if (w.inHs) {
      if (!w.inLastBeat) {
        const int cpb = m_inCodec.chunksPerBeat();
        std::copy(in.sTdata, in.sTdata + cpb, m_inWord.begin() + m_inBeat * cpb);
      }
      m_inBeat = w.inLastBeat ? 0 : m_inBeat + 1;
    }
  }
  if (w.e.start) {
    m_run = true;
    m_row = m_chan = m_word = 0;
  } else if (w.wordIn) {
    if (w.rowEnd) {
      m_chan = m_word = 0;
      ++m_row;
      if (w.runEnd) m_run = false;
    } else {
      m_chan += m_lanes;
      ++m_word;
    }
  }
  m_paramAddr = nextWord;
  u_csr.update(in, w.e);
}

} // namespace quasar::sim
