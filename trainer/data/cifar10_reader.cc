#include "trainer/data/cifar10_reader.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <system_error>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace tune::trainer {
namespace {

constexpr int kTrainFiles = 5;

struct FileCloser {
  void operator()(std::FILE* file) const { std::fclose(file); }
};
using FilePtr = std::unique_ptr<std::FILE, FileCloser>;

std::vector<std::string> SplitFiles(const std::string& dir, DataSplit split) {
  std::vector<std::string> files;
  if (split == DataSplit::kTest) {
    files.push_back((std::filesystem::path(dir) / "test_batch.bin").string());
    return files;
  }
  for (int i = 1; i <= kTrainFiles; ++i) {
    files.push_back(
        (std::filesystem::path(dir) / absl::StrCat("data_batch_", i, ".bin"))
            .string());
  }
  return files;
}

// Appends up to `wanted` records of `path` to `dataset`, splitting each
// record into its label and its pixels.
absl::Status AppendFile(const std::string& path, int64_t wanted,
                        ImageDataset& dataset) {
  std::error_code error;
  const uintmax_t size = std::filesystem::file_size(path, error);
  if (error) {
    return absl::NotFoundError(absl::StrCat(
        "cannot read CIFAR-10 file ", path, ": ", error.message(),
        " (expected the binary version, folder cifar-10-batches-bin)"));
  }
  if (size == 0 || size % kCifar10RecordBytes != 0) {
    return absl::DataLossError(
        absl::StrCat("CIFAR-10 file ", path, " has ", size,
                     " bytes, not a whole number of ", kCifar10RecordBytes,
                     "-byte records (truncated or not the binary version?)"));
  }
  FilePtr file(std::fopen(path.c_str(), "rb"));
  if (file == nullptr) {
    return absl::NotFoundError(
        absl::StrCat("cannot open CIFAR-10 file ", path));
  }
  const int64_t records = static_cast<int64_t>(size / kCifar10RecordBytes);
  const int64_t count = std::min(records, wanted);
  const size_t pixels = dataset.PixelsPerImage();
  std::vector<uint8_t> record(kCifar10RecordBytes);
  for (int64_t i = 0; i < count; ++i) {
    if (std::fread(record.data(), 1, record.size(), file.get()) !=
        record.size()) {
      return absl::DataLossError(
          absl::StrCat("CIFAR-10 file ", path, ": short read at record ", i));
    }
    if (record[0] >= kCifar10Classes) {
      return absl::DataLossError(
          absl::StrCat("CIFAR-10 file ", path, ": record ", i, " has label ",
                       static_cast<int>(record[0]), ", expected 0..9"));
    }
    dataset.labels.push_back(record[0]);
    dataset.images.insert(dataset.images.end(), record.begin() + 1,
                          record.begin() + 1 + pixels);
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<ImageDataset> ReadCifar10(const std::string& dir,
                                         DataSplit split, int64_t limit) {
  if (limit < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("image limit must be >= 0, got ", limit));
  }
  ImageDataset dataset;
  dataset.channels = kCifar10Channels;
  dataset.height = kCifar10ImageSide;
  dataset.width = kCifar10ImageSide;
  dataset.num_classes = kCifar10Classes;
  for (const std::string& path : SplitFiles(dir, split)) {
    const int64_t have = static_cast<int64_t>(dataset.Size());
    if (limit > 0 && have >= limit) break;
    const int64_t wanted = limit > 0 ? limit - have : INT64_MAX;
    if (absl::Status status = AppendFile(path, wanted, dataset); !status.ok()) {
      return status;
    }
  }
  return dataset;
}

}  // namespace tune::trainer
