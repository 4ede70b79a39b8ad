#include "quasar/config/diagnostics.h"

#include "quasar/config/error.h"

#include <algorithm>

namespace quasar::config {

std::string SourceLoc::str() const {
  if (line <= 0) return file;
  return file + ":" + std::to_string(line) + ":" + std::to_string(col);
}

void Diagnostics::error(const SourceLoc &loc, const std::string &message) {
  m_errors.push_back(loc.str() + ": error: " + message);
}

void Diagnostics::checkpoint() const {
  if (m_errors.empty()) return;
  std::string all;
  for (const auto &e : m_errors) {
    if (!all.empty()) all += '\n';
    all += e;
  }
  throw InputError(all);
}

namespace {

// Levenshtein distance; keys are short, so the quadratic table is fine.
size_t editDistance(const std::string &a, const std::string &b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t substitution = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, substitution});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

} // namespace

std::string nearestKey(const std::string &word, const std::vector<std::string> &candidates) {
  const size_t limit = std::max<size_t>(2, word.size() / 3);
  std::string best;
  size_t bestDistance = limit + 1;
  for (const auto &c : candidates) {
    const size_t d = editDistance(word, c);
    if (d < bestDistance) {
      bestDistance = d;
      best = c;
    }
  }
  return best;
}

} // namespace quasar::config
