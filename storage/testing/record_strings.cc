#include "storage/testing/record_strings.h"

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace tune::storage::testing {
namespace {

std::string Exact(double value) { return absl::StrFormat("%a", value); }

std::string Quoted(const std::string& text) {
  return absl::StrCat("\"", absl::CHexEscape(text), "\"");
}

}  // namespace

std::string DebugString(const JobRecord& job) {
  return absl::StrCat(
      "Job{name=", Quoted(job.name), " spec_yaml=", Quoted(job.spec_yaml),
      " state=", ToString(job.state), " reason=", Quoted(job.reason),
      " created_at=", Exact(job.created_at), " ended_at=", Exact(job.ended_at),
      " max_jobs=", job.max_jobs, " max_parallel_jobs=", job.max_parallel_jobs,
      " resumed_at=", Exact(job.resumed_at), " owner=", Quoted(job.owner),
      "}");
}

std::string DebugString(const TrialRecord& trial) {
  return absl::StrCat(
      "Trial{trial_id=", Quoted(trial.trial_id),
      " job_name=", Quoted(trial.job_name), " seq=", trial.seq,
      " parameters_json=", Quoted(trial.parameters_json),
      " state=", ToString(trial.state), " worker_id=", Quoted(trial.worker_id),
      " attempt=", trial.attempt, " exit_code=", trial.exit_code,
      " reason=", Quoted(trial.reason), " objective=",
      trial.objective.has_value() ? Exact(*trial.objective) : "absent",
      " client_id=", Quoted(trial.client_id),
      " suggestion_json=", Quoted(trial.suggestion_json),
      " created_at=", Exact(trial.created_at),
      " started_at=", Exact(trial.started_at),
      " ended_at=", Exact(trial.ended_at),
      " attempts_json=", Quoted(trial.attempts_json),
      " warnings=", Quoted(trial.warnings),
      " log_tail=", Quoted(trial.log_tail), "}");
}

std::string DebugString(const MetricPointRecord& point) {
  return absl::StrCat("Point{trial_id=", Quoted(point.trial_id),
                      " attempt=", point.attempt,
                      " metric=", Quoted(point.metric), " step=", point.step,
                      " value=", Exact(point.value),
                      " wall_time=", Exact(point.wall_time), "}");
}

std::string DebugString(const EventRecord& event) {
  return absl::StrCat(
      "Event{id=", event.id, " job_name=", Quoted(event.job_name),
      " trial_id=", Quoted(event.trial_id), " kind=", Quoted(event.kind),
      " message=", Quoted(event.message), " time=", Exact(event.time), "}");
}

}  // namespace tune::storage::testing
