// sim_rowunit_replay: runs the row units' SystemC model (quasar/sim/row_unit.h) through the
// SystemC kernel on a directory written by rtlgen_rowunit_vectors (in.hex, rows.hex, stall.txt,
// bias.hex), with a testbench process that does what the RTL testbench's always block does
// (rtl-gen/tests/rowunit_rows_tb.cpp), and writes sc.log in the format of the RTL's rtl.log:
// "in CYCLE WORD" for every input word taken, "out CYCLE WORD LAST COUNT Y" for every output word
// taken. The test (run_rowunit_sim.sh) requires the two logs to be equal.
// usage: sim_rowunit_replay DIR unit=shiftmax|ilayernorm|shiftgelu lanes=N rowmax=N [key=value...]
#include "quasar/arch/post_timing.h"
#include "quasar/config/error.h"
#include "quasar/sim/row_unit.h"

#include <systemc>

#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>

namespace {

using quasar::InputError;
using quasar::sim::RowWord;

// Hex digits, most significant first, as little-endian bits.
std::vector<bool> hexBits(const std::string &hex) {
  std::vector<bool> bits;
  for (auto it = hex.rbegin(); it != hex.rend(); ++it) {
    const int d = std::stoi(std::string(1, *it), nullptr, 16);
    for (int j = 0; j < 4; ++j) bits.push_back(((d >> j) & 1) != 0);
  }
  return bits;
}

// Field `index` of `width` bits, sign-extended.
int64_t field(const std::vector<bool> &bits, size_t index, int width) {
  uint64_t v = 0;
  for (int i = 0; i < width; ++i)
    if (index * size_t(width) + size_t(i) < bits.size() && bits[index * size_t(width) + size_t(i)])
      v |= uint64_t(1) << i;
  if (width < 64 && ((v >> (width - 1)) & 1)) v |= ~uint64_t(0) << width;
  return int64_t(v);
}

std::vector<int64_t> lanesOf(const std::string &hex, int lanes, int width) {
  const std::vector<bool> bits = hexBits(hex);
  std::vector<int64_t> v;
  for (int l = 0; l < lanes; ++l) v.push_back(field(bits, size_t(l), width));
  return v;
}

// Lanes of `width` bits as %h prints them: ceil(lanes * width / 4) digits.
std::string hexOf(const std::vector<int64_t> &lanes, int width) {
  std::vector<bool> bits;
  for (int64_t v : lanes)
    for (int i = 0; i < width; ++i) bits.push_back(i < 64 ? ((v >> i) & 1) != 0 : v < 0);
  std::string s;
  for (size_t i = 0; i < bits.size(); i += 4) {
    int d = 0;
    for (size_t j = 0; j < 4 && i + j < bits.size(); ++j) d |= int(bits[i + j]) << j;
    s.insert(s.begin(), "0123456789abcdef"[d]);
  }
  return s;
}

struct Stimulus {
  std::vector<RowWord> words;
  std::vector<int64_t> params;         // per row
  std::vector<std::pair<bool, bool>> stall; // per cycle: input offered, output ready
};

// The RTL testbench's always block, cycle for cycle (same registers, same order).
class RowTb : public sc_core::sc_module {
public:
  sc_core::sc_in<bool> clk, ready_o, valid_o;
  sc_core::sc_in<RowWord> y_o;
  sc_core::sc_out<bool> valid_i, ready_i;
  sc_core::sc_out<RowWord> x_i;
  sc_core::sc_out<sc_dt::int64> param;

  RowTb(sc_core::sc_module_name name, const Stimulus &st, int outBits, std::ostream &log)
      : sc_module(name), m_st(st), m_outBits(outBits), m_log(log) {
    SC_METHOD(onClock);
    sensitive << clk.pos();
    dont_initialize();
  }
  SC_HAS_PROCESS(RowTb);
  bool complete() const { return m_got == m_st.words.size(); }

private:
  void onClock() {
    const size_t n = m_st.words.size();
    const bool vi = valid_i.read(), ro = ready_o.read(), ri = ready_i.read();
    if (m_cycle >= m_st.stall.size()) { // the RTL testbench's timeout
      sc_core::sc_stop();
      return;
    }
    const size_t nxt = m_sent + (vi && ro ? 1 : 0);
    if (vi && ro) m_log << "in " << m_cycle << " " << m_sent << "\n";
    m_sent = nxt;
    if (!vi || ro) valid_i.write(nxt < n && m_st.stall[m_cycle].first);
    ready_i.write(m_st.stall[m_cycle].second);
    if (valid_o.read() && ri) {
      const RowWord &y = y_o.read();
      m_log << "out " << m_cycle << " " << m_got << " " << (y.last ? 1 : 0) << " "
            << (y.last ? y.count : 0) << " " << hexOf(y.lanes, m_outBits) << "\n";
      if (y.last) ++m_rowsDone;
      ++m_got;
    }
    x_i.write(m_st.words[m_sent < n ? m_sent : 0]);
    param.write(m_st.params[m_rowsDone < m_st.params.size() ? m_rowsDone : 0]);
    ++m_cycle;
    if (complete()) sc_core::sc_stop();
  }

