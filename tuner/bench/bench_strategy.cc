#include "tuner/bench/bench_strategy.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "tuner/bench/sobol_designer.h"
#include "tuner/designers/designer_factory.h"

namespace tune::bench {

const char* ToString(BenchStrategy strategy) {
  switch (strategy) {
    case BenchStrategy::kRandom:
      return "random";
    case BenchStrategy::kSobol:
      return "sobol";
    case BenchStrategy::kGp:
      return "gp";
  }
  return "unknown";
}

absl::StatusOr<BenchStrategy> ParseBenchStrategy(std::string_view name) {
  for (BenchStrategy strategy : AllBenchStrategies()) {
    if (name == ToString(strategy)) return strategy;
  }
  return absl::InvalidArgumentError(
      absl::StrCat("unknown strategy ",
                   absl::string_view(name.data(), name.size()),
                   " (expected random, sobol or gp)"));
}

std::vector<BenchStrategy> AllBenchStrategies() {
  return {BenchStrategy::kRandom, BenchStrategy::kSobol, BenchStrategy::kGp};
}

absl::StatusOr<std::unique_ptr<designers::Designer>> MakeBenchDesigner(
    BenchStrategy strategy, const BenchmarkTask& task, uint64_t seed) {
  if (seed == 0) seed = 1;
  if (strategy == BenchStrategy::kSobol) {
    return std::make_unique<SobolDesigner>(task.ranges, seed);
  }
  spec::JobSpec spec;
  spec.name = task.name;
  spec.strategy = strategy == BenchStrategy::kRandom ? spec::Strategy::kRandom
                                                     : spec::Strategy::kBayesian;
  spec.objective_metric_name = "objective";
  spec.objective_type = spec::ObjectiveType::kMinimize;
  spec.max_jobs = task.budget;
  spec.max_parallel_jobs = task.batch_size;
  spec.ranges = task.ranges;
  spec.random_seed = seed;
  return designers::MakeDesigner(spec);
}

}  // namespace tune::bench
