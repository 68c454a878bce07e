// The example spec from the design brief, and helpers that build variants
// of it, for the spec parser's tests.
//
//   ParseJobSpec(WithRange("x: {type: Continuous, min: 0, max: 1}"));
//   ParseJobSpec(Without("max_jobs"));
//
// Test-only; header-only; stateless.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace tune::spec::testing {

// The example from the design brief, exactly as a user would write it.
inline constexpr char kExample[] = R"(name: cifar10-resnet
strategy: Bayesian            # Bayesian | Random | Grid | Hyperband
objective_metric_name: Validation-accuracy
objective_type: Maximize      # Maximize | Minimize
metric_definitions:
  - Name: Validation-accuracy
    Regex: 'Validation accuracy=([0-9\.]+)'
max_jobs: 20
max_parallel_jobs: 2
hyperparameter_ranges:
  lr:     {type: Continuous, min: 0.2, max: 0.65}
  mom:    {type: Continuous, min: 0.87, max: 0.92}
  epochs: {type: Integer, min: 28, max: 35}
  opt:    {type: Categorical, values: [sgd, nag]}
static_hyperparameters:
  batch_size: 512
training:
  command: [cifar10-trainer, --data-dir, /data/cifar-10-batches-bin]
  gpus_per_trial: 1
random_seed: 7
)";

// The example as sections, so that a case can replace or drop one. Each
// body follows "key:" directly.
inline const std::vector<std::pair<std::string, std::string>>& BaseSections() {
  static const auto* sections =
      new std::vector<std::pair<std::string, std::string>>{
          {"name", " cifar10-resnet"},
          {"strategy", " Bayesian"},
          {"objective_metric_name", " Validation-accuracy"},
          {"objective_type", " Maximize"},
          {"metric_definitions",
           "\n  - Name: Validation-accuracy\n"
           "    Regex: 'Validation accuracy=([0-9\\.]+)'"},
          {"max_jobs", " 20"},
          {"max_parallel_jobs", " 2"},
          {"hyperparameter_ranges",
           "\n  lr:     {type: Continuous, min: 0.2, max: 0.65}"
           "\n  mom:    {type: Continuous, min: 0.87, max: 0.92}"
           "\n  epochs: {type: Integer, min: 28, max: 35}"
           "\n  opt:    {type: Categorical, values: [sgd, nag]}"},
          {"static_hyperparameters", "\n  batch_size: 512"},
          {"training",
           "\n  command: [cifar10-trainer, --data-dir, /data]"
           "\n  gpus_per_trial: 1"},
          {"random_seed", " 7"},
      };
  return *sections;
}

// The example with some sections replaced (nullopt drops one); keys that the
// example lacks are appended.
inline std::string SpecWith(
    const std::map<std::string, std::optional<std::string>>& overrides) {
  std::string text;
  for (const auto& [key, body] : BaseSections()) {
    const auto it = overrides.find(key);
    if (it == overrides.end()) {
      text += key + ":" + body + "\n";
    } else if (it->second.has_value()) {
      text += key + ":" + *it->second + "\n";
    }
  }
  for (const auto& [key, body] : overrides) {
    bool in_base = false;
    for (const auto& section : BaseSections()) in_base |= section.first == key;
    if (!in_base && body.has_value()) text += key + ":" + *body + "\n";
  }
  return text;
}

// The example with one more range, written as "name: {...}".
inline std::string WithRange(const std::string& line) {
  return SpecWith(
      {{"hyperparameter_ranges",
        "\n  lr: {type: Continuous, min: 0.2, max: 0.65}\n  " + line}});
}
inline std::string WithRanges(const std::string& body) {
  return SpecWith({{"hyperparameter_ranges", body}});
}
inline std::string WithMetrics(const std::string& body) {
  return SpecWith({{"metric_definitions", body}});
}
inline std::string WithTraining(const std::string& body) {
  return SpecWith({{"training", body}});
}
inline std::string With(const std::string& key, const std::string& body) {
  return SpecWith({{key, body}});
}
inline std::string Without(const std::string& key) {
  return SpecWith({{key, std::nullopt}});
}

// The example as a Hyperband job: epochs is no longer tuned but static (27,
// so max_resource comes from it). `overrides` are as for SpecWith and win
// over these changes.
inline std::string HyperbandWith(
    std::map<std::string, std::optional<std::string>> overrides = {}) {
  overrides.emplace("strategy", " Hyperband");
  overrides.emplace("hyperparameter_ranges",
                    "\n  lr:  {type: Continuous, min: 0.2, max: 0.65}"
                    "\n  opt: {type: Categorical, values: [sgd, nag]}");
  overrides.emplace("static_hyperparameters",
                    "\n  batch_size: 512\n  epochs: 27");
  return SpecWith(overrides);
}

// The example as a Grid job over 4 * 2 = 8 points (max_jobs 20 is lowered
// to 8). `overrides` are as for SpecWith and win over these changes.
inline std::string GridWith(
    std::map<std::string, std::optional<std::string>> overrides = {}) {
  overrides.emplace("strategy", " Grid");
  overrides.emplace("hyperparameter_ranges",
                    "\n  layers: {type: Integer, min: 2, max: 8, step: 2}"
                    "\n  opt:    {type: Categorical, values: [sgd, nag]}");
  return SpecWith(overrides);
}

}  // namespace tune::spec::testing
