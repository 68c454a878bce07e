// cifar10-trainer: trains airbench94's network (or a ResNet-18) on
// CIFAR-10, Fashion-MNIST or a synthetic set and prints per-epoch metrics
// for the tuner's log scrapers. With --gpus N it starts N-1 more copies of
// itself and trains data-parallel; only the first prints metrics.
// Exit codes: 0 done, 1 runtime failure (data, device), 2 bad command line.
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "trainer/data/load_dataset.h"
#include "trainer/options/trainer_options.h"
#include "trainer/train/epoch_log.h"
#include "trainer/train/rank_launcher.h"
#include "trainer/train/train_loop.h"

namespace {

constexpr int kExitRuntimeError = 1;
constexpr int kExitUsage = 2;

// Scrapers read whole lines as they come, so every line is flushed at once.
void PrintLine(std::FILE* stream, std::string_view line) {
  std::fwrite(line.data(), 1, line.size(), stream);
  std::fputc('\n', stream);
  std::fflush(stream);
}

void PrintError(std::string_view message) {
  PrintLine(stderr, std::string("cifar10-trainer: ") + std::string(message));
}

}  // namespace

int main(int argc, char** argv) {
  using namespace tune::trainer;
  const std::vector<std::string> args(argv + 1, argv + argc);
  absl::StatusOr<TrainerOptions> options = ParseTrainerOptions(args);
  if (!options.ok()) {
    PrintError(std::string(options.status().message()));
    PrintLine(stderr, "Run cifar10-trainer --help for the flags.");
    return kExitUsage;
  }
  if (options->help) {
    std::fputs(TrainerUsage().c_str(), stdout);
    return 0;
  }
  // Rank 0 starts the others; they die with it.
  std::optional<RankLauncher> ranks;
  if (options->rank > 0) {
    FollowParentDeath();
  } else if (options->gpus > 1) {
    absl::StatusOr<RankLauncher> started =
        RankLauncher::Start(args, options->gpus);
    if (!started.ok()) {
      PrintError(std::string(started.status().message()));
      return kExitRuntimeError;
    }
    ranks.emplace(*std::move(started));
    options->dist_store = ranks->store_path();
  }

  absl::StatusOr<TrainValData> data =
      LoadDataset(options->dataset, options->data_dir, options->train_limit,
                  options->test_limit, options->val_fraction, options->seed);
  if (!data.ok()) {
    PrintError(std::string(data.status().message()));
    return kExitRuntimeError;
  }

  absl::StatusOr<TrainingResult> result = RunTraining(
      *options, *data,
      TrainingCallbacks{
          .on_info = [](std::string_view line) { PrintLine(stderr, line); },
          .on_epoch =
              [](const EpochReport& report) {
                PrintLine(stdout, FormatEpochLine(report));
              }});
  if (!result.ok()) {
    PrintError(absl::StrCat(options->rank > 0
                                ? absl::StrCat("rank ", options->rank, ": ")
                                : "",
                            result.status().message()));
    return kExitRuntimeError;
  }
  if (ranks) ranks->Wait();
  if (options->rank > 0) return 0;
  if (result->diverged) {
    PrintError(
        "training diverged (the loss is not finite); stopped early. "
        "Try a lower --lr.");
  }
  PrintLine(stdout, FormatFinalLine(result->final_val_accuracy,
                                    result->training_seconds));
  PrintLine(stdout, FormatTestLine(result->test_accuracy));
  return 0;
}
