// Runs one optimization of a benchmark task with a designer, the way
// tunerd's ask/tell loop would, and records the best value found so far.
//
// Each round rebuilds the designer's view with Update(completed, {}), asks
// Suggest(task.batch_size), evaluates the points in order and adds them to
// the completed trials, until task.budget evaluations are done. With
// batch_size 1 that is the sequential ask 1 / evaluate / tell loop; with
// batch_size q it is a synchronous batch of q parallel trials (no trial is
// active when the batch is asked).
//
//   auto designer = MakeBenchDesigner(BenchStrategy::kGp, task, seed);
//   absl::StatusOr<std::vector<double>> best = RunOptimization(task,
//                                                              **designer);
//
// No I/O of its own (the task's objective may do some). Not thread-safe:
// it drives one designer.
#pragma once

#include <vector>

#include "absl/status/statusor.h"
#include "tuner/bench/benchmark_task.h"
#include "tuner/designers/designer.h"

namespace tune::bench {

// The best (lowest) objective value after each evaluation: element i is the
// minimum of the first i + 1 values. Shorter than task.budget only when the
// designer runs out of points (a small, fully discrete space). A NaN value
// counts as tried but never as best. Errors: those of Suggest() and of the
// task's objective; FailedPrecondition when the designer suggests no point
// before anything was evaluated.
absl::StatusOr<std::vector<double>> RunOptimization(
    const BenchmarkTask& task, designers::Designer& designer);

}  // namespace tune::bench
