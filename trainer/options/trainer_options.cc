#include "trainer/options/trainer_options.h"

#include <charconv>
#include <cmath>
#include <functional>
#include <limits>
#include <optional>
#include <set>
#include <string_view>
#include <system_error>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"

namespace tune::trainer {
namespace {

using Setter = std::function<absl::Status(
    std::string_view flag, std::string_view value, TrainerOptions& options)>;

// Debian's abseil has its own string_view type, which StrCat needs.
absl::string_view Absl(std::string_view text) {
  return absl::string_view(text.data(), text.size());
}

struct Flag {
  std::string_view name;  // without the leading "--"
  std::string_view help;
  Setter set;
};

absl::Status BadValue(std::string_view flag, std::string_view value,
                      std::string_view expected) {
  return absl::InvalidArgumentError(absl::StrCat("--", Absl(flag),
                                                 ": expected ", Absl(expected),
                                                 ", got '", Absl(value), "'"));
}

// A whole-string decimal number; from_chars rejects blanks and trailing text.
absl::StatusOr<double> ToDouble(std::string_view flag, std::string_view value) {
  double result = 0;
  const auto [end, error] =
      std::from_chars(value.data(), value.data() + value.size(), result);
  if (error != std::errc() || end != value.data() + value.size() ||
      !std::isfinite(result)) {
    return BadValue(flag, value, "a number");
  }
  return result;
}

template <typename Int>
absl::StatusOr<Int> ToInt(std::string_view flag, std::string_view value) {
  Int result = 0;
  const auto [end, error] =
      std::from_chars(value.data(), value.data() + value.size(), result);
  if (error != std::errc() || end != value.data() + value.size()) {
    return BadValue(flag, value, "a whole number");
  }
  return result;
}

absl::Status OutOfRange(std::string_view flag, std::string_view value,
                        std::string_view range) {
  return absl::InvalidArgumentError(absl::StrCat(
      "--", Absl(flag), " must be ", Absl(range), ", got ", Absl(value)));
}

// A real in [low, high], or (low, high] / [low, high) when an end is open.
Setter Real(double TrainerOptions::*field, double low, bool low_open,
            double high, bool high_open) {
  return [=](std::string_view flag, std::string_view value,
             TrainerOptions& options) -> absl::Status {
    absl::StatusOr<double> number = ToDouble(flag, value);
    if (!number.ok()) return number.status();
    const bool above = low_open ? *number > low : *number >= low;
    const bool below = high_open ? *number < high : *number <= high;
    if (!above || !below) {
      std::string range = absl::StrCat(low_open ? "> " : ">= ", low);
      if (high < std::numeric_limits<double>::max()) {
        absl::StrAppend(&range, " and ", high_open ? "< " : "<= ", high);
      }
      return OutOfRange(flag, value, range);
    }
    options.*field = *number;
    return absl::OkStatus();
  };
}

template <typename Int>
Setter Integer(Int TrainerOptions::*field, Int low, Int high) {
  return [=](std::string_view flag, std::string_view value,
             TrainerOptions& options) -> absl::Status {
    absl::StatusOr<Int> number = ToInt<Int>(flag, value);
    if (!number.ok()) return number.status();
    if (*number < low || *number > high) {
      return OutOfRange(flag, value,
                        absl::StrCat("between ", low, " and ", high));
    }
    options.*field = *number;
    return absl::OkStatus();
  };
}

// One of a fixed set of words, each naming a value of `field`.
template <typename Value>
Setter Choice(Value TrainerOptions::*field,
              std::vector<std::pair<std::string_view, Value>> choices) {
  return [=](std::string_view flag, std::string_view value,
             TrainerOptions& options) -> absl::Status {
    std::string expected;
    for (const auto& [word, choice] : choices) {
      if (word == value) {
        options.*field = choice;
        return absl::OkStatus();
      }
      absl::StrAppend(&expected, expected.empty() ? "" : ", ", Absl(word));
    }
    return BadValue(flag, value, absl::StrCat("one of ", expected));
  };
}

Setter OnOff(bool TrainerOptions::*field) {
  return Choice<bool>(field, {{"on", true}, {"off", false}});
}

Setter Text(std::string TrainerOptions::*field, std::string_view expected) {
  return [=](std::string_view flag, std::string_view value,
             TrainerOptions& options) -> absl::Status {
    if (value.empty()) return BadValue(flag, value, expected);
    options.*field = std::string(value);
    return absl::OkStatus();
  };
}

const std::vector<Flag>& Flags() {
  constexpr double kNoLimit = std::numeric_limits<double>::max();
  static const std::vector<Flag> flags = {
      {"lr",
       "peak learning rate per 1024 examples, normalised for momentum (> 0)",
       Real(&TrainerOptions::lr, 0, true, kNoLimit, false)},
      {"mom", "momentum, in [0, 1)",
       Real(&TrainerOptions::momentum, 0, false, 1, true)},
      {"wd", "weight decay per 1024 examples (>= 0)",
       Real(&TrainerOptions::weight_decay, 0, false, kNoLimit, false)},
      {"epochs", "passes over the training set (1..10000)",
       Integer<int>(&TrainerOptions::epochs, 1, 10000)},
      {"opt", "sgd (heavy-ball momentum) or nag (Nesterov momentum)",
       Choice<OptimizerKind>(&TrainerOptions::optimizer,
                             {{"sgd", OptimizerKind::kSgd},
                              {"nag", OptimizerKind::kNesterov}})},
      {"batch_size", "images per step, over all GPUs (1..65536)",
       Integer<int>(&TrainerOptions::batch_size, 1, 65536)},
      {"label_smoothing", "label smoothing of the loss, in [0, 1)",
       Real(&TrainerOptions::label_smoothing, 0, false, 1, true)},
      {"bias_scaler", "learning-rate multiplier of BatchNorm biases (> 0)",
       Real(&TrainerOptions::bias_scaler, 0, true, kNoLimit, false)},
      {"warmup", "fraction of the steps spent warming up, in [0, 1)",
       Real(&TrainerOptions::warmup, 0, false, 1, true)},
      {"whiten_bias_epochs",
       "epochs that train the whitening layer's bias (0..10000)",
       Integer<int>(&TrainerOptions::whiten_bias_epochs, 0, 10000)},
      {"lookahead", "on or off: an EMA of the weights pulls them back",
       OnOff(&TrainerOptions::lookahead)},
      {"tta",
       "test-time augmentation of the final accuracy: 0 none, 1 mirror, 2 "
       "mirror and shifts",
       Integer<int>(&TrainerOptions::tta, 0, 2)},
      {"arch", "airbench (the fast default) or resnet18",
       Choice<Architecture>(&TrainerOptions::arch,
                            {{"airbench", Architecture::kAirbench},
                             {"resnet18", Architecture::kResNet18}})},
      {"width",
       "channels of the first stage (1..1024); airbench's later stages have "
       "4x, ResNet-18's double each stage",
       Integer<int>(&TrainerOptions::width, 1, 1024)},
      {"dataset", "cifar10, fashion-mnist or synthetic",
       Choice<DatasetKind>(&TrainerOptions::dataset,
                           {{"cifar10", DatasetKind::kCifar10},
                            {"fashion-mnist", DatasetKind::kFashionMnist},
                            {"synthetic", DatasetKind::kSynthetic}})},
      {"data-dir",
       "folder of the data (default ./cifar-10-batches-bin for cifar10, "
       "/usr/share/datasets/fashion-mnist for fashion-mnist)",
       Text(&TrainerOptions::data_dir, "a folder")},
      {"train-limit", "use only the first N training images (0 = all)",
       Integer<int64_t>(&TrainerOptions::train_limit, 0, int64_t{1} << 40)},
      {"val-limit", "use only the first N validation images (0 = all)",
       Integer<int64_t>(&TrainerOptions::val_limit, 0, int64_t{1} << 40)},
      {"threads", "CPU threads for torch (1..1024)",
       Integer<int>(&TrainerOptions::threads, 1, 1024)},
      {"seed", "random seed (>= 0)",
       Integer<uint64_t>(&TrainerOptions::seed, 0,
                         std::numeric_limits<uint64_t>::max())},
      {"device", "auto, cpu or cuda (auto: cuda when present)",
       Choice<DeviceChoice>(&TrainerOptions::device,
                            {{"auto", DeviceChoice::kAuto},
                             {"cpu", DeviceChoice::kCpu},
                             {"cuda", DeviceChoice::kCuda}})},
      {"precision", "auto (fp16 on CUDA, fp32 on CPU), fp32, fp16 or bf16",
       Choice<Precision>(&TrainerOptions::precision,
                         {{"auto", Precision::kAuto},
                          {"fp32", Precision::kFloat32},
                          {"fp16", Precision::kFloat16},
                          {"bf16", Precision::kBFloat16}})},
      {"cuda-graphs", "on or off: replay each training step as a CUDA graph",
       OnOff(&TrainerOptions::cuda_graphs)},
      {"prime",
       "auto, on or off: before the clock starts, a few throwaway steps and "
       "an evaluation pay the one-off costs (cuDNN autotuning, CUDA graph "
       "capture, kernel loading), then the initial weights come back; auto "
       "is on for CUDA",
       Choice<Priming>(&TrainerOptions::prime, {{"auto", Priming::kAuto},
                                                 {"on", Priming::kOn},
                                                 {"off", Priming::kOff}})},
      {"gpus",
       "data-parallel processes, one per GPU, NCCL on CUDA and Gloo on CPU "
       "(1..64)",
       Integer<int>(&TrainerOptions::gpus, 1, 64)},
      {"rank", "set by the trainer for its own data-parallel processes",
       Integer<int>(&TrainerOptions::rank, 0, 63)},
      {"dist-store", "set by the trainer for its own data-parallel processes",
       Text(&TrainerOptions::dist_store, "a file path")},
  };
  return flags;
}

// Rules that tie flags together, checked once all are read.
absl::Status CheckCombination(const TrainerOptions& options) {
  if (options.rank >= options.gpus) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--rank must be below --gpus (", options.gpus, "), got ",
        options.rank));
  }
  if (options.rank > 0 && options.dist_store.empty()) {
    return absl::InvalidArgumentError("--rank needs --dist-store");
  }
  if (options.batch_size < options.gpus) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--batch_size (", options.batch_size,
        ") must be at least --gpus (", options.gpus,
        "): each process takes a share of every batch"));
  }
  return absl::OkStatus();
}

