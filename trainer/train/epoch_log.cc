#include "trainer/train/epoch_log.h"

#include <cmath>

#include "absl/strings/str_format.h"

namespace tune::trainer {
namespace {

// printf writes a NaN as "nan" or "-nan" depending on its sign bit, which
// means nothing here; one spelling keeps the logs greppable.
std::string Loss(double loss) {
  if (std::isnan(loss)) return "nan";
  return absl::StrFormat("%.4f", loss);
}

}  // namespace

std::string FormatEpochLine(const EpochReport& report) {
  // %f never switches to exponent notation, which the regexes cannot read;
  // lr gets six decimals because the schedule ends near zero.
  return absl::StrFormat(
      "Epoch %d, Validation accuracy=%.4f, Train loss=%s, lr=%.6f, "
      "time=%.2fs",
      report.epoch, report.val_accuracy, Loss(report.train_loss), report.lr,
      report.seconds);
}

std::string FormatFinalLine(double val_accuracy, double training_seconds) {
  return absl::StrFormat(
      "Final Validation accuracy=%.4f, training seconds=%.2f", val_accuracy,
      training_seconds);
}

std::string FormatTestLine(double test_accuracy) {
  return absl::StrFormat("Test accuracy=%.4f", test_accuracy);
}

std::string FormatPrimingLine(double seconds) {
  return absl::StrFormat(
      "primed in %.2f s, untimed (cuDNN autotuning, CUDA graph capture, "
      "kernel loading)",
      seconds);
}

}  // namespace tune::trainer
