// Every rule of the spec parser, one bad input each: the error must be
// InvalidArgument and its message must start with the offending field's path.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "tuner/spec/spec_parser.h"
#include "tuner/spec/testing/bad_spec_case.h"
#include "tuner/spec/testing/example_spec.h"

namespace tune::spec {
namespace {

using testing::BadCase;
using testing::CheckFieldError;
using testing::kExample;
using testing::With;
using testing::WithMetrics;
using testing::Without;
using testing::WithRange;
using testing::WithRanges;
using testing::WithTraining;


std::vector<BadCase> BadCases() {
  return {
      // --- The document as a whole ---
      {"malformed YAML", "name: [unclosed\nmax_jobs: 3\n", "spec",
       "malformed YAML at line"},
      {"malformed YAML column", "name: a\nmax_jobs: {a: 1\n", "spec", "column"},
      {"top level is a list", "- name\n- max_jobs\n", "spec", "must be a map"},
      {"top level is a scalar", "just some text\n", "spec", "must be a map"},
      {"empty document", "", "spec", "is empty"},
      {"only a comment", "# nothing\n", "spec", "is empty"},
      {"two documents", std::string(kExample) + "---\nname: b\n", "spec",
       "single YAML document"},
      // Found by tests/fuzz/spec_parser_fuzz: yaml-cpp's LoadAll built nodes
      // forever on this (2 GB in a minute).
      {"text after the first document that makes LoadAll loop",
       std::string(79, ',') +
           "name: grid\ns-9.]+)\"\x0e\n xU: h1a,m 4, sstep: 1}\n"
           "training:\n  command: [train]\n",
       "spec", "single YAML document"},
      {"deeply nested",
       "name: " + std::string(5000, '[') + std::string(5000, ']') + "\n",
       "spec", "malformed YAML"},
      {"too large",
       std::string(kExample) + "#" + std::string(1 << 20, 'x') + "\n", "spec",
       "at most"},
      // --- Abuse limits ---
      // 100,000 values once took 20-39 s to create, and every start again.
      {"too many categorical values",
       WithRange([] {
         std::string values;
         for (int i = 0; i < 100000; ++i) absl::StrAppend(&values, i ? ", v" : "v", i);
         return "c: {type: Categorical, values: [" + values + "]}";
       }()),
       "hyperparameter_ranges.c.values", "lists 100000 values; at most 1000"},
      {"too many static hyperparameters",
       With("static_hyperparameters", [] {
         std::string body;
         for (int i = 0; i < 1001; ++i) absl::StrAppend(&body, "\n  s", i, ": 1");
         return body;
       }()),
       "static_hyperparameters", "at most 1000"},
      {"too many metric definitions",
       WithMetrics([] {
         std::string body = "\n  - {Name: Validation-accuracy, Regex: 'a=(.*)'}";
         for (int i = 0; i < 100; ++i) {
           absl::StrAppend(&body, "\n  - {Name: m", i, ", Regex: 'm=(.*)'}");
         }
         return body;
       }()),
       "metric_definitions", "at most 100"},
      // --- Unknown keys, at every level ---
      {"unknown top-level key", With("max_job", " 3"), "max_job",
       "unknown key"},
      {"unknown key in a range",
       WithRange("x: {type: Continuous, min: 0, max: 1, scale: Linear}"),
       "hyperparameter_ranges.x.scale", "unknown key"},
      {"unknown key in training", WithTraining("\n  command: [t]\n  gpus: 1"),
       "training.gpus", "unknown key"},
      {"unknown key in a metric definition",
       WithMetrics("\n  - Name: Validation-accuracy\n    regex: 'a=(.*)'"),
       "metric_definitions[0].regex", "unknown key"},
      // --- Repeated keys (yaml-cpp keeps both silently) ---
      {"repeated top-level key", std::string(kExample) + "max_jobs: 30\n",
       "max_jobs", "duplicate key"},
      {"repeated range name",
       WithRange("lr: {type: Continuous, min: 0, max: 1}"),
       "hyperparameter_ranges.lr", "duplicate key"},
      {"repeated key inside a range",
       WithRange("x: {type: Continuous, min: 0, min: 0.5, max: 1}"),
       "hyperparameter_ranges.x.min", "duplicate key"},
      {"repeated static hyperparameter",
       With("static_hyperparameters", "\n  a: 1\n  a: 2"),
       "static_hyperparameters.a", "duplicate key"},
      {"repeated key in training",
       WithTraining("\n  command: [t]\n  command: [u]"), "training.command",
       "duplicate key"},
      {"key that is not a string", WithRanges("\n  ? [a, b]\n  : 1"),
       "hyperparameter_ranges", "key that is not a string"},
      // --- Wrong types ---
      {"string where a number goes",
       WithRange("x: {type: Continuous, min: abc, max: 1}"),
       "hyperparameter_ranges.x.min", "must be a number"},
      {"quoted number", WithRange("x: {type: Continuous, min: '0.1', max: 1}"),
       "hyperparameter_ranges.x.min", "quoted string"},
      {"bool where a number goes",
       WithRange("x: {type: Continuous, min: 0, max: true}"),
       "hyperparameter_ranges.x.max", "bool"},
      {"bool where an integer goes", With("max_jobs", " yes"), "max_jobs",
       "bool"},
      {"list where a map goes", WithTraining(" [t, --flag]"), "training",
       "must be a map"},
      {"list as a range", WithRange("x: [0, 1]"), "hyperparameter_ranges.x",
       "must be a map"},
      {"ranges as a list", WithRanges("\n  - lr\n  - mom"),
       "hyperparameter_ranges", "must be a map"},
      {"map where a string goes", With("name", " {a: b}"), "name",
       "must be a string"},
      {"float where an integer goes", With("max_jobs", " 2.5"), "max_jobs",
       "must be an integer"},
      {"integral float where an integer goes", With("max_jobs", " 20.0"),
       "max_jobs", "must be an integer"},
      {"float bound of an Integer range",
       WithRange("n: {type: Integer, min: 1.5, max: 4}"),
       "hyperparameter_ranges.n.min", "must be an integer"},
      {"metric definitions as a map",
       WithMetrics("\n  Name: Validation-accuracy"), "metric_definitions",
       "must be a list"},
      {"metric definition as a string", WithMetrics("\n  - accuracy"),
       "metric_definitions[0]", "must be a map"},
      {"command as a string", WithTraining("\n  command: python train.py"),
       "training.command", "must be a list"},
      {"command item as a list", WithTraining("\n  command: [t, [a]]"),
       "training.command[1]", "must be a string"},
      {"static hyperparameter as a list",
       With("static_hyperparameters", "\n  batch_size: [1, 2]"),
       "static_hyperparameters.batch_size", "single value"},
      {"categorical values as a string",
       WithRange("c: {type: Categorical, values: sgd}"),
       "hyperparameter_ranges.c.values", "must be a list"},
      {"nested categorical value",
       WithRange("c: {type: Categorical, values: [a, [b]]}"),
       "hyperparameter_ranges.c.values[1]", "nested"},
      {"map as a categorical value",
       WithRange("c: {type: Categorical, values: [{a: 1}]}"),
       "hyperparameter_ranges.c.values[0]", "nested"},
      {"null field", With("strategy", ""), "strategy", "has no value"},
      {"null section", WithTraining(""), "training", "has no value"},
      // --- Missing required fields ---
      {"missing name", Without("name"), "name", "is required"},
      {"missing objective metric", Without("objective_metric_name"),
       "objective_metric_name", "is required"},
      {"missing max_jobs", Without("max_jobs"), "max_jobs", "is required"},
      {"missing ranges", Without("hyperparameter_ranges"),
       "hyperparameter_ranges", "is required"},
      {"no ranges", WithRanges(" {}"), "hyperparameter_ranges",
       "at least one range"},
      {"range without type", WithRange("x: {min: 0, max: 1}"),
       "hyperparameter_ranges.x.type", "is required"},
      {"range without min", WithRange("x: {type: Continuous, max: 1}"),
       "hyperparameter_ranges.x.min", "is required"},
      {"range without max", WithRange("x: {type: Integer, min: 1}"),
       "hyperparameter_ranges.x.max", "is required for an Integer range"},
      {"categorical without values", WithRange("c: {type: Categorical}"),
       "hyperparameter_ranges.c.values", "is required"},
      {"metric without Name", WithMetrics("\n  - Regex: 'a=(.*)'"),
       "metric_definitions[0].Name", "is required"},
      {"metric without Regex", WithMetrics("\n  - Name: Validation-accuracy"),
       "metric_definitions[0].Regex", "is required"},
      // --- Ranges ---
      {"min equal to max", WithRange("x: {type: Integer, min: 3, max: 3}"),
       "hyperparameter_ranges.x.min", "must be less than max (3 >= 3)"},
      {"infinite bound", WithRange("x: {type: Continuous, min: 0, max: .inf}"),
       "hyperparameter_ranges.x.max", "finite"},
      {"negative infinite bound",
       WithRange("x: {type: Continuous, min: -.Inf, max: 0}"),
       "hyperparameter_ranges.x.min", "finite"},
      {"NaN bound", WithRange("x: {type: Continuous, min: .nan, max: 1}"),
       "hyperparameter_ranges.x.min", "finite"},
      {"overflowing bound",
       WithRange("x: {type: Continuous, min: 0, max: 1e999}"),
       "hyperparameter_ranges.x.max", "out of the range of a double"},
      {"huge integer bound",
       WithRange("n: {type: Integer, min: 0, max: 9007199254740993}"),
       "hyperparameter_ranges.n.max", "must be between"},
      {"unknown type", WithRange("x: {type: Float, min: 0, max: 1}"),
       "hyperparameter_ranges.x.type", "Continuous, Integer, Categorical"},
      {"unknown scaling",
       WithRange("x: {type: Continuous, min: 1, max: 2, scaling: Log}"),
       "hyperparameter_ranges.x.scaling", "must be one of"},
      {"log with min 0",
       WithRange("x: {type: Continuous, min: 0, max: 1, scaling: Logarithmic}"),
       "hyperparameter_ranges.x.min", "greater than 0"},
      {"integer log with min 0",
       WithRange("n: {type: Integer, min: 0, max: 8, scaling: Logarithmic}"),
       "hyperparameter_ranges.n.min", "greater than 0"},
      {"reverse log below 0",
       WithRange("x: {type: Continuous, min: -0.1, max: 0.5, "
                 "scaling: ReverseLogarithmic}"),
       "hyperparameter_ranges.x.min", "at least 0"},
      {"reverse log reaching 1",
       WithRange("x: {type: Continuous, min: 0.5, max: 1, "
                 "scaling: ReverseLogarithmic}"),
       "hyperparameter_ranges.x.max", "less than 1"},
      {"reverse log for an Integer range",
       WithRange("n: {type: Integer, min: 0, max: 5, "
                 "scaling: ReverseLogarithmic}"),
       "hyperparameter_ranges.n.scaling", "only for Continuous"},
      {"values on a Continuous range",
       WithRange("x: {type: Continuous, min: 0, max: 1, values: [a]}"),
       "hyperparameter_ranges.x.values", "only a Categorical"},
      {"scaling on a Categorical range",
       WithRange("c: {type: Categorical, values: [a], scaling: Linear}"),
       "hyperparameter_ranges.c.scaling", "has no scaling"},
      {"empty categorical list",
       WithRange("c: {type: Categorical, values: []}"),
       "hyperparameter_ranges.c.values", "at least one value"},
      {"duplicated categorical value",
       WithRange("c: {type: Categorical, values: [sgd, nag, sgd]}"),
       "hyperparameter_ranges.c.values[2]", "duplicate value 'sgd'"},
      {"duplicated categorical text",
       WithRange("c: {type: Categorical, values: [1, '1']}"),
       "hyperparameter_ranges.c.values[1]", "duplicate value"},
      {"empty categorical value",
       WithRange("c: {type: Categorical, values: [a, '']}"),
       "hyperparameter_ranges.c.values[1]", "must not be empty"},
      {"null categorical value",
       WithRange("c: {type: Categorical, values: [a, ~]}"),
       "hyperparameter_ranges.c.values[1]", "has no value"},
      // --- Names ---
      {"bad job name", With("name", " -cifar"), "name",
       "starting with a letter or digit"},
      {"job name with an underscore", With("name", " my_job"), "name",
       "letters, digits and '-'"},
      {"job name too long", With("name", " " + std::string(64, 'a')), "name",
       "1-63 characters"},
      {"range name not a flag",
       WithRange("2x: {type: Continuous, min: 0, max: 1}"),
       "hyperparameter_ranges.2x", "command-line flag"},
      {"static name not a flag", With("static_hyperparameters", "\n  a=b: 1"),
       "static_hyperparameters.a=b", "command-line flag"},
      {"range and static hyperparameter share a name",
       With("static_hyperparameters", "\n  batch_size: 512\n  lr: 0.1"),
       "static_hyperparameters.lr", "also a hyperparameter range"},
      {"metric name with a control character",
       WithMetrics("\n  - Name: \"Validation-accuracy\"\n    Regex: 'a=(.*)'"
                   "\n  - Name: \"bad\\tname\"\n    Regex: 'b=(.*)'"),
       "metric_definitions[1].Name", "printable"},
      {"empty metric name", WithMetrics("\n  - Name: ''\n    Regex: 'a=(.*)'"),
       "metric_definitions[0].Name", "printable"},
      {"empty objective metric name", With("objective_metric_name", " ''"),
       "objective_metric_name", "printable"},
      {"unknown strategy", With("strategy", " Bayes"), "strategy",
       "Bayesian, Random, Grid, Hyperband"},
      {"unknown objective type", With("objective_type", " Max"),
       "objective_type", "Maximize, Minimize"},
      // --- Metric definitions ---
      {"regex that does not compile",
       WithMetrics("\n  - Name: Validation-accuracy\n    Regex: 'acc=([0-9'"),
       "metric_definitions[0].Regex", "does not compile"},
      {"regex without a capture group",
       WithMetrics("\n  - Name: Validation-accuracy\n    Regex: 'a=(.*)'"
                   "\n  - Name: loss\n    Regex: 'loss=[0-9.]+'"),
       "metric_definitions[1].Regex", "has no capture group"},
      {"empty regex",
       WithMetrics("\n  - Name: Validation-accuracy\n    Regex: ''"),
       "metric_definitions[0].Regex", "must not be empty"},
      {"duplicate metric names",
       WithMetrics("\n  - Name: Validation-accuracy\n    Regex: 'a=(.*)'"
                   "\n  - Name: Validation-accuracy\n    Regex: 'b=(.*)'"),
       "metric_definitions[1].Name", "duplicate metric name"},
      {"objective metric not defined",
       WithMetrics("\n  - Name: loss\n    Regex: 'loss=(.*)'"),
       "objective_metric_name", "no entry in metric_definitions"},
      {"training without metric definitions", Without("metric_definitions"),
       "objective_metric_name", "no entry in metric_definitions"},
      // --- Counts and limits ---
      {"max_jobs zero", With("max_jobs", " 0"), "max_jobs",
       "between 1 and 100000"},
      {"max_jobs negative", With("max_jobs", " -3"), "max_jobs",
       "between 1 and 100000"},
      {"max_jobs too large", With("max_jobs", " 100001"), "max_jobs",
       "between 1 and 100000"},
      {"max_parallel_jobs zero", With("max_parallel_jobs", " 0"),
       "max_parallel_jobs", "between 1 and max_jobs (20)"},
      {"max_parallel_jobs above max_jobs", With("max_parallel_jobs", " 21"),
       "max_parallel_jobs", "between 1 and max_jobs (20)"},
      {"training without command", WithTraining("\n  gpus_per_trial: 1"),
       "training.command", "is required"},
      {"empty command", WithTraining("\n  command: []"), "training.command",
       "at least the program"},
      {"empty command argument", WithTraining("\n  command: [t, '']"),
       "training.command[1]", "must not be empty"},
      {"negative gpus", WithTraining("\n  command: [t]\n  gpus_per_trial: -1"),
       "training.gpus_per_trial", "between 0 and 64"},
      {"too many gpus", WithTraining("\n  command: [t]\n  gpus_per_trial: 65"),
       "training.gpus_per_trial", "between 0 and 64"},
      {"negative random seed", With("random_seed", " -1"), "random_seed",
       "must not be negative"},
      {"random seed out of range", With("random_seed", " 18446744073709551616"),
       "random_seed", "out of range"},
      {"fractional random seed", With("random_seed", " 1.5"), "random_seed",
       "must be an integer"},
  };
}

TEST_CASE("Every bad input gets an error that names its field") {
  for (const BadCase& c : BadCases()) CheckFieldError(c);
}

TEST_CASE("The message for min >= max reads as documented") {
  const auto spec = ParseJobSpec(
      WithRanges("\n  lr: {type: Continuous, min: 0.7, max: 0.65}"));
  REQUIRE_FALSE(spec.ok());
  CHECK(spec.status().message() ==
        "hyperparameter_ranges.lr.min: must be less than max (0.7 >= 0.65)");
}

}  // namespace
}  // namespace tune::spec
