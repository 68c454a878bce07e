// Picks and loads the training and validation halves of a dataset by name:
// cifar10 (binary files), fashion-mnist (gzipped IDX) or synthetic (made up
// in memory). Torch-free. Stateless; thread-safe.
//
//   absl::StatusOr<TrainValData> data =
//       LoadDataset(DatasetKind::kFashionMnist, "", 10000, 2000, 1);
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
  ImageDataset val;  // the held-out split (CIFAR-10 test, Fashion-MNIST t10k)
};

// Loads both splits from `dir` ("" means DefaultDataDir). A limit of 0 reads
// the whole split. `seed` only affects the synthetic set's samples; its class
// patterns are fixed so that results compare across seeds. Errors are those
// of the readers, with the dataset named.
absl::StatusOr<TrainValData> LoadDataset(DatasetKind kind,
                                         const std::string& dir,
                                         int64_t train_limit, int64_t val_limit,
                                         uint64_t seed);

}  // namespace tune::trainer
