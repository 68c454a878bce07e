// Makes the designer for a job's search strategy.
//
//   absl::StatusOr<std::unique_ptr<Designer>> designer = MakeDesigner(spec);
//
// Random gives a RandomDesigner, Bayesian a GpDesigner, both seeded with
// spec.random_seed (or, when the spec has none, a seed derived from the job's
// name). Grid and Hyperband are not implemented yet. Stateless; safe from any
// thread.
#pragma once

#include <memory>

#include "absl/status/statusor.h"
#include "tuner/designers/designer.h"
#include "tuner/spec/job_spec.h"

namespace tune::designers {

// Errors: UnimplementedError ("strategy Grid is not supported yet") for
// Grid and Hyperband; InvalidArgument when the spec has no ranges.
absl::StatusOr<std::unique_ptr<Designer>> MakeDesigner(
    const spec::JobSpec& spec);

// Whether the spec's designer fits a model before it suggests (a GP: up to
// ~0.3 s), so that a caller holding a lock should run it elsewhere.
bool FitsAModel(const spec::JobSpec& spec);

}  // namespace tune::designers
