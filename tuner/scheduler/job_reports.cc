// What a job does with reports about its trials: metric points, an
// attempt's end (from its worker, an expired lease, a worker that came
// back without it, or an ask/tell client), and a worker's return. How an
// attempt ends is decided by policies::DecideTrialEnd; this file carries
// the decision out.
#include <algorithm>
#include <cmath>
#include <map>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "tuner/scheduler/attempt_history.h"
#include "tuner/scheduler/job.h"
#include "tuner/scheduler/point_screen.h"
#include "tuner/telemetry/telemetry.h"

namespace tune::scheduler {
namespace {

using storage::JobState;
using storage::TrialState;

// Warnings are kept one per line.
void AppendLine(std::string& text, const std::string& line) {
  absl::StrAppend(&text, text.empty() ? "" : "\n", line);
}

const char* EventKind(TrialState state) {
  switch (state) {
    case TrialState::kCompleted: return "trial_completed";
    case TrialState::kFailed: return "trial_failed";
    case TrialState::kStopped: return "trial_stopped";
    default: return "trial_changed";
  }
}

}  // namespace

absl::Status Job::RecordPoints(Trial& trial,
                               const std::vector<ReportedPoint>& points,
                               const std::vector<std::string>& warnings,
                               const std::string& request_id,
                               Effects& effects) {
  std::map<std::string, int64_t> last_step;
  bool needs_last_step = false;
  for (const auto& point : points) needs_last_step |= point.step <= 0;
  if (needs_last_step) {
    auto stored = services_.store->ListMetricPoints(trial.record.trial_id);
    if (!stored.ok()) return stored.status();
    for (const auto& point : *stored) {
      if (point.attempt != trial.record.attempt) continue;
      last_step[point.metric] = std::max(last_step[point.metric], point.step);
    }
  }
  storage::Mutation mutation;
  storage::TrialRecord updated = trial.record;
  int64_t objective_step = trial.objective_step;
  const double now = services_.clock->WallSeconds();
  const size_t room = static_cast<size_t>(
      std::max<int64_t>(0, kMaxPointsPerAttempt - trial.stored_points));
  bool over_cap = false;
  for (const auto& point : points) {
    if (point.metric.empty() || !std::isfinite(point.value)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "points: metric ", point.metric, " needs a name and a finite value"));
    }
    int64_t step = point.step;
    if (step <= 0) {
      int64_t& last = last_step[point.metric];
      step = last >= kMaxStep ? kMaxStep + 1 : ++last;  // never overflows
    }
    if (step > kMaxStep) {
      return absl::InvalidArgumentError(absl::StrCat(
          "points: step ", step, " of ", point.metric, " is above 2^53"));
    }
    if (mutation.points.size() < room) {
      mutation.points.push_back({trial.record.trial_id, trial.record.attempt,
                                 point.metric, step, point.value,
                                 point.wall_time > 0 ? point.wall_time : now});
    } else {
      over_cap = true;
    }
    if (point.metric == spec_.objective_metric_name && step >= objective_step) {
      objective_step = step;
      updated.objective = point.value;
    }
  }
  bool warned = false;
  auto warn = [&](const std::string& warning) {
    if (!absl::StrContains(updated.warnings, warning)) {
      AppendLine(updated.warnings, warning);
      warned = true;
    }
  };
  for (const std::string& warning : warnings) warn(warning);
  if (over_cap) {
    warn(absl::StrCat("points past ", kMaxPointsPerAttempt,
                      " per attempt are not stored; the objective still "
                      "follows the last value reported"));
  }
  if (mutation.points.empty() && !warned &&
      updated.objective == trial.record.objective) {
    return absl::OkStatus();
  }
  std::vector<policies::MetricPoint> objective_points;
  for (const auto& point : mutation.points) {
    if (point.metric == spec_.objective_metric_name) {
      objective_points.push_back({point.step, point.value});
    }
  }
  if (updated.objective != trial.record.objective || warned) {
    mutation.trials.push_back(updated);
  }
  if (!request_id.empty()) {
    mutation.client_requests.push_back({trial.record.trial_id, request_id, now});
  }
  storage::CommitResult committed;
  if (absl::Status status = Commit(std::move(mutation), &committed);
      !status.ok()) {
    return status;
  }
  // New points only: workers send points again after a broken stream.
  if (services_.telemetry) {
    services_.telemetry->metric_points_ingested.Add(committed.points_inserted);
  }
  SetRecord(trial, std::move(updated));
  trial.objective_step = objective_step;
  trial.reported = true;
  trial.stored_points += committed.points_inserted;
  // The store keeps the first value of a step; so does the series.
  auto& series = trial.objective_series;
  for (const auto& point : objective_points) {
    auto at = policies::FirstFrom(series, point.step);
    if (at == series.end() || at->step != point.step) {
      series.insert(at, {point.step, point.value});
    }
  }
  if (!objective_points.empty()) ApplyStoppingRules(trial, effects);
  return absl::OkStatus();
}

