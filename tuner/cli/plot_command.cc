// tunectl plot: draws a job's trials into an SVG or PNG file, from the API.
#include <algorithm>
#include <iostream>
#include <set>

#include "absl/strings/str_join.h"
#include "tuner/cli/commands.h"
#include "tuner/cli/job_data.h"
#include "tuner/cli/model_plot_input.h"
#include "tuner/cli/output_file.h"
#include "tuner/cli/png_render.h"
#include "tuner/designers/suggestion_reason.h"
#include "tuner/plots/plots.h"

namespace tune::cli {

namespace {

using tune::plots::ParameterScale;
using tune::plots::PlotInput;
using tune::plots::PlotKind;
using tune::plots::PlotParameter;
using tune::plots::PlotTrial;
using tune::plots::TrialStatus;

int Usage(const std::string& message) {
  std::cerr << "tunectl: plot: " << message << std::endl;
  return 2;
}

TrialStatus Status(tune::v1::TrialState state) {
  switch (state) {
    case tune::v1::TRIAL_IN_PROGRESS:
      return TrialStatus::kRunning;
    case tune::v1::TRIAL_COMPLETED:
      return TrialStatus::kCompleted;
    case tune::v1::TRIAL_FAILED:
      return TrialStatus::kFailed;
    case tune::v1::TRIAL_STOPPED:
      return TrialStatus::kStopped;
    default:
      return TrialStatus::kPending;
  }
}

// The spec's ranges; without a spec, each name the trials have: text
// values make a categorical axis, numbers a linear one.
std::vector<PlotParameter> Parameters(const JobData& data) {
  std::vector<PlotParameter> parameters;
  if (data.spec) {
    for (const auto& range : data.spec->ranges) {
      PlotParameter parameter;
      parameter.name = range.name;
      if (range.type == tune::spec::ParameterType::kCategorical) {
        parameter.scale = ParameterScale::kCategorical;
        parameter.categories = range.values;
      } else {
        // Auto and ReverseLogarithmic draw linearly.
        parameter.scale = range.scaling == tune::spec::Scaling::kLogarithmic
                              ? ParameterScale::kLog
                              : ParameterScale::kLinear;
        parameter.min = range.min;
        parameter.max = range.max;
      }
      parameters.push_back(std::move(parameter));
    }
  }
  for (const std::string& name : HyperparameterNames(data)) {
    if (std::any_of(parameters.begin(), parameters.end(),
                    [&](const PlotParameter& p) { return p.name == name; })) {
      continue;
    }
    PlotParameter parameter;
    parameter.name = name;
    for (const tune::v1::Trial& trial : data.trials) {
      auto it = trial.hyperparameters().find(name);
      if (it != trial.hyperparameters().end() &&
          it->second.kind_case() == tune::v1::ParameterValue::kStringValue) {
        parameter.scale = ParameterScale::kCategorical;
      }
    }
    parameters.push_back(std::move(parameter));
  }
  return parameters;
}

PlotTrial Trial(const tune::v1::Trial& trial) {
  PlotTrial plotted;
  plotted.id = trial.id();
  plotted.status = Status(trial.state());
  if (trial.has_objective()) plotted.objective = trial.objective();
  plotted.ended_at = trial.ended_at();
  plotted.source = designers::SuggestionStrategy(trial.suggestion_json());
  for (const auto& [name, value] : trial.hyperparameters()) {
    switch (value.kind_case()) {
      case tune::v1::ParameterValue::kDoubleValue:
        plotted.hyperparameters[name] = value.double_value();
        break;
      case tune::v1::ParameterValue::kIntValue:
        plotted.hyperparameters[name] = static_cast<double>(value.int_value());
        break;
      case tune::v1::ParameterValue::kStringValue:
        plotted.hyperparameters[name] = value.string_value();
        break;
      default:
        break;
    }
  }
  return plotted;
}

}  // namespace

CLI::App* AddPlotCommand(CLI::App& app, PlotArgs& args) {
  auto* plot = app.add_subcommand(
      "plot",
      "draw a job's trials into an SVG or PNG file (no browser needed)");
  plot->add_option("name", args.job, "the job")->required();
  plot->add_option("--kind", args.kind,
                   "timeline: objective by end time, coloured by status; "
                   "objective: objective against each hyperparameter; "
                   "curves: each trial's metric by step; "
                   "parallel: parallel coordinates coloured by objective; "
                   "model: the GP's mean and +-2 sd along each "
                   "hyperparameter through the best trial, ranked by "
                   "importance, with the trials coloured by where they "
                   "came from")
      ->required()
      ->check(CLI::IsMember(
          {"timeline", "objective", "curves", "parallel", "model"}));
  plot->add_option("-o,--output", args.output,
                   "the file to write: FILE.svg or FILE.png")
      ->required();
  plot->add_option(
      "--metric", args.metric,
      "curves: the metric to draw (default: the objective metric)");
  plot->add_option(
      "--param", args.params,
      "objective, parallel: only these hyperparameters (repeatable)");
  return plot;
}

int RunPlot(tune::v1::TunerService::Stub& stub, const PlotArgs& args) {
  const auto kind = tune::plots::ParsePlotKind(args.kind);
  if (!kind)
    return Usage(
        "--kind must be timeline, objective, curves, parallel or model");
  const std::string extension = Extension(args.output);
  if (extension != "svg" && extension != "png") {
    return Usage("-o must name a .svg or .png file, not \"" + args.output +
                 "\"");
  }
  if (!args.metric.empty() && *kind != PlotKind::kCurves) {
    return Usage("--metric is for --kind curves");
  }
  if (!args.params.empty() && *kind != PlotKind::kObjective &&
      *kind != PlotKind::kParallel) {
    return Usage("--param is for --kind objective and parallel");
  }

  auto data = FetchJobData(stub, args.job);
  if (!data.ok()) {
    std::cerr << "tunectl: " << data.status().message() << std::endl;
    return 1;
  }
  if (!data->spec) {
    std::cerr << "tunectl: plot: warning: cannot read the job's spec ("
              << data->spec_error
              << "); axes are guessed from the trials' values" << std::endl;
  }

  PlotInput input;
  input.title = data->job.name();
  input.objective_name = data->job.objective_metric_name();
  input.minimize = data->job.objective_type() == "Minimize";
  input.start_time = data->job.created_at();
  input.parameters = Parameters(*data);
  if (!args.params.empty()) {
    std::vector<PlotParameter> chosen;
    for (const std::string& name : args.params) {
      auto it =
          std::find_if(input.parameters.begin(), input.parameters.end(),
                       [&](const PlotParameter& p) { return p.name == name; });
      if (it == input.parameters.end()) {
        std::vector<std::string> names;
        for (const PlotParameter& p : input.parameters) names.push_back(p.name);
        return Usage(
            "--param " + name + ": the job's hyperparameters are " +
            (names.empty() ? std::string("none") : absl::StrJoin(names, ", ")));
      }
      chosen.push_back(*it);
    }
    input.parameters = std::move(chosen);
  }

  input.curve_metric = args.metric.empty() ? input.objective_name : args.metric;
  if (*kind == PlotKind::kCurves && data->spec &&
      !data->spec->metric_definitions.empty()) {
    std::vector<std::string> names;
    for (const auto& definition : data->spec->metric_definitions) {
      names.push_back(definition.name);
    }
    if (std::find(names.begin(), names.end(), input.curve_metric) ==
        names.end()) {
      return Usage("--metric " + input.curve_metric +
                   ": the job's metrics are " + absl::StrJoin(names, ", "));
    }
  }
  for (const tune::v1::Trial& trial : data->trials) {
    PlotTrial plotted = Trial(trial);
    if (*kind == PlotKind::kCurves) {
      auto points = FetchCurve(stub, trial.id(), input.curve_metric);
      if (!points.ok()) {
        std::cerr << "tunectl: " << trial.id() << ": "
                  << points.status().message() << std::endl;
        return 1;
      }
      for (const tune::v1::MetricPoint& point : *points) {
        plotted.curve.push_back({point.step(), point.value()});
      }
    }
    input.trials.push_back(std::move(plotted));
  }

  if (*kind == PlotKind::kModel) AddModel(*data, input);
  std::string bytes = tune::plots::RenderPlot(*kind, input);
  if (extension == "png") {
    auto png = SvgToPng(bytes);
    if (!png.ok()) {
      std::cerr << "tunectl: plot: " << png.status().message() << std::endl;
      return 1;
    }
    bytes = *std::move(png);
  }
  if (auto status = WriteOutput(args.output, bytes); !status.ok()) {
    return Usage(std::string(status.message()));
  }
  std::cout << "Wrote " << args.kind << " plot of " << input.trials.size()
            << " trials to " << args.output << std::endl;
  return 0;
}

}  // namespace tune::cli
