#include "tuner/spec/internal/job_options_parser.h"

#include <charconv>
#include <cstdint>
#include <string>
#include <system_error>
#include <utility>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "tuner/spec/internal/status_macros.h"
#include "tuner/spec/names.h"
#include "tuner/spec/spec_parser.h"

namespace tune::spec::internal {
namespace {

constexpr char kHyperbandPath[] = "strategy_config.hyperband";

std::string HyperbandPath(absl::string_view key) {
  return ChildPath(kHyperbandPath, key);
}

// A required key of a section: its value, or the "is required" error.
absl::StatusOr<const YAML::Node*> Required(const std::vector<MapEntry>& entries,
                                           absl::string_view path,
                                           absl::string_view key,
                                           absl::string_view hint) {
  const YAML::Node* node = FindKey(entries, key);
  if (node == nullptr) {
    return FieldError(ChildPath(path, key), absl::StrCat("is required", hint));
  }
  return node;
}

// strategy_config, with the defaults of what it leaves out. max_resource
// stays 0 when left out; FinishHyperband fills it in.
absl::StatusOr<HyperbandConfig> ParseStrategyConfig(const YAML::Node& node) {
  const std::string path = "strategy_config";
  TUNE_SPEC_ASSIGN_OR_RETURN(std::vector<MapEntry> entries,
                             ReadMap(node, path));
  TUNE_SPEC_RETURN_IF_ERROR(CheckKeys(entries, path, {"hyperband"}));
  TUNE_SPEC_ASSIGN_OR_RETURN(
      const YAML::Node* hyperband,
      Required(entries, path, "hyperband", " (Hyperband's settings)"));
  TUNE_SPEC_ASSIGN_OR_RETURN(std::vector<MapEntry> fields,
                             ReadMap(*hyperband, kHyperbandPath));
  TUNE_SPEC_RETURN_IF_ERROR(CheckKeys(
      fields, kHyperbandPath,
      {"min_resource", "max_resource", "eta", "resource_name", "designer"}));
  HyperbandConfig config;

  if (const YAML::Node* min = FindKey(fields, "min_resource")) {
    const std::string min_path = HyperbandPath("min_resource");
    TUNE_SPEC_ASSIGN_OR_RETURN(config.min_resource,
                               ReadInteger(*min, min_path));
    if (config.min_resource < 1) {
      return FieldError(min_path, absl::StrCat("must be at least 1 (got ",
                                               config.min_resource, ")"));
    }
  }
  if (const YAML::Node* max = FindKey(fields, "max_resource")) {
    const std::string max_path = HyperbandPath("max_resource");
    TUNE_SPEC_ASSIGN_OR_RETURN(config.max_resource,
                               ReadInteger(*max, max_path));
    if (config.max_resource <= config.min_resource) {
      return FieldError(max_path,
                        absl::StrCat("must be greater than min_resource (",
                                     config.min_resource, ") (got ",
                                     config.max_resource, ")"));
    }
  }
  if (const YAML::Node* eta = FindKey(fields, "eta")) {
    TUNE_SPEC_ASSIGN_OR_RETURN(
        int64_t value,
        ReadIntegerIn(*eta, HyperbandPath("eta"), 2, 10, "2 and 10"));
    config.eta = static_cast<int>(value);
  }
  if (const YAML::Node* name = FindKey(fields, "resource_name")) {
    const std::string name_path = HyperbandPath("resource_name");
    TUNE_SPEC_ASSIGN_OR_RETURN(config.resource_name,
                               ReadScalar(*name, name_path, "a string"));
    if (!IsValidParameterName(config.resource_name)) {
      return FieldError(
          name_path, absl::StrCat("the name ", kParameterNameRule, " (got '",
                                  absl::CEscape(config.resource_name), "')"));
    }
  }
  if (const YAML::Node* designer = FindKey(fields, "designer")) {
    TUNE_SPEC_ASSIGN_OR_RETURN(size_t choice,
                               ReadChoice(*designer, HyperbandPath("designer"),
                                          {"Bayesian", "Random"}));
    config.designer = choice == 0 ? Strategy::kBayesian : Strategy::kRandom;
  }
  return config;
}

// The rules a Hyperband job's config shares with the rest of the spec, and
// max_resource from the static hyperparameter when strategy_config left it
// out.
absl::Status FinishHyperband(JobSpec& spec) {
  HyperbandConfig& config = *spec.hyperband;
  if (!spec.training.has_value()) {
    return FieldError(
        "training",
        absl::StrCat("is required when strategy is Hyperband (each trial "
                     "is given its resource through the hyperparameter ",
                     config.resource_name, ")"));
  }
  for (const ParameterRange& range : spec.ranges) {
    if (range.name == config.resource_name) {
      return FieldError(
          HyperbandPath("resource_name"),
          absl::StrCat("'", config.resource_name,
                       "' is a tuned range in hyperparameter_ranges, but "
                       "Hyperband sets its resource itself (resource_name "
                       "defaults to epochs; name one that is not tuned)"));
    }
  }
  if (config.max_resource != 0) return absl::OkStatus();

  const std::string* text = nullptr;
  for (const auto& [name, value] : spec.static_hyperparameters) {
    if (name == config.resource_name) text = &value;
  }
  if (text == nullptr) {
    return FieldError(
        HyperbandPath("max_resource"),
        absl::StrCat("is required when static_hyperparameters has no '",
                     config.resource_name, "' to take it from"));
  }
  const std::string static_path =
      ChildPath("static_hyperparameters", config.resource_name);
  int64_t value = 0;
  const char* end = text->data() + text->size();
  const auto [ptr, ec] = std::from_chars(text->data(), end, value);
  if (ec != std::errc() || ptr != end) {
    return FieldError(
        static_path,
        absl::StrCat("must be an integer, as Hyperband's max_resource is "
                     "taken from it (got '",
                     absl::CEscape(*text), "')"));
  }
  if (value <= config.min_resource) {
    return FieldError(
        static_path,
        absl::StrCat("must be greater than ", HyperbandPath("min_resource"),
                     " (", config.min_resource, "), as Hyperband's ",
                     "max_resource is taken from it (got ", value, ")"));
  }
  config.max_resource = value;
  return absl::OkStatus();
}

absl::Status ParseEarlyStopping(const YAML::Node& node, JobSpec& spec) {
  const std::string path = "early_stopping_type";
  TUNE_SPEC_ASSIGN_OR_RETURN(size_t choice,
                             ReadChoice(node, path, {"Off", "Auto"}));
  spec.early_stopping_type = static_cast<EarlyStoppingType>(choice);
  if (spec.early_stopping_type != EarlyStoppingType::kAuto) {
    return absl::OkStatus();
  }
  if (spec.strategy == Strategy::kHyperband) {
    return FieldError(path,
                      "Auto cannot be used with strategy Hyperband, which "
                      "stops trials itself");
  }
  if (!spec.training.has_value()) {
    return FieldError(path,
                      "Auto needs a training section (trials are stopped by "
                      "the metrics their trainer prints)");
  }
  return absl::OkStatus();
}

absl::StatusOr<CompletionCriteria> ParseCompletionCriteria(
    const YAML::Node& node) {
  const std::string path = "completion_criteria";
  TUNE_SPEC_ASSIGN_OR_RETURN(std::vector<MapEntry> entries,
                             ReadMap(node, path));
  TUNE_SPEC_RETURN_IF_ERROR(
      CheckKeys(entries, path,
                {"target_objective_value", "best_objective_not_improving",
                 "convergence_detected"}));
  CompletionCriteria criteria;

  if (const YAML::Node* target = FindKey(entries, "target_objective_value")) {
    TUNE_SPEC_ASSIGN_OR_RETURN(
        criteria.target_objective_value,
        ReadNumber(*target, ChildPath(path, "target_objective_value")));
  }
  if (const YAML::Node* best =
          FindKey(entries, "best_objective_not_improving")) {
    const std::string best_path =
        ChildPath(path, "best_objective_not_improving");
    TUNE_SPEC_ASSIGN_OR_RETURN(std::vector<MapEntry> fields,
                               ReadMap(*best, best_path));
    constexpr char kKey[] = "max_number_of_training_jobs_not_improving";
    TUNE_SPEC_RETURN_IF_ERROR(CheckKeys(fields, best_path, {kKey}));
    TUNE_SPEC_ASSIGN_OR_RETURN(const YAML::Node* count,
                               Required(fields, best_path, kKey, ""));
    TUNE_SPEC_ASSIGN_OR_RETURN(
        int64_t value,
        ReadIntegerIn(*count, ChildPath(best_path, kKey), 3, kMaxJobsLimit,
                      absl::StrCat("3 and ", kMaxJobsLimit)));
    criteria.max_jobs_not_improving = static_cast<int>(value);
  }
  if (const YAML::Node* convergence =
          FindKey(entries, "convergence_detected")) {
    const std::string convergence_path =
        ChildPath(path, "convergence_detected");
    TUNE_SPEC_ASSIGN_OR_RETURN(std::vector<MapEntry> fields,
                               ReadMap(*convergence, convergence_path));
    TUNE_SPEC_RETURN_IF_ERROR(
        CheckKeys(fields, convergence_path, {"complete_on_convergence"}));
    TUNE_SPEC_ASSIGN_OR_RETURN(
        const YAML::Node* complete,
        Required(fields, convergence_path, "complete_on_convergence",
                 " (Enabled or Disabled)"));
    TUNE_SPEC_ASSIGN_OR_RETURN(
        size_t choice,
        ReadChoice(*complete,
                   ChildPath(convergence_path, "complete_on_convergence"),
                   {"Disabled", "Enabled"}));
    criteria.complete_on_convergence = choice == 1;
  }
  return criteria;
}

absl::StatusOr<WarmStartConfig> ParseWarmStart(const YAML::Node& node,
                                               const std::string& job_name) {
  const std::string path = "warm_start_config";
  TUNE_SPEC_ASSIGN_OR_RETURN(std::vector<MapEntry> entries,
                             ReadMap(node, path));
  TUNE_SPEC_RETURN_IF_ERROR(CheckKeys(entries, path, {"parents", "type"}));
  WarmStartConfig config;

  const std::string parents_path = ChildPath(path, "parents");
  TUNE_SPEC_ASSIGN_OR_RETURN(
      const YAML::Node* parents,
      Required(entries, path, "parents",
               absl::StrCat(" (1 to ", kMaxWarmStartParents,
                            " earlier jobs to learn from)")));
  TUNE_SPEC_ASSIGN_OR_RETURN(std::vector<YAML::Node> items,
                             ReadList(*parents, parents_path));
  if (items.empty() || items.size() > size_t{kMaxWarmStartParents}) {
    return FieldError(parents_path,
                      absl::StrCat("must list 1 to ", kMaxWarmStartParents,
                                   " parent jobs (got ", items.size(), ")"));
  }
  for (size_t i = 0; i < items.size(); ++i) {
    const std::string item_path = IndexPath(parents_path, i);
    TUNE_SPEC_ASSIGN_OR_RETURN(std::string parent,
                               ReadScalar(items[i], item_path, "a job name"));
    if (!IsValidJobName(parent)) {
      return FieldError(item_path, absl::StrCat(kJobNameRule, " (got '",
                                                absl::CEscape(parent), "')"));
    }
    if (parent == job_name) {
      return FieldError(item_path,
                        absl::StrCat("'", parent,
                                     "' is this job's own name; a job cannot "
                                     "warm-start from itself"));
    }
    for (size_t j = 0; j < config.parents.size(); ++j) {
      if (config.parents[j] == parent) {
        return FieldError(item_path, absl::StrCat("duplicate parent '", parent,
                                                  "' (also at index ", j, ")"));
      }
    }
    config.parents.push_back(std::move(parent));
  }

  TUNE_SPEC_ASSIGN_OR_RETURN(
      const YAML::Node* type,
      Required(entries, path, "type",
               " (IdenticalDataAndAlgorithm or TransferLearning)"));
  TUNE_SPEC_ASSIGN_OR_RETURN(
      size_t choice,
      ReadChoice(*type, ChildPath(path, "type"),
                 {"IdenticalDataAndAlgorithm", "TransferLearning"}));
  config.type = static_cast<WarmStartType>(choice);
  return config;
}

absl::StatusOr<int> ParseRetryStrategy(const YAML::Node& node) {
  const std::string path = "retry_strategy";
  TUNE_SPEC_ASSIGN_OR_RETURN(std::vector<MapEntry> entries,
                             ReadMap(node, path));
  TUNE_SPEC_RETURN_IF_ERROR(
      CheckKeys(entries, path, {"maximum_retry_attempts"}));
  TUNE_SPEC_ASSIGN_OR_RETURN(
      const YAML::Node* attempts,
      Required(entries, path, "maximum_retry_attempts", ""));
  TUNE_SPEC_ASSIGN_OR_RETURN(
      int64_t value,
      ReadIntegerIn(*attempts, ChildPath(path, "maximum_retry_attempts"), 0,
                    kMaxRetryAttempts,
                    absl::StrCat("0 and ", kMaxRetryAttempts)));
  return static_cast<int>(value);
}

}  // namespace

absl::Status ParseJobOptions(const std::vector<MapEntry>& entries,
                             JobSpec& spec) {
  if (const YAML::Node* config = FindKey(entries, "strategy_config")) {
    if (spec.strategy != Strategy::kHyperband) {
      return FieldError("strategy_config",
                        absl::StrCat("is only for strategy Hyperband (strategy "
                                     "is ",
                                     ToString(spec.strategy), ")"));
    }
    TUNE_SPEC_ASSIGN_OR_RETURN(spec.hyperband, ParseStrategyConfig(*config));
  }
  if (spec.strategy == Strategy::kHyperband) {
    if (!spec.hyperband.has_value()) spec.hyperband.emplace();
    TUNE_SPEC_RETURN_IF_ERROR(FinishHyperband(spec));
  }

  if (const YAML::Node* type = FindKey(entries, "early_stopping_type")) {
    TUNE_SPEC_RETURN_IF_ERROR(ParseEarlyStopping(*type, spec));
  }

  if (const YAML::Node* criteria = FindKey(entries, "completion_criteria")) {
    TUNE_SPEC_ASSIGN_OR_RETURN(spec.completion_criteria,
                               ParseCompletionCriteria(*criteria));
  }

  if (const YAML::Node* runtime = FindKey(entries, "max_runtime_in_seconds")) {
    TUNE_SPEC_ASSIGN_OR_RETURN(
        int64_t value,
        ReadIntegerIn(
            *runtime, "max_runtime_in_seconds", 1, kMaxRuntimeInSeconds,
            absl::StrCat("1 and ", kMaxRuntimeInSeconds, " (30 days)")));
    spec.max_runtime_in_seconds = static_cast<int>(value);
  }

  if (const YAML::Node* warm_start = FindKey(entries, "warm_start_config")) {
    TUNE_SPEC_ASSIGN_OR_RETURN(spec.warm_start,
                               ParseWarmStart(*warm_start, spec.name));
  }

  if (const YAML::Node* retry = FindKey(entries, "retry_strategy")) {
    TUNE_SPEC_ASSIGN_OR_RETURN(spec.maximum_retry_attempts,
                               ParseRetryStrategy(*retry));
  }
  return absl::OkStatus();
}

}  // namespace tune::spec::internal
