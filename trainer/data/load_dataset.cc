#include "trainer/data/load_dataset.h"

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "trainer/data/cifar10_reader.h"
#include "trainer/data/idx_reader.h"
#include "trainer/data/synthetic_dataset.h"
#include "trainer/data/validation_split.h"

namespace tune::trainer {
namespace {

constexpr uint64_t kSyntheticPatternSeed = 20240601;

int64_t SyntheticSize(int64_t limit, int64_t full) {
  return limit > 0 ? limit : full;
}

absl::Status Annotate(const absl::Status& status, DatasetKind kind) {
  return absl::Status(
      status.code(),
      absl::StrCat("loading ", std::string(DatasetKindName(kind)), ": ",
                   status.message()));
}

}  // namespace

std::optional<DatasetKind> ParseDatasetKind(std::string_view name) {
  if (name == "cifar10") return DatasetKind::kCifar10;
  if (name == "fashion-mnist") return DatasetKind::kFashionMnist;
  if (name == "synthetic") return DatasetKind::kSynthetic;
  return std::nullopt;
}

std::string_view DatasetKindName(DatasetKind kind) {
  switch (kind) {
    case DatasetKind::kCifar10:
      return "cifar10";
    case DatasetKind::kFashionMnist:
      return "fashion-mnist";
    case DatasetKind::kSynthetic:
      return "synthetic";
  }
  return "unknown";
}

std::string DefaultDataDir(DatasetKind kind) {
  switch (kind) {
    case DatasetKind::kCifar10:
      return "cifar-10-batches-bin";
    case DatasetKind::kFashionMnist:
      return kFashionMnistDefaultDir;
    case DatasetKind::kSynthetic:
      return "";
  }
  return "";
}

absl::StatusOr<TrainValData> LoadDataset(DatasetKind kind,
                                         const std::string& dir,
                                         int64_t train_limit,
                                         int64_t test_limit,
                                         double val_fraction, uint64_t seed) {
  if (train_limit < 0 || test_limit < 0) {
    return absl::InvalidArgumentError("image limits must be >= 0");
  }
  const std::string folder = dir.empty() ? DefaultDataDir(kind) : dir;
  TrainValData data;
  if (kind == DatasetKind::kSynthetic) {
    // Distinct sample seeds keep the test images out of the training set;
    // both derive from `seed` so runs are repeatable.
    data.train =
        MakeSyntheticDataset(SyntheticSize(train_limit, kSyntheticTrainSize),
                             kSyntheticPatternSeed, 2 * seed);
    data.test =
        MakeSyntheticDataset(SyntheticSize(test_limit, kSyntheticValSize),
                             kSyntheticPatternSeed, 2 * seed + 1);
  } else {
    const auto read =
        kind == DatasetKind::kCifar10 ? &ReadCifar10 : &ReadFashionMnist;
    absl::StatusOr<ImageDataset> train =
        read(folder, DataSplit::kTrain, train_limit);
    if (!train.ok()) return Annotate(train.status(), kind);
    absl::StatusOr<ImageDataset> test =
        read(folder, DataSplit::kTest, test_limit);
    if (!test.ok()) return Annotate(test.status(), kind);
    data.train = *std::move(train);
    data.test = *std::move(test);
  }
  if (val_fraction == 0) {
    data.val = data.test;
    data.val_is_test = true;
    return data;
  }
  absl::StatusOr<ImageDataset> val = HoldOutValidation(data.train, val_fraction);
  if (!val.ok()) return Annotate(val.status(), kind);
  data.val = *std::move(val);
  return data;
}

}  // namespace tune::trainer
