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
enum class Architecture { kAirbench, kResNet18 };
// kAuto is fp16 on CUDA (airbench's choice) and fp32 on CPU, where half
// precision is slow.
enum class Precision { kAuto, kFloat32, kFloat16, kBFloat16 };
// kAuto primes on CUDA, where the first steps pay for cuDNN's autotuning,
// graph capture and kernel loading; a CPU has nothing to warm.
enum class Priming { kAuto, kOn, kOff };

// The defaults are airbench94's recipe. lr and wd follow its convention:
// both are per 1024 examples of a summed loss, and lr is divided by
// 1024 * (1 + 1 / (1 - mom)), so that neither the batch size nor the momentum
// changes the size of a step; one range of lr suits every batch size.
struct TrainerOptions {
  // Hyperparameters: what a tuning job varies.
  double lr = 11.5;            // --lr, peak of the schedule
  double momentum = 0.85;      // --mom
  double weight_decay = 0.0153;  // --wd
  int epochs = 10;             // --epochs
  OptimizerKind optimizer = OptimizerKind::kNesterov;  // --opt sgd|nag
  int batch_size = 1024;                               // --batch_size
  double label_smoothing = 0.2;                        // --label_smoothing
  double bias_scaler = 64;     // --bias_scaler, lr multiplier of BN biases
  double warmup = 0.23;        // --warmup, fraction of steps warming up
  int whiten_bias_epochs = 3;  // --whiten_bias_epochs
  bool lookahead = true;       // --lookahead on|off (EMA of the weights)
  int tta = 2;                 // --tta 0|1|2: none, mirror, mirror+shift
  Architecture arch = Architecture::kAirbench;  // --arch
  int width = 64;  // --width, channels of the first stage

  // Data.
  DatasetKind dataset = DatasetKind::kCifar10;  // --dataset
  std::string data_dir;     // --data-dir; "" means DefaultDataDir(dataset)
  int64_t train_limit = 0;  // --train-limit; 0 means all
  int64_t val_limit = 0;    // --val-limit; 0 means all

  // How to run.
  int threads = 1;                            // --threads
  uint64_t seed = 0;                          // --seed
  DeviceChoice device = DeviceChoice::kAuto;  // --device auto|cpu|cuda
  Precision precision = Precision::kAuto;     // --precision
  bool cuda_graphs = true;                    // --cuda-graphs on|off
  Priming prime = Priming::kAuto;             // --prime auto|on|off
  // --gpus: data-parallel processes, one per GPU (Gloo processes on CPU).
  int gpus = 1;
  // Set by the launching process on the others: --rank and --dist-store
  // (the rendezvous file). Users leave them alone.
  int rank = 0;
  std::string dist_store;

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
