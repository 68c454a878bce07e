// Trains the network (airbench's or ResNet-18) on a loaded dataset with SGD
// and a warm-up/decay schedule, after an untimed priming where asked
// (--prime), evaluating on the validation set after every epoch and on the test split
// once at the end. The
// header is torch-free so that main.cc stays cheap to compile; all libtorch
// work happens inside RunTraining. Call from one thread; it uses
// TrainerOptions::threads CPU threads inside torch.
//
//   absl::StatusOr<TrainingResult> result = RunTraining(options, data, {
//       .on_info = [](std::string_view line) { std::cerr << line << "\n"; },
//       .on_epoch = [](const EpochReport& r) { Print(FormatEpochLine(r)); }});
#pragma once

#include <functional>
#include <string_view>

#include "absl/status/statusor.h"
#include "trainer/data/load_dataset.h"
#include "trainer/options/trainer_options.h"
#include "trainer/train/epoch_log.h"

namespace tune::trainer {

struct TrainingCallbacks {
  // Human-readable setup facts (device, sizes); not for scrapers.
  std::function<void(std::string_view)> on_info;
  // Called once per finished epoch, in order.
  std::function<void(const EpochReport&)> on_epoch;
};

struct TrainingResult {
  double final_val_accuracy = 0;
  // The test split's, measured once at the end (the validation accuracy
  // again when validation uses the test split).
  double test_accuracy = 0;
  // All epochs and the final evaluation; not priming.
  double training_seconds = 0;
  int epochs_run = 0;
  // The training loss stopped being finite; the run stopped after that
  // epoch, and the accuracy is that of the broken model.
  bool diverged = false;
};

// InvalidArgument for an empty split, FailedPrecondition for an unusable
// device, Internal for a libtorch failure (out of memory, say).
absl::StatusOr<TrainingResult> RunTraining(const TrainerOptions& options,
                                           const TrainValData& data,
                                           const TrainingCallbacks& callbacks);

}  // namespace tune::trainer
