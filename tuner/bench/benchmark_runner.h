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

#include <cstdint>
#include <functional>
#include <vector>

#include "absl/status/statusor.h"
#include "tuner/bench/benchmark_task.h"
#include "tuner/designers/designer.h"

namespace tune::bench {

// Which of the evaluated points a strategy would have a user deploy; its
// index in `completed` (values as the designer saw them).
using Recommender =
    std::function<int(const std::vector<designers::CompletedTrial>& completed)>;

// The best (lowest) objective value after each evaluation: element i is the
// minimum of the first i + 1 values. Shorter than task.budget only when the
// designer runs out of points (a small, fully discrete space). A NaN value
// counts as tried but never as best.
//
// A noisy task (noise_sd > 0) shows the designer each value plus Gaussian
// noise drawn from `noise_seed`; element i is then the noise-free value of
// the point with the best noisy value among the first i + 1 (what a user
// who deploys the best observed trial gets), and the last element the
// noise-free value of the point `recommend` picks, when one is given.
//
// Errors: those of Suggest() and of the task's objective;
// FailedPrecondition when the designer suggests no point before anything
// was evaluated.
absl::StatusOr<std::vector<double>> RunOptimization(
    const BenchmarkTask& task, designers::Designer& designer,
    uint64_t noise_seed = 0, const Recommender& recommend = nullptr);

}  // namespace tune::bench
