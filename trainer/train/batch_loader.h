// Serves training or evaluation batches from a split held whole on the
// compute device as uint8, the way airbench does on GPUs: no worker threads,
// no per-image copies. Each batch is gathered, optionally augmented
// (airbench's alternating flips and reflected shifts, in one indexing op on
// the device), converted to float and normalised there. One thread at a
// time.
//
//   BatchLoader loader(data.train, device, stats, 128, {.flip = true});
//   loader.StartEpoch(epoch);
//   for (int64_t i = 0; i < loader.num_batches(); ++i) Batch b = loader.Get(i);
#pragma once

#include <ATen/core/Tensor.h>
#include <c10/core/Device.h>

#include <cstdint>

#include "trainer/data/channel_stats.h"
#include "trainer/data/image_dataset.h"

namespace tune::trainer {

struct Augmentation {
  // airbench's alternating flip: each image gets a random mirroring once,
  // and every odd epoch mirrors them all, so consecutive epochs see both
  // sides of every image.
  bool flip = false;
  int max_shift = 0;  // translate by up to this many pixels each way,
                      // reflecting at the border
};

struct Batch {
  at::Tensor inputs;   // N x C x H x W float, normalised
  at::Tensor targets;  // N int64 class indices
};

class BatchLoader {
 public:
  // Copies `data` to `device`. `stats` normalise the inputs (measure them on
  // the training split). `batch_size` >= 1.
  // `drop_last` leaves out a last, smaller batch (training, as airbench),
  // unless there is only one.
  BatchLoader(const ImageDataset& data, c10::Device device,
              const ChannelStats& stats, int64_t batch_size,
              Augmentation augmentation, bool drop_last = false);

  int64_t size() const { return size_; }
  int64_t batch_size() const { return batch_size_; }
  int64_t num_batches() const;
  // Images served per pass: size() less a dropped last batch.
  int64_t images_per_pass() const;

  // Draws a new random order (from torch's global generator) for pass
  // `epoch` (1-based) and picks its flip parity; until the first call
  // batches come in the stored order.
  void StartEpoch(int epoch);

  // Batch `index` in [0, num_batches()); the last one may be smaller.
  Batch Get(int64_t index) const;

  // The first `count` images, normalised, in the stored order.
  at::Tensor FirstImages(int64_t count) const;

 private:
  at::Tensor Augment(const at::Tensor& images, const at::Tensor& picked) const;
  at::Tensor Normalise(const at::Tensor& images) const;

  int64_t size_;
  int64_t batch_size_;
  bool drop_last_;
  Augmentation augmentation_;
  at::Tensor flipped_;  // size bool: the per-image mirroring of even epochs
  bool mirror_all_ = false;  // odd epochs mirror every image once more
  at::Tensor images_;  // size x C x H x W uint8 on the device
  at::Tensor labels_;  // size int64 on the device
  at::Tensor mean_;    // 1 x C x 1 x 1 float
  at::Tensor scale_;   // 1 / stddev, same shape
  at::Tensor order_;   // permutation of [0, size), or undefined for in order
};

}  // namespace tune::trainer
