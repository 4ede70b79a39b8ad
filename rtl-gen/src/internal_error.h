// Internal errors: a generator bug, not bad input. They carry the generator's own
// __FILE__:__LINE__ and the IR object concerned, and are distinct from quasar::InputError (user
// errors, exit 2): the CLI reports them as internal errors (exit 3).
#pragma once

#include <stdexcept>
#include <string>

namespace quasar::rtlgen {

class InternalError : public std::logic_error {
public:
  using std::logic_error::logic_error;
};

[[noreturn]] inline void internalError(const char *file, int line, const std::string &object,
                                       const std::string &message) {
  throw InternalError(std::string(file) + ":" + std::to_string(line) + ": internal error in " +
                      object + ": " + message);
}

} // namespace quasar::rtlgen

// QSR_ASSERT(cond, object-name, message): internal invariant of the generator.
#define QSR_ASSERT(cond, obj, msg)                                                                \
  do {                                                                                            \
    if (!(cond)) ::quasar::rtlgen::internalError(__FILE__, __LINE__, (obj), (msg));               \
  } while (0)
