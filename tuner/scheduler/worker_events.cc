// The Scheduler's side of the worker protocol: dispatch, stop orders,
// metric points, trial ends, registration and leases.
#include <algorithm>
#include <chrono>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "tuner/policies/failure_classification.h"
#include "tuner/scheduler/attempt_history.h"
#include "tuner/scheduler/point_screen.h"
#include "tuner/scheduler/scheduler.h"
#include "tuner/scheduler/wall_clock.h"
#include "tuner/space/parameter_value.h"
#include "tuner/telemetry/telemetry.h"

namespace tune::scheduler {
namespace {

// Warnings are kept one per line.
void AppendLine(std::string& text, const std::string& line) {
  absl::StrAppend(&text, text.empty() ? "" : "\n", line);
}

using storage::JobState;
using storage::TrialState;

const char* EventKind(TrialState state) {
  switch (state) {
    case TrialState::kCompleted: return "trial_completed";
    case TrialState::kFailed: return "trial_failed";
    case TrialState::kStopped: return "trial_stopped";
    default: return "trial_changed";
  }
}

std::string DescribeExit(int exit_code) {
  if (exit_code > 128) return absl::StrCat("killed by signal ", exit_code - 128);
  return absl::StrCat("exited with code ", exit_code);
}

}  // namespace

void Scheduler::Dispatch(JobEntry& job, TrialEntry& trial) {
  const auto& training = *job.spec.training;
  // A retried trial keeps its last worker's id while pending: try another.
  auto reservation = workers_.Reserve(trial.record.trial_id,
                                      training.gpus_per_trial,
                                      trial.record.worker_id);
  if (!reservation) return;
  storage::TrialRecord updated = trial.record;
  updated.state = TrialState::kInProgress;
  updated.worker_id = reservation->worker_id;
  updated.attempt += 1;
  updated.started_at = WallSeconds();
  storage::Mutation mutation;
  mutation.trials.push_back(updated);
  mutation.events.push_back(Event(job.record.name, updated.trial_id,
                                  "trial_started",
                                  absl::StrCat("on worker ", updated.worker_id)));
  if (!Commit(std::move(mutation)).ok()) {
    workers_.Release(trial.record.trial_id);
    return;
  }
  trial.record = std::move(updated);
  trial.gpu_ids = reservation->gpu_ids;
  trial.ResetAttemptState();  // after a restart it may hold a failed attempt's
  if (options_.telemetry) {
    options_.telemetry->dispatch_latency_seconds.Observe(
        trial.record.started_at - trial.record.created_at);
  }

  tune::v1::TunerMessage message;
  auto* assign = message.mutable_assign();
  assign->set_trial_id(trial.record.trial_id);
  assign->set_attempt(trial.record.attempt);
  assign->set_job_name(job.record.name);
  for (const auto& arg : training.command) assign->add_command(arg);
  for (const auto& range : job.spec.ranges) {
    auto value = trial.parameters.find(range.name);
    if (value == trial.parameters.end()) continue;
    assign->add_hyperparameter_names(range.name);
    assign->add_hyperparameter_values(space::FormatValue(value->second));
  }
  // Hyperband tells each trial the most resource it may use; the tuner
  // stops it at the rungs below that.
  const auto& hyperband = job.spec.hyperband;
  bool resource_sent = false;
  for (const auto& [name, value] : job.spec.static_hyperparameters) {
    assign->add_hyperparameter_names(name);
    if (hyperband && name == hyperband->resource_name) {
      assign->add_hyperparameter_values(absl::StrCat(hyperband->max_resource));
      resource_sent = true;
    } else {
      assign->add_hyperparameter_values(value);
    }
  }
  if (hyperband && !resource_sent) {
    assign->add_hyperparameter_names(hyperband->resource_name);
    assign->add_hyperparameter_values(absl::StrCat(hyperband->max_resource));
  }
  for (const auto& definition : job.spec.metric_definitions) {
    auto* out = assign->add_metric_definitions();
    out->set_name(definition.name);
    out->set_regex(definition.regex);
  }
  for (const auto& gpu : trial.gpu_ids) assign->add_gpu_ids(gpu);
  SendOrder(reservation->channel, std::move(message));
}

void Scheduler::SendStop(const TrialEntry& trial, const std::string& reason) {
  auto channel = workers_.ChannelOf(trial.record.worker_id);
  if (!channel) return;  // told again when the worker reconnects
  tune::v1::TunerMessage message;
  message.mutable_stop()->set_trial_id(trial.record.trial_id);
  message.mutable_stop()->set_attempt(trial.record.attempt);
  message.mutable_stop()->set_reason(reason);
  SendOrder(channel, std::move(message));
}

absl::Status Scheduler::RecordPoints(JobEntry& job, TrialEntry& trial,
                                     const std::vector<ReportedPoint>& points,
                                     const std::vector<std::string>& warnings,
                                     const std::string& request_id) {
  std::map<std::string, int64_t> last_step;
  bool needs_last_step = false;
  for (const auto& point : points) needs_last_step |= point.step <= 0;
  if (needs_last_step) {
    auto stored = store_->ListMetricPoints(trial.record.trial_id);
    if (!stored.ok()) return stored.status();
    for (const auto& point : *stored) {
      if (point.attempt != trial.record.attempt) continue;
      last_step[point.metric] = std::max(last_step[point.metric], point.step);
    }
  }
  storage::Mutation mutation;
  storage::TrialRecord updated = trial.record;
  int64_t objective_step = trial.objective_step;
  const double now = WallSeconds();
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
    if (point.metric == job.spec.objective_metric_name &&
        step >= objective_step) {
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
    if (point.metric == job.spec.objective_metric_name) {
      objective_points.push_back({point.step, point.value});
    }
  }
  if (updated.objective != trial.record.objective || warned) {
    mutation.trials.push_back(updated);
  }
  if (!request_id.empty()) {
    mutation.client_requests.push_back(
        {trial.record.trial_id, request_id, now});
  }
  storage::CommitResult committed;
  if (absl::Status status = Commit(std::move(mutation), &committed);
      !status.ok()) {
    return status;
  }
  // New points only: workers send points again after a broken stream.
  if (options_.telemetry) {
    options_.telemetry->metric_points_ingested.Add(committed.points_inserted);
  }
  trial.record = std::move(updated);
  trial.objective_step = objective_step;
  trial.reported = true;
  trial.stored_points += committed.points_inserted;
  // The store keeps the first value of a step; so does the series.
  auto& series = trial.objective_series;
  for (const auto& point : objective_points) {
    auto at = std::lower_bound(
        series.begin(), series.end(), point.step,
        [](const auto& entry, int64_t step) { return entry.step < step; });
    if (at == series.end() || at->step != point.step) {
      series.insert(at, {point.step, point.value});
    }
  }
  if (!objective_points.empty()) ApplyStoppingRules(job, trial);
  return absl::OkStatus();
}

absl::Status Scheduler::EndTrial(JobEntry& job, TrialEntry& trial,
                                 TrialState state, int exit_code,
                                 const std::string& reason,
                                 const EndNotes& notes) {
  storage::TrialRecord updated = trial.record;
  updated.state = state;
  updated.exit_code = exit_code;
  updated.reason = reason;
  updated.ended_at = WallSeconds();
  storage::Mutation mutation;
  if (!notes.warning.empty()) {
    // After any warnings about refused points.
    AppendLine(updated.warnings, notes.warning);
    mutation.events.push_back(Event(job.record.name, updated.trial_id,
                                    "trial_warning", notes.warning));
  }
  updated.log_tail = notes.log_tail;
  mutation.trials.push_back(updated);
  if (!notes.request_id.empty()) {
    mutation.client_requests.push_back(
        {updated.trial_id, notes.request_id, updated.ended_at});
  }
  mutation.events.push_back(
      Event(job.record.name, updated.trial_id, EventKind(state), reason));
  if (absl::Status status = Commit(std::move(mutation)); !status.ok()) {
    return status;
  }
  trial.record = std::move(updated);
  workers_.Release(trial.record.trial_id);
  return absl::OkStatus();
}

absl::Status Scheduler::SettleLostTrial(JobEntry& job, TrialEntry& trial) {
  // Bounds re-dispatch when a worker keeps losing the same trial.
  constexpr int kMaxSilentAttempts = 3;
  const std::string worker_id = trial.record.worker_id;
  if (trial.reported || trial.record.attempt >= kMaxSilentAttempts) {
    return FailOrRetry(job, trial, /*infrastructure=*/true, -1,
                       absl::StrCat("worker lost: ", worker_id,
                                    " came back without the trial"));
  }
  storage::TrialRecord updated = trial.record;
  updated.attempts_json = AppendAttempt(
      trial.record, WallSeconds(), -1,
      absl::StrCat("worker ", worker_id, " came back without it"),
      /*retried=*/false);
  updated.state = TrialState::kPending;
  updated.started_at = 0;
  storage::Mutation mutation;
  mutation.trials.push_back(updated);
  mutation.events.push_back(Event(
      job.record.name, updated.trial_id, "trial_requeued",
      absl::StrCat("worker ", worker_id,
                   " came back without it before it reported anything")));
  if (absl::Status status = Commit(std::move(mutation)); !status.ok()) {
    return status;
  }
  trial.record = std::move(updated);
  workers_.Release(trial.record.trial_id);
  return absl::OkStatus();
}

absl::Status Scheduler::OnTrialEnded(const std::string& worker_id,
                                     const tune::v1::TrialEnded& ended) {
  auto found = FindTrial(ended.trial_id());
  if (found.ok()) {
    auto [job, trial] = *found;
    const auto& record = trial->record;
    if (record.state == TrialState::kInProgress &&
        record.worker_id == worker_id && record.attempt == ended.attempt()) {
      // The points may not all have arrived before (a stream broke): those
      // the store lacks are stored first, so the objective is the last.
      const ScreenedPoints screened = ScreenWorkerPoints(
          ended.points(), job->spec, kMaxPointsPerWorkerReplay);
      if (absl::Status status =
              RecordPoints(*job, *trial, screened.accepted, screened.warnings);
          !status.ok()) {
        return status;
      }
      const policies::FailureKind failure =
          policies::Classify({.exit_code = ended.exit_code(),
                              .stopped_by_order = ended.stopped_by_order(),
                              .could_not_start = ended.could_not_start(),
                              .refused = ended.refused(),
                              .objective_reported = record.objective.has_value()})
              .kind;
      TrialState state = TrialState::kFailed;
      std::string reason;
      if (failure == policies::FailureKind::kStopped) {
        state = TrialState::kStopped;
        reason = !trial->stop_reason.empty() ? trial->stop_reason
                 : ended.reason().empty()    ? "stopped"
                                             : ended.reason();
      } else if (ended.exit_code() == 0 && record.objective) {
        state = TrialState::kCompleted;
      } else if (ended.exit_code() == 0) {
        reason = absl::StrCat("objective metric ",
                              job->spec.objective_metric_name,
                              " was never reported");
      } else {
        reason = ended.exit_code() < 0 ? ended.reason()
                                       : DescribeExit(ended.exit_code());
      }
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
      absl::Status status =
          state == TrialState::kFailed
              ? FailOrRetry(*job, *trial,
                            failure == policies::FailureKind::kInfrastructure,
                            ended.exit_code(), reason, notes)
              : EndTrial(*job, *trial, state, ended.exit_code(), reason,
                         notes);
      if (!status.ok()) {
        return status;  // not acknowledged: the worker sends it again
      }
    }
  }
  // Acknowledged whether it mattered or was stale, so the worker forgets it.
  if (auto channel = workers_.ChannelOf(worker_id)) {
    tune::v1::TunerMessage ack;
    ack.mutable_ack_ended()->set_trial_id(ended.trial_id());
    ack.mutable_ack_ended()->set_attempt(ended.attempt());
    SendOrder(channel, std::move(ack));
  }
  return absl::OkStatus();
}

absl::Status Scheduler::OnWorkerConnected(
    const tune::v1::Register& registration,
    std::shared_ptr<WorkerChannel> channel) {
  const std::string& worker_id = registration.worker_id();
  if (worker_id.empty() || worker_id.size() > 256) {
    return absl::InvalidArgumentError(
        "register.worker_id: must be 1 to 256 characters");
  }
  if (registration.gpu_ids().empty() &&
      (registration.cpu_slots() < 1 || registration.cpu_slots() > 1024)) {
    return absl::InvalidArgumentError(
        "register.cpu_slots: must be 1 to 1024 when no GPU ids are given");
  }
  absl::MutexLock lock(&mu_);
  if (shutting_down_) return absl::UnavailableError("tunerd is shutting down");
  workers_.Connect(worker_id,
                   {registration.gpu_ids().begin(), registration.gpu_ids().end()},
                   registration.cpu_slots(), channel,
                   Clock::now() + options_.lease);
  for (const auto& ended : registration.ended()) {
    if (absl::Status status = OnTrialEnded(worker_id, ended); !status.ok()) {
      return status;
    }
  }
  std::set<std::string> kept;
  for (const auto& running : registration.running()) {
    auto found = FindTrial(running.trial_id());
    bool ours = false;
    if (found.ok()) {
      auto [job, trial] = *found;
      ours = trial->record.state == TrialState::kInProgress &&
             trial->record.worker_id == worker_id &&
             trial->record.attempt == running.attempt() &&
             workers_.Occupy(worker_id, running.trial_id(),
                             {running.gpu_ids().begin(),
                              running.gpu_ids().end()});
      if (ours) {
        kept.insert(running.trial_id());
        trial->gpu_ids = {running.gpu_ids().begin(), running.gpu_ids().end()};
        const ScreenedPoints screened = ScreenWorkerPoints(
            running.points(), job->spec, kMaxPointsPerWorkerReplay);
        if (absl::Status status = RecordPoints(*job, *trial, screened.accepted,
                                               screened.warnings);
            !status.ok()) {
          return status;
        }
        // Stop orders the worker may have missed while it was away.
        if (!trial->stop_reason.empty()) {
          SendStop(*trial, trial->stop_reason);
        } else if (job->record.state == JobState::kStopping) {
          SendStop(*trial, job->record.reason);
        }
      }
    }
    if (!ours) {
      // The tuner gave this attempt up (or never knew it): never two live
      // attempts of one trial.
      tune::v1::TunerMessage stop;
      stop.mutable_stop()->set_trial_id(running.trial_id());
      stop.mutable_stop()->set_attempt(running.attempt());
      stop.mutable_stop()->set_reason("the tuner no longer runs this attempt");
      SendOrder(channel, std::move(stop));
    }
  }
  // Trials the worker should hold but does not know: it restarted, or the
  // assignment was lost with the old stream.
  for (auto& [name, job] : jobs_) {
    for (auto& trial : job.trials) {
      if (trial.record.state == TrialState::kInProgress &&
          trial.record.worker_id == worker_id &&
          !kept.count(trial.record.trial_id)) {
        if (absl::Status status = SettleLostTrial(job, trial); !status.ok()) {
          return status;
        }
      }
    }
  }
  tune::v1::TunerMessage registered;
  registered.mutable_registered()->set_lease_seconds(
      std::max<int>(1, std::chrono::duration_cast<std::chrono::seconds>(
                           options_.lease).count()));
  SendOrder(channel, std::move(registered));
  Pump();
  return absl::OkStatus();
}

void Scheduler::OnWorkerDisconnected(const std::string& worker_id,
                                     const WorkerChannel* channel) {
  absl::MutexLock lock(&mu_);
  workers_.Disconnect(worker_id, channel);
}

void Scheduler::ExpireLeases() {
  absl::MutexLock lock(&mu_);
  const auto expired = workers_.TakeExpired(Clock::now());
  if (expired.empty()) return;
  const std::set<std::string> lost(expired.begin(), expired.end());
  for (auto& [name, job] : jobs_) {
    for (auto& trial : job.trials) {
      if (trial.record.state == TrialState::kInProgress &&
          lost.count(trial.record.worker_id)) {
        LogIfError(FailOrRetry(job, trial, /*infrastructure=*/true, -1,
                               absl::StrCat("worker lost: ",
                                            trial.record.worker_id,
                                            " (lease expired)")));
      }
    }
  }
  Pump();
}

}  // namespace tune::scheduler
