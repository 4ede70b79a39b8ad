// Source locations and collected diagnostics for configuration files.
//
// Errors are collected, not thrown one at a time, so a user sees every problem of a file in
// one run; `checkpoint()` throws one InputError holding all of them (exit code 2).
#pragma once

#include <string>
#include <vector>

namespace quasar::config {

// A position in a YAML file; line and col are 1-based (yaml-cpp's Mark is 0-based).
struct SourceLoc {
  std::string file;
  int line = 0;
  int col = 0;

  // "arch.yaml:4:3", or just the file when the position is unknown.
  std::string str() const;
};

class Diagnostics {
public:
  void error(const SourceLoc &loc, const std::string &message);
  bool hasErrors() const { return !m_errors.empty(); }
  const std::vector<std::string> &errors() const { return m_errors; }
  // Throws InputError with every collected error (one per line) if there is any.
  void checkpoint() const;

private:
  std::vector<std::string> m_errors; // formatted "file:line:col: error: message"
};

// The candidate closest to `word` by edit distance, or "" when none is close enough to be a
// plausible typo (distance <= max(2, |word|/3)).
std::string nearestKey(const std::string &word, const std::vector<std::string> &candidates);

} // namespace quasar::config
