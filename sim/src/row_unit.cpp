// The row units' SystemC model (row_unit.h): a row is collected, its outputs computed by the
// golden model when its last word is taken, and the output register loaded on the schedule
// the header describes.
#include "quasar/sim/row_unit.h"

#include "quasar/config/error.h"

#include <ostream>

namespace quasar::sim {

std::ostream &operator<<(std::ostream &os, const RowWord &w) {
  os << "{";
  for (size_t l = 0; l < w.lanes.size(); ++l) os << (l ? " " : "") << w.lanes[l];
  return os << (w.last ? "} last " : "} ") << w.count;
}

void sc_trace(sc_core::sc_trace_file *, const RowWord &, const std::string &) {}

RowUnit::RowUnit(sc_core::sc_module_name name, RowUnitKind kind, int lanes, int64_t rowMax,
                 bool clocked)
    : sc_module(name), clk_i("clk_i"), rst_ni("rst_ni"), param_i("param_i"), valid_i("valid_i"),
      ready_i("ready_i"), x_i("x_i"), ready_o("ready_o"), valid_o("valid_o"), y_o("y_o"),
      m_kind(std::move(kind)), m_lanes(lanes), m_rowMax(rowMax) {
  if (lanes < 1 || rowMax < 1) throw InputError("row unit: lanes and row_max must be >= 1");
  // Cycles between two words' loads with no stall: the unit's last output of a two-word row
  // after its first (a pass-3 read per word, or ShiftGELU's read, start and divide).
  m_step = m_kind.lastOut(2) - m_kind.firstOut(2);
  m_paramRam.assign(size_t((rowMax + lanes - 1) / lanes * lanes), 0);
  reset();
  if (!clocked) return;
  SC_METHOD(onClock);
  sensitive << clk_i.pos();
  dont_initialize();
}

void RowUnit::writeParamWord(int64_t word, const std::vector<int64_t> &lanes) {
  if (word < 0 || (word + 1) * m_lanes > int64_t(m_paramRam.size()) || int(lanes.size()) != m_lanes)
    throw InputError("row unit: parameter word " + std::to_string(word) + " outside the RAM");
  for (int l = 0; l < m_lanes; ++l) m_paramRam[size_t(word * m_lanes + l)] = lanes[size_t(l)];
}

void RowUnit::reset() {
  m_cycle = 0;
  m_inputOpen = true;
  m_rowElems.clear();
  m_rowWords = 0;
  m_out.clear();
  m_nextLoad = 0;
  m_loadFrom = 0;
  m_valid = false;
  m_y = RowWord{std::vector<int64_t>(size_t(m_lanes), 0), false, 0};
}

void RowUnit::finishRow(int64_t param) {
  const std::vector<int64_t> y = m_kind.values(m_rowElems, param, m_paramRam);
  if (y.size() != m_rowElems.size()) throw CheckError(m_kind.module + " model: output length");
  m_out.clear();
  for (int64_t w = 0; w < m_rowWords; ++w) {
    RowWord o{std::vector<int64_t>(size_t(m_lanes), 0), w == m_rowWords - 1, 0};
    for (int l = 0; l < m_lanes; ++l) {
      const size_t e = size_t(w * m_lanes + l);
      if (e < y.size()) {
        o.lanes[size_t(l)] = y[e];
        if (o.last) ++o.count;
      }
    }
    m_out.push_back(std::move(o));
  }
  m_nextLoad = 0;
  // The last word was taken in this cycle, tL = t0 + W - 1 with no input gaps; word 0 shows
  // at t0 + firstOut(W), so it loads at tL + firstOut(W) - W.
  m_loadFrom = m_cycle + m_kind.firstOut(m_rowWords) - m_rowWords;
  m_rowElems.clear();
  m_rowWords = 0;
}

void RowUnit::edge(const Pins &in) {
  const bool taken = m_valid && in.ready;
  const bool takenLast = taken && m_y.last;
  const bool en = !m_valid || in.ready; // the output register is free or being taken
  const bool load = m_nextLoad < m_out.size() && m_cycle >= m_loadFrom && en;
  const bool take = in.valid && m_inputOpen;

  if (taken) m_valid = false;
  if (load) {
    m_y = m_out[m_nextLoad++];
    m_valid = true;
    m_loadFrom = m_cycle + m_step;
    if (m_y.last && m_kind.releaseOnLoad) m_inputOpen = true;
  }
  if (takenLast && !m_kind.releaseOnLoad) m_inputOpen = true;
  if (take) {
    if (int(in.x.lanes.size()) != m_lanes) throw InputError(m_kind.module + " model: word width");
    // The RTL takes count_i only with last_i; every other word is full.
    const int used = in.x.last ? in.x.count : m_lanes;
    if (used < 1 || used > m_lanes) throw InputError(m_kind.module + " model: count_i out of range");
    for (int l = 0; l < used; ++l) m_rowElems.push_back(in.x.lanes[size_t(l)]);
    ++m_rowWords;
    if (int64_t(m_rowElems.size()) > m_rowMax)
      throw InputError(m_kind.module + " model: a row longer than row_max " + std::to_string(m_rowMax));
    if (in.x.last) {
      m_inputOpen = false;
      finishRow(in.param);
    }
  }
  ++m_cycle;
}

void RowUnit::drivePorts() {
  ready_o.write(m_inputOpen);
  valid_o.write(m_valid);
  y_o.write(m_y);
}

void RowUnit::onClock() {
  if (!rst_ni.read()) {
    reset();
  } else {
    Pins in;
    in.valid = valid_i.read();
    in.ready = ready_i.read();
    in.x = x_i.read();
    in.param = param_i.read();
    edge(in);
  }
  drivePorts();
}

} // namespace quasar::sim
