// The JSON of GET /api/jobs/{name}/model: the GP's slices through the best
// trial (designers/model_slices.h) and the job's completed trials to draw
// on them, each with where its point came from. `trials` is all of the
// job's: the model's best is looked up among every trial with a value.
//
//   {"job", "objective_metric", "minimize", "model_points",
//    "anchor": {"parameters", "objective"},
//    "best_by_model": {"id" (null for a warm-start parent's trial),
//                      "parameters", "predicted", "objective"},
//    "slices": [{"name", "scale": "linear"|"log"|"categorical", "x",
//                "mean", "lower", "upper", "importance", "lengthscale"}],
//    "observed": [{"id", "objective", "parameters", "source"}]}
//
// "source" is the designer's strategy for the trial ("initial_design",
// "gp", "random_unused", ...; "unknown" without one). Pure; thread-safe.
#pragma once

#include <vector>

#include "nlohmann/json.hpp"
#include "storage/store.h"
#include "tuner/designers/model_slices.h"
#include "tuner/spec/job_spec.h"

namespace tune::dashboard {

nlohmann::json ModelJson(const designers::ModelSlices& model,
                         const spec::JobSpec& spec,
                         const std::vector<storage::TrialRecord>& trials);

}  // namespace tune::dashboard
