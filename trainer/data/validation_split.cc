#include "trainer/data/validation_split.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace tune::trainer {

absl::StatusOr<ImageDataset> HoldOutValidation(ImageDataset& train,
                                               double fraction) {
  if (!(fraction > 0 && fraction < 1)) {
    return absl::InvalidArgumentError(
        absl::StrCat("--val-fraction must be in (0, 1) to hold images out, "
                     "got ", fraction));
  }
  const int64_t total = static_cast<int64_t>(train.Size());
  const int64_t held = std::max<int64_t>(
      1, std::llround(fraction * static_cast<double>(total)));
  if (held >= total) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--val-fraction ", fraction, " of ", total,
        " training images leaves none to train on; use more images "
        "(--train-limit) or a smaller fraction"));
  }
  const size_t kept = static_cast<size_t>(total - held);
  const size_t pixels = train.PixelsPerImage();
  ImageDataset val{.channels = train.channels,
                   .height = train.height,
                   .width = train.width,
                   .num_classes = train.num_classes};
  val.images.assign(train.images.begin() + kept * pixels, train.images.end());
  val.labels.assign(train.labels.begin() + kept, train.labels.end());
  train.images.resize(kept * pixels);
  train.labels.resize(kept);
  return val;
}

}  // namespace tune::trainer
