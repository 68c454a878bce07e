// Checks the C++ tasks against tasks.json, the description the Optuna peer
// reads, and the functions against known minima and shared test values.
#include "tuner/bench/synthetic_tasks.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>
#include <numbers>
#include <string>

#include "nlohmann/json.hpp"
#include "tuner/bench/sklearn_task.h"
#include "tuner/bench/test_functions.h"

namespace tune::bench {
namespace {

nlohmann::json LoadTasksJson() {
  std::ifstream in(TUNE_BENCH_TASKS_JSON);
  REQUIRE(in.good());
  return nlohmann::json::parse(in);
}

BenchmarkTask TaskNamed(const std::string& name) {
  if (name == kSklearnTaskName) {
    BenchmarkTask task;
    task.name = name;
    task.ranges = SklearnRanges();
    task.budget = 100;
    return task;
  }
  absl::StatusOr<BenchmarkTask> task = MakeSyntheticTask(name);
  REQUIRE(task.ok());
  return *task;
}

const char* TypeName(spec::ParameterType type) {
  switch (type) {
    case spec::ParameterType::kContinuous:
      return "continuous";
    case spec::ParameterType::kInteger:
      return "integer";
    case spec::ParameterType::kCategorical:
      return "categorical";
  }
  return "?";
}

// The value of a test point's parameter as the range's type holds it.
space::ParameterValue ValueFor(const spec::ParameterRange& range,
                               const nlohmann::json& value) {
  switch (range.type) {
    case spec::ParameterType::kContinuous:
      return value.get<double>();
    case spec::ParameterType::kInteger:
      return value.get<int64_t>();
    case spec::ParameterType::kCategorical:
      return value.get<std::string>();
  }
  return 0.0;
}

TEST_CASE("The functions reach their known minima") {
  const double pi = std::numbers::pi;
  CHECK(Branin({-pi, 12.275}) == Approx(kBraninMinimum).epsilon(1e-14));
  CHECK(Branin({pi, 2.275}) == Approx(kBraninMinimum).epsilon(1e-14));
  CHECK(Branin({3 * pi, 2.475}) == Approx(kBraninMinimum).epsilon(1e-14));
  CHECK(kBraninMinimum == Approx(0.397887).margin(1e-6));
  CHECK(Hartmann6({0.20169, 0.150011, 0.476874, 0.275332, 0.311652, 0.6573}) ==
        Approx(kHartmann6Minimum).margin(1e-9));
  CHECK(kHartmann6Minimum == Approx(-3.32237).margin(1e-5));
  CHECK(Ackley({0, 0, 0, 0, 0}) == Approx(0).margin(1e-14));
  CHECK(Rosenbrock({1, 1, 1, 1}) == 0);
  CHECK(AckleyMixed({8, 8, 8, 8, 8, 0}) == Approx(0).margin(1e-14));
  // Away from the minimum, values known from the literature.
  CHECK(Rosenbrock({0, 0}) == 1);
  CHECK(Ackley({1}) == Approx(3.6253849384403627).epsilon(1e-12));
}

TEST_CASE("Every task in tasks.json has the same definition in C++") {
  const nlohmann::json document = LoadTasksJson();
  std::vector<std::string> json_names;
  for (const nlohmann::json& entry : document.at("tasks")) {
    const std::string name = entry.at("name").get<std::string>();
    json_names.push_back(name);
    CAPTURE(name);
    const BenchmarkTask task = TaskNamed(name);
    CHECK(task.budget == entry.at("budget").get<int>());
    CHECK(task.batch_size == entry.at("batch_size").get<int>());
    CHECK(task.noise_sd == entry.value("noise_sd", 0.0));
    if (entry.contains("global_below")) {
      REQUIRE(task.global_below.has_value());
      CHECK(*task.global_below == entry.at("global_below").get<double>());
    } else {
      CHECK_FALSE(task.global_below.has_value());
    }
    if (entry.at("optimum").is_null()) {
      CHECK_FALSE(task.optimum.has_value());
    } else {
      REQUIRE(task.optimum.has_value());
      CHECK(*task.optimum == entry.at("optimum").get<double>());
    }
    const nlohmann::json& ranges = entry.at("ranges");
    REQUIRE(task.ranges.size() == ranges.size());
    for (size_t i = 0; i < ranges.size(); ++i) {
      const spec::ParameterRange& range = task.ranges[i];
      const nlohmann::json& json = ranges[i];
      CAPTURE(range.name);
      CHECK(range.name == json.at("name").get<std::string>());
      CHECK(std::string(TypeName(range.type)) ==
            json.at("type").get<std::string>());
      if (range.type == spec::ParameterType::kCategorical) {
        CHECK(range.values == json.at("values").get<std::vector<std::string>>());
        continue;
      }
      CHECK(range.min == json.at("min").get<double>());
      CHECK(range.max == json.at("max").get<double>());
      const std::string scaling = json.at("scaling").get<std::string>();
      CHECK(range.scaling == (scaling == "log" ? spec::Scaling::kLogarithmic
                                               : spec::Scaling::kLinear));
      CHECK((scaling == "log" || scaling == "linear"));
    }
  }
  std::vector<std::string> cpp_names = SyntheticTaskNames();
  cpp_names.push_back(kSklearnTaskName);
  std::sort(cpp_names.begin(), cpp_names.end());
  std::sort(json_names.begin(), json_names.end());
  CHECK(cpp_names == json_names);
}

TEST_CASE("The tasks give the values of tasks.json's test points") {
  const nlohmann::json document = LoadTasksJson();
  REQUIRE(document.at("test_points").size() >= 10);
  for (const nlohmann::json& point : document.at("test_points")) {
    const std::string name = point.at("task").get<std::string>();
    CAPTURE(name, point.at("parameters").dump());
    const BenchmarkTask task = TaskNamed(name);
    space::Parameters parameters;
    for (const spec::ParameterRange& range : task.ranges) {
      parameters[range.name] =
          ValueFor(range, point.at("parameters").at(range.name));
    }
    absl::StatusOr<double> value = task.objective(parameters);
    REQUIRE(value.ok());
    const double expected = point.at("value").get<double>();
    CHECK(*value == Approx(expected).epsilon(1e-13).margin(1e-15));
  }
}

TEST_CASE("A task reports a missing or non-numeric parameter") {
  absl::StatusOr<BenchmarkTask> task = MakeSyntheticTask("ackley-mixed");
  REQUIRE(task.ok());
  space::Parameters parameters = {{"h0", std::string("8")},
                                  {"h1", std::string("8")},
                                  {"h2", std::string("eight")},
                                  {"h3", int64_t{8}},
                                  {"h4", int64_t{8}},
                                  {"x", 0.0}};
  absl::StatusOr<double> value = task->objective(parameters);
  REQUIRE_FALSE(value.ok());
  CHECK(value.status().message() == "parameter h2 is not a number: eight");
  parameters.erase("x");
  parameters["h2"] = std::string("8");
  value = task->objective(parameters);
  REQUIRE_FALSE(value.ok());
  CHECK(value.status().message() == "parameter x is missing");
}

TEST_CASE("An unknown task name is NotFound") {
  CHECK(MakeSyntheticTask("sphere").status().code() ==
        absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace tune::bench
