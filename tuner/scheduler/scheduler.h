// The heart of tunerd: runs every tuning job, dispatches its trials to
// workers, records what they report, and serves what clients ask.
//
// State lives in the Store; the Scheduler keeps a mirror of every job and
// trial in memory and changes it only after the Store has committed the
// change, so whatever it answers is durable. Create() rebuilds the mirror
// from the Store, which is how a restarted tunerd carries on.
//
// Thread-safety: every public method may be called from any thread; one
// mutex serializes all state changes (jobs are few and each change is one
// short SQLite transaction). Worker orders are queued on their channels, so
// no call blocks on the network.
#pragma once

#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "storage/store.h"
#include "tune/v1/worker.pb.h"
#include "tuner/designers/designer.h"
#include "tuner/scheduler/worker_pool.h"
#include "tuner/spec/job_spec.h"

namespace tune::scheduler {

struct SchedulerOptions {
  // A worker that sends nothing for this long is lost, and so are its
  // trials. Workers heartbeat every lease / 3.
  std::chrono::milliseconds lease{std::chrono::seconds(15)};
};

struct TrialCounts {
  int pending = 0;
  int in_progress = 0;
  int completed = 0;
  int failed = 0;
  int stopped = 0;
};

struct JobView {
  storage::JobRecord record;
  spec::JobSpec spec;
  TrialCounts counts;
  std::optional<storage::TrialRecord> best_trial;
};

struct TrialDetail {
  storage::TrialRecord record;
  std::vector<storage::MetricPointRecord> points;
  std::vector<std::pair<std::string, std::string>> static_hyperparameters;
};

struct ReportedPoint {
  std::string metric;
  int64_t step = 0;  // <= 0: the metric's next step
  double value = 0;
  double wall_time = 0;  // 0: now
};

class Scheduler {
 public:
  // Loads every job and trial from `store`, which must outlive the
  // Scheduler. Workers that held running trials get one lease to come back.
  static absl::StatusOr<std::unique_ptr<Scheduler>> Create(
      storage::Store* store, SchedulerOptions options);
  ~Scheduler();

  // Starts the thread that expires leases. Call once.
  void Start();
  // Stops that thread and wakes every waiter. Idempotent.
  void Shutdown();

  // --- Client API. Errors: InvalidArgument for bad input, NotFound for an
  // unknown job or trial, AlreadyExists for a taken job name,
  // FailedPrecondition for an action the job's state forbids.
  absl::StatusOr<JobView> CreateJob(const std::string& spec_yaml);
  absl::StatusOr<JobView> DescribeJob(const std::string& name) const;
  std::vector<JobView> ListJobs() const;
  absl::StatusOr<JobView> StopJob(const std::string& name);
  absl::StatusOr<std::vector<storage::TrialRecord>> ListTrials(
      const std::string& job_name, std::optional<storage::TrialState> filter,
      bool sort_by_objective) const;
  absl::StatusOr<TrialDetail> DescribeTrial(const std::string& trial_id) const;

  // Returns the job's events after `after_id`, waiting until there is one,
  // `deadline` passes or Shutdown() is called (then the list may be empty).
  absl::StatusOr<std::vector<storage::EventRecord>> WaitForEvents(
      const std::string& job_name, int64_t after_id,
      std::chrono::system_clock::time_point deadline) const;

  // --- Ask/tell, for jobs without a training command.
  absl::StatusOr<std::vector<storage::TrialRecord>> SuggestTrials(
      const std::string& job_name, int count, const std::string& client_id);
  absl::Status ReportTrialMetrics(const std::string& trial_id,
                                  const std::vector<ReportedPoint>& points);
  absl::StatusOr<storage::TrialRecord> CompleteTrial(
      const std::string& trial_id, const std::vector<ReportedPoint>& final_metrics,
      bool infeasible, const std::string& infeasibility_reason);

  // --- Worker protocol (worker_events.cc).
  absl::Status OnWorkerConnected(const tune::v1::Register& registration,
                                 std::shared_ptr<WorkerChannel> channel);
  absl::Status OnWorkerMessage(const std::string& worker_id,
                               const tune::v1::WorkerMessage& message);
  void OnWorkerDisconnected(const std::string& worker_id,
                            const WorkerChannel* channel);
  // Gives up the trials of workers whose lease expired. Called by the lease
  // thread; public for tests.
  void ExpireLeases();

 private:
  struct TrialEntry {
    storage::TrialRecord record;
    space::Parameters parameters;
    int64_t objective_step = 0;  // step of the objective value held
    bool reported = false;       // any metric point stored for it
    std::vector<std::string> gpu_ids;
  };
  struct JobEntry {
    storage::JobRecord record;
    spec::JobSpec spec;
    std::unique_ptr<designers::Designer> designer;
    std::vector<TrialEntry> trials;  // index = seq - 1
  };

  Scheduler(storage::Store* store, SchedulerOptions options);
  absl::Status Load();

  JobView ViewOf(const JobEntry& job) const;
  JobEntry* FindJob(const std::string& name);
  const JobEntry* FindJob(const std::string& name) const;
  // The trial and its job, or NotFound.
  absl::StatusOr<std::pair<JobEntry*, TrialEntry*>> FindTrial(
      const std::string& trial_id);
  // A running trial of an ask/tell job, or FailedPrecondition.
  absl::StatusOr<std::pair<JobEntry*, TrialEntry*>> FindClientTrial(
      const std::string& trial_id);

  static void LogIfError(const absl::Status& status);
  // Commits `mutation` and wakes the watchers.
  absl::Status Commit(storage::Mutation mutation);
  storage::EventRecord Event(const std::string& job, const std::string& trial,
                             const std::string& kind,
                             const std::string& message) const;

  // Creates trials, dispatches pending ones, and ends jobs that are done.
  void Pump();
  void PumpJob(JobEntry& job);
  absl::Status CreateTrials(JobEntry& job, int count,
                            const std::string& client_id,
                            storage::TrialState state);
  void Dispatch(JobEntry& job, TrialEntry& trial);
  void MaybeFinishJob(JobEntry& job);

  // Records points of a running trial, updating its objective.
  absl::Status RecordPoints(JobEntry& job, TrialEntry& trial,
                            const std::vector<ReportedPoint>& points);
  // Ends a running trial in `state`, freeing its slots.
  absl::Status EndTrial(JobEntry& job, TrialEntry& trial,
                        storage::TrialState state, int exit_code,
                        const std::string& reason);
  // A worker came back without a running trial: dispatch it again if it
  // never reported anything (its assignment was likely lost with a stream),
  // else fail it.
  absl::Status SettleLostTrial(JobEntry& job, TrialEntry& trial);
  absl::Status OnTrialEnded(const std::string& worker_id,
                            const tune::v1::TrialEnded& ended);
  void SendStop(const TrialEntry& trial, const std::string& reason);

  storage::Store* const store_;
  const SchedulerOptions options_;

  mutable std::mutex mu_;
  mutable std::condition_variable changed_;  // after every commit
  bool shutting_down_ = false;
  std::map<std::string, JobEntry, std::less<>> jobs_;
  std::map<std::string, std::string, std::less<>> job_of_trial_;
  WorkerPool workers_;
  std::thread lease_thread_;
};

}  // namespace tune::scheduler
