// Serves training or evaluation batches from a split held whole on the
// compute device as uint8, the way airbench does on GPUs: no worker threads,
// no per-image copies. Each batch is gathered, optionally augmented (random
// flips and shifts, done in one indexing op on the device), converted to
// float and normalised there. One thread at a time.
//
//   BatchLoader loader(data.train, device, stats, 128, {.flip = true});
//   loader.Shuffle();
//   for (int64_t i = 0; i < loader.num_batches(); ++i) Batch b = loader.Get(i);
#pragma once

#include <ATen/core/Tensor.h>
#include <c10/core/Device.h>

#include <cstdint>

#include "trainer/data/channel_stats.h"
#include "trainer/data/image_dataset.h"

namespace tune::trainer {

struct Augmentation {
  bool flip = false;  // mirror left-right with probability 1/2
  int max_shift = 0;  // translate by up to this many pixels each way,
                      // repeating the edge pixels
};

struct Batch {
  at::Tensor inputs;   // N x C x H x W float, normalised
  at::Tensor targets;  // N int64 class indices
};

class BatchLoader {
 public:
  // Copies `data` to `device`. `stats` normalise the inputs (measure them on
  // the training split). `batch_size` >= 1.
  BatchLoader(const ImageDataset& data, c10::Device device,
              const ChannelStats& stats, int64_t batch_size,
              Augmentation augmentation);

  int64_t size() const { return size_; }
  int64_t num_batches() const {
    return (size_ + batch_size_ - 1) / batch_size_;
  }

  // Draws a new random order (from torch's global generator) for the next
  // pass; until the first call batches come in the stored order.
  void Shuffle();

  // Batch `index` in [0, num_batches()); the last one may be smaller.
  Batch Get(int64_t index) const;

 private:
  at::Tensor Augment(const at::Tensor& images) const;

  int64_t size_;
  int64_t batch_size_;
  Augmentation augmentation_;
  at::Tensor images_;  // size x C x H x W uint8 on the device
  at::Tensor labels_;  // size int64 on the device
  at::Tensor mean_;    // 1 x C x 1 x 1 float
  at::Tensor scale_;   // 1 / stddev, same shape
  at::Tensor order_;   // permutation of [0, size), or undefined for in order
};

}  // namespace tune::trainer
