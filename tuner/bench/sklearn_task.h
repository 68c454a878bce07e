// The benchmark's real hyperparameter-tuning task, "svc-breast-cancer": an
// SVM on scikit-learn's breast-cancer data, scored by 3-fold
// cross-validation (sklearn_task.py documents the model and the folds).
//
// Ranges (also in tasks.json):
//   C       Continuous, Logarithmic, [1e-3, 1e3]
//   gamma   Continuous, Logarithmic, [1e-5, 1e1]
//   kernel  Categorical: rbf, poly, sigmoid
//   degree  Integer, [1, 5] (read by the poly kernel only)
// Objective: 1 - mean accuracy, minimized; the optimum is unknown. Budget
// 100.
//
// The C++ side does not compute the objective: it sends each point as one
// JSON line to a LineProcess running sklearn_task.py and reads the number
// back, so tune_bench and optuna_peer.py score points with the same code.
//
//   auto child = LineProcess::Start({"/usr/bin/python3",
//                                    "tuner/bench/sklearn_task.py"});
//   BenchmarkTask task = MakeSklearnTask(**child);
//
// The task's objective uses the process: not thread-safe, and the process
// must outlive the task.
#pragma once

#include <string>
#include <vector>

#include "tuner/bench/benchmark_task.h"
#include "tuner/bench/line_process.h"

namespace tune::bench {

inline constexpr char kSklearnTaskName[] = "svc-breast-cancer";

std::vector<spec::ParameterRange> SklearnRanges();

// The task, evaluated by `process` (sklearn_task.py, already started).
BenchmarkTask MakeSklearnTask(LineProcess& process);

// The line sent for `parameters`: a JSON object, doubles written so that
// they read back exactly. Exposed for tests.
std::string ParametersJson(const space::Parameters& parameters);

// The objective from a reply line. Errors: Internal with the child's
// message for "error ..." or anything that is not a number.
absl::StatusOr<double> ParseReply(const std::string& reply);

}  // namespace tune::bench
