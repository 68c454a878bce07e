// The heart of tunerd: runs every tuning job, dispatches its trials to
// workers, records what they report, and serves what clients ask.
//
// State lives in the Store; the Scheduler keeps a mirror of every job and
// trial in memory and changes it only after the Store has committed the
// change, so whatever it answers is durable. Create() rebuilds the mirror
// from the Store, which is how a restarted tunerd carries on.
//
// Thread-safety: every public method may be called from any thread; one
// mutex (mu_) serializes all state changes. Worker orders are queued on
// their channels, so no call blocks on the network.
//
// Designer work off the lock (designer_suggest.cc): a job whose designer
// fits a model takes a copy of its history under mu_, and a DesignerWorker
// thread fits and suggests without it; the new trials are committed under
// mu_ afterwards, if the job still runs and has room. A job is never fitted
// twice at once (JobEntry::suggesting), and only that thread touches its
// designer meanwhile.
//
// Group commit (worker_inbox.cc): worker messages that arrive while others
// are being handled wait in an inbox; whichever stream thread finds no one
// handling them takes the whole inbox and handles it under mu_ in one store
// group (one SQLite transaction, one sync), then sends the orders and
// acknowledgements they caused, so nothing is acknowledged before it is
// durable and the cost of a sync is shared by everyone who arrived
// together. If the group cannot be made durable, tunerd exits: its memory
// is ahead of SQLite, and a restart reloads SQLite while workers resend
// what was not acknowledged.
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
#include "tuner/designers/designer.h"
#include "tuner/policies/median_rule.h"
#include "tuner/policies/successive_halving.h"
#include "tuner/scheduler/designer_worker.h"
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
  // FailedPrecondition for an action the job's state forbids. `actor` is
  // the caller's identity: the job's owner, named in the events it causes.
  absl::StatusOr<JobView> CreateJob(const std::string& spec_yaml,
                                    const std::string& actor = "");
  absl::StatusOr<JobView> DescribeJob(const std::string& name) const;
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
  absl::StatusOr<TrialPage> ListTrialsPage(
      const std::string& job_name, std::optional<storage::TrialState> filter,
      bool sort_by_objective, int64_t offset, int64_t limit) const;
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
  struct TrialEntry {
    storage::TrialRecord record;
    space::Parameters parameters;
    int64_t objective_step = 0;  // step of the objective value held
    bool reported = false;       // any metric point stored for it
    int64_t stored_points = 0;   // of this attempt, up to kMaxPointsPerAttempt
    std::vector<std::string> gpu_ids;
    // The current attempt's objective points, by step.
    policies::MetricSeries objective_series;
    // Why the tuner ordered this attempt to stop (early stopping, a rung,
    // a runtime limit); empty when it did not. Not stored: a stop order is
    // sent again after a restart if the rule still holds.
    std::string stop_reason;
    int64_t judged_through = 0;  // Hyperband: rungs up to here are judged

    // Forgets what the last attempt reported, before the next one runs.
    void ResetAttemptState() {
      objective_step = 0;
      reported = false;
      stored_points = 0;
      objective_series.clear();
      stop_reason.clear();
      judged_through = 0;
    }
  };
  struct JobEntry {
    storage::JobRecord record;
    spec::JobSpec spec;
    std::unique_ptr<designers::Designer> designer;
    std::vector<TrialEntry> trials;  // index = seq - 1
    std::optional<policies::SuccessiveHalving> halving;  // Hyperband jobs
    // The designer found no new point with none active: a finite space
    // is used up. Not stored; the next Pump finds it again.
    bool exhausted = false;
    // A fit runs on the DesignerWorker; its designer is that thread's.
    bool suggesting = false;
    // Its last fit found no new point when this many trials had ended: no
    // use fitting again before another ends.
    int dry_at_ended = -1;
  };
  // What a designer learns from (ViewForDesigner).
  struct DesignerView {
    std::vector<designers::CompletedTrial> completed;
    std::vector<space::Parameters> active;
  };

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

  JobView ViewOf(const JobEntry& job) const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // The spec's limits overridden by those update-job stored.
  static void ApplyStoredLimits(JobEntry& job);
  // A job's entry with its designer (and Hyperband's schedule).
  static absl::StatusOr<JobEntry> MakeJobEntry(storage::JobRecord record,
                                               spec::JobSpec spec);
  JobEntry* FindJob(const std::string& name) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  const JobEntry* FindJob(const std::string& name) const
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // The trial and its job, or NotFound.
  absl::StatusOr<std::pair<JobEntry*, TrialEntry*>> FindTrial(
      const std::string& trial_id) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // A running trial of an ask/tell job, or FailedPrecondition.
  absl::StatusOr<std::pair<JobEntry*, TrialEntry*>> FindClientTrial(
      const std::string& trial_id) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  static void LogIfError(const absl::Status& status);
  // Commits `mutation` and wakes the watchers; `result`, if given, gets
  // what the store reports (how many points were new).
  absl::Status Commit(storage::Mutation mutation,
                      storage::CommitResult* result = nullptr)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  storage::EventRecord Event(const std::string& job, const std::string& trial,
                             const std::string& kind,
                             const std::string& message) const
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  // Creates trials, dispatches pending ones, and ends jobs that are done.
  void Pump() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void PumpJob(JobEntry& job) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  absl::Status CreateTrials(JobEntry& job, int count,
                            const std::string& client_id,
                            storage::TrialState state)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void Dispatch(JobEntry& job, TrialEntry& trial)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void MaybeFinishJob(JobEntry& job) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  // Records points of a running trial, updating its objective; `warnings`
  // not yet on the trial are added to it in the same commit.
  // request_id: the ask/tell request they came with, committed with them.
  absl::Status RecordPoints(JobEntry& job, TrialEntry& trial,
                            const std::vector<ReportedPoint>& points,
                            const std::vector<std::string>& warnings = {},
                            const std::string& request_id = "")
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Whether the trial already has this ask/tell request; false for "".
  absl::StatusOr<bool> SeenRequest(const std::string& trial_id,
                                   const std::string& request_id) const
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // What a worker said about an attempt's end besides its exit.
  struct EndNotes {
    std::string warning;   // kept on the trial and logged as an event
    std::string log_tail;  // the last lines of its log
    std::string request_id;  // the ask/tell request that ended it
  };
  // Ends a running trial in `state`, freeing its slots; `notes` are
  // committed with it.
  absl::Status EndTrial(JobEntry& job, TrialEntry& trial,
                        storage::TrialState state, int exit_code,
                        const std::string& reason, const EndNotes& notes = {})
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // A worker came back without a running trial: dispatch it again if it
  // never reported anything (its assignment was likely lost with a stream),
  // else fail it.
  absl::Status SettleLostTrial(JobEntry& job, TrialEntry& trial)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  absl::Status OnTrialEnded(const std::string& worker_id,
                            const tune::v1::TrialEnded& ended)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void SendStop(const TrialEntry& trial, const std::string& reason)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  // --- Job rules (job_rules.cc).
  // What the designer learns from: the job's ended trials (for Hyperband,
  // their values at the rung it fits), its active ones, and its warm-start
  // parents' trials.
  DesignerView ViewForDesigner(const JobEntry& job) const
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Posts a fit for `count` new trials of a job whose designer fits a
  // model; FinishSuggesting adds them under mu_ when it returns.
  void StartSuggesting(JobEntry& job, int count, int ended)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void FinishSuggesting(JobEntry& job,
                        absl::StatusOr<std::vector<designers::Suggestion>> found)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Commits `suggestions` as the job's next trials.
  absl::Status AddTrials(JobEntry& job,
                         std::vector<designers::Suggestion> suggestions,
                         const std::string& client_id,
                         storage::TrialState state)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Ends the job as Failed: its designer or the store could not make trials.
  void FailJobForTrials(JobEntry& job, const absl::Status& status)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Checks a warm-start config against its parents. InvalidArgument naming
  // the field when a parent is missing or does not fit.
  absl::Status CheckWarmStart(const spec::JobSpec& spec) const
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // After new objective points: the median rule and Hyperband's rungs.
  void ApplyStoppingRules(JobEntry& job, TrialEntry& trial)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Orders a running trial to stop for `reason`, once.
  void StopTrialForRule(TrialEntry& trial, const std::string& reason)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // The completion criterion that ends the job now, if any.
  std::optional<std::string> CompletionReason(const JobEntry& job) const
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Moves a running job to Stopping for `reason` and stops its trials.
  absl::Status BeginStopping(JobEntry& job, const std::string& reason)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Ends an attempt that failed: retried (back to Pending) when the failure
  // is the infrastructure's and retries remain, else Failed.
  // A trial the tuner had ordered to stop ends Stopped instead.
  absl::Status FailOrRetry(JobEntry& job, TrialEntry& trial, bool infrastructure,
                           int exit_code, const std::string& reason,
                           const EndNotes& notes = {})
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  storage::Store* const store_;
  const SchedulerOptions options_;

  mutable absl::Mutex mu_;
  mutable absl::CondVar changed_;  // after every commit
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
  std::map<std::string, JobEntry, std::less<>> jobs_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, std::string, std::less<>> job_of_trial_
      ABSL_GUARDED_BY(mu_);
  WorkerPool workers_ ABSL_GUARDED_BY(mu_);
  std::thread lease_thread_;
  DesignerWorker designer_worker_;  // stopped by Shutdown()
};

}  // namespace tune::scheduler
