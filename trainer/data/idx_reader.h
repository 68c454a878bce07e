// Reads IDX files (the MNIST / Fashion-MNIST format), gzipped or not, and
// the Fashion-MNIST pair of image and label files that Debian's
// dataset-fashion-mnist package installs in /usr/share/datasets/fashion-mnist.
//
// IDX: a big-endian magic number (0x00000803 for a 3-D array of unsigned
// bytes, 0x00000801 for a 1-D one), one big-endian uint32 size per dimension,
// then the bytes. Files are untrusted: a wrong magic number, absurd sizes, a
// truncated or corrupt stream, or image and label counts that disagree give
// an error naming the file, never a crash, and memory grows only with the
// bytes actually read. Stateless; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "trainer/data/image_dataset.h"

namespace tune::trainer {

inline constexpr uint32_t kIdxImagesMagic = 0x00000803;
inline constexpr uint32_t kIdxLabelsMagic = 0x00000801;
inline constexpr int kFashionMnistClasses = 10;
inline constexpr char kFashionMnistDefaultDir[] =
    "/usr/share/datasets/fashion-mnist";

struct IdxImages {
  int64_t count = 0;
  int rows = 0;
  int cols = 0;
  std::vector<uint8_t> pixels;  // count * rows * cols, row-major
};

// Reads the first `limit` images (all when `limit` is 0) of an IDX3 file.
// NotFound when the file cannot be opened, DataLoss when it is malformed.
absl::StatusOr<IdxImages> ReadIdxImages(const std::string& path, int64_t limit);

// Reads the first `limit` labels (all when `limit` is 0) of an IDX1 file.
absl::StatusOr<std::vector<uint8_t>> ReadIdxLabels(const std::string& path,
                                                   int64_t limit);

// Reads train-*-ubyte.gz or t10k-*-ubyte.gz from `dir` as a one-channel
// dataset of 10 classes, checking that the counts match and labels are < 10.
absl::StatusOr<ImageDataset> ReadFashionMnist(const std::string& dir,
                                              DataSplit split, int64_t limit);

}  // namespace tune::trainer