  const Stimulus &m_st;
  int m_outBits;
  std::ostream &m_log;
  size_t m_cycle = 0, m_sent = 0, m_got = 0, m_rowsDone = 0;
};

std::vector<std::string> linesOf(const std::string &path) {
  std::ifstream f(path);
  if (!f) throw InputError("cannot read " + path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(f, line);)
    if (!line.empty()) lines.push_back(line);
  return lines;
}

int run(const std::string &dir, std::map<std::string, std::string> args) {
  using namespace quasar;
  const std::string unit = args["unit"];
  const int lanes = std::stoi(args.at("lanes"));
  const int64_t rowMax = std::stoll(args.at("rowmax"));
  sim::RowUnitKind kind = unit == "shiftmax"     ? sim::shiftmaxKind()
                          : unit == "ilayernorm" ? sim::layerNormKind()
                          : unit == "shiftgelu"  ? sim::shiftGeluKind()
                                                 : throw InputError("unit=" + unit + " unknown");
  const int outBits = kind.outBits;

  Stimulus st;
  for (const std::string &line : linesOf(dir + "/in.hex")) {
    std::istringstream is(line);
    std::string last, count, x;
    is >> last >> count >> x;
    st.words.push_back({lanesOf(x, lanes, arch::kRowElemBits), last == "1", std::stoi(count, nullptr, 16)});
  }
  for (const std::string &line : linesOf(dir + "/rows.hex")) {
    std::istringstream is(line);
    std::string p;
    is >> p;
    st.params.push_back(field(hexBits(p), 0, arch::kShiftmaxX0Bits));
  }
  for (const std::string &line : linesOf(dir + "/stall.txt"))
    st.stall.push_back({line.at(0) == '1', line.at(1) == '1'});

  sc_core::sc_clock clk("clk", 10, sc_core::SC_NS);
  sc_core::sc_signal<bool> rst_n("rst_n", true), valid_i("valid_i"), ready_o("ready_o"),
      valid_o("valid_o"), ready_i("ready_i");
  sc_core::sc_signal<RowWord> x_i("x_i"), y_o("y_o");
  sc_core::sc_signal<sc_dt::int64> param("param");
  sim::RowUnit dut("dut", kind, lanes, rowMax);
  if (unit == "ilayernorm") {
    int64_t w = 0;
    for (const std::string &line : linesOf(dir + "/bias.hex"))
      // lanes x bias_int per word; the lane width follows from the line (the testbench's).
      dut.writeParamWord(w++, lanesOf(line, lanes, int(line.size()) * 4 / lanes));
  }
  std::ofstream log(dir + "/sc.log");
  RowTb tb("tb", st, outBits, log);
  dut.clk_i(clk);
  dut.rst_ni(rst_n);
  dut.param_i(param);
  dut.valid_i(valid_i);
  dut.ready_i(ready_i);
  dut.x_i(x_i);
  dut.ready_o(ready_o);
  dut.valid_o(valid_o);
  dut.y_o(y_o);
  tb.clk(clk);
  tb.ready_o(ready_o);
  tb.valid_o(valid_o);
  tb.y_o(y_o);
  tb.valid_i(valid_i);
  tb.ready_i(ready_i);
  tb.x_i(x_i);
  tb.param(param);
  ready_o.write(dut.readyOut()); // out of reset before the stream starts, as in the RTL testbench
  y_o.write(dut.yOut());
  if (args["bp"] == "0") {
    // No stalls: the analytical model's cycles too (an.log, "in C W" / "out C W"); valid_i is
    // a register the testbench sets on edge 0, so the first word is offered in cycle 1.
    constexpr int64_t kFirstOfferCycle = 1;
    std::vector<int64_t> lengths(1, 0);
    for (const RowWord &w : st.words) {
      lengths.back() += w.last ? w.count : lanes;
      if (w.last) lengths.push_back(0);
    }
    lengths.pop_back();
    const sim::RowStreamCycles an = sim::rowStreamCycles(kind, lanes, lengths, kFirstOfferCycle);
    std::ofstream alog(dir + "/an.log");
    size_t i = 0, o = 0; // merged by cycle, an input word before an output word of that cycle

    while (i < an.in.size() || o < an.out.size()) {
      if (o == an.out.size() || (i < an.in.size() && an.in[i] <= an.out[o])) {
        alog << "in " << an.in[i] << " " << i << "\n";
        ++i;
      } else {
        alog << "out " << an.out[o] << " " << o << "\n";
        ++o;
      }
    }
  }
  sc_core::sc_start();
  std::cout << (tb.complete() ? "DONE" : "TIMEOUT") << ": " << kind.module << " model, "
            << st.words.size() << " words, " << st.params.size() << " rows\n";
  return tb.complete() ? 0 : 1;
}

} // namespace

int main(int argc, char **argv) {
  if (argc < 2) {
    std::cerr << "usage: sim_rowunit_replay DIR unit=U lanes=N rowmax=N [key=value...]\n";
    return 2;
  }
  std::map<std::string, std::string> args;
  for (int i = 2; i < argc; ++i) {
    const std::string a = argv[i];
    const auto eq = a.find('=');
    if (eq != std::string::npos) args[a.substr(0, eq)] = a.substr(eq + 1);
  }
  try {
    return run(argv[1], args);
  } catch (const std::exception &ex) {
    std::cerr << "sim_rowunit_replay: " << ex.what() << "\n";
    return 1;
  }
}
