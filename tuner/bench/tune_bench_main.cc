// tune_bench: the sample-efficiency and speed benchmark of the search
// strategies (BENCHMARKS.md explains the method and records results).
//
//   tune_bench [--tasks branin,hartmann6,...] [--strategies random,sobol,gp]
//              [--seeds 20] [--sklearn-seeds 5] [--json out.json]
//   tune_bench --speed [--speed-sizes 50,200,1000,5000] [--speed-reps 3]
//
// Prints one markdown table per task on stdout and progress lines on
// stderr. The scikit-learn task runs tuner/bench/sklearn_task.py with
// /usr/bin/python3 (see --python, --sklearn-script), relative to the
// current directory: run it from the repository root.
#include <chrono>
#include <csignal>
#include <cstdint>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "tuner/bench/bench_strategy.h"
#include "tuner/bench/benchmark_runner.h"
#include "tuner/bench/line_process.h"
#include "tuner/bench/report.h"
#include "tuner/bench/run_summary.h"
#include "tuner/bench/sklearn_task.h"
#include "tuner/bench/speed_benchmark.h"
#include "tuner/bench/synthetic_tasks.h"
#include "tuner/designers/model_slices.h"

namespace tune::bench {
namespace {

using Clock = std::chrono::steady_clock;

struct Options {
  std::string tasks;
  std::string strategies = "random,sobol,gp";
  int seeds = 20;
  int sklearn_seeds = 0;  // 0: as many as --seeds
  std::string json_path;
  std::string python = "/usr/bin/python3";
  std::string sklearn_script = "tuner/bench/sklearn_task.py";
  bool speed = false;
  std::string speed_sizes = "50,200,1000,5000";
  int speed_reps = 3;
};

std::vector<std::string> AllTaskNames() {
  std::vector<std::string> names = SyntheticTaskNames();
  names.push_back(kSklearnTaskName);
  return names;
}

std::vector<std::string> SplitList(const std::string& text) {
  return absl::StrSplit(text, ',', absl::SkipWhitespace());
}

absl::Status RunSpeed(const Options& options) {
  std::vector<int> sizes;
  for (const std::string& item : SplitList(options.speed_sizes)) {
    int size = 0;
    if (!absl::SimpleAtoi(item, &size)) {
      return absl::InvalidArgumentError(
          absl::StrCat("--speed-sizes: not a number: ", item));
    }
    sizes.push_back(size);
  }
  const std::string designer = BayesianDesignerName();
  std::cerr << "tune_bench: timing " << designer << std::endl;
  absl::StatusOr<std::vector<SpeedRow>> rows =
      MeasureSpeed(sizes, options.speed_reps, 1);
  if (!rows.ok()) return rows.status();
  std::cout << SpeedTable(*rows, designer) << std::flush;
  return absl::OkStatus();
}

// The runs of every strategy on one task, printed as they finish.
absl::StatusOr<std::vector<RunSummary>> RunTask(
    const BenchmarkTask& task, const std::vector<BenchStrategy>& strategies,
    int seeds) {
  std::vector<RunSummary> summaries;
  for (BenchStrategy strategy : strategies) {
    const Clock::time_point start = Clock::now();
    std::vector<std::vector<double>> curves;
    for (int seed = 1; seed <= seeds; ++seed) {
      auto designer = MakeBenchDesigner(strategy, task, seed);
      if (!designer.ok()) return designer.status();
      // On a noisy task the GP recommends its best trial by the model; the
      // others, and the peers, the best one observed.
      Recommender recommend;
      if (strategy == BenchStrategy::kGp) {
        recommend = [&task, seed](const auto& completed) {
          absl::StatusOr<designers::ModelSlices> model =
              designers::ComputeModelSlices(task.ranges,
                                            spec::ObjectiveType::kMinimize,
                                            completed, seed, 2);
          return model.ok() ? model->best_by_model_index : -1;
        };
      }
      absl::StatusOr<std::vector<double>> curve = RunOptimization(
          task, **designer, /*noise_seed=*/7919 * static_cast<uint64_t>(seed),
          recommend);
      if (!curve.ok()) {
        return absl::Status(
            curve.status().code(),
            absl::StrCat(task.name, ", ", ToString(strategy), ", seed ", seed,
                         ": ", curve.status().message()));
      }
      curves.push_back(*std::move(curve));
    }
    const double seconds =
        std::chrono::duration<double>(Clock::now() - start).count();
    std::cerr << "tune_bench: " << task.name << " " << ToString(strategy)
              << ": " << seeds << " seeds in "
              << absl::StrFormat("%.1f", seconds) << " s" << std::endl;
    summaries.push_back(Summarize(task, ToString(strategy), curves, seconds));
  }
  return summaries;
}

absl::Status RunBenchmark(const Options& options) {
  std::vector<std::string> task_names =
      options.tasks.empty() ? AllTaskNames() : SplitList(options.tasks);
  std::vector<BenchStrategy> strategies;
  for (const std::string& name : SplitList(options.strategies)) {
    absl::StatusOr<BenchStrategy> strategy = ParseBenchStrategy(name);
    if (!strategy.ok()) return strategy.status();
    strategies.push_back(*strategy);
  }
  if (options.seeds < 1 || options.sklearn_seeds < 0) {
    return absl::InvalidArgumentError("--seeds must be at least 1");
  }

  // Check every name before running anything.
  std::vector<BenchmarkTask> tasks;
  bool wants_sklearn = false;
  for (const std::string& name : task_names) {
    if (name == kSklearnTaskName) {
      wants_sklearn = true;
      continue;
    }
    absl::StatusOr<BenchmarkTask> task = MakeSyntheticTask(name);
    if (!task.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("unknown task ", name, " (expected some of ",
                       absl::StrJoin(AllTaskNames(), ","), ")"));
    }
    tasks.push_back(*std::move(task));
  }

