#include "tuner/cli/format.h"

#include <time.h>

#include <google/protobuf/util/json_util.h>

#include <cstdio>
#include <ctime>
#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "tuner/cli/table.h"
#include "tuner/designers/suggestion_reason.h"

namespace tune::cli {

std::string FormatState(tune::v1::JobState state) {
  switch (state) {
    case tune::v1::JOB_IN_PROGRESS: return "InProgress";
    case tune::v1::JOB_COMPLETED: return "Completed";
    case tune::v1::JOB_FAILED: return "Failed";
    case tune::v1::JOB_STOPPING: return "Stopping";
    case tune::v1::JOB_STOPPED: return "Stopped";
    default: return "Unknown";
  }
}

std::string FormatState(tune::v1::TrialState state) {
  switch (state) {
    case tune::v1::TRIAL_PENDING: return "Pending";
    case tune::v1::TRIAL_IN_PROGRESS: return "InProgress";
    case tune::v1::TRIAL_COMPLETED: return "Completed";
    case tune::v1::TRIAL_FAILED: return "Failed";
    case tune::v1::TRIAL_STOPPED: return "Stopped";
    default: return "Unknown";
  }
}

std::string FormatNumber(double value) { return absl::StrFormat("%.6g", value); }

std::string FormatValue(const tune::v1::ParameterValue& value) {
  switch (value.kind_case()) {
    case tune::v1::ParameterValue::kDoubleValue:
      return FormatNumber(value.double_value());
    case tune::v1::ParameterValue::kIntValue:
      return absl::StrCat(value.int_value());
    case tune::v1::ParameterValue::kStringValue:
      return value.string_value();
    default:
      return "";
  }
}

std::string FormatHyperparameters(const tune::v1::Trial& trial) {
  // proto maps have no order; sort for stable output.
  std::map<std::string, std::string> sorted;
  for (const auto& [name, value] : trial.hyperparameters()) {
    sorted[name] = FormatValue(value);
  }
  std::string text;
  for (const auto& [name, value] : sorted) {
    absl::StrAppend(&text, text.empty() ? "" : " ", name, "=", value);
  }
  return text;
}

std::string FormatCounts(const tune::v1::TuningJob& job) {
  const auto& c = job.counts();
  return absl::StrCat(c.completed(), " completed, ", c.in_progress(),
                      " running, ", c.pending(), " pending, ", c.failed(),
                      " failed, ", c.stopped(), " stopped of ", job.max_jobs());
}

std::string FormatDuration(double seconds) {
  const int64_t total = static_cast<int64_t>(seconds + 0.5);
  if (total < 60) return absl::StrCat(total, "s");
  if (total < 3600) return absl::StrFormat("%dm %02ds", total / 60, total % 60);
  return absl::StrFormat("%dh %02dm", total / 3600, total / 60 % 60);
}

std::string FormatTimestamp(double seconds) {
  const time_t whole = static_cast<time_t>(seconds);
  struct tm utc;
  gmtime_r(&whole, &utc);
  char text[64];
  strftime(text, sizeof(text), "%Y-%m-%d %H:%M:%S UTC", &utc);
  return text;
}

void PrintIdentity(const tune::v1::WhoAmIResponse& who, std::ostream& out) {
  out << "Caller:     " << who.name() << " (" << who.role()
      << (who.authenticated() ? "" : ", no authentication: loopback") << ")\n";
}

void PrintJson(const google::protobuf::Message& message, std::ostream& out) {
  std::string json;
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  options.preserve_proto_field_names = true;
  (void)google::protobuf::util::MessageToJsonString(message, &json, options);
  out << json;
}

void PrintJob(const tune::v1::TuningJob& job, std::ostream& out) {
  out << "Name:       " << job.name() << "\n"
      << "Status:     " << FormatState(job.state())
      << (job.reason().empty() ? "" : " (" + job.reason() + ")") << "\n"
      << "Strategy:   " << job.strategy() << (job.ask_tell() ? " (ask/tell)" : "")
      << "\n"
      << "Objective:  " << job.objective_type() << " "
      << job.objective_metric_name() << "\n"
      << "Trials:     " << FormatCounts(job) << " (max "
      << job.max_parallel_jobs() << " in parallel)\n"
      << "Elapsed:    " << FormatDuration(job.consumed_seconds()) << "\n"
      << "Owner:      " << (job.owner().empty() ? "-" : job.owner()) << "\n";
  if (job.has_best_trial()) {
    const auto& best = job.best_trial();
    out << "Best trial: " << best.id() << "  "
        << job.objective_metric_name() << "=" << FormatNumber(best.objective())
        << "  " << FormatHyperparameters(best) << "\n";
  } else {
    out << "Best trial: none yet\n";
  }
}

void PrintModelBest(const tune::v1::ModelBest& best,
                    const std::string& metric, std::ostream& out) {
  if (!best.has_trial()) {
    out << "Best by model: none (" << best.note() << ")\n";
    return;
  }
  out << "Best by model: " << best.trial().id() << "  predicted " << metric
      << "=" << FormatNumber(best.predicted_objective()) << " (observed "
      << FormatNumber(best.trial().objective()) << ")  "
      << FormatHyperparameters(best.trial()) << "\n";
}

void PrintJobsTable(const tune::v1::ListTuningJobsResponse& jobs,
                    std::ostream& out) {
  Table table({"NAME", "STATUS", "STRATEGY", "DONE", "RUNNING", "BEST",
               "ELAPSED"});
  for (const auto& job : jobs.jobs()) {
    const auto& c = job.counts();
    table.AddRow({job.name(), FormatState(job.state()), job.strategy(),
                  absl::StrCat(c.completed() + c.failed() + c.stopped(), "/",
                               job.max_jobs()),
                  absl::StrCat(c.in_progress()),
                  job.has_best_trial() ? FormatNumber(job.best_trial().objective())
                                       : "-",
                  FormatDuration(job.consumed_seconds())});
  }
  table.Print(out);
}

void PrintTrialsTable(const tune::v1::ListTrialsResponse& trials,
                      std::ostream& out) {
  Table table({"TRIAL", "STATUS", "OBJECTIVE", "HYPERPARAMETERS", "FROM",
               "WORKER", "SECONDS", "REASON"});
  for (const auto& trial : trials.trials()) {
    const double end = trial.ended_at() > 0 ? trial.ended_at() : 0;
    const std::string source =
        designers::SuggestionStrategy(trial.suggestion_json());
    table.AddRow({trial.id(), FormatState(trial.state()),
                  trial.has_objective() ? FormatNumber(trial.objective()) : "-",
                  FormatHyperparameters(trial), source.empty() ? "-" : source,
                  trial.worker_id().empty() ? "-" : trial.worker_id(),
                  end > 0 && trial.started_at() > 0
                      ? absl::StrFormat("%.1f", end - trial.started_at())
                      : "-",
                  trial.reason()});
  }
  table.Print(out);
}

void PrintTrial(const tune::v1::DescribeTrialResponse& response,
                std::ostream& out) {
  const auto& trial = response.trial();
  out << "Trial:      " << trial.id() << " (job " << trial.job_name() << ")\n"
      << "Status:     " << FormatState(trial.state())
      << (trial.reason().empty() ? "" : " (" + trial.reason() + ")") << "\n"
      << "Objective:  "
      << (trial.has_objective() ? FormatNumber(trial.objective()) : "-") << "\n"
      << "Hyperparameters: " << FormatHyperparameters(trial) << "\n";
  std::map<std::string, std::string> statics;
  for (const auto& [name, value] : response.static_hyperparameters()) {
    statics[name] = FormatValue(value);
  }
  if (!statics.empty()) {
    out << "Static:    ";
    for (const auto& [name, value] : statics) out << " " << name << "=" << value;
    out << "\n";
  }
  out << "Worker:     " << (trial.worker_id().empty() ? "-" : trial.worker_id())
      << "  attempt " << trial.attempt() << "  exit code "
      << (trial.exit_code() < 0 ? std::string("-")
                                : absl::StrCat(trial.exit_code()))
      << "\n";
  for (const auto& earlier : trial.earlier_attempts()) {
    out << "Attempt " << earlier.attempt() << ":  on "
        << (earlier.worker_id().empty() ? "-" : earlier.worker_id())
        << ", failed after "
        << FormatDuration(earlier.ended_at() - earlier.started_at()) << " ("
        << earlier.reason() << "), retried\n";
  }
  for (const auto& warning : trial.warnings()) {
    out << "Warning:    " << warning << "\n";
  }
  if (!trial.suggestion_json().empty() && trial.suggestion_json() != "{}") {
    out << "Suggested:  " << trial.suggestion_json() << "\n";
  }
  for (const auto& series : response.metrics()) {
    out << "Metric " << series.metric() << " (";
    if (series.total_points() > series.points_size()) {
      out << series.points_size() << " of " << series.total_points()
          << " points shown, evenly spaced):";
    } else {
      out << series.points_size() << " points):";
    }
    for (const auto& point : series.points()) {
      out << " " << point.step() << ":" << FormatNumber(point.value());
    }
    out << "\n";
  }
  if (!trial.log_tail().empty()) {
    out << "Log (last lines):\n" << trial.log_tail();
    if (trial.log_tail().back() != '\n') out << "\n";
  }
}

void PrintEvent(const tune::v1::JobEvent& event, std::ostream& out) {
  const std::time_t seconds = static_cast<std::time_t>(event.time());
  std::tm local{};
  localtime_r(&seconds, &local);
  char clock[16];
  std::strftime(clock, sizeof(clock), "%H:%M:%S", &local);
  out << clock << "  " << event.kind();
  if (!event.trial_id().empty()) out << " " << event.trial_id();
  if (!event.message().empty()) out << ": " << event.message();
  const auto& job = event.job();
  out << "  [" << FormatCounts(job);
  if (job.has_best_trial()) {
    out << "; best " << FormatNumber(job.best_trial().objective());
  }
  out << "]\n";
}

}  // namespace tune::cli
