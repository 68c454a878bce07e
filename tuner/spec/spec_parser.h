// Parsing and validation of a tuning job's YAML spec into a JobSpec.
//
// The vocabulary is SageMaker's HyperparameterTuner's:
//
//   name: cifar10-resnet          # required; names.h has the rule
//   strategy: Bayesian            # Bayesian (default) | Random | Grid |
//   Hyperband objective_metric_name: Validation-accuracy   # required
//   objective_type: Maximize      # Maximize (default) | Minimize
//   metric_definitions:           # Name and Regex (RE2, >= 1 capture group)
//     - Name: Validation-accuracy
//       Regex: 'Validation accuracy=([0-9\.]+)'
//   max_jobs: 20                  # required, 1..kMaxJobsLimit
//   max_parallel_jobs: 2          # 1..max_jobs, default 1
//   hyperparameter_ranges:        # required, >= 1; internal/range_parser.h
//     lr:  {type: Continuous, min: 0.2, max: 0.65, scaling: Logarithmic}
//     opt: {type: Categorical, values: [sgd, nag]}
//   static_hyperparameters:       # name -> scalar, kept as the text written
//     batch_size: 512
//   training:                     # absent: an ask/tell job
//     command: [trainer, --data-dir, /data]   # argv, non-empty strings
//     gpus_per_trial: 1           # 0..kMaxGpusPerTrial, default 0
//   random_seed: 7                # >= 0, default 0
//
// Every rule is checked: unknown or repeated keys at any level, wrong types
// (quoted or bool values where numbers go, fractions where integers go),
// missing fields, bad bounds and scalings, duplicate names (a range and a
// static hyperparameter share one namespace), regexes that do not compile or
// capture nothing, and an objective metric that metric_definitions lacks
// (required when there is a training section or any metric definition).
// Whether a job of that name already exists is for storage to say.
//
// Stateless; safe to call from any thread. Never throws.
#pragma once

#include <cstddef>
#include <string_view>

#include "absl/status/statusor.h"
#include "tuner/spec/job_spec.h"

namespace tune::spec {

inline constexpr size_t kMaxSpecBytes = size_t{1} << 20;
inline constexpr int kMaxJobsLimit = 100000;
inline constexpr int kMaxGpusPerTrial = 64;

// Errors: InvalidArgument whose message starts with the path of the
// offending field, e.g. "hyperparameter_ranges.lr.min: must be less than max
// (0.7 >= 0.65)" or "metric_definitions[1].Regex: has no capture group".
// Malformed YAML reads "spec: malformed YAML at line L, column C: ...", and
// problems with the document as a whole start with "spec:".
absl::StatusOr<JobSpec> ParseJobSpec(std::string_view yaml_text);

}  // namespace tune::spec