absl::Status Job::RecordWorkerPoints(
    Trial& trial,
    const google::protobuf::RepeatedPtrField<tune::v1::MetricPoint>& points,
    int max_points, Effects& effects) {
  const ScreenedPoints screened = ScreenWorkerPoints(points, spec_, max_points);
  return RecordPoints(trial, screened.accepted, screened.warnings, "", effects);
}

policies::TrialEndFacts Job::FactsOf(const Trial& trial,
                                     policies::EndSource source) const {
  policies::TrialEndFacts facts;
  facts.source = source;
  facts.end.objective_reported = trial.record.objective.has_value();
  facts.worker_id = trial.record.worker_id;
  facts.stop_reason = trial.stop_reason;
  facts.objective_metric = spec_.objective_metric_name;
  facts.job_running = running();
  facts.reported = trial.reported;
  facts.attempt = static_cast<int>(trial.record.attempt);
  // Requeues after a lost assignment are not retries.
  facts.retries_used = CountRetries(trial.record.attempts_json);
  facts.maximum_retry_attempts = spec_.maximum_retry_attempts;
  return facts;
}

absl::Status Job::OnWorkerEnded(Trial& trial, const tune::v1::TrialEnded& ended,
                                Effects& effects) {
  // The points may not all have arrived before (a stream broke): those the
  // store lacks are stored first, so the objective is the last.
  if (absl::Status status = RecordWorkerPoints(
          trial, ended.points(), kMaxPointsPerWorkerReplay, effects);
      !status.ok()) {
    return status;
  }
  policies::TrialEndFacts facts = FactsOf(trial, policies::EndSource::kWorker);
  facts.end.exit_code = ended.exit_code();
  facts.end.stopped_by_order = ended.stopped_by_order();
  facts.end.could_not_start = ended.could_not_start();
  facts.end.refused = ended.refused();
  facts.worker_reason = ended.reason();
  EndNotes notes{.log_tail = ended.log_tail()};
  if (!ended.unmatched_metrics().empty()) {
    std::string names;
    for (const auto& name : ended.unmatched_metrics()) {
      absl::StrAppend(&names, names.empty() ? "" : ", ", name);
    }
    notes.warning = absl::StrCat("no log line matched the metric(s) ", names);
  }
  if (ended.unparsable_values() > 0) {
    absl::StrAppend(&notes.warning, notes.warning.empty() ? "" : "; ",
                    ended.unparsable_values(),
                    " value(s) a metric regex captured were not finite "
                    "numbers and gave no point");
  }
  return Conclude(trial, policies::DecideTrialEnd(facts), ended.exit_code(),
                  notes, effects);
}

absl::Status Job::OnWorkerLost(Trial& trial, policies::EndSource source,
                               Effects& effects) {
  return Conclude(trial, policies::DecideTrialEnd(FactsOf(trial, source)), -1,
                  {}, effects);
}

absl::Status Job::Reattach(Trial& trial, const tune::v1::RunningTrial& running,
                           Effects& effects) {
  trial.gpu_ids = {running.gpu_ids().begin(), running.gpu_ids().end()};
  if (absl::Status status = RecordWorkerPoints(
          trial, running.points(), kMaxPointsPerWorkerReplay, effects);
      !status.ok()) {
    return status;
  }
  // Stop orders the worker may have missed while it was away.
  if (!trial.stop_reason.empty()) {
    SendStop(trial, trial.stop_reason, effects);
  } else if (record_.state == JobState::kStopping) {
    SendStop(trial, record_.reason, effects);
  }
  return absl::OkStatus();
}

absl::Status Job::CompleteByClient(Trial& trial, bool infeasible,
                                   const std::string& infeasibility_reason,
                                   const std::string& request_id,
                                   Effects& effects) {
  policies::TrialEndFacts facts = FactsOf(trial, policies::EndSource::kClient);
  facts.infeasible = infeasible;
  facts.infeasibility_reason = infeasibility_reason;
  return Conclude(trial, policies::DecideTrialEnd(facts), -1,
                  {.request_id = request_id}, effects);
}

