#include "tuner/cli/model_plot_input.h"

#include <utility>

#include "tuner/designers/model_slices.h"

namespace tune::cli {
namespace {

std::optional<space::ParameterValue> ValueOf(const tune::v1::ParameterValue& value) {
  switch (value.kind_case()) {
    case tune::v1::ParameterValue::kDoubleValue:
      return value.double_value();
    case tune::v1::ParameterValue::kIntValue:
      return value.int_value();
    case tune::v1::ParameterValue::kStringValue:
      return value.string_value();
    default:
      return std::nullopt;
  }
}

tune::plots::PlotValue PlotValueOf(const space::ParameterValue& value) {
  if (const auto* text = std::get_if<std::string>(&value)) return *text;
  if (const auto* whole = std::get_if<int64_t>(&value)) {
    return static_cast<double>(*whole);
  }
  return std::get<double>(value);
}

}  // namespace

void AddModel(const JobData& data, tune::plots::PlotInput& input) {
  if (!data.spec) {
    input.model_note = "no model: the job's spec could not be read";
    return;
  }
  std::vector<designers::CompletedTrial> trials;
  for (const tune::v1::Trial& trial : data.trials) {
    const bool completed = trial.state() == tune::v1::TRIAL_COMPLETED;
    if (!completed && trial.state() != tune::v1::TRIAL_FAILED) continue;
    designers::CompletedTrial done;
    for (const auto& [name, value] : trial.hyperparameters()) {
      if (auto v = ValueOf(value)) done.parameters[name] = *std::move(v);
    }
    if (completed && trial.has_objective()) done.objective = trial.objective();
    trials.push_back(std::move(done));
  }
  absl::StatusOr<designers::ModelSlices> model = designers::ComputeModelSlices(
      data.spec->ranges, data.spec->objective_type, trials,
      data.spec->random_seed);
  if (!model.ok()) {
    input.model_note = std::string(model.status().message());
    return;
  }
  for (designers::SliceCurve& slice : model->slices) {
    tune::plots::ModelPanel panel{.param = slice.name,
                                  .mean = std::move(slice.mean),
                                  .lower = std::move(slice.lower),
                                  .upper = std::move(slice.upper),
                                  .importance = slice.importance};
    for (const space::ParameterValue& x : slice.x) {
      panel.x.push_back(PlotValueOf(x));
    }
    input.model.push_back(std::move(panel));
  }
}

}  // namespace tune::cli
