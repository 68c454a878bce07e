// The spec parser's rules for Grid and Hyperband and for the job options
// (early stopping, completion criteria, runtimes, warm start, retries), one
// bad input each, as in spec_parser_errors_test.cc: the error must be
// InvalidArgument and its message must start with the offending field's path.
#include <catch2/catch.hpp>
#include <optional>
#include <string>
#include <vector>

#include "tuner/spec/spec_parser.h"
#include "tuner/spec/testing/bad_spec_case.h"
#include "tuner/spec/testing/example_spec.h"

namespace tune::spec {
namespace {

using testing::BadCase;
using testing::CheckFieldError;
using testing::GridWith;
using testing::HyperbandWith;
using testing::SpecWith;
using testing::With;
using testing::WithRange;
using testing::WithTraining;


std::vector<BadCase> BadCases() {
  const std::string hb = "\n  hyperband:";
  return {
      // --- Grid ---
      {"Grid over a Continuous range",
       GridWith({{"hyperparameter_ranges",
                  "\n  lr: {type: Continuous, min: 0.2, max: 0.65}"}}),
       "hyperparameter_ranges.lr", "cannot enumerate a Continuous range"},
      {"Grid larger than the max_jobs limit",
       GridWith({{"hyperparameter_ranges",
                  "\n  a: {type: Integer, min: 1, max: 1000}"
                  "\n  b: {type: Integer, min: 0, max: 100}"}}),
       "hyperparameter_ranges", "more than 100000 points"},
      {"Grid whose count would overflow",
       GridWith({{"hyperparameter_ranges",
                  "\n  a: {type: Integer, min: -9007199254740992, "
                  "max: 9007199254740992}"
                  "\n  b: {type: Integer, min: -9007199254740992, "
                  "max: 9007199254740992}"}}),
       "hyperparameter_ranges", "more than 100000 points"},
      {"Grid max_jobs below the grid size", GridWith({{"max_jobs", " 5"}}),
       "max_jobs", "is 5 but the grid has 8 points"},
      {"Grid max_jobs still in bounds", GridWith({{"max_jobs", " 0"}}),
       "max_jobs", "between 1 and 100000"},
      {"Grid max_parallel_jobs above the lowered max_jobs",
       GridWith({{"max_parallel_jobs", " 9"}}), "max_parallel_jobs",
       "between 1 and max_jobs (8)"},
      {"Grid max_parallel_jobs above the inferred max_jobs",
       GridWith({{"max_jobs", std::nullopt}, {"max_parallel_jobs", " 9"}}),
       "max_parallel_jobs", "between 1 and max_jobs (8)"},
      {"missing max_jobs without Grid",
       HyperbandWith({{"max_jobs", std::nullopt}}), "max_jobs", "is required"},
      // --- step ---
      {"step on a Continuous range",
       WithRange("x: {type: Continuous, min: 0, max: 1, step: 1}"),
       "hyperparameter_ranges.x.step", "only an Integer range has a step"},
      {"step on a Categorical range in a Grid",
       GridWith({{"hyperparameter_ranges",
                  "\n  c: {type: Categorical, values: [a, b], step: 1}"}}),
       "hyperparameter_ranges.c.step", "only an Integer range has a step"},
      {"step without Grid",
       WithRange("n: {type: Integer, min: 0, max: 8, step: 2}"),
       "hyperparameter_ranges.n.step",
       "only a Grid search takes a step (strategy is Bayesian)"},
      {"step zero",
       GridWith({{"hyperparameter_ranges",
                  "\n  n: {type: Integer, min: 0, max: 8, step: 0}"}}),
       "hyperparameter_ranges.n.step", "must be at least 1 (got 0)"},
      {"fractional step",
       GridWith({{"hyperparameter_ranges",
                  "\n  n: {type: Integer, min: 0, max: 8, step: 1.5}"}}),
       "hyperparameter_ranges.n.step", "must be an integer"},
      // --- strategy_config and Hyperband ---
      {"strategy_config without Hyperband",
       With("strategy_config", hb + "\n    eta: 3"), "strategy_config",
       "only for strategy Hyperband (strategy is Bayesian)"},
      {"strategy_config for Grid",
       GridWith({{"strategy_config", hb + "\n    eta: 3"}}), "strategy_config",
       "strategy is Grid"},
      {"strategy_config without hyperband",
       HyperbandWith({{"strategy_config", " {}"}}), "strategy_config.hyperband",
       "is required"},
      {"unknown key in strategy_config",
       HyperbandWith({{"strategy_config", "\n  hyper_band: {eta: 3}"}}),
       "strategy_config.hyper_band", "unknown key"},
      {"unknown key in hyperband",
       HyperbandWith({{"strategy_config", hb + "\n    rungs: 4"}}),
       "strategy_config.hyperband.rungs", "unknown key"},
      {"hyperband as a list",
       HyperbandWith({{"strategy_config", hb + " [1, 27]"}}),
       "strategy_config.hyperband", "must be a map"},
      {"min_resource zero",
       HyperbandWith({{"strategy_config", hb + "\n    min_resource: 0"}}),
       "strategy_config.hyperband.min_resource", "at least 1 (got 0)"},
      {"fractional min_resource",
       HyperbandWith({{"strategy_config", hb + "\n    min_resource: 1.5"}}),
       "strategy_config.hyperband.min_resource", "must be an integer"},
      {"max_resource equal to min_resource",
       HyperbandWith({{"strategy_config", hb + "\n    max_resource: 1"}}),
       "strategy_config.hyperband.max_resource",
       "greater than min_resource (1) (got 1)"},
      {"max_resource below min_resource",
       HyperbandWith({{"strategy_config",
                       hb + "\n    min_resource: 5\n    max_resource: 3"}}),
       "strategy_config.hyperband.max_resource",
       "greater than min_resource (5) (got 3)"},
      {"quoted max_resource",
       HyperbandWith({{"strategy_config", hb + "\n    max_resource: '27'"}}),
       "strategy_config.hyperband.max_resource", "quoted string"},
      {"eta below 2", HyperbandWith({{"strategy_config", hb + "\n    eta: 1"}}),
       "strategy_config.hyperband.eta", "between 2 and 10 (got 1)"},
      {"eta above 10",
       HyperbandWith({{"strategy_config", hb + "\n    eta: 11"}}),
       "strategy_config.hyperband.eta", "between 2 and 10 (got 11)"},
      {"resource_name not a flag",
       HyperbandWith({{"strategy_config", hb + "\n    resource_name: 2x"}}),
       "strategy_config.hyperband.resource_name", "command-line flag"},
      {"default resource_name is a tuned range", With("strategy", " Hyperband"),
       "strategy_config.hyperband.resource_name", "'epochs' is a tuned range"},
      {"resource_name is a tuned range",
       HyperbandWith({{"strategy_config", hb + "\n    resource_name: lr"}}),
       "strategy_config.hyperband.resource_name", "'lr' is a tuned range"},
      {"unknown designer",
       HyperbandWith({{"strategy_config", hb + "\n    designer: Grid"}}),
       "strategy_config.hyperband.designer", "one of Bayesian, Random"},
      {"Hyperband without training",
       HyperbandWith(
           {{"training", std::nullopt}, {"metric_definitions", std::nullopt}}),
       "training", "is required when strategy is Hyperband"},
      {"Hyperband without max_resource or static epochs",
       HyperbandWith({{"static_hyperparameters", std::nullopt}}),
       "strategy_config.hyperband.max_resource",
       "is required when static_hyperparameters has no 'epochs'"},
      {"Hyperband static resource under another name",
       HyperbandWith({{"strategy_config", hb + "\n    resource_name: steps"}}),
       "strategy_config.hyperband.max_resource", "no 'steps' to take it from"},
      {"static epochs not an integer",
       HyperbandWith({{"static_hyperparameters", "\n  epochs: 27.5"}}),
       "static_hyperparameters.epochs", "must be an integer"},
      {"static epochs a word",
       HyperbandWith({{"static_hyperparameters", "\n  epochs: all"}}),
       "static_hyperparameters.epochs", "(got 'all')"},
      {"static epochs not above min_resource",
       HyperbandWith({{"strategy_config", hb + "\n    min_resource: 27"}}),
       "static_hyperparameters.epochs",
       "greater than strategy_config.hyperband.min_resource (27)"},
      // --- early_stopping_type ---
      {"unknown early stopping type", With("early_stopping_type", " On"),
       "early_stopping_type", "one of Off, Auto"},
      {"early stopping type in lower case",
       With("early_stopping_type", " auto"), "early_stopping_type",
       "one of Off, Auto"},
      {"early stopping Auto with Hyperband",
       HyperbandWith({{"early_stopping_type", " Auto"}}), "early_stopping_type",
       "Hyperband"},
      {"early stopping Auto without training",
       SpecWith({{"early_stopping_type", " Auto"}, {"training", std::nullopt}}),
       "early_stopping_type", "needs a training section"},
      // --- completion_criteria ---
      {"completion criteria as a scalar", With("completion_criteria", " 0.9"),
       "completion_criteria", "must be a map"},
      {"unknown key in completion criteria",
       With("completion_criteria", "\n  target: 0.9"),
       "completion_criteria.target", "unknown key"},
      {"target objective value not a number",
       With("completion_criteria", "\n  target_objective_value: high"),
       "completion_criteria.target_objective_value", "must be a number"},
      {"target objective value infinite",
       With("completion_criteria", "\n  target_objective_value: .inf"),
       "completion_criteria.target_objective_value", "finite"},
      {"not improving without its count",
       With("completion_criteria", "\n  best_objective_not_improving: {}"),
       "completion_criteria.best_objective_not_improving."
       "max_number_of_training_jobs_not_improving",
       "is required"},
      {"not improving with an unknown key",
       With("completion_criteria",
            "\n  best_objective_not_improving: {max_jobs: 5}"),
       "completion_criteria.best_objective_not_improving.max_jobs",
       "unknown key"},
      {"not improving below 3",
       With("completion_criteria",
            "\n  best_objective_not_improving:"
            "\n    max_number_of_training_jobs_not_improving: 2"),
       "completion_criteria.best_objective_not_improving."
       "max_number_of_training_jobs_not_improving",
       "between 3 and 100000 (got 2)"},
      {"not improving above the limit",
       With("completion_criteria",
            "\n  best_objective_not_improving:"
            "\n    max_number_of_training_jobs_not_improving: 100001"),
       "completion_criteria.best_objective_not_improving."
       "max_number_of_training_jobs_not_improving",
       "between 3 and 100000 (got 100001)"},
      {"convergence without its setting",
       With("completion_criteria", "\n  convergence_detected: {}"),
       "completion_criteria.convergence_detected.complete_on_convergence",
       "is required"},
      {"convergence as a bool",
       With("completion_criteria",
            "\n  convergence_detected: {complete_on_convergence: true}"),
       "completion_criteria.convergence_detected.complete_on_convergence",
       "one of Disabled, Enabled"},
      // --- max_runtime_in_seconds ---
      {"job runtime zero", With("max_runtime_in_seconds", " 0"),
       "max_runtime_in_seconds", "between 1 and 2592000 (30 days) (got 0)"},
      {"job runtime above 30 days", With("max_runtime_in_seconds", " 2592001"),
       "max_runtime_in_seconds", "between 1 and 2592000"},
      {"fractional job runtime", With("max_runtime_in_seconds", " 60.5"),
       "max_runtime_in_seconds", "must be an integer"},
      {"trial runtime zero",
       WithTraining("\n  command: [t]\n  max_runtime_in_seconds: 0"),
       "training.max_runtime_in_seconds", "between 1 and 2592000"},
      {"trial runtime above 30 days",
       WithTraining("\n  command: [t]\n  max_runtime_in_seconds: 2592001"),
       "training.max_runtime_in_seconds", "between 1 and 2592000"},
      // --- warm_start_config ---
      {"warm start without parents",
       With("warm_start_config", "\n  type: TransferLearning"),
       "warm_start_config.parents", "is required"},
      {"warm start without type",
       With("warm_start_config", "\n  parents: [job-a]"),
       "warm_start_config.type", "is required"},
      {"unknown key in warm start",
       With("warm_start_config",
            "\n  parents: [a]\n  type: TransferLearning\n  kind: x"),
       "warm_start_config.kind", "unknown key"},
      {"parents as a string",
       With("warm_start_config",
            "\n  parents: job-a\n  type: TransferLearning"),
       "warm_start_config.parents", "must be a list"},
      {"no parents",
       With("warm_start_config", "\n  parents: []\n  type: TransferLearning"),
       "warm_start_config.parents", "must list 1 to 5 parent jobs (got 0)"},
      {"six parents",
       With("warm_start_config",
            "\n  parents: [a, b, c, d, e, f]\n  type: TransferLearning"),
       "warm_start_config.parents", "must list 1 to 5 parent jobs (got 6)"},
      {"parent that is not a job name",
       With("warm_start_config",
            "\n  parents: [job-a, job_b]\n  type: TransferLearning"),
       "warm_start_config.parents[1]", "letters, digits and '-'"},
      {"parent as a map",
       With("warm_start_config",
            "\n  parents: [{name: a}]\n  type: TransferLearning"),
       "warm_start_config.parents[0]", "must be a job name"},
      {"parent that is the job itself",
       With("warm_start_config",
            "\n  parents: [cifar10-resnet]\n  type: TransferLearning"),
       "warm_start_config.parents[0]", "this job's own name"},
      {"repeated parent",
       With("warm_start_config",
            "\n  parents: [a, b, a]\n  type: TransferLearning"),
       "warm_start_config.parents[2]",
       "duplicate parent 'a' (also at index 0)"},
      {"unknown warm start type",
       With("warm_start_config", "\n  parents: [a]\n  type: Transfer"),
       "warm_start_config.type",
       "one of IdenticalDataAndAlgorithm, TransferLearning"},
      // --- retry_strategy ---
      {"retry strategy as a number", With("retry_strategy", " 2"),
       "retry_strategy", "must be a map"},
      {"retry strategy without attempts", With("retry_strategy", " {}"),
       "retry_strategy.maximum_retry_attempts", "is required"},
      {"unknown key in retry strategy",
       With("retry_strategy", "\n  attempts: 2"), "retry_strategy.attempts",
       "unknown key"},
      {"negative retry attempts",
       With("retry_strategy", "\n  maximum_retry_attempts: -1"),
       "retry_strategy.maximum_retry_attempts", "between 0 and 30 (got -1)"},
      {"too many retry attempts",
       With("retry_strategy", "\n  maximum_retry_attempts: 31"),
       "retry_strategy.maximum_retry_attempts", "between 0 and 30 (got 31)"},
  };
}

TEST_CASE("Every bad strategy setting or job option names its field") {
  for (const BadCase& c : BadCases()) CheckFieldError(c);
}

TEST_CASE("Grid and completion messages read exactly as documented") {
  const auto grid = ParseJobSpec(
      GridWith({{"hyperparameter_ranges",
                 "\n  lr: {type: Continuous, min: 0.2, max: 0.65}"}}));
  REQUIRE_FALSE(grid.ok());
  CHECK(grid.status().message() ==
        "hyperparameter_ranges.lr: a Grid search cannot enumerate a Continuous "
        "range; use Categorical or Integer values");
  const auto not_improving =
      ParseJobSpec(With("completion_criteria",
                        "\n  best_objective_not_improving:"
                        "\n    max_number_of_training_jobs_not_improving: 1"));
  REQUIRE_FALSE(not_improving.ok());
  CHECK(not_improving.status().message() ==
        "completion_criteria.best_objective_not_improving."
        "max_number_of_training_jobs_not_improving: must be between 3 and "
        "100000 (got 1)");
}

}  // namespace
}  // namespace tune::spec
