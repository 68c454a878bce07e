// A hyperparameter's axis: its scale (linear, log or one column per
// category) built from the parameter's declared range and the trials'
// values, and where a trial's value sits on it. Pure; safe from any thread.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "tuner/plots/internal/scale.h"
#include "tuner/plots/plots.h"

namespace tune::plots::internal {

// The axis of `parameter` over the values of `trials`, between pixel
// positions `from` and `to`. Categorical: the declared categories, then
// any other values met, in trial order.
Scale MakeParameterScale(const PlotParameter& parameter,
                         const std::vector<const PlotTrial*>& trials,
                         double from, double to);

// The trial's value as a number (text that parses as one counts).
std::optional<double> NumericValue(const PlotTrial& trial,
                                   const std::string& name);
// The trial's value as a category (a number as "%g" text).
std::optional<std::string> CategoryValue(const PlotTrial& trial,
                                         const std::string& name);

// The pixel position of the trial's value on `scale` (a category's column
// centre), or nullopt when it has none.
std::optional<double> ValuePosition(const Scale& scale,
                                    const PlotParameter& parameter,
                                    const PlotTrial& trial);

}  // namespace tune::plots::internal
