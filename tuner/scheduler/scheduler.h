// The heart of tunerd: the router between clients, workers and jobs. It
// holds the map of jobs (each a Job, job.h: a job's trials and every
// transition of them), the pool of workers and the lease thread. A Job
// returns the orders its transitions cause; the Scheduler sends them and
// frees the slots they release (Apply).
//
// State lives in the Store; every Job changes its memory only after the
// Store has committed the change, so whatever the Scheduler answers is
// durable. Create() rebuilds every Job from the Store, which is how a
// restarted tunerd carries on.
//
// Concurrency. Every public method may be called from any thread.
//   - mu_ guards the jobs, the worker pool and the outbox (clang's
//     -Wthread-safety checks the annotations in the sanitizer build). Held
//     only for memory work and SQLite commits; nothing blocks on the
//     network under it (orders are queued on their channels).
//   - Designer work off the lock (designer_suggest.cc): a job whose
//     designer fits a model takes a copy of its history under mu_, and the
//     DesignerWorker thread fits and suggests without it; the trials are
//     committed under mu_ afterwards if the job still runs and has room.
//     A job is never fitted twice at once (Job::BeginFit), and only that
//     thread touches its designer meanwhile.
//   - Group commit (worker_inbox.cc): worker messages that arrive while
//     others are being handled wait in an inbox (inbox_mu_, taken before
//     mu_, never while holding it); whichever stream thread finds no one
//     handling them takes the whole inbox and handles it under mu_ in one
//     store group (one SQLite transaction, one sync), then sends the
//     orders and acknowledgements they caused, so nothing is acknowledged
//     before it is durable and a sync's cost is shared by everyone who
//     arrived together. If the group cannot be made durable, tunerd exits:
//     its memory is ahead of SQLite, and a restart reloads SQLite while
//     workers resend what was not acknowledged.
//   - Reads: views are O(1) per job (Job keeps its counts and best trial)
//     and lists copy only the page asked for, under mu_; a trial's points
//     and a job's events are read from SQLite without mu_, through a
//     read-only connection (SchedulerOptions::reader) that sees what was
//     committed. Heartbeats renew leases in the LeaseBook, never under mu_
//     or in the inbox; every other message renews its worker's lease when
//     it arrives, so no batch or lock can cost a live worker its lease.
//   - Time comes from SchedulerOptions::clock, so tests expire leases and
//     runtime limits by moving a FakeClock.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "storage/store.h"
#include "tune/v1/worker.pb.h"
#include "tuner/designers/model_slices.h"
#include "tuner/scheduler/clock.h"
#include "tuner/scheduler/designer_worker.h"
#include "tuner/scheduler/job.h"
#include "tuner/scheduler/lease_book.h"
#include "tuner/scheduler/worker_pool.h"
#include "tuner/spec/job_spec.h"

namespace tune::telemetry {
struct Telemetry;
}  // namespace tune::telemetry