const Flag* FindFlag(std::string_view name) {
  for (const Flag& flag : Flags()) {
    if (flag.name == name) return &flag;
  }
  return nullptr;
}

// Half the flags use '_' and half '-', as the tuner's specs spell them, so
// a swapped separator is the likeliest typo; point at the right spelling.
absl::Status UnknownFlag(std::string_view name) {
  std::string message = absl::StrCat("unknown flag --", Absl(name));
  for (const auto& [from, to] : {std::pair{"_", "-"}, std::pair{"-", "_"}}) {
    const std::string other = absl::StrReplaceAll(Absl(name), {{from, to}});
    if (other != name && FindFlag(other) != nullptr) {
      absl::StrAppend(&message, " (did you mean --", other, "?)");
    }
  }
  return absl::InvalidArgumentError(message);
}

}  // namespace

absl::StatusOr<TrainerOptions> ParseTrainerOptions(
    const std::vector<std::string>& args) {
  TrainerOptions options;
  std::set<std::string_view> seen;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string_view arg = args[i];
    if (arg == "--help" || arg == "-h") {
      options.help = true;
      return options;
    }
    if (arg.size() <= 2 || !arg.starts_with("--")) {
      return absl::InvalidArgumentError(
          absl::StrCat("unexpected argument '", Absl(arg),
                       "' (flags look like --name value)"));
    }
    std::string_view name = arg.substr(2);
    std::string_view value;
    bool has_value = false;
    if (const size_t equals = name.find('='); equals != name.npos) {
      value = name.substr(equals + 1);
      name = name.substr(0, equals);
      has_value = true;
    }
    const Flag* flag = FindFlag(name);
    if (flag == nullptr) return UnknownFlag(name);
    if (!has_value) {
      // A following flag is not a value: "--lr --mom 0.9" lacks the lr.
      if (i + 1 >= args.size() || args[i + 1].starts_with("--")) {
        return absl::InvalidArgumentError(
            absl::StrCat("--", Absl(name), " needs a value"));
      }
      value = args[++i];
    }
    if (!seen.insert(flag->name).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("--", Absl(name), " is given more than once"));
    }
    if (absl::Status status = flag->set(flag->name, value, options);
        !status.ok()) {
      return status;
    }
  }
  if (absl::Status status = CheckCombination(options); !status.ok()) {
    return status;
  }
  return options;
}

