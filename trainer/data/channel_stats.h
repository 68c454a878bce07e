// Per-channel mean and standard deviation of a dataset's pixels, used to
// normalise the network's inputs. Measured on the training split and applied
// to both splits, so validation sees the same transform. Torch-free; pure
// function; thread-safe.
#pragma once

#include <vector>

#include "trainer/data/image_dataset.h"

namespace tune::trainer {

struct ChannelStats {
  std::vector<double> mean;    // one per channel, in pixel units (0..255)
  std::vector<double> stddev;  // one per channel; never below 1
};

ChannelStats MeasureChannelStats(const ImageDataset& dataset);

}  // namespace tune::trainer
