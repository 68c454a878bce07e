#include "worker/trial_process.h"

#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>

#include <boost/asio/read.hpp>

#include "absl/strings/str_cat.h"

namespace tune::worker {
namespace {

constexpr size_t kReadChunk = 64 * 1024;

// Closes a descriptor at scope exit unless released.
class FdGuard {
 public:
  explicit FdGuard(int fd) : fd_(fd) {}
  ~FdGuard() {
    if (fd_ >= 0) ::close(fd_);
  }
  int release() { return std::exchange(fd_, -1); }

 private:
  int fd_;
};

std::vector<char*> CStrings(const std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (const auto& s : strings) out.push_back(const_cast<char*>(s.c_str()));
  out.push_back(nullptr);
  return out;
}

absl::Status SpawnError(int error, const std::string& program) {
  std::string message =
      absl::StrCat("could not start ", program, ": ", std::strerror(error));
  if (error == ENOENT) return absl::NotFoundError(message);
  if (error == EACCES || error == EPERM) {
    return absl::PermissionDeniedError(message);
  }
  return absl::InternalError(message);
}

// The log is a copy for people; a full disk must not stop the trial, so a
// failed write is given up.
void WriteAll(int fd, std::string_view bytes) {
  size_t written = 0;
  while (written < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (n <= 0) return;
    written += static_cast<size_t>(n);
  }
}

// posix_spawn in the trial's own process group and directory, with
// `output_fd` as stdout and stderr.
absl::StatusOr<pid_t> Spawn(const LaunchSpec& spec, int output_fd) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null",
                                   O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, output_fd, STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, output_fd, STDERR_FILENO);
  posix_spawn_file_actions_addchdir_np(&actions, spec.work_dir.c_str());
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  // Its own process group, so a stop order reaches every process it starts;
  // default signal handling, whatever workerd blocks.
  sigset_t none;
  sigemptyset(&none);
  posix_spawnattr_setsigmask(&attributes, &none);
  posix_spawnattr_setpgroup(&attributes, 0);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP |
                                            POSIX_SPAWN_SETSIGMASK);

  auto argv = CStrings(spec.argv);
  auto envp = CStrings(spec.env);
  pid_t pid = -1;
  // glibc reports exec failures (not found, not executable) as its return
  // value.
  const int error = ::posix_spawn(&pid, spec.program.c_str(), &actions,
                                  &attributes, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  if (error != 0) return SpawnError(error, spec.program);
  return pid;
}

// In the forked child: report `error` to the parent and exit.
[[noreturn]] void ChildFail(int report_fd, int error) {
  (void)!::write(report_fd, &error, sizeof(error));
  ::_exit(127);
}

// fork and exec as `user`: in the child only async-signal-safe calls
// (signals, process group, descriptors, directory, groups, gid, uid, then
// execve), an exec failure reported back through a close-on-exec pipe.
absl::StatusOr<pid_t> SpawnAsUser(const LaunchSpec& request, int output_fd,
                                  const TrialUser& user) {
  // Everything the child touches is made before fork: it may not allocate.
  std::vector<char*> argv = CStrings(request.argv);
  std::vector<char*> envp = CStrings(request.env);
  int report[2];
  if (::pipe2(report, O_CLOEXEC) != 0) {
    return absl::InternalError(absl::StrCat("pipe: ", std::strerror(errno)));
  }
  const pid_t pid = ::fork();
  if (pid < 0) {
    const int error = errno;
    ::close(report[0]);
    ::close(report[1]);
    return absl::InternalError(absl::StrCat("fork: ", std::strerror(error)));
  }
  if (pid == 0) {
    ::close(report[0]);
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    ::setpgid(0, 0);
    const int null_fd = ::open("/dev/null", O_RDONLY);
    if (null_fd < 0 || ::dup2(null_fd, STDIN_FILENO) < 0 ||
        ::dup2(output_fd, STDOUT_FILENO) < 0 ||
        ::dup2(output_fd, STDERR_FILENO) < 0) {
      ChildFail(report[1], errno);
    }
    if (::chdir(request.work_dir.c_str()) != 0) ChildFail(report[1], errno);
    if (::setgroups(user.groups.size(), user.groups.data()) != 0 ||
        ::setgid(user.gid) != 0 || ::setuid(user.uid) != 0) {
      ChildFail(report[1], errno);
    }
    ::execve(request.program.c_str(), argv.data(), envp.data());
    ChildFail(report[1], errno);
  }
  ::close(report[1]);
  int error = 0;
  ssize_t got;
  do {
    got = ::read(report[0], &error, sizeof(error));
  } while (got < 0 && errno == EINTR);
  ::close(report[0]);
  if (got <= 0) return pid;  // exec closed the pipe: started
  ::waitpid(pid, nullptr, 0);
  return SpawnError(error, absl::StrCat(request.program, " as ", user.name));
}

}  // namespace

