#include "tuner/spec/spec_parser.h"

#include <exception>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "re2/re2.h"
#include "tuner/spec/internal/job_options_parser.h"
#include "tuner/spec/internal/range_parser.h"
#include "tuner/spec/internal/single_document.h"
#include "tuner/spec/internal/status_macros.h"
#include "tuner/spec/internal/yaml_fields.h"
#include "tuner/spec/names.h"
#include "yaml-cpp/yaml.h"

namespace tune::spec {
namespace {

using internal::CheckKeys;
using internal::ChildPath;
using internal::FieldError;
using internal::FindKey;
using internal::IndexPath;
using internal::MapEntry;
using internal::ReadChoice;
using internal::ReadInteger;
using internal::ReadIntegerIn;
using internal::ReadList;
using internal::ReadMap;
using internal::ReadScalar;

absl::Status ParseMetricDefinitions(const YAML::Node& node,
                                    std::vector<MetricDefinition>& out) {
  const std::string path = "metric_definitions";
  TUNE_SPEC_ASSIGN_OR_RETURN(std::vector<YAML::Node> items,
                             ReadList(node, path));
  if (items.size() > kMaxMetricDefinitions) {
    return FieldError(path, absl::StrCat("defines ", items.size(),
                                         " metrics; at most ",
                                         kMaxMetricDefinitions, " are allowed"));
  }
  for (size_t i = 0; i < items.size(); ++i) {
    const std::string item_path = IndexPath(path, i);
    TUNE_SPEC_ASSIGN_OR_RETURN(std::vector<MapEntry> entries,
                               ReadMap(items[i], item_path));
    TUNE_SPEC_RETURN_IF_ERROR(CheckKeys(entries, item_path, {"Name", "Regex"}));
    MetricDefinition metric;

    const std::string name_path = ChildPath(item_path, "Name");
    const YAML::Node* name = FindKey(entries, "Name");
    if (name == nullptr) return FieldError(name_path, "is required");
    TUNE_SPEC_ASSIGN_OR_RETURN(metric.name,
                               ReadScalar(*name, name_path, "a string"));
    if (!IsValidMetricName(metric.name)) {
      return FieldError(name_path, kMetricNameRule);
    }
    for (size_t j = 0; j < out.size(); ++j) {
      if (out[j].name == metric.name) {
        return FieldError(name_path,
                          absl::StrCat("duplicate metric name '", metric.name,
                                       "' (also ", IndexPath(path, j), ")"));
      }
    }

    const std::string regex_path = ChildPath(item_path, "Regex");
    const YAML::Node* regex = FindKey(entries, "Regex");
    if (regex == nullptr) return FieldError(regex_path, "is required");
    TUNE_SPEC_ASSIGN_OR_RETURN(metric.regex,
                               ReadScalar(*regex, regex_path, "a string"));
    if (metric.regex.empty())
      return FieldError(regex_path, "must not be empty");
    RE2::Options options;
    options.set_log_errors(false);
    const RE2 re(metric.regex, options);
    if (!re.ok()) {
      return FieldError(
          regex_path,
          absl::StrCat("does not compile as an RE2 regex: ", re.error()));
    }
    if (re.NumberOfCapturingGroups() < 1) {
      return FieldError(regex_path,
                        "has no capture group (the first group must capture "
                        "the metric's value)");
    }
    out.push_back(std::move(metric));
  }
  return absl::OkStatus();
}

absl::StatusOr<TrainingSpec> ParseTraining(const YAML::Node& node) {
  const std::string path = "training";
  TUNE_SPEC_ASSIGN_OR_RETURN(std::vector<MapEntry> entries,
                             ReadMap(node, path));
  TUNE_SPEC_RETURN_IF_ERROR(CheckKeys(
      entries, path, {"command", "gpus_per_trial", "max_runtime_in_seconds"}));
  TrainingSpec training;

  const std::string command_path = ChildPath(path, "command");
  const YAML::Node* command = FindKey(entries, "command");
  if (command == nullptr) {
    return FieldError(command_path,
                      "is required (the trainer's argv, a list of strings)");
  }
  if (command->IsScalar()) {
    return FieldError(command_path,
                      "must be a list of strings (the trainer's argv; it is "
                      "never run through a shell)");
  }
  TUNE_SPEC_ASSIGN_OR_RETURN(std::vector<YAML::Node> args,
                             ReadList(*command, command_path));
  if (args.empty()) {
    return FieldError(command_path, "must name at least the program to run");
  }
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string arg_path = IndexPath(command_path, i);
    TUNE_SPEC_ASSIGN_OR_RETURN(std::string arg,
                               ReadScalar(args[i], arg_path, "a string"));
    if (arg.empty()) return FieldError(arg_path, "must not be empty");
    training.command.push_back(std::move(arg));
  }

