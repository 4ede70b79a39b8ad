// Minimal, strict command-line parsing shared by every subcommand.
//
// Options are `--name value`, `--name=value` or boolean `--name`; everything else is
// positional. Unknown options and missing values are usage errors (exit code 2).
#pragma once

#include "quasar/config/error.h"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace quasar::cli {

// Bad usage: printed with a pointer to --help, exit code 2.
class UsageError : public InputError {
public:
  using InputError::InputError;
};

class Args {
public:
  // `valueOptions`: options that take a value; `flagOptions`: boolean options.
  Args(const std::vector<std::string> &argv, const std::set<std::string> &valueOptions,
       const std::set<std::string> &flagOptions);

  bool flag(const std::string &name) const { return m_flags.count(name) != 0; }
  std::optional<std::string> option(const std::string &name) const;
  std::string required(const std::string &name) const;
  std::string optionOr(const std::string &name, const std::string &fallback) const;
  long long integer(const std::string &name, long long fallback, long long lo, long long hi) const;
  double real(const std::string &name, double fallback) const;
  const std::vector<std::string> &positional() const { return m_positional; }
  // Exactly `count` positional arguments, named in the error message.
  void expectPositional(size_t count, const std::string &what) const;

private:
  std::map<std::string, std::string> m_values;
  std::set<std::string> m_flags;
  std::vector<std::string> m_positional;
};

} // namespace quasar::cli
