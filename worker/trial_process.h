// One trial's training program as a child process, driven by the worker's
// io_context: started with posix_spawn (argv, never a shell) in its own
// process group and working directory, its stdout and stderr merged into
// one pipe that is read asynchronously, appended to the trial's log file and
// scraped for metrics.
//
// The trial has ended once the child has exited AND the pipe is drained;
// then `on_ended` runs once. When the main process exits, whatever is left
// of its process group is killed, so no stray child keeps the pipe open.
// Not thread-safe: every call and callback happens on the io_context's
// thread; the owner calls OnChildExited when SIGCHLD reaps the pid.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>

#include "absl/status/statusor.h"
#include "worker/scrape/metric_scraper.h"
#include "worker/trial_user.h"

namespace tune::worker {

inline constexpr uint64_t kDefaultMaxLogBytes = uint64_t{256} << 20;  // 256 MiB

struct LaunchSpec {
  std::string program;            // absolute path of what runs
  std::vector<std::string> argv;  // argv[0] as the program will see it
  std::vector<std::string> env;   // "NAME=value"
  std::string work_dir;           // must exist
  std::string log_path;           // appended to
  // Past this many bytes the log gets a marker line and nothing more; the
  // output is still scraped for metrics to its end.
  uint64_t max_log_bytes = kDefaultMaxLogBytes;
  const TrialUser* user = nullptr;  // run as this account; null: as workerd
};

struct TrialExit {
  int exit_code = -1;  // 128+N when killed by signal N
  bool stopped_by_order = false;
  std::vector<std::string> unmatched_metrics;
  int64_t unparsable_values = 0;
};

class TrialProcess {
 public:
  using PointsCallback = std::function<void(std::vector<ScrapedPoint>)>;
  using EndedCallback = std::function<void(const TrialExit&)>;

  // Starts the program. Errors: NotFound / PermissionDenied / Internal with
  // the reason the program could not start; nothing is left running then.
  static absl::StatusOr<std::unique_ptr<TrialProcess>> Start(
      boost::asio::io_context& io, const LaunchSpec& spec,
      MetricScraper scraper, PointsCallback on_points, EndedCallback on_ended);
  ~TrialProcess();

  pid_t pid() const { return pid_; }
  bool exited() const { return exited_; }

  // Sends SIGTERM to the process group, then SIGKILL after `grace`.
  // `by_order`: the tuner asked for it (the trial ends Stopped, not Failed).
  void Stop(std::chrono::milliseconds grace, bool by_order);
  // SIGKILL to the whole group at once.
  void Kill();

  // Reaps the child if it has exited (waitpid WNOHANG). Call on SIGCHLD.
  void PollExit();

 private:
  TrialProcess(boost::asio::io_context& io, MetricScraper scraper,
               PointsCallback on_points, EndedCallback on_ended);
  void ReadMore();
  // Appends to the log up to its cap, then the marker line once.
  void WriteLog(std::string_view bytes);
  void MaybeFinish();

  boost::asio::posix::stream_descriptor pipe_;
  boost::asio::steady_timer kill_timer_;
  MetricScraper scraper_;
  PointsCallback on_points_;
  EndedCallback on_ended_;
  int log_fd_ = -1;
  uint64_t log_bytes_ = 0;       // written to the log so far
  uint64_t max_log_bytes_ = 0;
  pid_t pid_ = -1;
  bool exited_ = false;
  bool drained_ = false;
  bool finished_ = false;
  TrialExit exit_;
  std::vector<char> buffer_;
};

}  // namespace tune::worker