absl::Status Job::Conclude(Trial& trial,
                           const policies::TrialEndDecision& decision,
                           int exit_code, const EndNotes& notes,
                           Effects& effects) {
  switch (decision.outcome) {
    case policies::TrialOutcome::kCompleted:
      return EndTrial(trial, TrialState::kCompleted, exit_code, decision.reason,
                      notes, effects);
    case policies::TrialOutcome::kStopped:
      return EndTrial(trial, TrialState::kStopped, exit_code, decision.reason,
                      notes, effects);
    case policies::TrialOutcome::kFailed:
      return EndTrial(trial, TrialState::kFailed, exit_code, decision.reason,
                      notes, effects);
    case policies::TrialOutcome::kRetried:
      return Retry(trial, exit_code, decision.reason, notes, effects);
    case policies::TrialOutcome::kRequeued:
      return Requeue(trial, decision.reason, effects);
  }
  return absl::InternalError("unknown trial outcome");
}

absl::Status Job::EndTrial(Trial& trial, TrialState state, int exit_code,
                           const std::string& reason, const EndNotes& notes,
                           Effects& effects) {
  storage::TrialRecord updated = trial.record;
  updated.state = state;
  updated.exit_code = exit_code;
  updated.reason = reason;
  updated.ended_at = services_.clock->WallSeconds();
  storage::Mutation mutation;
  if (!notes.warning.empty()) {
    // After any warnings about refused points.
    AppendLine(updated.warnings, notes.warning);
    mutation.events.push_back(
        Event(updated.trial_id, "trial_warning", notes.warning));
  }
  updated.log_tail = notes.log_tail;
  mutation.trials.push_back(updated);
  if (!notes.request_id.empty()) {
    mutation.client_requests.push_back(
        {updated.trial_id, notes.request_id, updated.ended_at});
  }
  mutation.events.push_back(Event(updated.trial_id, EventKind(state), reason));
  if (absl::Status status = Commit(std::move(mutation)); !status.ok()) {
    return status;
  }
  SetRecord(trial, std::move(updated));
  effects.freed.push_back(trial.record.trial_id);
  return absl::OkStatus();
}

absl::Status Job::Retry(Trial& trial, int exit_code, const std::string& reason,
                        const EndNotes& notes, Effects& effects) {
  const int retries_used = CountRetries(trial.record.attempts_json);
  storage::TrialRecord updated = trial.record;
  updated.attempts_json =
      AppendAttempt(trial.record, services_.clock->WallSeconds(), exit_code,
                    reason, /*retried=*/true);
  updated.state = TrialState::kPending;  // worker_id stays: dispatch avoids it
  updated.exit_code = -1;
  updated.reason.clear();
  updated.objective.reset();
  updated.started_at = 0;
  storage::Mutation mutation;
  mutation.trials.push_back(updated);
  // The failed attempt's log stays in its directory on the worker.
  if (!notes.warning.empty()) {
    mutation.events.push_back(
        Event(updated.trial_id, "trial_warning", notes.warning));
  }
  mutation.events.push_back(Event(
      updated.trial_id, "trial_retried",
      absl::StrCat("attempt ", trial.record.attempt, " failed (", reason,
                   "); retry ", retries_used + 1, " of ",
                   spec_.maximum_retry_attempts)));
  if (absl::Status status = Commit(std::move(mutation)); !status.ok()) {
    return status;
  }
  SetRecord(trial, std::move(updated));
  trial.ResetAttemptState();
  effects.freed.push_back(trial.record.trial_id);
  return absl::OkStatus();
}

absl::Status Job::Requeue(Trial& trial, const std::string& reason,
                          Effects& effects) {
  storage::TrialRecord updated = trial.record;
  updated.attempts_json =
      AppendAttempt(trial.record, services_.clock->WallSeconds(), -1, reason,
                    /*retried=*/false);
  updated.state = TrialState::kPending;
  updated.started_at = 0;
  storage::Mutation mutation;
  mutation.trials.push_back(updated);
  mutation.events.push_back(
      Event(updated.trial_id, "trial_requeued",
            absl::StrCat(reason, " before it reported anything")));
  if (absl::Status status = Commit(std::move(mutation)); !status.ok()) {
    return status;
  }
  SetRecord(trial, std::move(updated));
  effects.freed.push_back(trial.record.trial_id);
  return absl::OkStatus();
}

void Job::SendStop(const Trial& trial, const std::string& reason,
                   Effects& effects) const {
  Order order{trial.record.worker_id, {}};
  auto* stop = order.message.mutable_stop();
  stop->set_trial_id(trial.record.trial_id);
  stop->set_attempt(trial.record.attempt);
  stop->set_reason(reason);
  effects.orders.push_back(std::move(order));
}

}  // namespace tune::scheduler
