#include "stimulus.h"

#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <istream>
#include <ostream>

namespace quasar::tb {
namespace {

constexpr const char *kStimulusMagic = "quasar-stimulus 1";
constexpr const char *kResultsMagic = "quasar-results 1";

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

void expectMagic(LineReader &r, const char *magic) {
  if (!r.next() || r.line() != magic) r.fail(std::string("expected '") + magic + "' on line 1");
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
  out << kStimulusMagic << "\nin_chunks " << s.inChunks << "\nout_chunks " << s.outChunks
      << "\nstall_prob " << prob << "\nseed " << s.seed << "\nmax_cycles " << s.maxCycles
      << "\nreset_cycles " << s.resetCycles << "\n";
}

void writeJob(std::ostream &out, const Job &j) {
  out << "job " << j.name << "\n";
  for (const CsrWrite &w : j.writes) out << "w " << hex32(w.addr) << " " << hex32(w.data) << "\n";
  out << "input " << j.input.size() << "\n";
  std::string line;
  for (int64_t i = 0; i < j.input.size(); ++i) {
    line = j.input.last[size_t(i)] ? "1 " : "0 ";
    line += chunksHex(j.input.beat(i), j.input.chunks);
    line += '\n';
    out << line;
  }
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
  expectMagic(r, kStimulusMagic);
  Stimulus s;
  Job *job = nullptr;
  std::vector<uint32_t> beat;
  while (r.next()) {
    if (r.count() == 0) continue;
    const std::string &key = r.field(0);
    if (!job) {
      if (key == "in_chunks") s.inChunks = int(r.integer(1));
      else if (key == "out_chunks") s.outChunks = int(r.integer(1));
      else if (key == "stall_prob") s.stallProb = r.real(1);
      else if (key == "seed") s.seed = uint64_t(std::strtoull(r.field(1).c_str(), nullptr, 10));
      else if (key == "max_cycles") s.maxCycles = r.integer(1);
      else if (key == "reset_cycles") s.resetCycles = int(r.integer(1));
      else if (key == "job") {
        if (s.inChunks < 1 || s.outChunks < 1 || s.inChunks > 64 || s.outChunks > 64)
          r.fail("in_chunks/out_chunks must be 1..64");
        if (!(s.stallProb >= 0.0 && s.stallProb < 1.0)) r.fail("stall_prob must be in [0, 1)");
        s.jobs.emplace_back();
        job = &s.jobs.back();
        job->name = r.field(1);
        job->input.chunks = s.inChunks;
      } else r.fail("unknown key '" + key + "'");
      continue;
    }
    if (key == "w") {
      job->writes.push_back(CsrWrite{r.hex32(1), r.hex32(2)});
    } else if (key == "input") {
      const int64_t n = r.integer(1);
      if (n < 0) r.fail("negative beat count");
      beat.assign(size_t(s.inChunks), 0);
      job->input.data.reserve(size_t(n * s.inChunks));
      for (int64_t i = 0; i < n; ++i) {
        r.expectNext("an input beat");
        if (r.count() != 2 || (r.field(0) != "0" && r.field(0) != "1"))
          r.fail("an input beat is '<0|1> <hex>'");
        r.beat(1, s.inChunks, beat.data());
        job->input.push(beat.data(), r.field(0) == "1");
      }
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
  out << kResultsMagic << "\n";
  for (const JobResult &j : res.jobs) {
    out << "job " << j.name << "\nfirst_cycle " << j.firstCycle << "\n";
    for (const WriteRecord &w : j.writes)
      out << "w " << hex32(w.addr) << " " << hex32(w.data) << " " << w.cycle << " " << w.respCycle
          << " " << w.resp << "\n";
    for (int64_t c : j.inputCycles) out << "i " << c << "\n";
    for (int64_t i = 0; i < j.outputs.size(); ++i)
      out << "o " << j.outputCycles[size_t(i)] << " " << int(j.outputs.last[size_t(i)]) << " "
          << chunksHex(j.outputs.beat(i), j.outputs.chunks) << "\n";
    for (const ReadRecord &rd : j.reads)
      out << "r " << hex32(rd.addr) << " " << hex32(rd.data) << " " << rd.cycle << " " << rd.resp
          << "\n";
    out << "seen_stall_in " << j.seenStallIn << "\nseen_stall_out " << j.seenStallOut
        << "\nlast_cycle " << j.lastCycle << "\nend\n";
  }
  out << "total_cycles " << res.totalCycles << "\n";
  char seconds[40];
  std::snprintf(seconds, sizeof seconds, "%.6f", res.simSeconds);
  out << "sim_seconds " << seconds << "\n";
  out << "status " << (res.ok ? "ok" : "error " + res.error) << "\n";
}

Results readResults(std::istream &in, const std::string &fileName) {
  LineReader r(in, fileName);
  expectMagic(r, kResultsMagic);
  Results res;
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