namespace tune::scheduler {

struct SchedulerOptions {
  // A worker that sends nothing for this long is lost, and so are its
  // trials. Workers heartbeat every lease / 3.
  std::chrono::milliseconds lease{std::chrono::seconds(15)};
  // Where dispatch latency, ingested points and suggestion time are
  // recorded; null: nowhere. Must outlive the Scheduler.
  telemetry::Telemetry* telemetry = nullptr;
  // Time for leases, limits and records; null: the system's clocks. Must
  // outlive the Scheduler.
  const Clock* clock = nullptr;
  // A read-only connection to the same database (SqliteStore::OpenReadOnly)
  // for what clients read: points and events, read without mu_. Null: the
  // store itself. Must outlive the Scheduler.
  storage::Store* reader = nullptr;
};

struct TrialDetail {
  storage::TrialRecord record;
  // The current attempt's, at most max_points_per_metric per metric
  // (curve_sampling.h); total_points says how many each metric has.
  std::vector<storage::MetricPointRecord> points;
  std::map<std::string, int64_t> total_points;
  std::vector<std::pair<std::string, std::string>> static_hyperparameters;
};

inline constexpr size_t kMaxRequestIdBytes = 128;

// One page of a job's trials (Scheduler::ListTrialsPage).
struct TrialPage {
  std::vector<storage::TrialRecord> trials;
  int64_t total = 0;        // trials that match, on all pages
  int64_t next_offset = 0;  // 0: this was the last page
  // Pass as changed_after to get only the trials that change after this
  // page was read (Job::changes when it was).
  uint64_t changes = 0;
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
  // FailedPrecondition for an action the job's state forbids. `actor` is
  // the caller's identity: the job's owner, named in the events it causes.
  absl::StatusOr<JobView> CreateJob(const std::string& spec_yaml,
                                    const std::string& actor = "");
  absl::StatusOr<JobView> DescribeJob(const std::string& name) const;
  // The GP's view of a job (designers/model_slices.h), fitted on what its
  // designer learns from (warm-start parents included), whatever the
  // job's strategy. The history is copied under the lock and the model
  // fitted outside it.
  absl::StatusOr<designers::ModelSlices> JobModel(
      const std::string& name,
      int points_per_slice = designers::kDefaultSlicePoints) const;
  // The job's completed trial that the GP rates best
  // (ModelSlices::best_by_model) and its posterior mean. FailedPrecondition
  // while there is no model; NotFound when the model's best is a
  // warm-start parent's trial.
  absl::StatusOr<std::pair<storage::TrialRecord, double>> JobBestByModel(
      const std::string& name) const;
  std::vector<JobView> ListJobs() const;
  absl::StatusOr<JobView> StopJob(const std::string& name,
                                  const std::string& actor = "");
  // Sets new limits (0 leaves one unchanged). max_jobs may not go below the
  // trials already created; max_parallel_jobs must lie in [1, max_jobs].
  // Raising max_jobs of a Stopped or Completed job resumes it.
  absl::StatusOr<JobView> UpdateJob(const std::string& name, int max_jobs,
                                    int max_parallel_jobs,
                                    const std::string& actor = "");
  absl::StatusOr<std::vector<storage::TrialRecord>> ListTrials(
      const std::string& job_name, std::optional<storage::TrialState> filter,
      bool sort_by_objective) const;
  // Trials [offset, offset + limit) of that list; only they are copied.
  // changed_after > 0 keeps only the trials whose record changed after a
  // page's `changes` (new trials included). Trials that change between
  // pages may show up twice, never not at all.
  absl::StatusOr<TrialPage> ListTrialsPage(
      const std::string& job_name, std::optional<storage::TrialState> filter,
      bool sort_by_objective, int64_t offset, int64_t limit,
      uint64_t changed_after = 0) const;
  // Differs between two runs of tunerd: change counts of one run mean
  // nothing to the next (they restart from the database).
  uint64_t run_id() const { return run_id_; }
  // max_points_per_metric: 0 means kMaxPointsPerCurve; all metrics together
  // show at most kMaxPointsPerReply points.
  absl::StatusOr<TrialDetail> DescribeTrial(const std::string& trial_id,
                                            int max_points_per_metric = 0) const;

  // Returns the job's events after `after_id`, waiting until there is one,
  // `deadline` passes or Shutdown() is called (then the list may be empty).
  absl::StatusOr<std::vector<storage::EventRecord>> WaitForEvents(
      const std::string& job_name, int64_t after_id,
      std::chrono::system_clock::time_point deadline) const;

  // --- Ask/tell, for jobs without a training command.
  absl::StatusOr<std::vector<storage::TrialRecord>> SuggestTrials(
      const std::string& job_name, int count, const std::string& client_id);
  // A non-empty request_id (at most kMaxRequestIdBytes) makes a report
  // idempotent: a request whose id the trial already has is answered as
  // before and not applied again, across restarts too.
  absl::Status ReportTrialMetrics(const std::string& trial_id,
                                  const std::vector<ReportedPoint>& points,
                                  const std::string& request_id = "");
  absl::StatusOr<storage::TrialRecord> CompleteTrial(
      const std::string& trial_id, const std::vector<ReportedPoint>& final_metrics,
      bool infeasible, const std::string& infeasibility_reason,
      const std::string& request_id = "");

  // --- Worker protocol (worker_events.cc).
  absl::Status OnWorkerConnected(const tune::v1::Register& registration,
                                 std::shared_ptr<WorkerChannel> channel);
  // Returns once the message is handled and durable (group commit).
  absl::Status OnWorkerMessage(const std::string& worker_id,
                               const tune::v1::WorkerMessage& message);
  void OnWorkerDisconnected(const std::string& worker_id,
                            const WorkerChannel* channel);
  // Gives up the trials of workers whose lease expired. Called by the lease
  // thread; public for tests.
  void ExpireLeases();
  // Stops trials and jobs that ran past their max_runtime_in_seconds.
  // Called by the lease thread; public for tests.
  void EnforceRuntimeLimits();

