// workerd's event loop: takes trial assignments and stop orders from
// tunerd, runs each trial as a TrialProcess, streams its metric points back
// and reports how it ended, keeping each end until tunerd acknowledges it.
//
// One io_context owns every process, pipe, timer and the agent's state, so
// there are no locks: every method runs on the io_context's thread (the
// TunerLink posts what it receives there).
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <memory>
#include <string>
#include <vector>

#include "tune/v1/worker.pb.h"
#include "tuner/service/channel_credentials.h"
#include "worker/command_policy.h"
#include "worker/trial_process.h"
#include "worker/tuner_link.h"

namespace tune::worker {

// Points a worker keeps per running trial to send again after a reconnect
// (in Register and with the trial's end).
inline constexpr size_t kMaxKeptPointsPerTrial = 100000;

struct AgentOptions {
  std::string tuner_address;
  std::string worker_id;
  std::vector<std::string> gpu_ids;  // slots_per_gpu slots each
  int slots_per_gpu = 1;             // trials sharing each GPU
  int cpu_slots = 1;                 // used when gpu_ids is empty
  std::string work_dir;              // absolute
  std::chrono::milliseconds kill_grace{std::chrono::seconds(10)};
  std::vector<std::string> env;      // TrialBaseEnvironment (trial_env.h)
  std::string start_dir;             // resolves relative command paths
  CommandPolicy policy = CommandPolicy::AllowNone();
  service::ClientTls tls;            // to tunerd; files read per connection
  std::optional<TrialUser> trial_user;  // trials run as this account
  uint64_t max_log_bytes = kDefaultMaxLogBytes;  // per trial's output.log
};

class WorkerAgent {
 public:
  WorkerAgent(boost::asio::io_context& io, AgentOptions options);
  ~WorkerAgent();

  // Kills the process groups of trials a previous workerd left behind,
  // takes back the ends it had not seen acknowledged, then connects.
  void Start();
  // Stops every trial, reports their ends and waits (a few seconds at most)
  // for tunerd to acknowledge them, closes the link, then calls `done`.
  void Shutdown(std::function<void()> done);

 private:
  struct Running {
    int attempt = 0;
    std::vector<std::string> gpu_ids;
    std::string trial_dir;
    std::unique_ptr<TrialProcess> process;
    std::vector<tune::v1::MetricPoint> points;
  };

  tune::v1::WorkerMessage MakeRegister() const;
  void OnMessage(const tune::v1::TunerMessage& message);
  void OnDisconnected(const grpc::Status& status);
  void OnAssign(const tune::v1::TrialAssignment& assign);
  void OnPoints(const std::string& trial_id, std::vector<ScrapedPoint> points);
  void OnEnded(const std::string& trial_id, const TrialExit& exit);
  // Keeps `ended` until tunerd acknowledges it, in memory and (with a
  // trial directory) on disk, and sends it.
  void ReportEnded(tune::v1::TrialEnded ended, const std::string& trial_dir = "");
  // One pass over the work dir: each trial directory a previous workerd
  // left gets KillLeftover and LoadUnackedEnd.
  void RecoverWorkDir();
  // Kills the trial's process group if its stamp still matches.
  void KillLeftover(const std::filesystem::path& trial_dir);
  // Takes back an end the previous workerd reported without an ack.
  void LoadUnackedEnd(const std::filesystem::path& trial_dir);
  void WatchChildren();
  void Heartbeat();
  void MaybeFinishShutdown();

  boost::asio::io_context& io_;
  const AgentOptions options_;
  TunerLink link_;
  boost::asio::signal_set child_signals_;
  boost::asio::steady_timer heartbeat_timer_;
  // Bounds how long a shutdown waits for tunerd to acknowledge trial ends.
  boost::asio::steady_timer shutdown_timer_;
  bool ack_wait_started_ = false;
  bool ack_wait_over_ = false;
  std::chrono::milliseconds heartbeat_every_{std::chrono::seconds(2)};
  std::map<std::string, Running> running_;
  struct Unacked {
    tune::v1::TrialEnded ended;
    std::string trial_dir;  // where its file is; empty: none
  };
  std::map<std::string, Unacked> unacked_;  // by trial id
  std::function<void()> shutdown_done_;
};

}  // namespace tune::worker
