// The tuner's durable state behind one interface: jobs, trials, metric
// points and events.
//
// Every change goes through Commit(), which applies one Mutation in a single
// transaction: all of it is durable when Commit returns OK, none of it when
// it returns an error. tunerd commits before it acknowledges anything, so
// reopening the same database restores everything a client was told.
// Implementations are thread-safe: any thread may call any method.
//
// Usage:
//   auto store = SqliteStore::Open("/var/lib/tune/tune.db");
//   Mutation m;
//   m.new_job = JobRecord{.name = "j1", .spec_yaml = text, ...};
//   m.events.push_back({.job_name = "j1", .kind = "job_created"});
//   RETURN_IF_ERROR((*store)->Commit(m).status());
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace tune::storage {

enum class JobState { kInProgress, kCompleted, kFailed, kStopping, kStopped };
enum class TrialState { kPending, kInProgress, kCompleted, kFailed, kStopped };

const char* ToString(JobState state);    // "InProgress", "Completed", ...
const char* ToString(TrialState state);  // "Pending", "InProgress", ...
bool IsTerminal(JobState state);         // Completed, Failed or Stopped
bool IsTerminal(TrialState state);       // Completed, Failed or Stopped
bool IsActive(TrialState state);         // Pending or InProgress

struct JobRecord {
  std::string name;       // unique; the key
  std::string spec_yaml;  // the spec as the user gave it
  JobState state = JobState::kInProgress;
  std::string reason;     // why it ended, or empty
  double created_at = 0;  // seconds since the Unix epoch
  double ended_at = 0;    // 0 while not ended
  // Limits set by update-job; 0: the spec's.
  int max_jobs = 0;
  int max_parallel_jobs = 0;
  double resumed_at = 0;  // when update-job last resumed it; 0: never
  std::string owner;      // the identity that created it; empty: unknown
};

struct TrialRecord {
  std::string trial_id;  // "<job>-<seq>"; unique; the key
  std::string job_name;
  int64_t seq = 0;       // 1-based order of creation within the job
  std::string parameters_json;  // tuned hyperparameters, a JSON object
  TrialState state = TrialState::kPending;
  std::string worker_id;   // empty while pending or for ask/tell trials
  int attempt = 0;         // 1 for the first dispatch
  int exit_code = -1;      // -1 until it exits; 128+N for signal N
  std::string reason;      // why it failed or stopped
  std::optional<double> objective;
  std::string client_id;   // ask/tell client that holds it
  std::string suggestion_json;  // why the designer chose it, a JSON object
  double created_at = 0;
  double started_at = 0;   // 0 until dispatched
  double ended_at = 0;     // 0 until ended
  // The attempts before the current one, a JSON array of objects with
  // attempt, worker_id, started_at, ended_at, exit_code and reason.
  std::string attempts_json = "[]";
  // Problems worth a look that did not fail the trial (a metric no log line
  // matched), one per line.
  std::string warnings;
  std::string log_tail;  // the last lines of its log, once it ended
};

struct MetricPointRecord {
  std::string trial_id;
  int attempt = 1;  // the trial attempt that reported it
  std::string metric;
  int64_t step = 0;
  double value = 0;
  double wall_time = 0;
};

// An ask/tell request that changed a trial, by the id its client gave it:
// a client that sends it again (its reply was lost) is answered, not
// applied twice.
struct ClientRequestRecord {
  std::string trial_id;
  std::string request_id;
  double time = 0;
};

struct EventRecord {
  int64_t id = 0;          // assigned by Commit, increasing across the store
  std::string job_name;
  std::string trial_id;    // empty for job events
  std::string kind;        // "job_created", "trial_started", ...
  std::string message;
  double time = 0;
};

// One atomic change.
struct Mutation {
  std::optional<JobRecord> new_job;     // inserted; AlreadyExists if taken
  std::optional<JobRecord> job_update;  // replaces the job of that name;
                                        // NotFound if there is none
  std::vector<TrialRecord> trials;      // inserted or replaced by trial_id;
                                        // FailedPrecondition if its job is
                                        // missing
  // Inserted; a point whose (trial_id, attempt, metric, step) is already
  // stored is skipped, so a worker may resend points after a reconnect.
  // FailedPrecondition if its trial is neither stored nor in `trials`.
  std::vector<MetricPointRecord> points;
  std::vector<EventRecord> events;      // appended; ids assigned
  // Inserted; one already stored is skipped. FailedPrecondition if its
  // trial is neither stored nor in `trials`.
  std::vector<ClientRequestRecord> client_requests;
};

struct CommitResult {
  int64_t points_inserted = 0;  // points that were new
  std::vector<int64_t> event_ids;  // in the order of Mutation::events
};

// Implementations: SqliteStore (sqlite_store.h) and MemoryStore
// (memory_store.h); store_conformance_test.cc holds both to these rules.
class Store {
 public:
  virtual ~Store() = default;

  // Applies the parts in the order new_job, job_update, trials, points,
  // events, client_requests, so a mutation may create a job and its trials and points at
  // once. Errors, and nothing is stored: those listed in Mutation;
  // InvalidArgument for an empty job name, trial id or metric, or a NaN
  // double (see mutation_checks.h); SqliteStore adds its I/O errors.
  virtual absl::StatusOr<CommitResult> Commit(const Mutation& mutation) = 0;

  // NotFound when no job has that name.
  virtual absl::StatusOr<JobRecord> GetJob(std::string_view name) = 0;
  // In order of creation.
  virtual absl::StatusOr<std::vector<JobRecord>> ListJobs() = 0;

  // NotFound when no trial has that id.
  virtual absl::StatusOr<TrialRecord> GetTrial(std::string_view trial_id) = 0;
  // The job's trials in order of seq; empty for an unknown job.
  virtual absl::StatusOr<std::vector<TrialRecord>> ListTrials(
      std::string_view job_name) = 0;

  // The trial's points ordered by attempt, metric, then step.
  virtual absl::StatusOr<std::vector<MetricPointRecord>> ListMetricPoints(
      std::string_view trial_id) = 0;

  // Group commit: between BeginGroup() and EndGroup(), each Commit is
  // applied at once and alone (a failed one leaves no trace, as always) and
  // reads see it, but none is durable until EndGroup() makes them all
  // durable at once (one sync for the lot). Groups do not nest. If
  // EndGroup() fails, none of the group's commits is stored.
  virtual absl::Status BeginGroup() = 0;
  virtual absl::Status EndGroup() = 0;

  // Whether Commit stored this request of this trial.
  virtual absl::StatusOr<bool> HasClientRequest(std::string_view trial_id,
                                                std::string_view request_id) = 0;

  // The job's events with id > after_id, in id order, at most `limit`.
  // InvalidArgument if `limit` is negative; 0 returns none.
  virtual absl::StatusOr<std::vector<EventRecord>> ListEvents(
      std::string_view job_name, int64_t after_id, int limit) = 0;
};

}  // namespace tune::storage
