// Warm start: a job that names parent jobs learns from their trials
// (SageMaker's IdenticalDataAndAlgorithm and TransferLearning). Pure
// functions of the jobs passed in; the caller holds the Scheduler's lock.
#pragma once

#include <string>

#include "absl/status/status.h"
#include "tuner/scheduler/job.h"
#include "tuner/spec/job_spec.h"

namespace tune::scheduler {

// Checks a new job's warm_start_config against its parents: InvalidArgument
// naming the field when a parent is missing or does not fit.
absl::Status CheckWarmStart(const spec::JobSpec& spec, const JobMap& jobs);

// Adds to `view` the parents' ended trials that lie in `job`'s ranges,
// before the job's own: the designer reads the completed trials as history
// in order (the GP's restarts, gp/search_epochs.h), and the parents' came
// first.
// TransferLearning stops using them once the job has as many ended trials
// of its own as an initial design.
void AddParentObservations(const Job& job, const JobMap& jobs,
                           DesignerView& view);

}  // namespace tune::scheduler
