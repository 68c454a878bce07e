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
#include "trainer/options/recipe.h"

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

// A rate in the units the flag's name says; the units travel with it.
Setter Rate(double TrainerOptions::*field, RateUnits TrainerOptions::*units,
            RateUnits given, bool zero_allowed) {
  const Setter real = Real(field, 0, !zero_allowed,
                           std::numeric_limits<double>::max(), false);
  return [=](std::string_view flag, std::string_view value,
             TrainerOptions& options) -> absl::Status {
    if (absl::Status status = real(flag, value, options); !status.ok()) {
      return status;
    }
    options.*units = given;
    return absl::OkStatus();
  };
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
      {"recipe",
       "airbench (the fast default) or blog (the SageMaker tuning blog's "
       "ResNet recipe); sets the defaults of every other flag, whatever its "
       "place on the line",
       Choice<Recipe>(&TrainerOptions::recipe, {{"airbench", Recipe::kAirbench},
                                                {"blog", Recipe::kBlog}})},
      {"lr",
       "peak learning rate as torch.optim.SGD means it: per step, for the "
       "mean loss of a batch (> 0)",
       Rate(&TrainerOptions::lr, &TrainerOptions::lr_units, RateUnits::kTorch,
            false)},
      {"lr-per-1024",
       "peak learning rate in airbench's units instead of --lr: per 1024 "
       "examples of a summed loss, divided by 1 + 1/(1 - mom), so one range "
       "suits every batch size and momentum (> 0)",
       Rate(&TrainerOptions::lr, &TrainerOptions::lr_units,
            RateUnits::kPer1024, false)},
      {"mom", "momentum as torch.optim.SGD means it, in [0, 1)",
       Real(&TrainerOptions::momentum, 0, false, 1, true)},
      {"wd",
       "weight decay as torch.optim.SGD means it: each step removes lr x wd "
       "of every weight (>= 0)",
       Rate(&TrainerOptions::weight_decay, &TrainerOptions::wd_units,
            RateUnits::kTorch, true)},
      {"wd-per-1024",
       "weight decay in airbench's units instead of --wd: per 1024 examples, "
       "independent of the learning rate (>= 0)",
       Rate(&TrainerOptions::weight_decay, &TrainerOptions::wd_units,
            RateUnits::kPer1024, true)},
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
      {"val-fraction",
       "share of the training images held out for the 'Validation accuracy' "
       "lines, in [0, 1); 0 reports the test split's there instead",
       Real(&TrainerOptions::val_fraction, 0, false, 1, true)},
      {"test-limit",
       "use only the first N test images for the final 'Test accuracy' "
       "(0 = all)",
       Integer<int64_t>(&TrainerOptions::test_limit, 0, int64_t{1} << 40)},
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
  if (name == "val-limit") {
    return absl::InvalidArgumentError(
        "--val-limit is gone: validation images are now held out from the "
        "training images (--val-fraction), and --test-limit limits the test "
        "split");
  }
  std::string message = absl::StrCat("unknown flag --", Absl(name));
  for (const auto& [from, to] : {std::pair{"_", "-"}, std::pair{"-", "_"}}) {
    const std::string other = absl::StrReplaceAll(Absl(name), {{from, to}});
    if (other != name && FindFlag(other) != nullptr) {
      absl::StrAppend(&message, " (did you mean --", other, "?)");
    }
  }
  return absl::InvalidArgumentError(message);
}


// The recipe sets the defaults that the other flags then override, so it is
// read first wherever it stands; a bad or repeated one is reported by the
// main pass.
TrainerOptions StartingOptions(const std::vector<std::string>& args) {
  for (size_t i = 0; i < args.size(); ++i) {
    std::string_view value;
    if (args[i].starts_with("--recipe=")) {
      value = std::string_view(args[i]).substr(9);
    } else if (args[i] == "--recipe" && i + 1 < args.size()) {
      value = args[i + 1];
    } else {
      continue;
    }
    // The flag's own setter reads the value, so its words live in one place.
    TrainerOptions chosen;
    if (FindFlag("recipe")->set("recipe", value, chosen).ok()) {
      return RecipeDefaults(chosen.recipe);
    }
  }
  return RecipeDefaults(Recipe::kAirbench);
}

// Two spellings of one setting in different units.
absl::Status CheckExclusive(const std::set<std::string_view>& seen) {
  for (const auto& [one, other] :
       {std::pair{"lr", "lr-per-1024"}, std::pair{"wd", "wd-per-1024"}}) {
    if (seen.contains(one) && seen.contains(other)) {
      return absl::InvalidArgumentError(
          absl::StrCat("give --", one, " or --", other,
                       ", not both: they set one value in two units"));
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<TrainerOptions> ParseTrainerOptions(
    const std::vector<std::string>& args) {
  TrainerOptions options = StartingOptions(args);
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
  if (absl::Status status = CheckExclusive(seen); !status.ok()) return status;
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
      "test-time augmentation) and 'Test accuracy=...' (the test split's, "
      "which a tuner should not optimise).\n"
      "Exit codes: 0 done, 1 runtime error (data, device), 2 bad command "
      "line.\n\nFlags:\n";
  for (const Flag& flag : Flags()) {
    absl::StrAppend(&usage, "  --", Absl(flag.name), "\n      ",
                    Absl(flag.help), "\n");
  }
  absl::StrAppend(
      &usage,
      "\nDefaults, --recipe airbench (airbench94): --lr-per-1024 11.5 --mom "
      "0.85 --wd-per-1024 0.0153 --epochs 10 --opt nag --batch_size 1024 "
      "--label_smoothing 0.2 --bias_scaler 64 --warmup 0.23 "
      "--whiten_bias_epochs 3 --lookahead on --tta 2 --arch airbench "
      "--width 64; a schedule from 0.2 x the peak up and down to 0.07 x, "
      "2-pixel shifts and flips.\n"
      "Defaults, --recipe blog (the SageMaker blog's ResNet): --lr 0.4 --mom "
      "0.9 --wd 5e-4 --epochs 30 --opt nag --batch_size 512 "
      "--label_smoothing 0 --bias_scaler 1 --warmup 0.2 --lookahead off "
      "--tta 0 --arch resnet18 --width 64; a one-cycle schedule from 0 up "
      "and back to 0, 4-pixel crops and flips.\n"
      "Both: --dataset cifar10 --val-fraction 0.1 --threads 1 --seed 0 "
      "--device auto --precision auto --cuda-graphs on --prime auto --gpus "
      "1\n");
  return usage;
}

}  // namespace tune::trainer
