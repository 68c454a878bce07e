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

// Which published recipe the defaults follow; flags override any of them.
//  - kAirbench: airbench94 (Keller Jordan's fast CIFAR-10 recipe).
//  - kBlog: the SageMaker tuning blog's ResNet recipe (a ResNet for CIFAR-10,
//    one-cycle rate, batch 512, SGD or Nesterov, weight decay 5e-4, crops of
//    4-pixel padding and flips).
enum class Recipe { kAirbench, kBlog };

// The units of the learning rate and of the weight decay.
//  - kTorch (--lr, --wd): torch.optim.SGD's, per step of a mean loss:
//      p -= lr * (grad + wd * p), with momentum as SGD applies it.
//  - kPer1024 (--lr-per-1024, --wd-per-1024): airbench's, per 1024 examples
//    of a summed loss, lr also divided by 1 + 1 / (1 - mom), so that neither
//    the batch size nor the momentum changes the size of a step.
enum class RateUnits { kTorch, kPer1024 };

// The defaults are airbench94's recipe (RecipeDefaults(kAirbench)).
struct TrainerOptions {
  Recipe recipe = Recipe::kAirbench;  // --recipe airbench|blog

  // Hyperparameters: what a tuning job varies.
  double lr = 11.5;  // peak of the schedule; --lr or --lr-per-1024
  RateUnits lr_units = RateUnits::kPer1024;
  double momentum = 0.85;        // --mom, torch.optim.SGD's momentum
  double weight_decay = 0.0153;  // --wd or --wd-per-1024
  RateUnits wd_units = RateUnits::kPer1024;
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
  // Set by the recipe only: the schedule's ends as fractions of the peak
  // rate, and the random shift of CIFAR-like images in pixels.
  double lr_start_factor = 0.2;
  double lr_end_factor = 0.07;
  int max_shift = 2;

  // Data.
  DatasetKind dataset = DatasetKind::kCifar10;  // --dataset
  std::string data_dir;     // --data-dir; "" means DefaultDataDir(dataset)
  int64_t train_limit = 0;  // --train-limit; 0 means all
  // --val-fraction: the share of the training images held out to report
  // "Validation accuracy" on, what a tuner optimises; 0 validates on the
  // test split instead (comparisons with published test accuracies).
  double val_fraction = 0.1;
  int64_t test_limit = 0;  // --test-limit; 0 means all

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
