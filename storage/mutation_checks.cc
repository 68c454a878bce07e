#include "storage/mutation_checks.h"

#include <cmath>

#include "absl/strings/str_cat.h"

namespace tune::storage {
namespace {

// Debian's Abseil keeps its own string_view type; StrCat takes only that.
absl::string_view Absl(std::string_view text) {
  return absl::string_view(text.data(), text.size());
}

absl::Status CheckJob(const JobRecord& job, std::string_view what) {
  if (job.name.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(Absl(what), ": empty job name"));
  }
  if (std::isnan(job.created_at) || std::isnan(job.ended_at)) {
    return absl::InvalidArgumentError(
        absl::StrCat(Absl(what), " \"", job.name, "\": a time is NaN"));
  }
  return absl::OkStatus();
}

absl::Status CheckTrial(const TrialRecord& trial) {
  if (trial.trial_id.empty()) {
    return absl::InvalidArgumentError("trial: empty trial_id");
  }
  if (trial.job_name.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("trial \"", trial.trial_id, "\": empty job_name"));
  }
  if ((trial.objective.has_value() && std::isnan(*trial.objective)) ||
      std::isnan(trial.created_at) || std::isnan(trial.started_at) ||
      std::isnan(trial.ended_at)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "trial \"", trial.trial_id, "\": objective or a time is NaN"));
  }
  return absl::OkStatus();
}

absl::Status CheckPoint(const MetricPointRecord& point) {
  if (point.trial_id.empty() || point.metric.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("metric point (trial \"", point.trial_id, "\", metric \"",
                     point.metric, "\"): empty trial_id or metric"));
  }
  if (std::isnan(point.value) || std::isnan(point.wall_time)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "metric point (trial \"", point.trial_id, "\", metric \"", point.metric,
        "\", step ", point.step, "): value or time is NaN"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ValidateMutation(const Mutation& mutation) {
  if (mutation.new_job.has_value()) {
    if (absl::Status s = CheckJob(*mutation.new_job, "new job"); !s.ok()) {
      return s;
    }
  }
  if (mutation.job_update.has_value()) {
    if (absl::Status s = CheckJob(*mutation.job_update, "job update");
        !s.ok()) {
      return s;
    }
  }
  for (const TrialRecord& trial : mutation.trials) {
    if (absl::Status s = CheckTrial(trial); !s.ok()) return s;
  }
  for (const MetricPointRecord& point : mutation.points) {
    if (absl::Status s = CheckPoint(point); !s.ok()) return s;
  }
  for (const ClientRequestRecord& request : mutation.client_requests) {
    if (request.trial_id.empty() || request.request_id.empty()) {
      return absl::InvalidArgumentError(
          "client request: trial id and request id must not be empty");
    }
    if (std::isnan(request.time)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "client request \"", request.request_id, "\": time is NaN"));
    }
  }
  for (const EventRecord& event : mutation.events) {
    if (std::isnan(event.time)) {
      return absl::InvalidArgumentError(
          absl::StrCat("event \"", event.kind, "\": time is NaN"));
    }
  }
  return absl::OkStatus();
}

absl::Status ValidateEventLimit(int limit) {
  if (limit < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("event limit must be >= 0, got ", limit));
  }
  return absl::OkStatus();
}

absl::Status JobExistsError(std::string_view job_name) {
  return absl::AlreadyExistsError(
      absl::StrCat("job \"", Absl(job_name), "\" already exists"));
}

absl::Status JobNotFoundError(std::string_view job_name) {
  return absl::NotFoundError(
      absl::StrCat("no job named \"", Absl(job_name), "\""));
}

absl::Status TrialNotFoundError(std::string_view trial_id) {
  return absl::NotFoundError(absl::StrCat("no trial \"", Absl(trial_id), "\""));
}

absl::Status TrialJobMissingError(const TrialRecord& trial) {
  return absl::FailedPreconditionError(
      absl::StrCat("trial \"", trial.trial_id, "\" belongs to job \"",
                   trial.job_name, "\", which does not exist"));
}

absl::Status PointTrialMissingError(const MetricPointRecord& point) {
  return absl::FailedPreconditionError(absl::StrCat(
      "metric point \"", point.metric, "\" step ", point.step,
      " belongs to trial \"", point.trial_id, "\", which does not exist"));
}

absl::Status RequestTrialMissingError(const ClientRequestRecord& request) {
  return absl::FailedPreconditionError(absl::StrCat(
      "request \"", request.request_id, "\" belongs to trial \"",
      request.trial_id, "\", which does not exist"));
}

}  // namespace tune::storage
