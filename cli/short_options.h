// Short spellings of long options (`-j 4` for `--jobs 4`, `-o DIR` for `--out DIR`), rewritten
// before Args parses the command line (Args knows only `--name` options).
#pragma once

#include <map>
#include <string>
#include <vector>

namespace quasar::cli {

// Each argument equal to a key of `shortToLong` ("-j") becomes its long form ("--jobs"); an
// attached value ("-j4") is split off ("--jobs", "4").
std::vector<std::string> expandShortOptions(const std::vector<std::string> &argv,
                                            const std::map<std::string, std::string> &shortToLong);

} // namespace quasar::cli
