// quasar: one binary, one subcommand per job. Parses nothing itself beyond the subcommand
// name; maps errors to the documented exit codes (0 ok, 1 check failed, 2 bad usage/input).
#include "args.h"
#include "commands.h"

#include <cstdio>
#include <exception>
#include <iostream>

namespace {

void printUsage(std::ostream &out) {
  out << "quasar " QUASAR_VERSION " - generate and verify quantized NN accelerators for FPGAs\n\n"
         "usage: quasar <command> [options]     (quasar <command> --help for details)\n\n"
         "commands:\n";
  for (const auto &c : quasar::cli::commands()) {
    std::string name = c.name;
    name.resize(12, ' ');
    out << "  " << name << c.summary << "\n";
  }
  out << "\nexit codes: 0 success, 1 a check failed, 2 bad usage or bad input\n";
}

} // namespace

int main(int argc, char **argv) {
  if (argc < 2) {
    printUsage(std::cerr);
    return 2;
  }
  const std::string name = argv[1];
  if (name == "--help" || name == "-h" || name == "help") {
    printUsage(std::cout);
    return 0;
  }
  if (name == "--version") {
    std::cout << "quasar " QUASAR_VERSION "\n";
    return 0;
  }
  const std::vector<std::string> args(argv + 2, argv + argc);
  for (const auto &c : quasar::cli::commands()) {
    if (name != c.name) continue;
    try {
      return c.run(args);
    } catch (const quasar::cli::UsageError &e) {
      std::cerr << "quasar " << name << ": " << e.what() << " (see quasar " << name
                << " --help)\n";
      return 2;
    } catch (const quasar::InputError &e) {
      std::cerr << e.what() << "\n";
      return 2;
    } catch (const quasar::CheckError &e) {
      std::cerr << e.what() << "\n";
      return 1;
    } catch (const std::exception &e) {
      std::cerr << "quasar " << name << ": internal error: " << e.what() << "\n";
      return 3;
    }
  }
  std::cerr << "quasar: unknown command '" << name << "'\n\n";
  printUsage(std::cerr);
  return 2;
}
