#include "tuner/service/proto_convert.h"

#include <chrono>

#include "nlohmann/json.hpp"
#include "tuner/auth/secrets.h"
#include "tuner/scheduler/parameters_json.h"
#include "tuner/scheduler/wall_clock.h"

namespace tune::service {

tune::v1::JobState ToProto(storage::JobState state) {
  switch (state) {
    case storage::JobState::kInProgress: return tune::v1::JOB_IN_PROGRESS;
    case storage::JobState::kCompleted: return tune::v1::JOB_COMPLETED;
    case storage::JobState::kFailed: return tune::v1::JOB_FAILED;
    case storage::JobState::kStopping: return tune::v1::JOB_STOPPING;
    case storage::JobState::kStopped: return tune::v1::JOB_STOPPED;
  }
  return tune::v1::JOB_STATE_UNSPECIFIED;
}

tune::v1::TrialState ToProto(storage::TrialState state) {
  switch (state) {
    case storage::TrialState::kPending: return tune::v1::TRIAL_PENDING;
    case storage::TrialState::kInProgress: return tune::v1::TRIAL_IN_PROGRESS;
    case storage::TrialState::kCompleted: return tune::v1::TRIAL_COMPLETED;
    case storage::TrialState::kFailed: return tune::v1::TRIAL_FAILED;
    case storage::TrialState::kStopped: return tune::v1::TRIAL_STOPPED;
  }
  return tune::v1::TRIAL_STATE_UNSPECIFIED;
}

std::optional<storage::TrialState> FromProto(tune::v1::TrialState state) {
  switch (state) {
    case tune::v1::TRIAL_PENDING: return storage::TrialState::kPending;
    case tune::v1::TRIAL_IN_PROGRESS: return storage::TrialState::kInProgress;
    case tune::v1::TRIAL_COMPLETED: return storage::TrialState::kCompleted;
    case tune::v1::TRIAL_FAILED: return storage::TrialState::kFailed;
    case tune::v1::TRIAL_STOPPED: return storage::TrialState::kStopped;
    default: return std::nullopt;
  }
}

void ToProto(const storage::TrialRecord& record, tune::v1::Trial* out) {
  out->set_id(record.trial_id);
  out->set_job_name(record.job_name);
  out->set_seq(record.seq);
  out->set_state(ToProto(record.state));
  if (auto parameters = scheduler::ParametersFromJson(record.parameters_json);
      parameters.ok()) {
    auto& map = *out->mutable_hyperparameters();
    for (const auto& [name, value] : *parameters) {
      tune::v1::ParameterValue& proto = map[name];
      if (const double* d = std::get_if<double>(&value)) {
        proto.set_double_value(*d);
      } else if (const int64_t* i = std::get_if<int64_t>(&value)) {
        proto.set_int_value(*i);
      } else {
        proto.set_string_value(std::get<std::string>(value));
      }
    }
  }
  out->set_has_objective(record.objective.has_value());
  out->set_objective(record.objective.value_or(0));
  out->set_worker_id(record.worker_id);
  out->set_attempt(record.attempt);
  out->set_exit_code(record.exit_code);
  out->set_reason(record.reason);
  out->set_created_at(record.created_at);
  out->set_started_at(record.started_at);
  out->set_ended_at(record.ended_at);
  out->set_client_id(record.client_id);
  out->set_suggestion_json(record.suggestion_json);
  // Written by the scheduler; a malformed history is shown as none.
  const auto attempts = nlohmann::json::parse(record.attempts_json, nullptr,
                                              /*allow_exceptions=*/false);
  if (attempts.is_array()) {
    for (const auto& attempt : attempts) {
      if (!attempt.is_object()) continue;
      auto* proto = out->add_earlier_attempts();
      proto->set_attempt(attempt.value("attempt", 0));
      proto->set_worker_id(attempt.value("worker_id", ""));
      proto->set_started_at(attempt.value("started_at", 0.0));
      proto->set_ended_at(attempt.value("ended_at", 0.0));
      proto->set_exit_code(attempt.value("exit_code", -1));
      proto->set_reason(attempt.value("reason", ""));
    }
  }
  out->set_log_tail(record.log_tail);
  size_t begin = 0;
  while (begin < record.warnings.size()) {
    size_t end = record.warnings.find('\n', begin);
    if (end == std::string::npos) end = record.warnings.size();
    if (end > begin) out->add_warnings(record.warnings.substr(begin, end - begin));
    begin = end + 1;
  }
}

void ToProto(const scheduler::JobView& view, tune::v1::TuningJob* out,
             bool show_secrets) {
  const auto& spec = view.spec;
  out->set_name(view.record.name);
  out->set_state(ToProto(view.record.state));
  out->set_strategy(spec::ToString(spec.strategy));
  out->set_objective_metric_name(spec.objective_metric_name);
  out->set_objective_type(spec::ToString(spec.objective_type));
  out->set_max_jobs(spec.max_jobs);
  out->set_max_parallel_jobs(spec.max_parallel_jobs);
  auto* counts = out->mutable_counts();
  counts->set_pending(view.counts.pending);
  counts->set_in_progress(view.counts.in_progress);
  counts->set_completed(view.counts.completed);
  counts->set_failed(view.counts.failed);
  counts->set_stopped(view.counts.stopped);
  if (view.best_trial) ToProto(*view.best_trial, out->mutable_best_trial());
  out->set_created_at(view.record.created_at);
  out->set_ended_at(view.record.ended_at);
  const double end =
      view.record.ended_at > 0
          ? view.record.ended_at
          : scheduler::WallSeconds();
  out->set_consumed_seconds(end - view.record.created_at);
  out->set_reason(view.record.reason);
  out->set_ask_tell(!spec.training.has_value());
  out->set_owner(view.record.owner);
  if (show_secrets) {
    out->set_spec_yaml(view.record.spec_yaml);
  } else {
    out->set_spec_yaml(auth::RedactValues(
        view.record.spec_yaml,
        auth::SecretValues(spec.training ? spec.training->command
                                         : std::vector<std::string>{},
                           spec.static_hyperparameters)));
  }
}

void ToProto(const storage::MetricPointRecord& point,
             tune::v1::MetricPoint* out) {
  out->set_metric(point.metric);
  out->set_step(point.step);
  out->set_value(point.value);
  out->set_wall_time(point.wall_time);
  out->set_attempt(point.attempt);
}

scheduler::ReportedPoint FromProto(const tune::v1::MetricPoint& point) {
  return {point.metric(), point.step(), point.value(), point.wall_time()};
}

}  // namespace tune::service
