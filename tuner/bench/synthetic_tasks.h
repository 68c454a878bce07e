// The benchmark's synthetic tasks, written as job ranges over the functions
// of test_functions.h. tasks.json describes the same tasks for the Optuna
// peer (bench_functions.py), and synthetic_tasks_test.cc checks that both
// agree.
//
//   branin        x0 in [-5, 10], x1 in [0, 15]; budget 50.
//   hartmann6     x0..x5 in [0, 1]; budget 100.
//   hartmann6-q4  the same, asked 4 points at a time for 25 rounds.
//   ackley5       x0..x4 in [-32.768, 32.768] (the standard box); budget 100.
//   rosenbrock4   x0..x3 in [-5, 10]; budget 100.
//   ackley-mixed  CoCaBO's Ackley-5C (Ru et al., ICML 2020) with two of its
//                 five categorical inputs made Integer ranges: h0, h1, h2
//                 Categorical with values "0".."16", h3, h4 Integer in
//                 [0, 16], x Continuous in [-1, 1]; the value is the 6-D
//                 Ackley function of (-1 + h0/8, ..., -1 + h4/8, x), minimum
//                 0 at h = 8, x = 0 (CoCaBO's 1e-6 noise is left out);
//                 budget 100.
//
// Continuous inputs are Linear, as the functions are defined; the
// scikit-learn task (sklearn_task.h) is the one with Logarithmic ranges.
// Pure; safe from any thread.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "tuner/bench/benchmark_task.h"

namespace tune::bench {

// The names above, in that order.
std::vector<std::string> SyntheticTaskNames();

// Errors: NotFound for a name not listed above.
absl::StatusOr<BenchmarkTask> MakeSyntheticTask(std::string_view name);

// The mixed task's function of its six inputs in the order
// (h0, h1, h2, h3, h4, x), categories already read as numbers.
double AckleyMixed(const std::vector<double>& inputs);

}  // namespace tune::bench
