// The Slurm scripts: array range and throttle, the per-task command, the collect dependency,
// quoting, and that bash accepts them (bash -n).
#include "sweep_test_util.h"

#include "quasar/fpga/json.h"
#include "quasar/sweep/slurm.h"
#include "quasar/testbenches/process.h"

#include <catch2/catch.hpp>

#include <sys/stat.h>

using namespace quasar;
using namespace quasar::sweep;
using namespace quasar::sweep::testing;

namespace {
SlurmOptions opts(const std::string &out) {
  SlurmOptions o;
  o.quasarExe = "/opt/q/bin/quasar";
  o.sweepPath = "/home/u/my sweeps/s.yaml";
  o.outDir = out;
  o.workDir = "/home/u/it's here";
  o.stages = "gen,synth";
  o.sweepName = "pe_families";
  o.points = 45;
  o.maxParallel = 8;
  o.partition = "cpu";
  o.timeLimit = "02:00:00";
  return o;
}
} // namespace

TEST_CASE("slurm: array script", "[slurm]") {
  const std::string s = arraySbatch(opts("/scratch/out"));
  CHECK(s.rfind("#!/bin/bash\n", 0) == 0);
  CHECK(s.find("#SBATCH --array=0-44%8\n") != std::string::npos);
  CHECK(s.find("#SBATCH --job-name=quasar-pe_families\n") != std::string::npos);
  CHECK(s.find("#SBATCH --partition=cpu\n#SBATCH --time=02:00:00\n") != std::string::npos);
  CHECK(s.find("#SBATCH --output=/scratch/out/slurm/logs/point-%a.out\n") != std::string::npos);
  CHECK(s.find("cd '/home/u/it'\\''s here'\n") != std::string::npos);
  CHECK(s.find("exec '/opt/q/bin/quasar' sweep '/home/u/my sweeps/s.yaml' -o '/scratch/out' "
               "--stages 'gen,synth' --point \"$SLURM_ARRAY_TASK_ID\"\n") != std::string::npos);
  SlurmOptions none = opts("/o");
  none.points = 0;
  CHECK_THROWS_AS(arraySbatch(none), InputError);
}

TEST_CASE("slurm: collect job and submit script", "[slurm]") {
  const std::string c = collectSbatch(opts("/scratch/out"));
  CHECK(c.find("--stages 'gen,synth' --collect\n") != std::string::npos);
  CHECK(c.find("--array") == std::string::npos);
  const std::string s = submitScript(opts("/scratch/out"));
  CHECK(s.find("array=$(sbatch --parsable array.sbatch)\n") != std::string::npos);
  CHECK(s.find("sbatch --parsable --dependency=afterany:\"$array\" collect.sbatch") !=
        std::string::npos);
}

TEST_CASE("slurm: written scripts are executable and valid bash", "[slurm]") {
  TempDir tmp("slurm");
  const std::string submit = writeSlurmScripts(opts(tmp.str()));
  CHECK(submit == tmp.str() + "/slurm/submit.sh");
  for (const char *f : {"array.sbatch", "collect.sbatch", "submit.sh"}) {
    const std::string path = tmp.str() + "/slurm/" + f;
    struct stat st {};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    CHECK((st.st_mode & S_IXUSR) != 0);
    INFO(f);
    CHECK(tb::runProcess({"bash", "-n", path}, tmp.str() + "/bash.log") == 0);
  }
  CHECK(std::filesystem::is_directory(tmp.path / "slurm" / "logs"));
}
