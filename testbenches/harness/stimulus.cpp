#include "stimulus.h"

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <istream>
#include <ostream>

namespace quasar::tb {
namespace {

// Version 1: one input stream. Version 2 (post.residual): the residual stream s_axis_res too
// (stimulus: res_chunks, a job's `residual` beats; results: `ri` cycles, seen_stall_res).
constexpr const char *kStimulusMagic = "quasar-stimulus 1";
constexpr const char *kStimulusMagic2 = "quasar-stimulus 2";
constexpr const char *kResultsMagic = "quasar-results 1";
constexpr const char *kResultsMagic2 = "quasar-results 2";

// Reads one line at a time and splits it into space-separated fields, with the file name and
// line number ready for error messages.
class LineReader {
public:
  LineReader(std::istream &in, std::string fileName) : m_in(in), m_file(std::move(fileName)) {}

  bool next() {
    if (!std::getline(m_in, m_line)) return false;
    ++m_lineNo;
    m_fields.clear();
    size_t i = 0;
    while (i < m_line.size()) {
      while (i < m_line.size() && m_line[i] == ' ') ++i;
      const size_t start = i;
      while (i < m_line.size() && m_line[i] != ' ') ++i;
      if (i > start) m_fields.emplace_back(m_line, start, i - start);
    }
    return true;
  }
  void expectNext(const char *what) {
    if (!next()) fail(std::string("unexpected end of file, expected ") + what);
  }
  size_t count() const { return m_fields.size(); }
  const std::string &field(size_t i) const {
    if (i >= m_fields.size()) fail("missing field " + std::to_string(i + 1));
    return m_fields[i];
  }
  // The rest of the line after the first `skip` fields, as written.
  std::string rest(size_t skip) const {
    size_t pos = 0;
    for (size_t i = 0; i < skip; ++i) {
      pos = m_line.find(m_fields[i], pos) + m_fields[i].size();
    }
    while (pos < m_line.size() && m_line[pos] == ' ') ++pos;
    return pos < m_line.size() ? m_line.substr(pos) : std::string();
  }
  const std::string &line() const { return m_line; }
  int64_t integer(size_t i) const {
    const std::string &f = field(i);
    char *end = nullptr;
    const long long v = std::strtoll(f.c_str(), &end, 10);
    if (f.empty() || *end) fail("'" + f + "' is not an integer");
    return v;
  }
  uint32_t hex32(size_t i) const {
    const std::string &f = field(i);
    char *end = nullptr;
    const unsigned long long v = std::strtoull(f.c_str(), &end, 16);
    if (f.empty() || *end || v > 0xffffffffULL) fail("'" + f + "' is not a 32-bit hex number");
    return uint32_t(v);
  }
  double real(size_t i) const {
    const std::string &f = field(i);
    char *end = nullptr;
    const double v = std::strtod(f.c_str(), &end);
    if (f.empty() || *end) fail("'" + f + "' is not a number");
    return v;
  }
  // A beat written as chunksHex(): exactly 8 * chunks hex digits.
  void beat(size_t i, int chunks, uint32_t *out) const {
    const std::string &f = field(i);
    if (f.size() != size_t(8 * chunks))
      fail("beat '" + f + "' must have " + std::to_string(8 * chunks) + " hex digits");
    for (int c = 0; c < chunks; ++c) {
      uint32_t v = 0;
      for (int d = 0; d < 8; ++d) {
        const char ch = f[size_t((chunks - 1 - c) * 8 + d)];
        int nibble;
        if (ch >= '0' && ch <= '9') nibble = ch - '0';
        else if (ch >= 'a' && ch <= 'f') nibble = ch - 'a' + 10;
        else if (ch >= 'A' && ch <= 'F') nibble = ch - 'A' + 10;
        else fail("beat '" + f + "' is not hex");
        v = (v << 4) | uint32_t(nibble);
      }
      out[c] = v;
    }
  }
  [[noreturn]] void fail(const std::string &message) const {
    throw FormatError(m_file + ":" + std::to_string(m_lineNo) + ": " + message);
  }

private:
  std::istream &m_in;
  std::string m_file;
  std::string m_line;
  std::vector<std::string> m_fields;
  int64_t m_lineNo = 0;
};

std::string hex32(uint32_t v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%08" PRIx32, v);
  return buf;
}

// The format version on line 1: 1 (magic1) or 2 (magic2).
int expectMagic(LineReader &r, const char *magic1, const char *magic2) {
  if (r.next() && r.line() == magic1) return 1;
  if (r.line() == magic2) return 2;
  r.fail(std::string("expected '") + magic1 + "' or '" + magic2 + "' on line 1");
}

// A job's beats after `input N` / `residual N`: N lines '<0|1> <hex>'.
void readBeats(LineReader &r, int64_t n, int chunks, const char *what, BeatList &list) {
  if (n < 0) r.fail("negative beat count");
  std::vector<uint32_t> beat(size_t(chunks), 0);
  list.data.reserve(size_t(n * chunks));
  for (int64_t i = 0; i < n; ++i) {
    r.expectNext(what);
    if (r.count() != 2 || (r.field(0) != "0" && r.field(0) != "1"))
      r.fail(std::string(what) + " is '<0|1> <hex>'");
    r.beat(1, chunks, beat.data());
    list.push(beat.data(), r.field(0) == "1");
  }
}

void writeBeats(std::ostream &out, const char *key, const BeatList &list) {
  out << key << " " << list.size() << "\n";
  std::string line;
  for (int64_t i = 0; i < list.size(); ++i) {
    line = list.last[size_t(i)] ? "1 " : "0 ";
    line += chunksHex(list.beat(i), list.chunks);
    line += '\n';
    out << line;
  }
}

} // namespace

std::string chunksHex(const uint32_t *chunks, int count) {
  std::string s;
  s.reserve(size_t(8 * count));
  for (int c = count; c-- > 0;) s += hex32(chunks[c]);
  return s;
}

void writeStimulusHeader(std::ostream &out, const Stimulus &s) {
  char prob[40];
  std::snprintf(prob, sizeof prob, "%.17g", s.stallProb);
  out << (s.resChunks > 0 ? kStimulusMagic2 : kStimulusMagic) << "\nin_chunks " << s.inChunks
      << "\nout_chunks " << s.outChunks;
  if (s.resChunks > 0) out << "\nres_chunks " << s.resChunks;
  out << "\nstall_prob " << prob << "\nseed " << s.seed << "\nmax_cycles " << s.maxCycles
      << "\nreset_cycles " << s.resetCycles << "\n";
}

void writeJob(std::ostream &out, const Job &j) {
  out << "job " << j.name << "\n";
  for (const CsrWrite &w : j.writes) out << "w " << hex32(w.addr) << " " << hex32(w.data) << "\n";
  writeBeats(out, "input", j.input);
  if (j.residual.size() > 0) writeBeats(out, "residual", j.residual);
  out << "expect " << j.expectBeats << "\n";
  for (uint32_t a : j.reads) out << "r " << hex32(a) << "\n";
  out << "idle " << j.idleCycles << "\nend\n";
}

void writeStimulus(std::ostream &out, const Stimulus &s) {
  writeStimulusHeader(out, s);
  for (const Job &j : s.jobs) writeJob(out, j);
}

Stimulus readStimulus(std::istream &in, const std::string &fileName) {
  LineReader r(in, fileName);
  const int version = expectMagic(r, kStimulusMagic, kStimulusMagic2);
  Stimulus s;
  Job *job = nullptr;
  while (r.next()) {
    if (r.count() == 0) continue;
    const std::string &key = r.field(0);
    if (!job) {
      if (key == "in_chunks") s.inChunks = int(r.integer(1));
      else if (key == "out_chunks") s.outChunks = int(r.integer(1));
      else if (key == "res_chunks" && version == 2) s.resChunks = int(r.integer(1));
      else if (key == "stall_prob") s.stallProb = r.real(1);
      else if (key == "seed") s.seed = uint64_t(std::strtoull(r.field(1).c_str(), nullptr, 10));
      else if (key == "max_cycles") s.maxCycles = r.integer(1);
      else if (key == "reset_cycles") s.resetCycles = int(r.integer(1));
      else if (key == "job") {
        if (s.inChunks < 1 || s.outChunks < 1 || s.inChunks > 64 || s.outChunks > 64)
          r.fail("in_chunks/out_chunks must be 1..64");
        if (version == 2 && (s.resChunks < 1 || s.resChunks > 64))
          r.fail("a version 2 stimulus needs res_chunks 1..64 before the first job");
        if (!(s.stallProb >= 0.0 && s.stallProb < 1.0)) r.fail("stall_prob must be in [0, 1)");
        s.jobs.emplace_back();
        job = &s.jobs.back();
        job->name = r.field(1);
        job->input.chunks = s.inChunks;
        job->residual.chunks = std::max(s.resChunks, 1);
      } else r.fail("unknown key '" + key + "'");
      continue;
    }
    if (key == "w") {
      job->writes.push_back(CsrWrite{r.hex32(1), r.hex32(2)});
    } else if (key == "input") {
      readBeats(r, r.integer(1), s.inChunks, "an input beat", job->input);
    } else if (key == "residual" && version == 2) {
      readBeats(r, r.integer(1), s.resChunks, "a residual beat", job->residual);
    } else if (key == "expect") {
      job->expectBeats = r.integer(1);
    } else if (key == "r") {
      job->reads.push_back(r.hex32(1));
    } else if (key == "idle") {
      job->idleCycles = int(r.integer(1));
    } else if (key == "end") {
      job = nullptr;
    } else {
      r.fail("unknown key '" + key + "' in job " + job->name);
    }
  }
  if (job) r.fail("job " + job->name + " has no 'end'");
  return s;
}

void writeResults(std::ostream &out, const Results &res) {
  out << (res.residual ? kResultsMagic2 : kResultsMagic) << "\n";
  for (const JobResult &j : res.jobs) {
    out << "job " << j.name << "\nfirst_cycle " << j.firstCycle << "\n";
    for (const WriteRecord &w : j.writes)
      out << "w " << hex32(w.addr) << " " << hex32(w.data) << " " << w.cycle << " " << w.respCycle
          << " " << w.resp << "\n";
    for (int64_t c : j.inputCycles) out << "i " << c << "\n";
    if (res.residual)
      for (int64_t c : j.residualCycles) out << "ri " << c << "\n";
    for (int64_t i = 0; i < j.outputs.size(); ++i)
      out << "o " << j.outputCycles[size_t(i)] << " " << int(j.outputs.last[size_t(i)]) << " "
          << chunksHex(j.outputs.beat(i), j.outputs.chunks) << "\n";
    for (const ReadRecord &rd : j.reads)
      out << "r " << hex32(rd.addr) << " " << hex32(rd.data) << " " << rd.cycle << " " << rd.resp
          << "\n";
    out << "seen_stall_in " << j.seenStallIn << "\nseen_stall_out " << j.seenStallOut
        << "\n";
    if (res.residual) out << "seen_stall_res " << j.seenStallRes << "\n";
    out << "last_cycle " << j.lastCycle << "\nend\n";
  }
  out << "total_cycles " << res.totalCycles << "\n";
  char seconds[40];
  std::snprintf(seconds, sizeof seconds, "%.6f", res.simSeconds);
  out << "sim_seconds " << seconds << "\n";
  out << "status " << (res.ok ? "ok" : "error " + res.error) << "\n";
}

Results readResults(std::istream &in, const std::string &fileName) {
  LineReader r(in, fileName);
  Results res;
  res.residual = expectMagic(r, kResultsMagic, kResultsMagic2) == 2;
  JobResult *job = nullptr;
  bool sawStatus = false;
  std::vector<uint32_t> beat;
  while (r.next()) {
    if (r.count() == 0) continue;
    const std::string &key = r.field(0);
    if (!job) {
      if (key == "job") {
        res.jobs.emplace_back();
        job = &res.jobs.back();
        job->name = r.field(1);
        job->outputs.chunks = 0; // set by the first beat
      } else if (key == "total_cycles") {
        res.totalCycles = r.integer(1);
      } else if (key == "sim_seconds") {
        res.simSeconds = r.real(1);
      } else if (key == "status") {
        sawStatus = true;
        res.ok = r.field(1) == "ok";
        if (!res.ok) res.error = r.rest(2);
      } else {
        r.fail("unknown key '" + key + "'");
      }
      continue;
    }
    if (key == "first_cycle") job->firstCycle = r.integer(1);
    else if (key == "w")
      job->writes.push_back(WriteRecord{r.hex32(1), r.hex32(2), r.integer(3), r.integer(4),
                                        uint32_t(r.integer(5))});
    else if (key == "i") job->inputCycles.push_back(r.integer(1));
    else if (key == "ri" && res.residual) job->residualCycles.push_back(r.integer(1));
    else if (key == "o") {
      const int chunks = int(r.field(3).size() / 8);
      if (job->outputs.chunks == 0) job->outputs.chunks = chunks;
      if (chunks != job->outputs.chunks || chunks == 0) r.fail("output beat width changed");
      beat.assign(size_t(chunks), 0);
      r.beat(3, chunks, beat.data());
      job->outputCycles.push_back(r.integer(1));
      job->outputs.push(beat.data(), r.field(2) == "1");
    } else if (key == "r")
      job->reads.push_back(ReadRecord{r.hex32(1), r.hex32(2), r.integer(3), uint32_t(r.integer(4))});
    else if (key == "seen_stall_in") job->seenStallIn = r.integer(1);
    else if (key == "seen_stall_out") job->seenStallOut = r.integer(1);
    else if (key == "seen_stall_res" && res.residual) job->seenStallRes = r.integer(1);
    else if (key == "last_cycle") job->lastCycle = r.integer(1);
    else if (key == "end") {
      if (job->outputs.chunks == 0) job->outputs.chunks = 1;
      job = nullptr;
    } else r.fail("unknown key '" + key + "' in job " + job->name);
  }
  if (job) {
    if (job->outputs.chunks == 0) job->outputs.chunks = 1;
  }
  if (!sawStatus) {
    res.ok = false;
    res.error = "results file " + fileName + " has no status line (the harness did not finish)";
  }
  return res;
}

} // namespace quasar::tb
