// Picks and loads the training, validation and test sets of a dataset by name:
// cifar10 (binary files), fashion-mnist (gzipped IDX) or synthetic (made up
// in memory). Torch-free. Stateless; thread-safe.
//
//   absl::StatusOr<TrainValData> data =
//       LoadDataset(DatasetKind::kFashionMnist, "", 10000, 2000, 0.1, 1);
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "trainer/data/image_dataset.h"

namespace tune::trainer {

enum class DatasetKind { kCifar10, kFashionMnist, kSynthetic };

// "cifar10", "fashion-mnist", "synthetic"; nullopt for anything else.
std::optional<DatasetKind> ParseDatasetKind(std::string_view name);
std::string_view DatasetKindName(DatasetKind kind);

// Where the data is looked for when no folder is given: cifar-10-batches-bin
// in the working directory, Debian's Fashion-MNIST folder; "" for synthetic.
std::string DefaultDataDir(DatasetKind kind);

// The synthetic set's sizes match CIFAR-10's when no limit is given.
inline constexpr int64_t kSyntheticTrainSize = 50000;
inline constexpr int64_t kSyntheticValSize = 10000;

struct TrainValData {
  ImageDataset train;
  // What the "Validation accuracy" lines measure: images held out from the
  // training set, or the test split when none are (val_is_test).
  ImageDataset val;
  ImageDataset test;  // CIFAR-10's test_batch, Fashion-MNIST's t10k
  bool val_is_test = false;
};

// Loads the training and test splits from `dir` ("" means DefaultDataDir),
// then holds out `val_fraction` of the training images for validation (0:
// validation uses the test split). A limit of 0 reads the whole split.
// `seed` only affects the synthetic set's samples; its class patterns are
// fixed so that results compare across seeds. Errors are those of the
// readers and of the split, with the dataset named.
absl::StatusOr<TrainValData> LoadDataset(DatasetKind kind,
                                         const std::string& dir,
                                         int64_t train_limit,
                                         int64_t test_limit,
                                         double val_fraction, uint64_t seed);

}  // namespace tune::trainer
