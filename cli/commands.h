// The subcommands of `quasar`. Each takes its arguments (after the subcommand name) and
// returns the exit code: 0 success, 1 a check failed, 2 bad usage or bad input
// (InputError and UsageError thrown from a command are mapped to 2 by main()).
#pragma once

#include <string>
#include <vector>

namespace quasar::cli {

struct Command {
  const char *name;
  const char *summary; // one line for `quasar --help`
  int (*run)(const std::vector<std::string> &args);
};

// Every subcommand, in the order `quasar --help` lists them.
const std::vector<Command> &commands();

// True (and the help text printed to stdout) when args ask for help.
bool wantsHelp(const std::vector<std::string> &args, const char *helpText);

int runCheck(const std::vector<std::string> &args);
int runGen(const std::vector<std::string> &args);
int runNotImplemented(const char *name, const char *issue);

} // namespace quasar::cli
