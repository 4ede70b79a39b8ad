// `quasar bench`: benchmarks that print numbers (never pass/fail on time).
#include "args.h"
#include "commands.h"

#include "quasar/models/bench_gemm.h"

#include <iostream>
#include <regex>

namespace quasar::cli {

extern const char *kBenchSimHelp; // cmd_bench_sim.cpp
int runBenchSim(const std::vector<std::string> &args);

namespace {

const char *kHelp = R"(usage: quasar bench golden [--shape MxNxK]... [--min-seconds S]
       quasar bench sim [--quick] [--no-verilator]   (quasar bench sim --help)

golden  the golden model's exact int8 GEMM next to Eigen's float GEMM on the same shapes,
        single-threaded; prints GOP/s and the int8/float ratio. Default shapes: 512x512x512,
        1024x1024x1024, 4096x4096x128 (M x N x K). Each kernel repeats for at least S seconds
        (default 0.5) and the best run counts. Progress goes to stderr, the table to stdout.
)";

models::GemmBenchShape parseShape(const std::string &text) {
  static const std::regex pattern(R"((\d+)x(\d+)x(\d+))");
  std::smatch m;
  if (!std::regex_match(text, m, pattern))
    throw UsageError("--shape must be MxNxK (e.g. 512x512x512), got '" + text + "'");
  return models::GemmBenchShape{std::stoll(m[1]), std::stoll(m[2]), std::stoll(m[3])};
}

} // namespace

int runBench(const std::vector<std::string> &argv) {
  if (!argv.empty() && argv[0] == "sim" && wantsHelp(argv, kBenchSimHelp)) return 0;
  if (wantsHelp(argv, kHelp)) return 0;
  if (argv.empty()) throw UsageError("which benchmark? (golden or sim)");
  const std::string what = argv[0];
  if (what == "sim") return runBenchSim(std::vector<std::string>(argv.begin() + 1, argv.end()));
  if (what != "golden") throw UsageError("unknown benchmark '" + what + "' (golden or sim)");

  // --shape may repeat: collect them before the strict parser sees the rest.
  std::vector<models::GemmBenchShape> shapes;
  std::vector<std::string> rest;
  for (size_t i = 1; i < argv.size(); ++i) {
    if (argv[i] == "--shape") {
      if (i + 1 >= argv.size()) throw UsageError("option --shape needs a value");
      shapes.push_back(parseShape(argv[++i]));
    } else if (argv[i].rfind("--shape=", 0) == 0) {
      shapes.push_back(parseShape(argv[i].substr(8)));
    } else {
      rest.push_back(argv[i]);
    }
  }
  const Args args(rest, {"min-seconds"}, {});
  args.expectPositional(0, "no further arguments");
  if (shapes.empty()) shapes = models::defaultGemmBenchShapes();
  const auto rows = models::benchGolden(std::cerr, shapes, args.real("min-seconds", 0.5));
  models::printGemmBenchTable(std::cout, rows);
  return 0;
}

} // namespace quasar::cli
