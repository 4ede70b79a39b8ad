// The subcommands of `quasar golden` (one function each; cmd_golden.cpp dispatches).
// Each takes the arguments after its own name and returns the exit code.
#pragma once

#include <string>
#include <vector>

namespace quasar::cli {

int goldenMultiplier(const std::vector<std::string> &args); // cmd_golden_dyadic.cpp
int goldenRequant(const std::vector<std::string> &args);
int goldenResidual(const std::vector<std::string> &args);
int goldenShiftmax(const std::vector<std::string> &args);   // cmd_golden_nonlinear.cpp
int goldenShiftgelu(const std::vector<std::string> &args);
int goldenLayernorm(const std::vector<std::string> &args);
int goldenGemm(const std::vector<std::string> &args);       // cmd_golden_gemm.cpp
int goldenConv2d(const std::vector<std::string> &args);

} // namespace quasar::cli
