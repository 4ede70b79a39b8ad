// Running an external tool (verilator, a harness executable) without a shell: arguments are
// passed as they are, output goes to a log file.
#pragma once

#include <string>
#include <vector>

namespace quasar::tb {

// Runs argv[0] (searched in PATH) with `argv`, in `workDir` when not empty, stdout and stderr
// appended to `logPath` (or inherited when empty). Returns the exit code; 128 + n when killed
// by signal n. Throws InputError when the program cannot be started.
int runProcess(const std::vector<std::string> &argv, const std::string &logPath,
               const std::string &workDir = "");

// An exclusive advisory lock (flock) on `path`, created if missing, held for the object's
// lifetime: parallel test processes that generate or build the same design take turns.
class FileLock {
public:
  explicit FileLock(const std::string &path);
  ~FileLock();
  FileLock(const FileLock &) = delete;
  FileLock &operator=(const FileLock &) = delete;

private:
  int m_fd = -1; // the open lock file
};

// The last `maxLines` lines of a text file (for error messages quoting a build log).
std::string tailOfFile(const std::string &path, int maxLines);

} // namespace quasar::tb
