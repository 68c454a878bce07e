#include "tuner/spec/spec_parser.h"

#include <catch2/catch.hpp>
#include <string>
#include <utility>
#include <vector>

#include "tuner/spec/testing/example_spec.h"

namespace tune::spec {
namespace {

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
  CHECK(spec->random_seed == 7);
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
}

TEST_CASE("Every accepted form of a field") {
  SECTION("enums") {
    const auto spec = ParseJobSpec(
        SpecWith({{"strategy", " Random"}, {"objective_type", " Minimize"}}));
    REQUIRE(spec.ok());
    CHECK(spec->strategy == Strategy::kRandom);
    CHECK(spec->objective_type == ObjectiveType::kMinimize);
    CHECK(ParseJobSpec(With("strategy", " Grid"))->strategy == Strategy::kGrid);
    CHECK(ParseJobSpec(With("strategy", " Hyperband"))->strategy ==
          Strategy::kHyperband);
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
