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

const std::vector<Flag>& Flags() {
  constexpr double kNoLimit = std::numeric_limits<double>::max();
  static const std::vector<Flag> flags = {
      {"lr", "peak learning rate of the one-cycle schedule (> 0)",
       Real(&TrainerOptions::lr, 0, true, kNoLimit, false)},
      {"mom", "momentum, in [0, 1)",
       Real(&TrainerOptions::momentum, 0, false, 1, true)},
      {"wd", "weight decay on conv and linear weights (>= 0)",
       Real(&TrainerOptions::weight_decay, 0, false, kNoLimit, false)},
      {"epochs", "passes over the training set (1..10000)",
       Integer<int>(&TrainerOptions::epochs, 1, 10000)},
      {"opt", "sgd (heavy-ball momentum) or nag (Nesterov momentum)",
       [](std::string_view flag, std::string_view value,
          TrainerOptions& options) -> absl::Status {
         if (value == "sgd") {
           options.optimizer = OptimizerKind::kSgd;
         } else if (value == "nag") {
           options.optimizer = OptimizerKind::kNesterov;
         } else {
           return BadValue(flag, value, "sgd or nag");
         }
         return absl::OkStatus();
       }},
      {"batch_size", "images per step (1..65536)",
       Integer<int>(&TrainerOptions::batch_size, 1, 65536)},
      {"label_smoothing", "label smoothing of the loss, in [0, 1)",
       Real(&TrainerOptions::label_smoothing, 0, false, 1, true)},
      {"dataset", "cifar10, fashion-mnist or synthetic",
       [](std::string_view flag, std::string_view value,
          TrainerOptions& options) -> absl::Status {
         std::optional<DatasetKind> kind = ParseDatasetKind(value);
         if (!kind) {
           return BadValue(flag, value, "cifar10, fashion-mnist or synthetic");
         }
         options.dataset = *kind;
         return absl::OkStatus();
       }},
      {"data-dir",
       "folder of the data (default ./cifar-10-batches-bin for cifar10, "
       "/usr/share/datasets/fashion-mnist for fashion-mnist)",
       [](std::string_view flag, std::string_view value,
          TrainerOptions& options) -> absl::Status {
         if (value.empty()) return BadValue(flag, value, "a folder");
         options.data_dir = std::string(value);
         return absl::OkStatus();
       }},
      {"train-limit", "use only the first N training images (0 = all)",
       Integer<int64_t>(&TrainerOptions::train_limit, 0, int64_t{1} << 40)},
      {"val-limit", "use only the first N validation images (0 = all)",
       Integer<int64_t>(&TrainerOptions::val_limit, 0, int64_t{1} << 40)},
      {"threads", "CPU threads for torch (1..1024)",
       Integer<int>(&TrainerOptions::threads, 1, 1024)},
      {"seed", "random seed (>= 0)",
       Integer<uint64_t>(&TrainerOptions::seed, 0,
                         std::numeric_limits<uint64_t>::max())},
      {"width", "base channel count of the ResNet (1..1024)",
       Integer<int>(&TrainerOptions::width, 1, 1024)},
      {"device", "auto, cpu or cuda (auto: cuda when present)",
       [](std::string_view flag, std::string_view value,
          TrainerOptions& options) -> absl::Status {
         if (value == "auto") {
           options.device = DeviceChoice::kAuto;
         } else if (value == "cpu") {
           options.device = DeviceChoice::kCpu;
         } else if (value == "cuda") {
           options.device = DeviceChoice::kCuda;
         } else {
           return BadValue(flag, value, "auto, cpu or cuda");
         }
         return absl::OkStatus();
       }},
  };
  return flags;
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
  return options;
}

std::string TrainerUsage() {
  std::string usage =
      "usage: cifar10-trainer [--name value | --name=value]...\n"
      "Trains a small ResNet and prints one 'Epoch N, Validation accuracy=..., "
      "Train loss=..., lr=..., time=...s' line per epoch, then 'Final "
      "Validation accuracy=..., training seconds=...'.\n"
      "Exit codes: 0 done, 1 runtime error (data, device), 2 bad command "
      "line.\n\nFlags:\n";
  for (const Flag& flag : Flags()) {
    absl::StrAppend(&usage, "  --", Absl(flag.name), "\n      ",
                    Absl(flag.help), "\n");
  }
  const TrainerOptions defaults;
  absl::StrAppend(
      &usage, "\nDefaults: --lr ", defaults.lr, " --mom ", defaults.momentum,
      " --wd ", defaults.weight_decay, " --epochs ", defaults.epochs, " --opt ",
      defaults.optimizer == OptimizerKind::kNesterov ? "nag" : "sgd",
      " --batch_size ", defaults.batch_size, " --label_smoothing ",
      defaults.label_smoothing, " --dataset ",
      std::string(DatasetKindName(defaults.dataset)), " --train-limit ",
      defaults.train_limit, " --val-limit ", defaults.val_limit, " --threads ",
      defaults.threads, " --seed ", defaults.seed, " --width ", defaults.width,
      " --device auto\n");
  return usage;
}

}  // namespace tune::trainer
