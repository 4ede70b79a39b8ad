#include "quasar/testbenches/process.h"

#include "quasar/config/error.h"

#include <cerrno>
#include <cstring>
#include <deque>
#include <fcntl.h>
#include <fstream>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

namespace quasar::tb {

int runProcess(const std::vector<std::string> &argv, const std::string &logPath,
               const std::string &workDir) {
  if (argv.empty()) throw InputError("runProcess: no program given");
  std::vector<char *> args;
  for (const std::string &a : argv) args.push_back(const_cast<char *>(a.c_str()));
  args.push_back(nullptr);

  int logFd = -1;
  if (!logPath.empty()) {
    logFd = ::open(logPath.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (logFd < 0)
      throw InputError("cannot open log file " + logPath + ": " + std::strerror(errno));
  }
  // A pipe that carries exec's errno back when the program cannot be started.
  int errPipe[2];
  if (::pipe2(errPipe, O_CLOEXEC) != 0) throw InputError("pipe failed: " + std::string(std::strerror(errno)));
  const pid_t pid = ::fork();
  if (pid == 0) {
    if (logFd >= 0) {
      ::dup2(logFd, 1);
      ::dup2(logFd, 2);
    }
    if (!workDir.empty() && ::chdir(workDir.c_str()) != 0) {
      const int e = errno;
      (void)!::write(errPipe[1], &e, sizeof e);
      ::_exit(127);
    }
    ::execvp(args[0], args.data());
    const int e = errno;
    (void)!::write(errPipe[1], &e, sizeof e);
    ::_exit(127);
  }
  ::close(errPipe[1]);
  if (logFd >= 0) ::close(logFd);
  if (pid < 0) {
    ::close(errPipe[0]);
    throw InputError("fork failed: " + std::string(std::strerror(errno)));
  }
  int childErrno = 0;
  const ssize_t n = ::read(errPipe[0], &childErrno, sizeof childErrno);
  ::close(errPipe[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (n == ssize_t(sizeof childErrno))
    throw InputError("cannot run " + argv[0] + (workDir.empty() ? "" : " in " + workDir) + ": " +
                     std::strerror(childErrno));
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return 255;
}

FileLock::FileLock(const std::string &path) {
  m_fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (m_fd < 0) throw InputError("cannot create lock file " + path + ": " + std::strerror(errno));
  while (::flock(m_fd, LOCK_EX) != 0 && errno == EINTR) {
  }
}

FileLock::~FileLock() {
  ::flock(m_fd, LOCK_UN);
  ::close(m_fd);
}

std::string tailOfFile(const std::string &path, int maxLines) {
  std::ifstream in(path);
  std::deque<std::string> lines;
  std::string line;
  while (std::getline(in, line)) {
    lines.push_back(line);
    if (int(lines.size()) > maxLines) lines.pop_front();
  }
  std::string s;
  for (const std::string &l : lines) s += "  | " + l + "\n";
  return s;
}

} // namespace quasar::tb
