#include "tuner/bench/speed_benchmark.h"

#include <cxxabi.h>

#include <chrono>
#include <cstdlib>
#include <memory>
#include <typeinfo>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "tuner/bench/bench_strategy.h"
#include "tuner/bench/run_summary.h"
#include "tuner/bench/synthetic_tasks.h"
#include "tuner/bench/test_functions.h"
#include "tuner/designers/suggestion_reason.h"
#include "tuner/rng/split_mix64.h"
#include "tuner/space/scaling.h"

namespace tune::bench {
namespace {

using Clock = std::chrono::steady_clock;

// More than a restart's design has in 6 dimensions (gp/search_epochs.h).
constexpr int kMaxRestartPoints = 16;

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

std::vector<designers::CompletedTrial> Hartmann6History(
    const BenchmarkTask& task, int size, uint64_t seed) {
  rng::SplitMix64 rng(seed);
  std::vector<designers::CompletedTrial> history;
  history.reserve(size);
  for (int i = 0; i < size; ++i) {
    std::vector<double> x(6);
    for (double& v : x) v = rng.NextUnit();
    history.push_back({space::FromUnitPoint(task.ranges, x), Hartmann6(x)});
  }
  return history;
}

std::string Demangle(const char* name) {
  int status = 0;
  std::unique_ptr<char, void (*)(void*)> demangled(
      abi::__cxa_demangle(name, nullptr, nullptr, &status), std::free);
  return status == 0 && demangled != nullptr ? std::string(demangled.get())
                                             : std::string(name);
}

}  // namespace

absl::StatusOr<std::vector<SpeedRow>> MeasureSpeed(
    const std::vector<int>& history_sizes, int repetitions, uint64_t seed) {
  if (repetitions < 1) {
    return absl::InvalidArgumentError("repetitions must be at least 1");
  }
  absl::StatusOr<BenchmarkTask> task = MakeSyntheticTask("hartmann6");
  if (!task.ok()) return task.status();
  std::vector<SpeedRow> rows;
  for (int size : history_sizes) {
    if (size < 1) {
      return absl::InvalidArgumentError(
          absl::StrCat("history size must be at least 1 (got ", size, ")"));
    }
    const std::vector<designers::CompletedTrial> history =
        Hartmann6History(*task, size, seed);
    std::vector<double> update_times;
    std::vector<double> suggest_times;
    for (int repetition = 0; repetition < repetitions; ++repetition) {
      auto designer = MakeBenchDesigner(BenchStrategy::kGp, *task,
                                        seed + repetition);
      if (!designer.ok()) return designer.status();
      // A random history stalls, so the designer may be opening a restart
      // with quasi-random points (no acquisition): those run as pending
      // trials until the model's own suggestion comes, which is timed. The
      // Update timed is the first (the later ones reuse its fit).
      std::vector<space::Parameters> active;
      double update_seconds = 0;
      double suggest_seconds = 0;
      for (int attempt = 0; attempt <= kMaxRestartPoints; ++attempt) {
        const Clock::time_point update_start = Clock::now();
        (*designer)->Update(history, active);
        if (attempt == 0) update_seconds = SecondsSince(update_start);
        const Clock::time_point suggest_start = Clock::now();
        absl::StatusOr<std::vector<designers::Suggestion>> points =
            (*designer)->SuggestWithReasons(1);
        suggest_seconds = SecondsSince(suggest_start);
        if (!points.ok()) return points.status();
        if (points->empty() ||
            designers::SuggestionStrategy(points->front().reason_json) !=
                "restart") {
          break;
        }
        active.push_back(points->front().parameters);
      }
      update_times.push_back(update_seconds);
      suggest_times.push_back(suggest_seconds);
    }
    rows.push_back({size, repetitions, Quantile(update_times, 0.5),
                    Quantile(suggest_times, 0.5)});
  }
  return rows;
}

std::string BayesianDesignerName() {
  absl::StatusOr<BenchmarkTask> task = MakeSyntheticTask("hartmann6");
  if (!task.ok()) return "unknown";
  auto designer = MakeBenchDesigner(BenchStrategy::kGp, *task, 1);
  if (!designer.ok()) return "unknown";
  const designers::Designer& instance = **designer;
  return Demangle(typeid(instance).name());
}

std::string SpeedTable(const std::vector<SpeedRow>& rows,
                       const std::string& designer_name) {
  std::string table = absl::StrCat(
      "### speed: gp strategy on Hartmann6 data, d = 6 (designer: ",
      designer_name, ")\n\n",
      "| completed trials n | repetitions | Update (fit), median s | "
      "Suggest(1) (acquisition), median s |\n",
      "|---:|---:|---:|---:|\n");
  for (const SpeedRow& row : rows) {
    absl::StrAppend(&table, "| ", row.history_size, " | ", row.repetitions,
                    " | ", absl::StrFormat("%.3g", row.update_seconds), " | ",
                    absl::StrFormat("%.3g", row.suggest_seconds), " |\n");
  }
  absl::StrAppend(&table, "\n");
  return table;
}

}  // namespace tune::bench
