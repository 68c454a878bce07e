// One tuning job and its trials: their state in memory, a mirror of what
// the Store committed, and every transition of them (create trials,
// dispatch, record points, stopping rules, end states, limits).
//
// A Job never touches a worker. Each transition commits to the Store
// first, changes memory only if the commit succeeded, and appends what the
// Scheduler must do to `Effects`: orders to send (assign, stop) and worker
// slots to free. How an attempt ends is decided by
// policies::DecideTrialEnd, in one place. Time comes from an injected
// Clock, so runtime limits are testable without sleeping.
//
// Not thread-safe: the Scheduler calls it under its lock. The designer is
// the exception: between BeginFit() and FinishFit() only the thread that
// fits may use it.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "storage/store.h"
#include "tune/v1/worker.pb.h"
#include "tuner/designers/designer.h"
#include "tuner/policies/median_rule.h"
#include "tuner/policies/successive_halving.h"
#include "tuner/policies/trial_outcome.h"
#include "tuner/scheduler/clock.h"
#include "tuner/scheduler/placement.h"
#include "tuner/spec/job_spec.h"

namespace tune::telemetry {
struct Telemetry;
}  // namespace tune::telemetry

namespace tune::scheduler {

// The reason a user's stop gives, followed by who stopped it.
inline constexpr char kStoppedByUser[] = "stopped by user";

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

struct ReportedPoint {
  std::string metric;
  int64_t step = 0;  // <= 0: the metric's next step
  double value = 0;
  double wall_time = 0;  // 0: now
};

// An order for one worker, sent once what caused it is durable.
struct Order {
  std::string worker_id;
  tune::v1::TunerMessage message;
};

// What a transition asks of the Scheduler, which owns the workers.
struct Effects {
  std::vector<Order> orders;
  std::vector<std::string> freed;  // trials whose worker slots are free now
  // Failed commits of work no caller waits on (a rule's stop, the job's
  // end): the state stays as it was and the next pump or tick tries again.
  std::vector<absl::Status> errors;
};

// What a designer learns from.
struct DesignerView {
  std::vector<designers::CompletedTrial> completed;
  std::vector<space::Parameters> active;
};

// What a worker said about an attempt's end besides its exit.
struct EndNotes {
  std::string warning;     // kept on the trial and logged as an event
  std::string log_tail;    // the last lines of its log
  std::string request_id;  // the ask/tell request that ended it
};

class Job {
 public:
  struct Trial {
    storage::TrialRecord record;
    space::Parameters parameters;
    int64_t objective_step = 0;  // step of the objective value held
    bool reported = false;       // any metric point stored for the attempt
    int64_t stored_points = 0;   // of this attempt, up to kMaxPointsPerAttempt
    std::vector<std::string> gpu_ids;
    // The current attempt's objective points, by step.
    policies::MetricSeries objective_series;
    // Why the tuner ordered this attempt to stop (early stopping, a rung,
    // a runtime limit); empty when it did not. Not stored: a stop order is
    // sent again after a restart if the rule still holds.
    std::string stop_reason;
    int64_t judged_through = 0;  // Hyperband: rungs up to here are judged
    // The job's change count when this trial's record last changed (see
    // Job::changes), so readers can ask for what changed since a cursor.
    uint64_t changed = 0;

    // Forgets what the last attempt reported, before the next one runs.
    void ResetAttemptState();
    // Whether this is the running attempt a worker speaks of.
    bool IsAttemptOf(const std::string& worker_id, int64_t attempt) const {
      return record.state == storage::TrialState::kInProgress &&
             record.worker_id == worker_id && record.attempt == attempt;
    }
  };

  // The services a job uses; they outlive it.
  struct Services {
    storage::Store* store = nullptr;
    const Clock* clock = nullptr;
    telemetry::Telemetry* telemetry = nullptr;  // null: no telemetry
  };

