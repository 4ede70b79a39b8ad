#include "args.h"

#include <cerrno>
#include <cstdlib>

namespace quasar::cli {

Args::Args(const std::vector<std::string> &argv, const std::set<std::string> &valueOptions,
           const std::set<std::string> &flagOptions) {
  for (size_t i = 0; i < argv.size(); ++i) {
    const std::string &arg = argv[i];
    if (arg.size() < 3 || arg.compare(0, 2, "--") != 0) {
      m_positional.push_back(arg);
      continue;
    }
    std::string name = arg.substr(2);
    std::optional<std::string> inlineValue;
    if (const size_t eq = name.find('='); eq != std::string::npos) {
      inlineValue = name.substr(eq + 1);
      name = name.substr(0, eq);
    }
    if (valueOptions.count(name)) {
      if (inlineValue) {
        m_values[name] = *inlineValue;
      } else if (i + 1 < argv.size()) {
        m_values[name] = argv[++i];
      } else {
        throw UsageError("option --" + name + " needs a value");
      }
    } else if (flagOptions.count(name) && !inlineValue) {
      m_flags.insert(name);
    } else {
      throw UsageError("unknown option --" + name);
    }
  }
}

std::optional<std::string> Args::option(const std::string &name) const {
  auto it = m_values.find(name);
  if (it == m_values.end()) return std::nullopt;
  return it->second;
}

std::string Args::required(const std::string &name) const {
  auto v = option(name);
  if (!v) throw UsageError("missing required option --" + name);
  return *v;
}

std::string Args::optionOr(const std::string &name, const std::string &fallback) const {
  return option(name).value_or(fallback);
}

long long Args::integer(const std::string &name, long long fallback, long long lo,
                        long long hi) const {
  auto v = option(name);
  if (!v) return fallback;
  errno = 0;
  char *end = nullptr;
  const long long parsed = std::strtoll(v->c_str(), &end, 10);
  if (v->empty() || *end != '\0' || errno == ERANGE || parsed < lo || parsed > hi)
    throw UsageError("--" + name + " must be an integer in [" + std::to_string(lo) + ", " +
                     std::to_string(hi) + "], got '" + *v + "'");
  return parsed;
}

double Args::real(const std::string &name, double fallback) const {
  auto v = option(name);
  if (!v) return fallback;
  char *end = nullptr;
  const double parsed = std::strtod(v->c_str(), &end);
  if (v->empty() || *end != '\0') throw UsageError("--" + name + " must be a number, got '" + *v + "'");
  return parsed;
}

void Args::expectPositional(size_t count, const std::string &what) const {
  if (m_positional.size() != count)
    throw UsageError("expected " + what + " (" + std::to_string(count) + " argument" +
                     (count == 1 ? "" : "s") + "), got " + std::to_string(m_positional.size()));
}

} // namespace quasar::cli
