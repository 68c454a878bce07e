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
};

struct MetricDefinition {
  std::string name;
  std::string regex;  // RE2 syntax, at least one capture group
};

struct TrainingSpec {
  std::vector<std::string> command;  // argv, never run through a shell
  int gpus_per_trial = 0;
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
};

const char* ToString(Strategy strategy);
const char* ToString(ObjectiveType type);

// True when `a` is a better objective value than `b` under `type`. Ties are
// not better; NaN is never better, and any number is better than NaN.
bool IsBetter(ObjectiveType type, double a, double b);

}  // namespace tune::spec