  // A job with its designer (and Hyperband's schedule); limits stored by
  // update-job override the spec's. Nothing is committed.
  static absl::StatusOr<std::unique_ptr<Job>> Create(storage::JobRecord record,
                                                     spec::JobSpec spec,
                                                     Services services);
  // Commits the new job and its job_created event.
  absl::Status CommitNew(const std::string& event_message);
  // Loads the stored trials, after a restart.
  absl::Status LoadTrials();

  const storage::JobRecord& record() const { return record_; }
  const spec::JobSpec& spec() const { return spec_; }
  const std::deque<Trial>& trials() const { return trials_; }
  Trial* FindTrial(const std::string& trial_id);
  const Trial* FindTrial(const std::string& trial_id) const;
  // Counts and the best trial, kept as trials change: no walk of trials.
  JobView View() const;
  // Counts every change of a trial's record since the job was loaded.
  uint64_t changes() const { return changes_; }
  int active() const { return counts_.pending + counts_.in_progress; }
  int ended() const {
    return static_cast<int>(trials_.size()) - active();
  }
  bool running() const {
    return record_.state == storage::JobState::kInProgress;
  }
  // Running trials, in seq order.
  std::vector<Trial*> RunningTrials();

  // --- Trials in and out (job.cc).
  // New trials a worker-run job wants now: 0 unless it runs.
  int Wanted() const;
  // What the designer learns from this job's own trials.
  DesignerView OwnHistory() const;
  // Suggests and commits `count` trials with the designer, here.
  absl::Status CreateTrials(const DesignerView& view, int count,
                            const std::string& client_id,
                            storage::TrialState state);
  // The off-lock fit: true and the designer is the caller's until
  // FinishFit, or false when a fit runs or the last one found nothing and
  // no trial ended since.
  bool BeginFit();
  designers::Designer* designer() { return designer_.get(); }
  // Commits what the fit found, as far as there is still room.
  void FinishFit(absl::StatusOr<std::vector<designers::Suggestion>> found,
                 Effects& effects);
  // Starts pending trials where `place` finds room.
  void DispatchPending(Placer& placer, Effects& effects);
  // A stopping job's pending trials end Stopped.
  void StopPending(Effects& effects);
  // Ends the job once every trial has ended and no more will come.
  void MaybeFinish(Effects& effects);
  // A designer or storage error: the job fails loudly rather than spin.
  void FailForTrials(const absl::Status& status, Effects& effects);
  // Marks a finite space as used up (no new point, none active).
  void set_exhausted(bool exhausted) { exhausted_ = exhausted; }

  // --- Reports (job_reports.cc).
  // Records points of a running trial and applies the stopping rules;
  // `warnings` not yet on the trial are added in the same commit, and so
  // is `request_id`, the ask/tell request they came with.
  absl::Status RecordPoints(Trial& trial, const std::vector<ReportedPoint>& points,
                            const std::vector<std::string>& warnings,
                            const std::string& request_id, Effects& effects);
  // Points a worker sent (untrusted: screened by point_screen.h, the
  // refusals kept as warnings), at most `max_points` of them.
  absl::Status RecordWorkerPoints(
      Trial& trial,
      const google::protobuf::RepeatedPtrField<tune::v1::MetricPoint>& points,
      int max_points, Effects& effects);
  // The worker ended the attempt; `ended.points` are recorded first.
  absl::Status OnWorkerEnded(Trial& trial, const tune::v1::TrialEnded& ended,
                             Effects& effects);
  // The trial's worker lost its lease, or came back without the trial.
  absl::Status OnWorkerLost(Trial& trial, policies::EndSource source,
                            Effects& effects);
  // A returning worker still runs the trial: take its points and repeat
  // the stop orders it may have missed.
  absl::Status Reattach(Trial& trial, const tune::v1::RunningTrial& running,
                        Effects& effects);
  // An ask/tell client ended the trial.
  absl::Status CompleteByClient(Trial& trial, bool infeasible,
                                const std::string& infeasibility_reason,
                                const std::string& request_id,
                                Effects& effects);