  std::vector<RunSummary> all;
  for (const BenchmarkTask& task : tasks) {
    absl::StatusOr<std::vector<RunSummary>> summaries =
        RunTask(task, strategies, options.seeds);
    if (!summaries.ok()) return summaries.status();
    std::cout << MarkdownTable(*summaries) << std::flush;
    all.insert(all.end(), summaries->begin(), summaries->end());
  }
  if (wants_sklearn) {
    absl::StatusOr<std::unique_ptr<LineProcess>> child =
        LineProcess::Start({options.python, options.sklearn_script});
    if (!child.ok()) return child.status();
    const std::string expected = absl::StrCat("ready ", kSklearnTaskName);
    if ((*child)->greeting() != expected) {
      return absl::FailedPreconditionError(
          absl::StrCat(options.sklearn_script, " said \"",
                       (*child)->greeting(), "\", expected \"", expected,
                       "\""));
    }
    const BenchmarkTask task = MakeSklearnTask(**child);
    const int seeds =
        options.sklearn_seeds > 0 ? options.sklearn_seeds : options.seeds;
    absl::StatusOr<std::vector<RunSummary>> summaries =
        RunTask(task, strategies, seeds);
    if (!summaries.ok()) return summaries.status();
    std::cout << MarkdownTable(*summaries) << std::flush;
    all.insert(all.end(), summaries->begin(), summaries->end());
  }

  if (!options.json_path.empty()) {
    std::ofstream out(options.json_path);
    out << ToJsonDocument("tune_bench", all).dump(1) << "\n";
    out.close();
    if (!out) {
      return absl::UnavailableError(
          absl::StrCat("cannot write ", options.json_path));
    }
  }
  return absl::OkStatus();
}

}  // namespace
}  // namespace tune::bench

int main(int argc, char** argv) {
  tune::bench::Options options;
  CLI::App app{
      "Sample-efficiency and speed benchmark of tune's search strategies."};
  app.add_option("--tasks", options.tasks,
                 "comma-separated tasks (default: all of " +
                     absl::StrJoin(tune::bench::AllTaskNames(), ",") + ")");
  app.add_option("--strategies", options.strategies,
                 "comma-separated strategies: random, sobol, gp")
      ->capture_default_str();
  app.add_option("--seeds", options.seeds, "runs per strategy and task")
      ->capture_default_str();
  app.add_option("--sklearn-seeds", options.sklearn_seeds,
                 "runs per strategy for svc-breast-cancer (default: --seeds)");
  app.add_option("--json", options.json_path,
                 "also write the results, with best-so-far curves, here");
  app.add_option("--python", options.python,
                 "the Python that runs the scikit-learn task")
      ->capture_default_str();
  app.add_option("--sklearn-script", options.sklearn_script,
                 "path of sklearn_task.py")
      ->capture_default_str();
  app.add_flag("--speed", options.speed,
               "time Update and Suggest(1) of the gp strategy instead");
  app.add_option("--speed-sizes", options.speed_sizes,
                 "comma-separated history sizes for --speed")
      ->capture_default_str();
  app.add_option("--speed-reps", options.speed_reps,
                 "repetitions per size for --speed")
      ->capture_default_str();
  CLI11_PARSE(app, argc, argv);

  // A scikit-learn child that dies must give an error, not end the program.
  std::signal(SIGPIPE, SIG_IGN);
  const absl::Status status = options.speed
                                  ? tune::bench::RunSpeed(options)
                                  : tune::bench::RunBenchmark(options);
  if (!status.ok()) {
    std::cerr << "tune_bench: " << status << std::endl;
    return 1;
  }
  return 0;
}
