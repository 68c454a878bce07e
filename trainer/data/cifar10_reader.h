// Reads the CIFAR-10 "binary version" (the folder cifar-10-batches-bin).
//
// Each file is a run of 3,073-byte records: one label byte (0..9), then the
// 32x32 image as three 1,024-byte planes (red, green, blue), row-major. The
// training split is data_batch_1.bin .. data_batch_5.bin in that order, the
// test split test_batch.bin. Files are treated as untrusted: a missing file,
// a size that is not a whole number of records, or a label above 9 gives an
// error naming the file, never a crash. Stateless; thread-safe.
#pragma once

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "trainer/data/image_dataset.h"

namespace tune::trainer {

inline constexpr int kCifar10ImageSide = 32;
inline constexpr int kCifar10Channels = 3;
inline constexpr int kCifar10Classes = 10;
inline constexpr int kCifar10RecordBytes =
    1 + kCifar10Channels * kCifar10ImageSide * kCifar10ImageSide;

// Reads one split from `dir`. With `limit` > 0 only the first `limit` images
// are read (and only the files needed for them are opened). NotFound when a
// needed file is missing, DataLoss when a file is malformed, InvalidArgument
// on a negative limit.
absl::StatusOr<ImageDataset> ReadCifar10(const std::string& dir,
                                         DataSplit split, int64_t limit);

}  // namespace tune::trainer
