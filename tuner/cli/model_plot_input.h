// tunectl plot --kind model: fits the GP to the job's trials as tunectl
// fetched them (designers/model_slices.h, the model the dashboard's model
// view shows, less any warm-start parents) and fills the plot's panels.
#pragma once

#include <string>

#include "tuner/cli/job_data.h"
#include "tuner/plots/plots.h"

namespace tune::cli {

// Fills input.model from the job's completed and failed trials, or
// input.model_note with why there is no model (no spec, too few trials).
void AddModel(const JobData& data, tune::plots::PlotInput& input);

}  // namespace tune::cli
