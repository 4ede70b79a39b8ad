// Error types shared by every quasar library.
//
// The command line maps them to exit codes (README "Exit codes"):
//   InputError  -> 2  bad usage or bad input (YAML, tensors, parameters out of range)
//   CheckError  -> 1  a check ran and failed (mismatch, lint error, overflow found in data)
// Anything else escaping to main() is an internal error and is reported as such.
#pragma once

#include <stdexcept>
#include <string>

namespace quasar {

// Bad input: a malformed file, an unsupported option, a value out of its allowed range.
// The message names the file/key/value and, where possible, what would be allowed.
class InputError : public std::runtime_error {
public:
  explicit InputError(const std::string &message) : std::runtime_error(message) {}
};

// A check that ran and failed: results differ, an accumulator overflowed on this data.
class CheckError : public std::runtime_error {
public:
  explicit CheckError(const std::string &message) : std::runtime_error(message) {}
};

} // namespace quasar
