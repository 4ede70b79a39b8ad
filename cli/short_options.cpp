#include "short_options.h"

namespace quasar::cli {

std::vector<std::string> expandShortOptions(const std::vector<std::string> &argv,
                                            const std::map<std::string, std::string> &shortToLong) {
  std::vector<std::string> out;
  for (const std::string &a : argv) {
    bool done = false;
    for (const auto &[shortName, longName] : shortToLong) {
      if (a == shortName) {
        out.push_back(longName);
        done = true;
      } else if (a.size() > shortName.size() && a.compare(0, shortName.size(), shortName) == 0) {
        out.push_back(longName);
        out.push_back(a.substr(shortName.size()));
        done = true;
      }
      if (done) break;
    }
    if (!done) out.push_back(a);
  }
  return out;
}

} // namespace quasar::cli
