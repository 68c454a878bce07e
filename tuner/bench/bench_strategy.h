// The search strategies the benchmark compares, and the designer for each.
//
//   random  designers::MakeDesigner with Strategy::kRandom.
//   sobol   SobolDesigner (a scrambled Sobol sequence).
//   gp      designers::MakeDesigner with Strategy::kBayesian: whatever
//           tunerd runs for a Bayesian job (a RandomDesigner until the
//           Gaussian-process designer lands, then that designer).
//
//   absl::StatusOr<BenchStrategy> strategy = ParseBenchStrategy("gp");
//   auto designer = MakeBenchDesigner(*strategy, task, seed);
//
// Pure; safe from any thread.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "tuner/bench/benchmark_task.h"
#include "tuner/designers/designer.h"

namespace tune::bench {

enum class BenchStrategy { kRandom, kSobol, kGp };

// "random", "sobol" or "gp".
const char* ToString(BenchStrategy strategy);

// Errors: InvalidArgument for a name not listed above.
absl::StatusOr<BenchStrategy> ParseBenchStrategy(std::string_view name);

// All strategies, in the order above.
std::vector<BenchStrategy> AllBenchStrategies();

// A fresh designer for one run of `task`. The job spec it is made from
// names the task, minimizes, allows task.batch_size trials in parallel and
// has random_seed `seed` (0 is replaced by 1: MakeDesigner reads 0 as "no
// seed"). Errors: those of designers::MakeDesigner.
absl::StatusOr<std::unique_ptr<designers::Designer>> MakeBenchDesigner(
    BenchStrategy strategy, const BenchmarkTask& task, uint64_t seed);

}  // namespace tune::bench
