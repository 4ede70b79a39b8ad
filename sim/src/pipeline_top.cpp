#include "quasar/sim/pipeline_top.h"

#include "quasar/arch/pipeline.h"
#include "quasar/arch/post_params.h"
#include "quasar/arch/stream.h"
#include "quasar/config/error.h"

#include <algorithm>
#include <utility>

namespace quasar::sim {

PipelineTop::PipelineTop(sc_core::sc_module_name name, const config::AccelConfig &cfg)
    : sc_core::sc_module(name), m_cfg(cfg),
      m_perChannel(cfg.post.requant.granularity == config::Granularity::PerChannel),
      m_residual(cfg.post.residual),
      m_lanes(cfg.post.lanes), m_inCodec(arch::pipelineInputWordFormat(cfg)),
      m_outCodec(arch::outputWordFormat(cfg)),
      m_rqCodec(arch::WordFormat{cfg.post.lanes, cfg.post.requant.out_bits,
                                 cfg.interfaces.axis_out_bits}),
      u_csr("u_csr", cfg) {
  if (arch::isPipeline(cfg) && arch::hasRowUnit(cfg)) {
    if (!cfg.post.requant.enabled)
      throw InputError(cfg.name + ": the top: pipeline model needs post.requant before a row unit");
    u_row = std::make_unique<RowUnit>("u_row", rowUnitKind(cfg.post.nonlinear), m_lanes,
                                      cfg.post.row_max, false);
    m_rowPins.x.lanes.assign(size_t(m_lanes), 0);
    m_rowY.assign(size_t(m_outCodec.chunks()), 0);
  }
  m_inWord.assign(size_t(m_inCodec.chunks()), 0);
  m_resWord.assign(size_t(m_inCodec.chunks()), 0);
  for (std::vector<uint32_t> &y : m_y) y.assign(size_t(m_rqCodec.chunks()), 0);
  m_obuf.assign(size_t(m_outCodec.chunks()), 0);
  m_acc.assign(size_t(m_lanes), 0);
  m_res.assign(size_t(m_lanes), 0);
  m_out.assign(size_t(m_lanes), 0);
  m_params.assign(size_t(m_lanes), LaneParams{});
  resetAll();
}

void PipelineTop::resetAll() {
  u_csr.reset();
  m_run = false;
  m_row = m_chan = m_word = 0;
  m_inBeat = m_resBeat = 0;
  m_valid.fill(false);
  m_last.fill(false);
  m_obufValid = false;
  m_outBeat = 0;
  m_outRow = 0;
  if (u_row) u_row->reset();
  // m_paramAddr, the staged beats and the datapath registers have no reset in the RTL; they
  // are read only once written.
}

void PipelineTop::evaluate(const PinInputs &in, Wires &w) {
  w.e = EdgeSignals{};
  u_csr.evaluate(in, w.e);
  const int inBeats = m_inCodec.beats(), outBeats = m_outCodec.beats();
  w.inLastBeat = m_inBeat == inBeats - 1;
  const int last = kStages - 1;
  // The output side's source: the requantizer's last stage, or the row unit's output register.
  const bool srcValid = u_row ? u_row->validOut() : m_valid[size_t(last)];
  if (outBeats == 1) {
    w.srcReady = in.mTready;
    w.e.mValid = srcValid;
  } else {
    w.outLastBeat = m_outBeat == outBeats - 1;
    w.srcReady = !m_obufValid || (in.mTready && w.outLastBeat);
    w.e.mValid = m_obufValid;
  }
  w.srcTaken = srcValid && w.srcReady;
  // The requantizer's ready_i: the unit's ready_o, or the output side's.
  w.rqTake = u_row ? u_row->readyOut() : w.srcReady;
  w.en = !m_valid[size_t(last)] || w.rqTake;
  if (m_residual) {
    // The join: a word enters when both streams' last beats are offered (RTL both_last).
    w.resLastBeat = m_resBeat == inBeats - 1;
    w.e.sReady = m_run && (!w.inLastBeat || (w.en && in.resTvalid && w.resLastBeat));
    w.resReady = m_run && (!w.resLastBeat || (w.en && in.sTvalid && w.inLastBeat));
    w.resHs = in.resTvalid && w.resReady;
    w.wordValid = m_run && in.sTvalid && w.inLastBeat && in.resTvalid && w.resLastBeat;
  } else {
    w.e.sReady = m_run && (!w.inLastBeat || w.en);
    w.wordValid = m_run && in.sTvalid && w.inLastBeat;
  }
  w.inHs = in.sTvalid && w.e.sReady;
  w.wordIn = w.inHs && w.inLastBeat;
  w.rowEnd = m_chan + m_lanes >= int64_t(u_csr.dimN());
  w.runEnd = w.rowEnd && m_row == int64_t(u_csr.dimM()) - 1;
  w.mHs = w.e.mValid && in.mTready;
  const bool srcLast = u_row ? rowUnitRunLast() : m_last[size_t(last)];
  const bool mLast = outBeats == 1 ? srcLast : m_obufLast && w.outLastBeat;
  w.e.done = w.mHs && mLast;
  w.e.sHandshake = w.inHs;
  w.e.mHandshake = w.mHs;
}

const PinOutputs &PipelineTop::outputs(const PinInputs &in) {
  Wires w;
  if (in.rstN) evaluate(in, w); // in reset the state is the reset state: nothing offered
  m_pins.sTready = in.rstN && w.e.sReady;
  m_pins.resTready = in.rstN && w.resReady;
  m_pins.mTvalid = in.rstN && w.e.mValid;
  const int outBeats = m_outCodec.beats(), last = kStages - 1;
  if (outBeats == 1) {
    m_pins.mTdata = u_row ? m_rowY.data() : m_y[size_t(last)].data();
    m_pins.mTlast = m_pins.mTvalid && (u_row ? rowUnitRunLast() : m_last[size_t(last)]);
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
  if (m_residual) {
    std::copy(in.resTdata, in.resTdata + cpb, m_resWord.begin() + (m_inCodec.beats() - 1) * cpb);
    m_inCodec.decode(m_resWord.data(), true, m_res.data());
    for (int l = 0; l < m_lanes; ++l)
      m_out[size_t(l)] =
          residualLane(m_cfg, m_params[size_t(l)], m_acc[size_t(l)], m_res[size_t(l)]);
  } else {
    for (int l = 0; l < m_lanes; ++l)
      m_out[size_t(l)] = requantLane(m_cfg, m_params[size_t(l)], m_acc[size_t(l)]);
  }
  m_rqCodec.pack(m_out.data(), out.data());
}

bool PipelineTop::rowUnitRunLast() const {
  return u_row->validOut() && u_row->yOut().last && m_outRow == int64_t(u_csr.dimM()) - 1;
}

void PipelineTop::rowUnitEdge(const Wires &w) {
  const size_t last = kStages - 1;
  m_rowPins.valid = m_valid[last];
  m_rowPins.ready = w.srcReady;
  // x0_i: the CSR's low kShiftmaxX0Bits bits, sign-extended (unused by I-LayerNorm).
  const int drop = 64 - arch::kShiftmaxX0Bits;
  m_rowPins.param = int64_t(uint64_t(u_csr.postRegs().x0) << drop) >> drop;
  if (m_valid[last] && u_row->readyOut()) { // the unit takes the word on this edge
    m_rqCodec.decode(m_y[last].data(), m_cfg.post.requant.out_signed, m_rowPins.x.lanes.data());
    m_rowPins.x.last = m_last[last];
    m_rowPins.x.count = arch::pipelineLastWordCount(m_cfg, u_csr.dimN());
  }
  const bool wasValid = u_row->validOut();
  u_row->edge(m_rowPins);
  // The output register changes only when it loads (it was empty or taken on this edge).
  if (m_outCodec.beats() == 1 && u_row->validOut() && (!wasValid || w.srcTaken))
    m_outCodec.pack(u_row->yOut().lanes.data(), m_rowY.data());
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
    if (w.srcReady) {
      if (u_row) {
        if (u_row->validOut()) {
          m_outCodec.pack(u_row->yOut().lanes.data(), m_obuf.data());
          m_obufLast = rowUnitRunLast();
        }
        m_obufValid = u_row->validOut();
      } else {
        if (m_valid[size_t(last)]) {
          std::swap(m_obuf, m_y[size_t(last)]);
          m_obufLast = m_last[size_t(last)];
        }
        m_obufValid = m_valid[size_t(last)];
      }
    }
    if (w.mHs) m_outBeat = w.outLastBeat ? 0 : m_outBeat + 1;
  }

  // The row unit takes the requantizer's last stage (before the stages move) and offers its
  // output register; a row handed on counts towards the run's last one (m_axis_tlast).
  if (u_row) {
    if (w.srcTaken && u_row->yOut().last) ++m_outRow;
    rowUnitEdge(w);
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
    m_last[0] = u_row ? w.rowEnd : w.runEnd; // the unit frames rows; the top counts them
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
    if (m_residual) {
      if (w.e.start) {
        m_resBeat = 0;
      } else if (w.resHs) {
        if (!w.resLastBeat) {
          const int cpb = m_inCodec.chunksPerBeat();
          std::copy(in.resTdata, in.resTdata + cpb, m_resWord.begin() + m_resBeat * cpb);
        }
        m_resBeat = w.resLastBeat ? 0 : m_resBeat + 1;
      }
    }
  }
  if (w.e.start) {
    m_run = true;
    m_row = m_chan = m_word = 0;
    m_outRow = 0;
    if (u_row) loadRowUnitParams();
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

void PipelineTop::loadRowUnitParams() {
  // I-LayerNorm's bias_int: the RTL writes each lane's bias_int slice of a param_data word into
  // the unit's bias RAM on the CSR strobe that writes the word; the model copies the slices of
  // every word at the start instead, which is the same while no host writes them during a run
  // (docs/dyadic-pipeline.md: parameters must not change while a run streams).
  const arch::ParamLaneLayout l = arch::paramLaneLayout(m_cfg);
  if (l.biasIntLsb < 0) return;
  std::vector<int64_t> lanes(static_cast<size_t>(m_lanes), 0);
  for (int64_t w = 0; w < arch::paramRamWords(m_cfg); ++w) {
    for (int c = 0; c < m_lanes; ++c)
      lanes[size_t(c)] = paramField(u_csr.paramWord(w), int64_t(c) * l.laneBits + l.biasIntLsb,
                                    arch::kBiasIntBits, true);
    u_row->writeParamWord(w, lanes);
  }
}

} // namespace quasar::sim
