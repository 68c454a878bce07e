// The trainer's command line: hyperparameters, data and run settings, parsed
// from `--name value` or `--name=value` pairs. Torch-free so that it can be
// unit tested without linking libtorch. Stateless; thread-safe.
//
//   absl::StatusOr<TrainerOptions> options =
//       ParseTrainerOptions({"--lr", "0.1", "--epochs=3"});
//   if (!options.ok()) { /* print options.status().message(), exit 2 */ }
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "trainer/data/load_dataset.h"

namespace tune::trainer {

enum class OptimizerKind { kSgd, kNesterov };
enum class DeviceChoice { kAuto, kCpu, kCuda };

struct TrainerOptions {
  // Hyperparameters: what a tuning job varies.
  double lr = 0.2;             // --lr, peak of the one-cycle schedule
  double momentum = 0.9;       // --mom
  double weight_decay = 5e-4;  // --wd, on conv and linear weights only
  int epochs = 2;              // --epochs
  OptimizerKind optimizer = OptimizerKind::kNesterov;  // --opt sgd|nag
  int batch_size = 64;                                 // --batch_size
  double label_smoothing = 0.0;                        // --label_smoothing

  // Data.
  DatasetKind dataset = DatasetKind::kCifar10;  // --dataset
  std::string data_dir;     // --data-dir; "" means DefaultDataDir(dataset)
  int64_t train_limit = 0;  // --train-limit; 0 means all
  int64_t val_limit = 0;    // --val-limit; 0 means all

  // How to run.
  int threads = 1;                            // --threads
  uint64_t seed = 0;                          // --seed
  int width = 16;                             // --width, base channel count
  DeviceChoice device = DeviceChoice::kAuto;  // --device auto|cpu|cuda

  bool help = false;  // --help or -h was given; nothing else was checked
};

// Parses the arguments after the program name. InvalidArgument, with a
// message that names the flag, for an unknown or repeated flag, a missing
// value, a value that is not a number or not one of the choices, a value out
// of range, or a stray positional argument.
absl::StatusOr<TrainerOptions> ParseTrainerOptions(
    const std::vector<std::string>& args);

// The --help text: every flag, its range and its default.
std::string TrainerUsage();

}  // namespace tune::trainer