  if (const YAML::Node* gpus = FindKey(entries, "gpus_per_trial")) {
    TUNE_SPEC_ASSIGN_OR_RETURN(
        int64_t value, ReadIntegerIn(*gpus, ChildPath(path, "gpus_per_trial"),
                                     0, kMaxGpusPerTrial,
                                     absl::StrCat("0 and ", kMaxGpusPerTrial)));
    training.gpus_per_trial = static_cast<int>(value);
  }
  if (const YAML::Node* runtime = FindKey(entries, "max_runtime_in_seconds")) {
    TUNE_SPEC_ASSIGN_OR_RETURN(
        int64_t value,
        ReadIntegerIn(
            *runtime, ChildPath(path, "max_runtime_in_seconds"), 1,
            kMaxRuntimeInSeconds,
            absl::StrCat("1 and ", kMaxRuntimeInSeconds, " (30 days)")));
    training.max_runtime_in_seconds = static_cast<int>(value);
  }
  return training;
}

absl::Status ParseStaticHyperparameters(const YAML::Node& node, JobSpec& spec) {
  const std::string path = "static_hyperparameters";
  TUNE_SPEC_ASSIGN_OR_RETURN(std::vector<MapEntry> entries,
                             ReadMap(node, path));
  if (entries.size() > internal::kMaxStaticHyperparameters) {
    return FieldError(path, absl::StrCat("defines ", entries.size(),
                                         " values; at most ",
                                         internal::kMaxStaticHyperparameters,
                                         " are allowed"));
  }
  for (const MapEntry& entry : entries) {
    const std::string entry_path = ChildPath(path, entry.key);
    if (!IsValidParameterName(entry.key)) {
      return FieldError(entry_path,
                        absl::StrCat("the name ", kParameterNameRule));
    }
    for (const ParameterRange& range : spec.ranges) {
      if (range.name == entry.key) {
        return FieldError(entry_path,
                          "duplicate name: it is also a hyperparameter range");
      }
    }
    TUNE_SPEC_ASSIGN_OR_RETURN(std::string value,
                               ReadScalar(entry.value, entry_path,
                                          "a single value (string or number)"));
    spec.static_hyperparameters.emplace_back(entry.key, std::move(value));
  }
  return absl::OkStatus();
}

// max_jobs and max_parallel_jobs; requires spec's strategy and ranges. A Grid
// search runs its whole grid: its max_jobs defaults to the grid size, may
// not be smaller, and is lowered to it when larger.
absl::Status ParseJobCounts(const std::vector<MapEntry>& entries,
                            JobSpec& spec) {
  std::optional<int64_t> jobs;
  if (const YAML::Node* max_jobs = FindKey(entries, "max_jobs")) {
    TUNE_SPEC_ASSIGN_OR_RETURN(
        jobs, ReadIntegerIn(*max_jobs, "max_jobs", 1, kMaxJobsLimit,
                            absl::StrCat("1 and ", kMaxJobsLimit)));
  }
  if (spec.strategy == Strategy::kGrid) {
    TUNE_SPEC_ASSIGN_OR_RETURN(
        int64_t points,
        internal::CountGridPoints(spec.ranges, "hyperparameter_ranges",
                                  kMaxJobsLimit));
    if (jobs.has_value() && *jobs < points) {
      return FieldError(
          "max_jobs",
          absl::StrCat("is ", *jobs, " but the grid has ", points,
                       " points, and a Grid search runs them all (leave "
                       "max_jobs out to use the grid size)"));
    }
    jobs = points;
  } else if (!jobs.has_value()) {
    return FieldError("max_jobs",
                      "is required (only a Grid search may leave it out)");
  }
  spec.max_jobs = static_cast<int>(*jobs);

  if (const YAML::Node* parallel = FindKey(entries, "max_parallel_jobs")) {
    TUNE_SPEC_ASSIGN_OR_RETURN(
        int64_t value,
        ReadIntegerIn(*parallel, "max_parallel_jobs", 1, spec.max_jobs,
                      absl::StrCat("1 and max_jobs (", spec.max_jobs, ")")));
    spec.max_parallel_jobs = static_cast<int>(value);
  }
  return absl::OkStatus();
}

absl::StatusOr<JobSpec> ParseDocument(const YAML::Node& root) {
  TUNE_SPEC_ASSIGN_OR_RETURN(std::vector<MapEntry> entries, ReadMap(root, ""));
  TUNE_SPEC_RETURN_IF_ERROR(
      CheckKeys(entries, "",
                {"name", "strategy", "objective_metric_name", "objective_type",
                 "metric_definitions", "max_jobs", "max_parallel_jobs",
                 "hyperparameter_ranges", "static_hyperparameters", "training",
                 "random_seed", "strategy_config", "early_stopping_type",
                 "completion_criteria", "max_runtime_in_seconds",
                 "warm_start_config", "retry_strategy"}));
  JobSpec spec;

  const YAML::Node* name = FindKey(entries, "name");
  if (name == nullptr) return FieldError("name", "is required");
  TUNE_SPEC_ASSIGN_OR_RETURN(spec.name, ReadScalar(*name, "name", "a string"));
  if (!IsValidJobName(spec.name)) {
    return FieldError("name", absl::StrCat(kJobNameRule, " (got '",
                                           absl::CEscape(spec.name), "')"));
  }

  if (const YAML::Node* strategy = FindKey(entries, "strategy")) {
    TUNE_SPEC_ASSIGN_OR_RETURN(
        size_t choice, ReadChoice(*strategy, "strategy",
                                  {"Bayesian", "Random", "Grid", "Hyperband"}));
    spec.strategy = static_cast<Strategy>(choice);
  }

  const YAML::Node* objective = FindKey(entries, "objective_metric_name");
  if (objective == nullptr) {
    return FieldError("objective_metric_name", "is required");
  }
  TUNE_SPEC_ASSIGN_OR_RETURN(
      spec.objective_metric_name,
      ReadScalar(*objective, "objective_metric_name", "a string"));
  if (!IsValidMetricName(spec.objective_metric_name)) {
    return FieldError("objective_metric_name", kMetricNameRule);
  }

  if (const YAML::Node* type = FindKey(entries, "objective_type")) {
    TUNE_SPEC_ASSIGN_OR_RETURN(
        size_t choice,
        ReadChoice(*type, "objective_type", {"Maximize", "Minimize"}));
    spec.objective_type = static_cast<ObjectiveType>(choice);
  }

  if (const YAML::Node* metrics = FindKey(entries, "metric_definitions")) {
    TUNE_SPEC_RETURN_IF_ERROR(
        ParseMetricDefinitions(*metrics, spec.metric_definitions));
  }

  const YAML::Node* ranges = FindKey(entries, "hyperparameter_ranges");
  if (ranges == nullptr) {
    return FieldError("hyperparameter_ranges",
                      "is required (at least one range to tune)");
  }
  TUNE_SPEC_ASSIGN_OR_RETURN(
      spec.ranges,
      internal::ParseRanges(*ranges, "hyperparameter_ranges", spec.strategy));
  TUNE_SPEC_RETURN_IF_ERROR(ParseJobCounts(entries, spec));

  if (const YAML::Node* statics = FindKey(entries, "static_hyperparameters")) {
    TUNE_SPEC_RETURN_IF_ERROR(ParseStaticHyperparameters(*statics, spec));
  }

  if (const YAML::Node* training = FindKey(entries, "training")) {
    TUNE_SPEC_ASSIGN_OR_RETURN(spec.training, ParseTraining(*training));
  }

  if (const YAML::Node* seed = FindKey(entries, "random_seed")) {
    TUNE_SPEC_ASSIGN_OR_RETURN(int64_t value,
                               ReadInteger(*seed, "random_seed"));
    if (value < 0) {
      return FieldError("random_seed",
                        absl::StrCat("must not be negative (got ", value, ")"));
    }
    spec.random_seed = static_cast<uint64_t>(value);
  }

  TUNE_SPEC_RETURN_IF_ERROR(internal::ParseJobOptions(entries, spec));

  // A job with a trainer finds its objective in the trainer's output through
  // metric_definitions; a metric that is never scraped would hang the job.
  if (spec.training.has_value() || !spec.metric_definitions.empty()) {
    bool defined = false;
    for (const MetricDefinition& metric : spec.metric_definitions) {
      defined = defined || metric.name == spec.objective_metric_name;
    }
    if (!defined) {
      return FieldError("objective_metric_name",
                        absl::StrCat("'", spec.objective_metric_name,
                                     "' has no entry in metric_definitions "
                                     "(the trainer's output is scraped with "
                                     "those regexes)"));
    }
  }
  return spec;
}

}  // namespace

absl::StatusOr<JobSpec> ParseJobSpec(std::string_view yaml_text) {
  if (yaml_text.size() > kMaxSpecBytes) {
    return FieldError("",
                      absl::StrCat("is ", yaml_text.size(), " bytes; at most ",
                                   kMaxSpecBytes, " are allowed"));
  }
  absl::StatusOr<YAML::Node> document = internal::LoadSingleDocument(yaml_text);
  if (!document.ok()) return document.status();
  // Reading built nodes should not throw, but yaml-cpp's accessors are
  // allowed to; no exception may escape.
  try {
    return ParseDocument(*document);
  } catch (const std::exception& e) {
    return FieldError("", absl::StrCat("could not be read: ", e.what()));
  }
}

}  // namespace tune::spec
