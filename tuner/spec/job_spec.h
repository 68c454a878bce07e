// The validated model of a tuning-job spec.
//
// A JobSpec is only ever made by ParseJobSpec (spec_parser.h), so every
// instance satisfies the rules listed there. Plain data; safe to copy.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace tune::spec {

enum class ParameterType { kContinuous, kInteger, kCategorical };
enum class Scaling { kAuto, kLinear, kLogarithmic, kReverseLogarithmic };
enum class ObjectiveType { kMaximize, kMinimize };
enum class Strategy { kBayesian, kRandom, kGrid, kHyperband };

struct ParameterRange {
  std::string name;
  ParameterType type = ParameterType::kContinuous;
  double min = 0;  // Continuous and Integer
  double max = 0;
  Scaling scaling = Scaling::kAuto;
  std::vector<std::string> values;  // Categorical, in the order given
  int64_t step = 1;  // Integer, Grid only: the grid is min, min+step, ... <= max
};

struct MetricDefinition {
  std::string name;
  std::string regex;  // RE2 syntax, at least one capture group
};

struct TrainingSpec {
  std::vector<std::string> command;  // argv, never run through a shell
  int gpus_per_trial = 0;
  int max_runtime_in_seconds = 0;  // per trial attempt; 0: no limit
};

// strategy_config.hyperband: asynchronous successive halving over a
// resource the trainer reads from its hyperparameters (epochs by default).
struct HyperbandConfig {
  std::string resource_name = "epochs";  // a static hyperparameter's name
  int64_t min_resource = 1;
  int64_t max_resource = 0;  // from the static hyperparameter when left out
  int eta = 3;               // keep the best 1/eta at each rung
  Strategy designer = Strategy::kBayesian;  // kBayesian or kRandom
};

enum class EarlyStoppingType { kOff, kAuto };

struct CompletionCriteria {
  std::optional<double> target_objective_value;
  // best_objective_not_improving.max_number_of_training_jobs_not_improving
  int max_jobs_not_improving = 0;  // 0: off
  bool complete_on_convergence = false;  // convergence_detected
};

enum class WarmStartType { kIdenticalDataAndAlgorithm, kTransferLearning };

struct WarmStartConfig {
  std::vector<std::string> parents;  // 1..5 job names, distinct
  WarmStartType type = WarmStartType::kIdenticalDataAndAlgorithm;
};

struct JobSpec {
  std::string name;
  Strategy strategy = Strategy::kBayesian;
  std::string objective_metric_name;
  ObjectiveType objective_type = ObjectiveType::kMaximize;
  std::vector<MetricDefinition> metric_definitions;
  int max_jobs = 0;
  int max_parallel_jobs = 1;
  std::vector<ParameterRange> ranges;  // in the order of the spec
  // name -> value as text, in the order of the spec.
  std::vector<std::pair<std::string, std::string>> static_hyperparameters;
  std::optional<TrainingSpec> training;  // absent: an ask/tell job
  uint64_t random_seed = 0;  // 0 when the spec gives none

  std::optional<HyperbandConfig> hyperband;  // set iff strategy is Hyperband
  EarlyStoppingType early_stopping_type = EarlyStoppingType::kOff;
  CompletionCriteria completion_criteria;
  int max_runtime_in_seconds = 0;  // the whole job; 0: no limit
  std::optional<WarmStartConfig> warm_start;
  int maximum_retry_attempts = 0;  // retry_strategy; infrastructure failures
};

const char* ToString(Strategy strategy);
const char* ToString(ObjectiveType type);
const char* ToString(WarmStartType type);

// True when `a` is a better objective value than `b` under `type`. Ties are
// not better; NaN is never better, and any number is better than NaN.
bool IsBetter(ObjectiveType type, double a, double b);

}  // namespace tune::spec
