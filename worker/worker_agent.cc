#include "worker/worker_agent.h"
#include "worker/log_tail.h"

#include <signal.h>
#include <unistd.h>

#include <cstring>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>

#include <boost/asio/post.hpp>

#include "absl/strings/str_cat.h"
#include "worker/process_stamp.h"
#include "worker/trial_setup.h"

namespace tune::worker {
namespace {

// Marks a trial directory whose process group may still be alive, with the
// group leader's stamp (process_stamp.h); removed when the trial ends. A
// restarted workerd kills the groups it finds, if they are still the same.
constexpr char kPgidFile[] = ".workerd-pgid";
// A trial's end that tunerd has not acknowledged yet (a TrialEnded message);
// removed on the acknowledgement, read back by a restarted workerd.
constexpr char kEndedFile[] = ".workerd-ended";

double Now() {
  return std::chrono::duration<double>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

WorkerAgent::WorkerAgent(boost::asio::io_context& io, AgentOptions options)
    : io_(io),
      options_(std::move(options)),
      link_(io, options_.tuner_address, options_.tls,
            TunerLink::Handlers{
                [this] { return MakeRegister(); },
                [this](const tune::v1::TunerMessage& m) { OnMessage(m); },
                [this](const grpc::Status& s) { OnDisconnected(s); }}),
      child_signals_(io, SIGCHLD),
      heartbeat_timer_(io),
      shutdown_timer_(io) {}

WorkerAgent::~WorkerAgent() { link_.Stop(); }

void WorkerAgent::Start() {
  RecoverWorkDir();
  WatchChildren();
  link_.Start();
  Heartbeat();
}

void WorkerAgent::RecoverWorkDir() {
  std::error_code error;
  for (const auto& entry :
       std::filesystem::directory_iterator(options_.work_dir, error)) {
    KillLeftover(entry.path());
    LoadUnackedEnd(entry.path());
  }
}

void WorkerAgent::KillLeftover(const std::filesystem::path& trial_dir) {
  const auto marker = trial_dir / kPgidFile;
  std::ifstream file(marker);
  std::string line;
  if (!std::getline(file, line)) return;
  file.close();
  const std::optional<ProcessStamp> stamp = ParseStamp(line);
  if (stamp && SafeToKillGroup(*stamp)) {
    if (::kill(-stamp->pid, SIGKILL) == 0) {
      std::cerr << "workerd: killed leftover trial in " << trial_dir << std::endl;
    }
  } else {
    // Another boot, a reused pid, or a marker of an older workerd: what
    // holds that pid now is not ours.
    std::cerr << "workerd: left process group " << line << " of " << trial_dir
              << " alone: it is not the trial's any more" << std::endl;
  }
  std::error_code error;
  std::filesystem::remove(marker, error);
}

tune::v1::WorkerMessage WorkerAgent::MakeRegister() const {
  tune::v1::WorkerMessage message;
  auto* reg = message.mutable_register_();
  reg->set_worker_id(options_.worker_id);
  for (const auto& gpu : options_.gpu_ids) reg->add_gpu_ids(gpu);
  reg->set_cpu_slots(options_.cpu_slots);
  reg->set_slots_per_gpu(options_.slots_per_gpu);
  for (const auto& [id, trial] : running_) {
    auto* running = reg->add_running();
    running->set_trial_id(id);
    running->set_attempt(trial.attempt);
    for (const auto& gpu : trial.gpu_ids) running->add_gpu_ids(gpu);
    for (const auto& point : trial.points) *running->add_points() = point;
  }
  for (const auto& [id, unacked] : unacked_) *reg->add_ended() = unacked.ended;
  return message;
}

void WorkerAgent::OnMessage(const tune::v1::TunerMessage& message) {
  switch (message.kind_case()) {
    case tune::v1::TunerMessage::kRegistered: {
      const int lease = std::max(1, message.registered().lease_seconds());
      heartbeat_every_ = std::chrono::milliseconds(lease * 1000 / 3);
      std::cout << "workerd " << options_.worker_id << ": registered"
                << std::endl;
      break;
    }
    case tune::v1::TunerMessage::kAssign:
      if (!shutdown_done_) OnAssign(message.assign());
      break;
    case tune::v1::TunerMessage::kStop: {
      auto it = running_.find(message.stop().trial_id());
      if (it != running_.end() && it->second.attempt == message.stop().attempt()) {
        std::cout << "workerd: stopping " << it->first << ": "
                  << message.stop().reason() << std::endl;
        it->second.process->Stop(options_.kill_grace, /*by_order=*/true);
      }
      break;
    }
    case tune::v1::TunerMessage::kAckEnded: {
      auto it = unacked_.find(message.ack_ended().trial_id());
      if (it != unacked_.end() &&
          it->second.ended.attempt() == message.ack_ended().attempt()) {
        if (!it->second.trial_dir.empty()) {
          std::error_code error;
          std::filesystem::remove(
              std::filesystem::path(it->second.trial_dir) / kEndedFile, error);
        }
        unacked_.erase(it);
      }
      MaybeFinishShutdown();
      break;
    }
    case tune::v1::TunerMessage::KIND_NOT_SET:
      break;
  }
}

void WorkerAgent::OnDisconnected(const grpc::Status& status) {
  if (!status.ok()) {
    std::cerr << "workerd: stream to " << options_.tuner_address
              << " ended: " << status.error_message() << "; reconnecting"
              << std::endl;
  }
}

void WorkerAgent::OnAssign(const tune::v1::TrialAssignment& assign) {
  if (running_.count(assign.trial_id())) return;  // a repeated order
  tune::v1::TrialEnded failed;
  failed.set_trial_id(assign.trial_id());
  failed.set_attempt(assign.attempt());
  failed.set_exit_code(-1);

  auto setup = PrepareTrial(assign, options_.work_dir, options_.env,
                            options_.start_dir, options_.policy);
  if (absl::IsPermissionDenied(setup.status())) {
    std::cerr << "workerd: refused " << assign.trial_id() << ": "
              << setup.status().message() << std::endl;
    failed.set_reason(absl::StrCat("refused: ", setup.status().message()));
    failed.set_refused(true);
    ReportEnded(std::move(failed));
    return;
  }
  if (!setup.ok()) {
    failed.set_reason(absl::IsNotFound(setup.status())
                          ? std::string(setup.status().message())
                          : absl::StrCat("bad assignment: ",
                                         setup.status().message()));
    failed.set_could_not_start(true);
    ReportEnded(std::move(failed));
    return;
  }
  std::vector<MetricRegex> metrics;
  for (const auto& definition : assign.metric_definitions()) {
    metrics.push_back({definition.name(), definition.regex()});
  }
  auto scraper = MetricScraper::Create(metrics);
  if (!scraper.ok()) {
    failed.set_reason(absl::StrCat("bad metric definitions: ",
                                   scraper.status().message()));
    ReportEnded(std::move(failed));
    return;
  }
  if (options_.trial_user) {
    // The trial writes its own files in its directory.
    std::error_code error;
    for (const auto& path :
         {std::filesystem::path(setup->trial_dir),
          std::filesystem::path(setup->trial_dir) / "hyperparameters.json"}) {
      if (::chown(path.c_str(), options_.trial_user->uid,
                  options_.trial_user->gid) != 0) {
        failed.set_reason(absl::StrCat("cannot give ", path.string(), " to ",
                                       options_.trial_user->name, ": ",
                                       std::strerror(errno)));
        failed.set_could_not_start(true);
        ReportEnded(std::move(failed));
        return;
      }
    }
    setup->launch.user = &*options_.trial_user;
  }
  setup->launch.max_log_bytes = options_.max_log_bytes;
  const std::string id = assign.trial_id();
  auto process = TrialProcess::Start(
      io_, setup->launch, std::move(*scraper),
      [this, id](std::vector<ScrapedPoint> points) {
        OnPoints(id, std::move(points));
      },
      [this, id](const TrialExit& exit) { OnEnded(id, exit); });
  if (!process.ok()) {
    failed.set_reason(std::string(process.status().message()));
    failed.set_could_not_start(true);
    ReportEnded(std::move(failed));
    return;
  }
  // Not yet reaped, so /proc still has it even if it exited already.
  if (auto stamp = StampOf((*process)->pid()); stamp.ok()) {
    std::ofstream(std::filesystem::path(setup->trial_dir) / kPgidFile)
        << FormatStamp(*stamp) << "\n";
  }
  std::cout << "workerd: started " << id << " (pid " << (*process)->pid()
            << ") in " << setup->trial_dir << std::endl;
  Running running;
  running.attempt = assign.attempt();
  running.gpu_ids = {assign.gpu_ids().begin(), assign.gpu_ids().end()};
  running.trial_dir = setup->trial_dir;
  running.process = std::move(*process);
  running_.emplace(id, std::move(running));
  // It may have exited before the SIGCHLD watch saw its pid.
  running_.at(id).process->PollExit();
}

void WorkerAgent::OnPoints(const std::string& trial_id,
                           std::vector<ScrapedPoint> points) {
  auto it = running_.find(trial_id);
  if (it == running_.end()) return;
  tune::v1::WorkerMessage message;
  auto* metrics = message.mutable_metrics();
  metrics->set_trial_id(trial_id);
  metrics->set_attempt(it->second.attempt);
  const double now = Now();
  for (const auto& point : points) {
    tune::v1::MetricPoint proto;
    proto.set_metric(point.metric);
    proto.set_step(point.step);
    proto.set_value(point.value);
    proto.set_wall_time(now);
    *metrics->add_points() = proto;
    it->second.points.push_back(std::move(proto));
  }
  auto& kept = it->second.points;
  if (kept.size() > kMaxKeptPointsPerTrial) {
    // Bounded: the oldest half goes (they were sent; only a crash just
    // then would lose them).
    kept.erase(kept.begin(), kept.begin() + kept.size() / 2);
  }
  link_.Send(std::move(message));  // if it is lost, Register resends every point
}

void WorkerAgent::OnEnded(const std::string& trial_id, const TrialExit& exit) {
  auto it = running_.find(trial_id);
  if (it == running_.end()) return;
  tune::v1::TrialEnded ended;
  ended.set_trial_id(trial_id);
  ended.set_attempt(it->second.attempt);
  ended.set_exit_code(exit.exit_code);
  ended.set_stopped_by_order(exit.stopped_by_order);
  if (exit.stopped_by_order) ended.set_reason("stopped by order of the tuner");
  for (const auto& name : exit.unmatched_metrics) ended.add_unmatched_metrics(name);
  ended.set_unparsable_values(exit.unparsable_values);
  ended.set_log_tail(ReadLogTail(
      (std::filesystem::path(it->second.trial_dir) / "output.log").string()));
  for (auto& point : it->second.points) *ended.add_points() = std::move(point);
  const std::string trial_dir = it->second.trial_dir;
  std::error_code error;
  std::filesystem::remove(std::filesystem::path(it->second.trial_dir) / kPgidFile,
                          error);
  // The process object is inside its own callback: destroy it afterwards.
  auto process = std::move(it->second.process);
  running_.erase(it);
  boost::asio::post(io_, [p = std::shared_ptr<TrialProcess>(std::move(process))] {});
  ReportEnded(std::move(ended), trial_dir);
  // Said once the end is on disk: from here a crash of workerd keeps it.
  std::cout << "workerd: " << trial_id << " ended with exit code "
            << exit.exit_code << std::endl;
  MaybeFinishShutdown();
}

void WorkerAgent::ReportEnded(tune::v1::TrialEnded ended,
                              const std::string& trial_dir) {
  if (!trial_dir.empty()) {
    // On disk too, so a restarted workerd still reports it.
    std::ofstream file(std::filesystem::path(trial_dir) / kEndedFile,
                       std::ios::binary | std::ios::trunc);
    ended.SerializeToOstream(&file);
  }
  tune::v1::WorkerMessage message;
  *message.mutable_ended() = ended;
  const std::string id = ended.trial_id();  // before `ended` is moved
  unacked_[id] = {std::move(ended), trial_dir};
  link_.Send(std::move(message));  // if it is lost, Register resends it
}

void WorkerAgent::LoadUnackedEnd(const std::filesystem::path& trial_dir) {
  std::ifstream file(trial_dir / kEndedFile, std::ios::binary);
  tune::v1::TrialEnded ended;
  if (!file || !ended.ParseFromIstream(&file) || ended.trial_id().empty()) {
    return;
  }
  std::cerr << "workerd: will report the end of " << ended.trial_id()
            << " again" << std::endl;
  const std::string id = ended.trial_id();  // before `ended` is moved
  unacked_[id] = {std::move(ended), trial_dir.string()};
}

void WorkerAgent::WatchChildren() {
  child_signals_.async_wait([this](const boost::system::error_code& error, int) {
    if (error) return;
    // Collect first: a trial that ends is erased from running_.
    std::vector<TrialProcess*> processes;
    for (auto& [id, trial] : running_) processes.push_back(trial.process.get());
    for (TrialProcess* process : processes) process->PollExit();
    WatchChildren();
  });
}

void WorkerAgent::Heartbeat() {
  tune::v1::WorkerMessage message;
  message.mutable_heartbeat();
  link_.Send(std::move(message));
  heartbeat_timer_.expires_after(heartbeat_every_);
  heartbeat_timer_.async_wait([this](const boost::system::error_code& error) {
    if (!error) Heartbeat();
  });
}

void WorkerAgent::Shutdown(std::function<void()> done) {
  shutdown_done_ = std::move(done);
  // Not the tuner's order: the trials end Failed (killed by a signal).
  for (auto& [id, trial] : running_) {
    trial.process->Stop(options_.kill_grace, /*by_order=*/false);
  }
  MaybeFinishShutdown();
}

void WorkerAgent::MaybeFinishShutdown() {
  if (!shutdown_done_ || !running_.empty()) return;
  if (!unacked_.empty() && !ack_wait_over_) {
    if (!ack_wait_started_) {
      ack_wait_started_ = true;
      shutdown_timer_.expires_after(std::chrono::seconds(5));
      shutdown_timer_.async_wait([this](const boost::system::error_code& error) {
        if (error) return;
        ack_wait_over_ = true;
        MaybeFinishShutdown();
      });
    }
    return;
  }
  shutdown_timer_.cancel();
  heartbeat_timer_.cancel();
  child_signals_.cancel();
  link_.Stop();
  auto done = std::move(shutdown_done_);
  done();
}

}  // namespace tune::worker
