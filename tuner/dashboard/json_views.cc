#include "tuner/dashboard/json_views.h"

#include "tuner/auth/secrets.h"
#include "tuner/designers/suggestion_reason.h"

#include "tuner/spec/job_spec.h"

namespace tune::dashboard {
namespace {

using nlohmann::json;

const char* TypeName(spec::ParameterType type) {
  switch (type) {
    case spec::ParameterType::kContinuous: return "Continuous";
    case spec::ParameterType::kInteger: return "Integer";
    case spec::ParameterType::kCategorical: return "Categorical";
  }
  return "Unknown";
}

const char* ScalingName(spec::Scaling scaling) {
  switch (scaling) {
    case spec::Scaling::kAuto: return "Auto";
    case spec::Scaling::kLinear: return "Linear";
    case spec::Scaling::kLogarithmic: return "Logarithmic";
    case spec::Scaling::kReverseLogarithmic: return "ReverseLogarithmic";
  }
  return "Unknown";
}

json Time(double seconds) { return seconds > 0 ? json(seconds) : json(nullptr); }

json Counts(const scheduler::TrialCounts& counts) {
  return {{"pending", counts.pending},
          {"in_progress", counts.in_progress},
          {"completed", counts.completed},
          {"failed", counts.failed},
          {"stopped", counts.stopped},
          {"total", counts.pending + counts.in_progress + counts.completed +
                        counts.failed + counts.stopped}};
}

}  // namespace

json JobSummaryJson(const scheduler::JobView& job) {
  const auto& best = job.best_trial;
  return {
      {"name", job.record.name},
      {"status", storage::ToString(job.record.state)},
      {"reason", job.record.reason},
      {"strategy", spec::ToString(job.spec.strategy)},
      {"objective",
       {{"name", job.spec.objective_metric_name},
        {"type", spec::ToString(job.spec.objective_type)}}},
      {"counts", Counts(job.counts)},
      {"max_jobs", job.spec.max_jobs},
      {"max_parallel_jobs", job.spec.max_parallel_jobs},
      {"best_objective",
       best && best->objective ? json(*best->objective) : json(nullptr)},
      {"best_trial_id", best ? json(best->trial_id) : json(nullptr)},
      {"created_at", Time(job.record.created_at)},
      {"ended_at", Time(job.record.ended_at)},
  };
}

json JobDetailJson(const scheduler::JobView& job, bool show_secrets) {
  json out = JobSummaryJson(job);
  json ranges = json::array();
  for (const auto& range : job.spec.ranges) {
    json r = {{"name", range.name}, {"type", TypeName(range.type)}};
    if (range.type == spec::ParameterType::kCategorical) {
      r["values"] = range.values;
    } else {
      r["min"] = range.min;
      r["max"] = range.max;
      r["scaling"] = ScalingName(range.scaling);
    }
    ranges.push_back(std::move(r));
  }
  out["ranges"] = std::move(ranges);
  json statics = json::object();
  for (const auto& [name, value] : job.spec.static_hyperparameters) {
    statics[name] = auth::ShownValue(name, value, show_secrets);
  }
  out["static_hyperparameters"] = std::move(statics);
  out["owner"] = job.record.owner;
  json metrics = json::array();
  for (const auto& metric : job.spec.metric_definitions) {
    metrics.push_back({{"name", metric.name}, {"regex", metric.regex}});
  }
  out["metrics"] = std::move(metrics);
  if (job.spec.training) {
    out["training_command"] = show_secrets
                                  ? job.spec.training->command
                                  : auth::RedactArgv(job.spec.training->command);
  } else {
    out["training_command"] = nullptr;
  }
  out["best_trial"] = job.best_trial ? TrialJson(*job.best_trial) : json(nullptr);
  return out;
}

std::string TrialSource(const storage::TrialRecord& trial) {
  const std::string strategy =
      designers::SuggestionStrategy(trial.suggestion_json);
  return strategy.empty() ? "unknown" : strategy;
}

json TrialJson(const storage::TrialRecord& trial) {
  // Written by the scheduler; a malformed object is shown as none.
  json parameters = json::parse(trial.parameters_json, nullptr,
                                /*allow_exceptions=*/false);
  if (!parameters.is_object()) parameters = json::object();
  return {
      {"id", trial.trial_id},
      {"job", trial.job_name},
      {"seq", trial.seq},
      {"state", storage::ToString(trial.state)},
      {"parameters", std::move(parameters)},
      {"objective", trial.objective ? json(*trial.objective) : json(nullptr)},
      {"created_at", Time(trial.created_at)},
      {"started_at", Time(trial.started_at)},
      {"ended_at", Time(trial.ended_at)},
      {"worker", trial.worker_id},
      {"attempt", trial.attempt},
      {"exit_code", trial.exit_code},
      {"reason", trial.reason},
      {"client_id", trial.client_id},
      {"warnings", trial.warnings},
      {"source", TrialSource(trial)},
  };
}

json PointJson(const storage::MetricPointRecord& point) {
  return {{"metric", point.metric},
          {"step", point.step},
          {"value", point.value},
          {"wall_time", point.wall_time},
          {"attempt", point.attempt}};
}

json EventJson(const storage::EventRecord& event) {
  return {{"id", event.id},
          {"kind", event.kind},
          {"message", event.message},
          {"time", event.time}};
}

std::string Dump(const json& value) {
  return value.dump(-1, ' ', /*ensure_ascii=*/false,
                    json::error_handler_t::replace);
}

}  // namespace tune::dashboard
