// The lines the trainer prints for log scrapers. Tuners read them with
// regexes such as `Validation accuracy=([0-9\.]+)` and
// `Train loss=([0-9\.]+)`, so the wording and the fixed-point number format
// (never exponents) are a contract: change them only with the scrapers.
// Torch-free; pure functions; thread-safe.
//
//   Epoch 3, Validation accuracy=0.8712, Train loss=0.4123, lr=0.051200,
//   time=12.34s
//   Final Validation accuracy=0.8712, training seconds=45.61
//   Test accuracy=0.8650
#pragma once

#include <string>

namespace tune::trainer {

struct EpochReport {
  int epoch = 0;            // 1-based
  double val_accuracy = 0;  // fraction of validation images right, 0..1
  double train_loss = 0;    // mean training loss over the epoch's batches
  double lr = 0;            // learning rate of the epoch's last batch
  double seconds = 0;       // training seconds so far (not evaluation)
};

// One line, no newline. A non-finite loss prints as "nan" (or "inf"), which
// the loss regex then does not match: the accuracy on the line still does.
std::string FormatEpochLine(const EpochReport& report);

// The last line of a run, no newline: the accuracy with test-time
// augmentation, and the seconds of the whole training (whitening, every
// epoch and the final evaluation; not the per-epoch evaluations).
std::string FormatFinalLine(double val_accuracy, double training_seconds);

// The test split's accuracy (with test-time augmentation), printed after
// the final line, no newline. Reported for the record, not for tuning.
//   Test accuracy=0.9391
std::string FormatTestLine(double test_accuracy);

// The information line (stderr) of a primed run, no newline: the seconds
// that priming took, which the training seconds leave out.
//   primed in 2.04 s, untimed (cuDNN autotuning, CUDA graph capture, ...)
std::string FormatPrimingLine(double seconds);

}  // namespace tune::trainer
