// Parsing and validation of a tuning job's YAML spec into a JobSpec.
//
// The vocabulary is SageMaker's HyperparameterTuner's:
//
//   name: cifar10-resnet          # required; names.h has the rule
//   strategy: Bayesian            # Bayesian (default) | Random | Grid |
//                                 # Hyperband
//   strategy_config:              # only for Hyperband
//     hyperband:                  # required here
//       min_resource: 1           # integer >= 1, default 1
//       max_resource: 27          # integer > min_resource; default: the
//                                 # static hyperparameter resource_name
//       eta: 3                    # 2..10, default 3
//       resource_name: epochs     # default epochs; not a tuned range
//       designer: Bayesian        # Bayesian (default) | Random
//   objective_metric_name: Validation-accuracy   # required
//   objective_type: Maximize      # Maximize (default) | Minimize
//   metric_definitions:           # Name and Regex (RE2, >= 1 capture group)
//     - Name: Validation-accuracy
//       Regex: 'Validation accuracy=([0-9\.]+)'
//   max_jobs: 20                  # 1..kMaxJobsLimit; required but for Grid
//   max_parallel_jobs: 2          # 1..max_jobs, default 1
//   hyperparameter_ranges:        # required, >= 1; internal/range_parser.h
//     lr:  {type: Continuous, min: 0.2, max: 0.65, scaling: Logarithmic}
//     opt: {type: Categorical, values: [sgd, nag]}
//     layers: {type: Integer, min: 2, max: 8, step: 2}   # step: Grid only
//   static_hyperparameters:       # name -> scalar, kept as the text written
//     batch_size: 512
//   training:                     # absent: an ask/tell job
//     command: [trainer, --data-dir, /data]   # argv, non-empty strings
//     gpus_per_trial: 1           # 0..kMaxGpusPerTrial, default 0
//     max_runtime_in_seconds: 600 # per trial, 1..kMaxRuntimeInSeconds
//   random_seed: 7                # >= 0, default 0
//   early_stopping_type: Off      # Off (default) | Auto
//   completion_criteria:
//     target_objective_value: 0.93              # a finite number
//     best_objective_not_improving:
//       max_number_of_training_jobs_not_improving: 5   # required here,
//                                                      # 3..kMaxJobsLimit
//     convergence_detected:
//       complete_on_convergence: Enabled        # required here; Enabled |
//                                               # Disabled
//   max_runtime_in_seconds: 3600  # the whole job, 1..kMaxRuntimeInSeconds
//   warm_start_config:
//     parents: [job-a, job-b]     # required, 1..kMaxWarmStartParents
//                                 # distinct job names, not this job's
//     type: TransferLearning      # required: IdenticalDataAndAlgorithm |
//                                 # TransferLearning
//   retry_strategy:
//     maximum_retry_attempts: 2   # required here, 0..kMaxRetryAttempts;
//                                 # 0 without retry_strategy
//
// Every rule is checked: unknown or repeated keys at any level, wrong types
// (quoted or bool values where numbers go, fractions where integers go),
// missing fields, bad bounds and scalings, duplicate names (a range and a
// static hyperparameter share one namespace), regexes that do not compile or
// capture nothing, and an objective metric that metric_definitions lacks
// (required when there is a training section or any metric definition).
// Whether a job of that name (or a warm-start parent) exists is for storage
// to say.
//
// Grid: every range is Categorical or Integer, and the grid (the product of
// the ranges' value counts; an Integer range has floor((max - min) / step)
// + 1) has at most kMaxJobsLimit points. max_jobs defaults to the grid size;
// a smaller one is an error and a larger one is lowered to it.
// Hyperband: JobSpec::hyperband is set, with its defaults when there is no
// strategy_config; a training section is required; max_resource, when left
// out, is the integer value of the static hyperparameter resource_name.
// early_stopping_type Auto needs a training section and is not for
// Hyperband, which stops trials itself.
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
inline constexpr int kMaxRuntimeInSeconds = 30 * 24 * 60 * 60;  // 30 days
inline constexpr int kMaxWarmStartParents = 5;
inline constexpr int kMaxRetryAttempts = 30;
inline constexpr size_t kMaxMetricDefinitions = 100;

// Errors: InvalidArgument whose message starts with the path of the
// offending field, e.g. "hyperparameter_ranges.lr.min: must be less than max
// (0.7 >= 0.65)" or "metric_definitions[1].Regex: has no capture group".
// Malformed YAML reads "spec: malformed YAML at line L, column C: ...", and
// problems with the document as a whole start with "spec:".
absl::StatusOr<JobSpec> ParseJobSpec(std::string_view yaml_text);

}  // namespace tune::spec