 private:
  Scheduler(storage::Store* store, SchedulerOptions options);
  absl::Status Load();

  // --- Group commit (worker_inbox.cc).
  struct InboxItem {
    const std::string* worker_id;
    const tune::v1::WorkerMessage* message;
    absl::Status status;
    bool done = false;  // guarded by inbox_mu_
  };
  // Handles `batch` under mu_ in one store group, then sends what it caused.
  void HandleBatch(const std::vector<InboxItem*>& batch)
      ABSL_LOCKS_EXCLUDED(mu_);
  // One worker message, under mu_ (inside a group when batched).
  absl::Status HandleWorkerMessage(const std::string& worker_id,
                                   const tune::v1::WorkerMessage& message)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // An order or acknowledgement to a worker: held while a group is open,
  // sent once the group is durable; sent at once otherwise.
  void SendOrder(const std::shared_ptr<WorkerChannel>& channel,
                 tune::v1::TunerMessage message)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  Job* FindJob(const std::string& name) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  const Job* FindJob(const std::string& name) const
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // The job a trial id names; it may not exist.
  static std::string JobNameOfTrial(const std::string& trial_id);
  // The trial and its job, or NotFound.
  absl::StatusOr<std::pair<Job*, Job::Trial*>> FindTrial(
      const std::string& trial_id) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // A running trial of an ask/tell job, or FailedPrecondition.
  absl::StatusOr<std::pair<Job*, Job::Trial*>> FindClientTrial(
      const std::string& trial_id) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Whether the trial already has this ask/tell request; false for "".
  absl::StatusOr<bool> SeenRequest(const std::string& trial_id,
                                   const std::string& request_id) const
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  // Does what a Job's transition asked: frees slots, sends orders (held
  // while a group is open), logs the errors no caller waits on, and wakes
  // the event watchers.
  void Apply(Effects& effects) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Creates trials, dispatches pending ones, and ends jobs that are done.
  void Pump() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void PumpJob(Job& job) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // What the designer learns from: the job's own trials and its warm-start
  // parents'.
  DesignerView ViewForDesigner(const Job& job) const
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Posts a fit for `count` new trials of a job whose designer fits a
  // model; the trials are added under mu_ when it returns.
  void StartFit(Job& job, int count) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  absl::Status OnTrialEnded(const std::string& worker_id,
                            const tune::v1::TrialEnded& ended)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  storage::Store* const store_;
  storage::Store* const reader_;  // options_.reader or store_
  const SchedulerOptions options_;
  const SystemClock system_clock_;
  const Clock* const clock_;  // options_.clock or system_clock_
  const uint64_t run_id_;
  // Not under mu_: a heartbeat renews a lease without waiting for it.
  LeaseBook leases_;

  mutable absl::Mutex mu_;
  mutable absl::CondVar changed_;  // after every change (Apply)
  uint64_t changes_ ABSL_GUARDED_BY(mu_) = 0;  // counts the Apply calls
  bool shutting_down_ ABSL_GUARDED_BY(mu_) = false;
  // While a group is open (mu_ held): orders wait here, and one Pump runs
  // at the end for all the trial ends of the batch.
  bool group_open_ ABSL_GUARDED_BY(mu_) = false;
  bool pump_after_group_ ABSL_GUARDED_BY(mu_) = false;
  std::vector<std::pair<std::shared_ptr<WorkerChannel>, tune::v1::TunerMessage>>
      outbox_ ABSL_GUARDED_BY(mu_);

  // Taken alone or before mu_, never while mu_ is held.
  absl::Mutex inbox_mu_ ABSL_ACQUIRED_BEFORE(mu_);
  absl::CondVar inbox_cv_;
  std::vector<InboxItem*> inbox_ ABSL_GUARDED_BY(inbox_mu_);
  bool draining_ ABSL_GUARDED_BY(inbox_mu_) = false;  // a batch is handled
  JobMap jobs_ ABSL_GUARDED_BY(mu_);
  WorkerPool workers_ ABSL_GUARDED_BY(mu_);
  std::thread lease_thread_;
  DesignerWorker designer_worker_;  // stopped by Shutdown()
};

}  // namespace tune::scheduler
