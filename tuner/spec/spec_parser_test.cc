#include "tuner/spec/spec_parser.h"

#include <catch2/catch.hpp>
#include <string>
#include <utility>
#include <vector>

#include "tuner/spec/testing/example_spec.h"

namespace tune::spec {
namespace {

using testing::GridWith;
using testing::HyperbandWith;
using testing::kExample;
using testing::SpecWith;
using testing::With;
using testing::Without;
using testing::WithRanges;

TEST_CASE("The example spec parses into the right JobSpec") {
  const absl::StatusOr<JobSpec> spec = ParseJobSpec(kExample);
  REQUIRE(spec.ok());
  CHECK(spec->name == "cifar10-resnet");
  CHECK(spec->strategy == Strategy::kBayesian);
  CHECK(spec->objective_metric_name == "Validation-accuracy");
  CHECK(spec->objective_type == ObjectiveType::kMaximize);
  REQUIRE(spec->metric_definitions.size() == 1);
  CHECK(spec->metric_definitions[0].name == "Validation-accuracy");
  CHECK(spec->metric_definitions[0].regex == "Validation accuracy=([0-9\\.]+)");
  CHECK(spec->max_jobs == 20);
  CHECK(spec->max_parallel_jobs == 2);

  REQUIRE(spec->ranges.size() == 4);
  const ParameterRange& lr = spec->ranges[0];
  CHECK(lr.name == "lr");
  CHECK(lr.type == ParameterType::kContinuous);
  CHECK(lr.min == 0.2);
  CHECK(lr.max == 0.65);
  CHECK(lr.scaling == Scaling::kAuto);
  CHECK(lr.values.empty());
  CHECK(spec->ranges[1].name == "mom");
  CHECK(spec->ranges[1].min == 0.87);
  CHECK(spec->ranges[1].max == 0.92);
  const ParameterRange& epochs = spec->ranges[2];
  CHECK(epochs.name == "epochs");
  CHECK(epochs.type == ParameterType::kInteger);
  CHECK(epochs.min == 28);
  CHECK(epochs.max == 35);
  const ParameterRange& opt = spec->ranges[3];
  CHECK(opt.name == "opt");
  CHECK(opt.type == ParameterType::kCategorical);
  CHECK(opt.values == std::vector<std::string>{"sgd", "nag"});

  CHECK(
      spec->static_hyperparameters ==
      std::vector<std::pair<std::string, std::string>>{{"batch_size", "512"}});
  REQUIRE(spec->training.has_value());
  CHECK(spec->training->command ==
        std::vector<std::string>{"cifar10-trainer", "--data-dir",
                                 "/data/cifar-10-batches-bin"});
  CHECK(spec->training->gpus_per_trial == 1);
  CHECK(spec->training->max_runtime_in_seconds == 0);
  CHECK(spec->random_seed == 7);
  CHECK_FALSE(spec->hyperband.has_value());
}

TEST_CASE("Defaults and optional sections") {
  const absl::StatusOr<JobSpec> spec = ParseJobSpec(R"(
name: 7-ask-tell
objective_metric_name: loss
max_jobs: 5
hyperparameter_ranges:
  x: {type: Continuous, min: -1, max: 1}
)");
  REQUIRE(spec.ok());
  CHECK(spec->strategy == Strategy::kBayesian);
  CHECK(spec->objective_type == ObjectiveType::kMaximize);
  CHECK(spec->max_parallel_jobs == 1);
  CHECK(spec->metric_definitions.empty());
  CHECK(spec->static_hyperparameters.empty());
  CHECK_FALSE(spec->training.has_value());
  CHECK(spec->random_seed == 0);
  CHECK_FALSE(spec->hyperband.has_value());
  CHECK(spec->early_stopping_type == EarlyStoppingType::kOff);
  CHECK_FALSE(spec->completion_criteria.target_objective_value.has_value());
  CHECK(spec->completion_criteria.max_jobs_not_improving == 0);
  CHECK_FALSE(spec->completion_criteria.complete_on_convergence);
  CHECK(spec->max_runtime_in_seconds == 0);
  CHECK_FALSE(spec->warm_start.has_value());
  CHECK(spec->maximum_retry_attempts == 0);
  CHECK(spec->ranges[0].step == 1);
}

TEST_CASE("Every accepted form of a field") {
  SECTION("enums") {
    const auto spec = ParseJobSpec(
        SpecWith({{"strategy", " Random"}, {"objective_type", " Minimize"}}));
    REQUIRE(spec.ok());
    CHECK(spec->strategy == Strategy::kRandom);
    CHECK(spec->objective_type == ObjectiveType::kMinimize);
    CHECK(ParseJobSpec(GridWith())->strategy == Strategy::kGrid);
    CHECK(ParseJobSpec(HyperbandWith())->strategy == Strategy::kHyperband);
  }
  SECTION("scalings") {
    const auto spec = ParseJobSpec(WithRanges(R"(
  a: {type: Continuous, min: 1e-5, max: 1, scaling: Logarithmic}
  b: {type: Continuous, min: 0.9, max: 0.999, scaling: ReverseLogarithmic}
  c: {type: Continuous, min: 0, max: 0.5, scaling: ReverseLogarithmic}
  d: {type: Integer, min: 1, max: 1024, scaling: Logarithmic}
  e: {type: Integer, min: -5, max: 5, scaling: Linear}
  f: {type: Continuous, min: +1, max: 2, scaling: Auto})"));
    REQUIRE(spec.ok());
    REQUIRE(spec->ranges.size() == 6);
    CHECK(spec->ranges[0].scaling == Scaling::kLogarithmic);
    CHECK(spec->ranges[0].min == 1e-5);
    CHECK(spec->ranges[1].scaling == Scaling::kReverseLogarithmic);
    CHECK(spec->ranges[2].min == 0);
    CHECK(spec->ranges[3].scaling == Scaling::kLogarithmic);
    CHECK(spec->ranges[4].min == -5);
    CHECK(spec->ranges[4].scaling == Scaling::kLinear);
    CHECK(spec->ranges[5].min == 1);
  }
  SECTION("categorical values keep the text written") {
    const auto spec =
        ParseJobSpec(WithRanges("\n  c: {type: Categorical, values: [0.10, "
                                "1e-3, 32, 'quoted', \"x y\"]}"));
    REQUIRE(spec.ok());
    CHECK(spec->ranges[0].values ==
          std::vector<std::string>{"0.10", "1e-3", "32", "quoted", "x y"});
  }
  SECTION("static hyperparameters keep the text written") {
    const auto spec = ParseJobSpec(
        With("static_hyperparameters",
             "\n  batch_size: 512\n  wd: 1.50\n  amp: true\n  mode: 'fast'"));
    REQUIRE(spec.ok());
    CHECK(
        spec->static_hyperparameters ==
        std::vector<std::pair<std::string, std::string>>{{"batch_size", "512"},
                                                         {"wd", "1.50"},
                                                         {"amp", "true"},
                                                         {"mode", "fast"}});
  }
  SECTION("limits at their edges") {
    const auto spec = ParseJobSpec(
        SpecWith({{"max_jobs", " 100000"},
                  {"max_parallel_jobs", " 100000"},
                  {"random_seed", " 9223372036854775807"},
                  {"training", "\n  command: [t]\n  gpus_per_trial: 64"}}));
    REQUIRE(spec.ok());
    CHECK(spec->max_jobs == 100000);
    CHECK(spec->max_parallel_jobs == 100000);
    CHECK(spec->random_seed == 9223372036854775807ULL);
    CHECK(spec->training->gpus_per_trial == 64);
    CHECK(spec->training->command == std::vector<std::string>{"t"});
  }
  SECTION("an ask/tell job may define metrics") {
    const auto spec = ParseJobSpec(Without("training"));
    REQUIRE(spec.ok());
    CHECK(spec->metric_definitions.size() == 1);
  }
}

TEST_CASE("The job options are read") {
  const absl::StatusOr<JobSpec> spec = ParseJobSpec(SpecWith({
      {"training",
       "\n  command: [t]\n  gpus_per_trial: 1\n  max_runtime_in_seconds: 600"},
      {"early_stopping_type", " Auto"},
      {"completion_criteria",
       "\n  target_objective_value: 0.93"
       "\n  best_objective_not_improving:"
       "\n    max_number_of_training_jobs_not_improving: 5"
       "\n  convergence_detected:"
       "\n    complete_on_convergence: Enabled"},
      {"max_runtime_in_seconds", " 3600"},
      {"warm_start_config",
       "\n  parents: [job-a, job-b]\n  type: IdenticalDataAndAlgorithm"},
      {"retry_strategy", "\n  maximum_retry_attempts: 2"},
  }));
  REQUIRE(spec.ok());
  CHECK(spec->training->max_runtime_in_seconds == 600);
  CHECK(spec->early_stopping_type == EarlyStoppingType::kAuto);
  CHECK(spec->completion_criteria.target_objective_value == 0.93);
  CHECK(spec->completion_criteria.max_jobs_not_improving == 5);
  CHECK(spec->completion_criteria.complete_on_convergence);
  CHECK(spec->max_runtime_in_seconds == 3600);
  REQUIRE(spec->warm_start.has_value());
  CHECK(spec->warm_start->parents ==
        std::vector<std::string>{"job-a", "job-b"});
  CHECK(spec->warm_start->type == WarmStartType::kIdenticalDataAndAlgorithm);
  CHECK(spec->maximum_retry_attempts == 2);
  CHECK_FALSE(spec->hyperband.has_value());
}

TEST_CASE("Job options at their edges and in their other forms") {
  const absl::StatusOr<JobSpec> low = ParseJobSpec(SpecWith({
      {"training", "\n  command: [t]\n  max_runtime_in_seconds: 1"},
      {"early_stopping_type", " Off"},
      {"completion_criteria",
       "\n  target_objective_value: -3"
       "\n  best_objective_not_improving:"
       "\n    max_number_of_training_jobs_not_improving: 3"
       "\n  convergence_detected: {complete_on_convergence: Disabled}"},
      {"max_runtime_in_seconds", " 1"},
      {"warm_start_config",
       "\n  parents: [a, b-2, 3c, d, e]\n  type: TransferLearning"},
      {"retry_strategy", "\n  maximum_retry_attempts: 0"},
  }));
  REQUIRE(low.ok());
  CHECK(low->training->max_runtime_in_seconds == 1);
  CHECK(low->early_stopping_type == EarlyStoppingType::kOff);
  CHECK(low->completion_criteria.target_objective_value == -3);
  CHECK(low->completion_criteria.max_jobs_not_improving == 3);
  CHECK_FALSE(low->completion_criteria.complete_on_convergence);
  CHECK(low->max_runtime_in_seconds == 1);
  CHECK(low->warm_start->parents.size() == 5);
  CHECK(low->warm_start->type == WarmStartType::kTransferLearning);
  CHECK(low->maximum_retry_attempts == 0);

  const absl::StatusOr<JobSpec> high = ParseJobSpec(SpecWith({
      {"training", "\n  command: [t]\n  max_runtime_in_seconds: 2592000"},
      {"completion_criteria",
       "\n  best_objective_not_improving:"
       "\n    max_number_of_training_jobs_not_improving: 100000"},
      {"max_runtime_in_seconds", " 2592000"},
      {"retry_strategy", "\n  maximum_retry_attempts: 30"},
  }));
  REQUIRE(high.ok());
  CHECK(high->training->max_runtime_in_seconds == 2592000);
  CHECK_FALSE(high->completion_criteria.target_objective_value.has_value());
  CHECK(high->completion_criteria.max_jobs_not_improving == 100000);
  CHECK(high->max_runtime_in_seconds == 2592000);
  CHECK(high->maximum_retry_attempts == 30);

  // Sections that are maps may be empty.
  const auto empty = ParseJobSpec(With("completion_criteria", " {}"));
  REQUIRE(empty.ok());
  CHECK(empty->completion_criteria.max_jobs_not_improving == 0);
}

TEST_CASE("Hyperband settings are read, with their defaults") {
  SECTION("every field given") {
    const auto spec = ParseJobSpec(HyperbandWith(
        {{"strategy_config",
          "\n  hyperband:"
          "\n    min_resource: 2\n    max_resource: 81\n    eta: 10"
          "\n    resource_name: steps\n    designer: Random"}}));
    REQUIRE(spec.ok());
    REQUIRE(spec->hyperband.has_value());
    CHECK(spec->hyperband->min_resource == 2);
    CHECK(spec->hyperband->max_resource == 81);
    CHECK(spec->hyperband->eta == 10);
    CHECK(spec->hyperband->resource_name == "steps");
    CHECK(spec->hyperband->designer == Strategy::kRandom);
  }
  SECTION("no strategy_config: max_resource is the static epochs") {
    const auto spec = ParseJobSpec(HyperbandWith());
    REQUIRE(spec.ok());
    REQUIRE(spec->hyperband.has_value());
    CHECK(spec->hyperband->min_resource == 1);
    CHECK(spec->hyperband->max_resource == 27);
    CHECK(spec->hyperband->eta == 3);
    CHECK(spec->hyperband->resource_name == "epochs");
    CHECK(spec->hyperband->designer == Strategy::kBayesian);
  }
  SECTION("max_resource from the static hyperparameter resource_name") {
    const auto spec = ParseJobSpec(HyperbandWith(
        {{"strategy_config",
          "\n  hyperband: {resource_name: steps, min_resource: 10, eta: 2}"},
         {"static_hyperparameters", "\n  steps: 1000"}}));
    REQUIRE(spec.ok());
    CHECK(spec->hyperband->resource_name == "steps");
    CHECK(spec->hyperband->min_resource == 10);
    CHECK(spec->hyperband->max_resource == 1000);
    CHECK(spec->hyperband->eta == 2);
  }
  SECTION("a given max_resource wins over the static hyperparameter") {
    const auto spec = ParseJobSpec(HyperbandWith(
        {{"strategy_config", "\n  hyperband: {max_resource: 9}"}}));
    REQUIRE(spec.ok());
    CHECK(spec->hyperband->max_resource == 9);
    CHECK(spec->static_hyperparameters[1] ==
          std::pair<std::string, std::string>{"epochs", "27"});
  }
  SECTION("a given max_resource needs no static hyperparameter") {
    const auto spec = ParseJobSpec(
        HyperbandWith({{"strategy_config", "\n  hyperband: {max_resource: 9}"},
                       {"static_hyperparameters", std::nullopt}}));
    REQUIRE(spec.ok());
    CHECK(spec->hyperband->max_resource == 9);
  }
  SECTION("the job options go with Hyperband") {
    const auto spec = ParseJobSpec(
        HyperbandWith({{"early_stopping_type", " Off"},
                       {"retry_strategy", "\n  maximum_retry_attempts: 1"}}));
    REQUIRE(spec.ok());
    CHECK(spec->maximum_retry_attempts == 1);
  }
}

TEST_CASE("A Grid search runs its whole grid") {
  SECTION("max_jobs left out is the grid size") {
    const auto spec = ParseJobSpec(
        GridWith({{"max_jobs", std::nullopt}, {"max_parallel_jobs", " 8"}}));
    REQUIRE(spec.ok());
    CHECK(spec->max_jobs == 8);
    CHECK(spec->max_parallel_jobs == 8);
    REQUIRE(spec->ranges.size() == 2);
    CHECK(spec->ranges[0].step == 2);
    CHECK(spec->ranges[1].step == 1);
  }
  SECTION("a larger max_jobs is lowered to the grid size") {
    const auto spec = ParseJobSpec(GridWith({{"max_jobs", " 100000"}}));
    REQUIRE(spec.ok());
    CHECK(spec->max_jobs == 8);
    CHECK(spec->max_parallel_jobs == 2);
  }
  SECTION("max_jobs equal to the grid size") {
    const auto spec = ParseJobSpec(GridWith({{"max_jobs", " 8"}}));
    REQUIRE(spec.ok());
    CHECK(spec->max_jobs == 8);
  }
  SECTION("grid sizes") {
    struct Case {
      const char* ranges;
      int points;
    };
    const Case cases[] = {
        // Without step an Integer range has max - min + 1 points.
        {"\n  n: {type: Integer, min: 28, max: 35}", 8},
        // The last step may fall short of max: 0, 3, 6, 9.
        {"\n  n: {type: Integer, min: 0, max: 10, step: 3}", 4},
        {"\n  n: {type: Integer, min: -5, max: 5, step: 100}", 1},
        {"\n  n: {type: Integer, min: 1, max: 1024, scaling: Logarithmic}",
         1024},
        {"\n  c: {type: Categorical, values: [a]}", 1},
        {"\n  a: {type: Integer, min: 1, max: 10}"
         "\n  b: {type: Integer, min: 1, max: 100, step: 10}"
         "\n  c: {type: Categorical, values: [x, y, z]}",
         300},
        // At the limit.
        {"\n  a: {type: Integer, min: 1, max: 1000}"
         "\n  b: {type: Integer, min: 1, max: 100}",
         100000},
    };
    for (const Case& c : cases) {
      CAPTURE(c.ranges);
      const auto spec =
          ParseJobSpec(GridWith({{"max_jobs", std::nullopt},
                                 {"max_parallel_jobs", std::nullopt},
                                 {"hyperparameter_ranges", c.ranges}}));
      REQUIRE(spec.ok());
      CHECK(spec->max_jobs == c.points);
    }
  }
}

TEST_CASE("Malformed YAML reports where it went wrong") {
  const auto spec =
      ParseJobSpec("name: a\nmax_jobs: 3\nhyperparameter_ranges: [x,\n");
  REQUIRE_FALSE(spec.ok());
  const std::string message(spec.status().message());
  CAPTURE(message);
  CHECK(message.rfind("spec: malformed YAML at line 4, column ", 0) == 0);
}

TEST_CASE("Mangled specs never crash the parser") {
  // Every prefix of the example, and the example with each byte replaced by
  // a character that changes YAML's structure: each either parses or fails
  // with InvalidArgument, and no exception escapes.
  const std::string example = kExample;
  int failures = 0;
  auto check = [&failures](const std::string& text) {
    const absl::StatusOr<JobSpec> spec = ParseJobSpec(text);
    if (!spec.ok()) {
      ++failures;
      REQUIRE(spec.status().code() == absl::StatusCode::kInvalidArgument);
      REQUIRE_FALSE(spec.status().message().empty());
    }
  };
  for (size_t n = 0; n < example.size(); ++n) check(example.substr(0, n));
  for (size_t i = 0; i < example.size(); ++i) {
    for (char c : {'[', '{', ':', '-', '\'', '&', '*', '\t', '\0'}) {
      std::string text = example;
      text[i] = c;
      check(text);
    }
  }
  CHECK(failures > 0);
}

}  // namespace
}  // namespace tune::spec