std::string TrainerUsage() {
  std::string usage =
      "usage: cifar10-trainer [--name value | --name=value]...\n"
      "Trains a network and prints one 'Epoch N, Validation accuracy=..., "
      "Train loss=..., lr=..., time=...s' line per epoch, then 'Final "
      "Validation accuracy=..., training seconds=...' (the accuracy with "
      "test-time augmentation).\n"
      "Exit codes: 0 done, 1 runtime error (data, device), 2 bad command "
      "line.\n\nFlags:\n";
  for (const Flag& flag : Flags()) {
    absl::StrAppend(&usage, "  --", Absl(flag.name), "\n      ",
                    Absl(flag.help), "\n");
  }
  const TrainerOptions defaults;
  absl::StrAppend(
      &usage, "\nDefaults (airbench94's recipe): --lr ", defaults.lr,
      " --mom ", defaults.momentum, " --wd ", defaults.weight_decay,
      " --epochs ", defaults.epochs, " --opt nag --batch_size ",
      defaults.batch_size, " --label_smoothing ", defaults.label_smoothing,
      " --bias_scaler ", defaults.bias_scaler, " --warmup ", defaults.warmup,
      " --whiten_bias_epochs ", defaults.whiten_bias_epochs,
      " --lookahead on --tta ", defaults.tta, " --arch airbench --width ",
      defaults.width, " --dataset cifar10 --threads ", defaults.threads,
      " --seed ", defaults.seed,
      " --device auto --precision auto --cuda-graphs on --prime auto --gpus "
      "1\n");
  return usage;
}

}  // namespace tune::trainer