  // --- Job control (job_control.cc).
  // Applies update-job's limits (0 leaves one unchanged); a Stopped or
  // Completed job given room resumes.
  absl::Status Update(int max_jobs, int max_parallel_jobs,
                      const std::string& actor);
  // Moves a running job to Stopping for `reason` and stops its trials.
  absl::Status BeginStopping(const std::string& reason, Effects& effects);
  // The completion criterion that ends the job now, if any.
  std::optional<std::string> CompletionReason() const;
  // Stops the job or its trials past max_runtime_in_seconds.
  void EnforceRuntimeLimits(Effects& effects);

 private:
  Job(storage::JobRecord record, spec::JobSpec spec,
      std::unique_ptr<designers::Designer> designer, Services services);

  absl::Status Commit(storage::Mutation mutation,
                      storage::CommitResult* result = nullptr);
  // Commits a change of the job's record; on failure keeps the old one.
  void CommitJobUpdate(storage::Mutation mutation, storage::JobRecord updated,
                       Effects& effects);
  storage::EventRecord Event(const std::string& trial, const std::string& kind,
                             const std::string& message) const;
  // Replaces a trial's record with a committed one, keeping the counts,
  // the state indexes and the best trial in step.
  void SetRecord(Trial& trial, storage::TrialRecord updated);
  void Index(const Trial& trial, int delta);
  void Append(Trial trial);
  absl::Status AddTrials(std::vector<designers::Suggestion> suggestions,
                         const std::string& client_id,
                         storage::TrialState state);
  // Starts one pending trial on `placement`.
  absl::Status Start(Trial& trial, const Placement& placement, Effects& effects);
  void SendStop(const Trial& trial, const std::string& reason,
                Effects& effects) const;
  // Carries out `decision` about the attempt `trial` runs.
  absl::Status Conclude(Trial& trial,
                        const policies::TrialEndDecision& decision,
                        int exit_code, const EndNotes& notes, Effects& effects);
  absl::Status EndTrial(Trial& trial, storage::TrialState state, int exit_code,
                        const std::string& reason, const EndNotes& notes,
                        Effects& effects);
  absl::Status Retry(Trial& trial, int exit_code, const std::string& reason,
                     const EndNotes& notes, Effects& effects);
  absl::Status Requeue(Trial& trial, const std::string& reason,
                       Effects& effects);
  policies::TrialEndFacts FactsOf(const Trial& trial,
                                  policies::EndSource source) const;
  // After new objective points: the median rule and Hyperband's rungs.
  void ApplyStoppingRules(Trial& trial, Effects& effects);
  // Orders a running trial to stop for `reason`, once.
  void StopTrialForRule(Trial& trial, const std::string& reason,
                        Effects& effects);

  storage::JobRecord record_;
  spec::JobSpec spec_;
  std::unique_ptr<designers::Designer> designer_;
  std::optional<policies::SuccessiveHalving> halving_;  // Hyperband jobs
  Services services_;

  std::deque<Trial> trials_;  // index = seq - 1; references stay valid
  std::unordered_map<std::string, size_t> index_of_;
  TrialCounts counts_;
  // Ended trials with an objective that count (Completed, or Stopped by a
  // rule): what a job needs to complete.
  int with_objective_ = 0;
  std::optional<size_t> best_;
  uint64_t changes_ = 0;
  std::set<size_t> pending_;
  std::set<size_t> running_;

  // The designer found no new point with none active: a finite space is
  // used up. Not stored; the next Pump finds it again.
  bool exhausted_ = false;
  bool fitting_ = false;  // the designer is the fitting thread's
  int ended_at_fit_ = 0;  // trials ended when the running fit began
  // The last fit found no new point when this many trials had ended: no
  // use fitting again before another ends.
  int dry_at_ended_ = -1;
};

// Every job tunerd holds, by name.
using JobMap = std::map<std::string, std::unique_ptr<Job>, std::less<>>;

}  // namespace tune::scheduler
