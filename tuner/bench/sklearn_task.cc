#include "tuner/bench/sklearn_task.h"

#include <cmath>
#include <variant>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "nlohmann/json.hpp"

namespace tune::bench {

std::vector<spec::ParameterRange> SklearnRanges() {
  return {ContinuousRange("C", 1e-3, 1e3, spec::Scaling::kLogarithmic),
          ContinuousRange("gamma", 1e-5, 1e1, spec::Scaling::kLogarithmic),
          CategoricalRange("kernel", {"rbf", "poly", "sigmoid"}),
          IntegerRange("degree", 1, 5)};
}

BenchmarkTask MakeSklearnTask(LineProcess& process) {
  BenchmarkTask task;
  task.name = kSklearnTaskName;
  task.ranges = SklearnRanges();
  task.budget = 100;
  task.objective = [&process](const space::Parameters& parameters)
      -> absl::StatusOr<double> {
    absl::StatusOr<std::string> reply =
        process.Ask(ParametersJson(parameters));
    if (!reply.ok()) return reply.status();
    return ParseReply(*reply);
  };
  return task;
}

std::string ParametersJson(const space::Parameters& parameters) {
  nlohmann::json object = nlohmann::json::object();
  for (const auto& entry : parameters) {
    // A lambda may not capture a structured binding in clang 14.
    const std::string& name = entry.first;
    std::visit([&object, &name](const auto& v) { object[name] = v; },
               entry.second);
  }
  return object.dump();
}

absl::StatusOr<double> ParseReply(const std::string& reply) {
  double value = 0;
  if (absl::SimpleAtod(reply, &value) && !std::isinf(value)) return value;
  return absl::InternalError(
      absl::StrCat("the scikit-learn task answered: ", reply));
}

}  // namespace tune::bench