TrialProcess::TrialProcess(boost::asio::io_context& io, MetricScraper scraper,
                           PointsCallback on_points, EndedCallback on_ended)
    : pipe_(io),
      kill_timer_(io),
      scraper_(std::move(scraper)),
      on_points_(std::move(on_points)),
      on_ended_(std::move(on_ended)),
      buffer_(kReadChunk) {}

TrialProcess::~TrialProcess() {
  // The owner normally waits for on_ended; this covers abrupt teardown.
  if (pid_ > 0 && !exited_) ::kill(-pid_, SIGKILL);
  if (log_fd_ >= 0) ::close(log_fd_);
}

absl::StatusOr<std::unique_ptr<TrialProcess>> TrialProcess::Start(
    boost::asio::io_context& io, const LaunchSpec& spec, MetricScraper scraper,
    PointsCallback on_points, EndedCallback on_ended) {
  if (spec.argv.empty() || spec.argv[0].empty()) {
    return absl::InvalidArgumentError("command: empty");
  }
  std::unique_ptr<TrialProcess> process(new TrialProcess(
      io, std::move(scraper), std::move(on_points), std::move(on_ended)));
  process->max_log_bytes_ = spec.max_log_bytes;
  process->log_fd_ = ::open(spec.log_path.c_str(),
                            O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (process->log_fd_ < 0) {
    return absl::InternalError(absl::StrCat("cannot open log ", spec.log_path,
                                            ": ", std::strerror(errno)));
  }
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    return absl::InternalError(absl::StrCat("pipe: ", std::strerror(errno)));
  }
  FdGuard read_end(fds[0]);
  FdGuard write_end(fds[1]);

  absl::StatusOr<pid_t> pid = spec.user != nullptr
                                  ? SpawnAsUser(spec, fds[1], *spec.user)
                                  : Spawn(spec, fds[1]);
  if (!pid.ok()) return pid.status();
  process->pid_ = *pid;
  process->pipe_.assign(read_end.release());
  process->ReadMore();
  return process;
}

void TrialProcess::ReadMore() {
  pipe_.async_read_some(
      boost::asio::buffer(buffer_),
      [this](const boost::system::error_code& error, size_t size) {
        if (size > 0) {
          std::string_view bytes(buffer_.data(), size);
          WriteLog(bytes);
          auto points = scraper_.Feed(bytes);
          if (!points.empty()) on_points_(std::move(points));
        }
        if (error) {
          drained_ = true;
          MaybeFinish();
          return;
        }
        ReadMore();
      });
}

void TrialProcess::WriteLog(std::string_view bytes) {
  if (log_bytes_ >= max_log_bytes_) return;
  const std::string_view kept = bytes.substr(
      0, static_cast<size_t>(std::min<uint64_t>(bytes.size(),
                                                 max_log_bytes_ - log_bytes_)));
  log_bytes_ += kept.size();
  WriteAll(log_fd_, kept);
  if (log_bytes_ >= max_log_bytes_) {
    WriteAll(log_fd_,
             absl::StrCat("\n[workerd: output.log stopped at its cap of ",
                          max_log_bytes_,
                          " bytes (workerd --max-log-bytes); metrics are still "
                          "read from the rest of the output]\n"));
  }
}

void TrialProcess::PollExit() {
  if (exited_ || pid_ <= 0) return;
  int status = 0;
  const pid_t reaped = ::waitpid(pid_, &status, WNOHANG);
  if (reaped != pid_) return;
  exited_ = true;
  if (WIFEXITED(status)) {
    exit_.exit_code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    exit_.exit_code = 128 + WTERMSIG(status);
  }
  // Whatever the program left behind in its group must not outlive it, nor
  // hold the pipe open.
  ::kill(-pid_, SIGKILL);
  kill_timer_.cancel();
  MaybeFinish();
}

void TrialProcess::Stop(std::chrono::milliseconds grace, bool by_order) {
  if (exited_ || pid_ <= 0) return;
  exit_.stopped_by_order |= by_order;
  ::kill(-pid_, SIGTERM);
  kill_timer_.expires_after(grace);
  kill_timer_.async_wait([this](const boost::system::error_code& error) {
    if (!error) Kill();
  });
}

void TrialProcess::Kill() {
  if (!exited_ && pid_ > 0) ::kill(-pid_, SIGKILL);
}

void TrialProcess::MaybeFinish() {
  if (!exited_ || !drained_ || finished_) return;
  finished_ = true;
  auto points = scraper_.Finish();
  if (!points.empty()) on_points_(std::move(points));
  exit_.unmatched_metrics = scraper_.UnmatchedMetrics();
  exit_.unparsable_values = scraper_.unparsable_values();
  // The owner may destroy this object from inside on_ended.
  auto on_ended = std::move(on_ended_);
  on_ended(exit_);
}

}  // namespace tune::worker
