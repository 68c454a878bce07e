#include "trainer/train/batch_loader.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <vector>

namespace tune::trainer {
namespace {

at::Tensor ToDevice(const std::vector<uint8_t>& bytes,
                    std::vector<int64_t> shape, c10::Device device) {
  // from_blob borrows the vector; clone() makes the tensor own its bytes
  // before they move to the device.
  at::Tensor host = at::from_blob(const_cast<uint8_t*>(bytes.data()), shape,
                                  at::TensorOptions().dtype(at::kByte))
                        .clone();
  return host.to(device);
}

at::Tensor PerChannel(const std::vector<double>& values, c10::Device device) {
  std::vector<float> floats(values.begin(), values.end());
  return at::tensor(floats, at::TensorOptions().dtype(at::kFloat))
      .view({1, static_cast<int64_t>(floats.size()), 1, 1})
      .to(device);
}

}  // namespace

BatchLoader::BatchLoader(const ImageDataset& data, c10::Device device,
                         const ChannelStats& stats, int64_t batch_size,
                         Augmentation augmentation)
    : size_(static_cast<int64_t>(data.Size())),
      batch_size_(std::max<int64_t>(batch_size, 1)),
      augmentation_(augmentation),
      images_(ToDevice(data.images,
                       {size_, data.channels, data.height, data.width},
                       device)),
      labels_(ToDevice(data.labels, {size_}, device).to(at::kLong)),
      mean_(PerChannel(stats.mean, device)) {
  std::vector<double> inverse;
  for (double s : stats.stddev) inverse.push_back(1.0 / s);
  scale_ = PerChannel(inverse, device);
}

void BatchLoader::Shuffle() {
  order_ = at::randperm(
      size_, at::TensorOptions().dtype(at::kLong).device(images_.device()));
}

Batch BatchLoader::Get(int64_t index) const {
  const int64_t start = index * batch_size_;
  const int64_t count = std::min(batch_size_, size_ - start);
  at::Tensor images, labels;
  if (order_.defined()) {
    const at::Tensor picked = order_.narrow(0, start, count);
    images = images_.index_select(0, picked);
    labels = labels_.index_select(0, picked);
  } else {
    images = images_.narrow(0, start, count);
    labels = labels_.narrow(0, start, count);
  }
  if (augmentation_.flip || augmentation_.max_shift > 0) {
    images = Augment(images);
  }
  at::Tensor inputs = images.to(at::kFloat).sub_(mean_).mul_(scale_);
  return Batch{std::move(inputs), std::move(labels)};
}

at::Tensor BatchLoader::Augment(const at::Tensor& images) const {
  // Every output pixel reads one source pixel: source row and column are the
  // output's plus a per-image shift (clamped at the border), mirrored for
  // flipped images. One gather does the whole batch.
  const int64_t n = images.size(0), height = images.size(2),
                width = images.size(3);
  const at::TensorOptions longs =
      at::TensorOptions().dtype(at::kLong).device(images.device());
  at::Tensor rows = at::arange(height, longs).view({1, height, 1});
  at::Tensor cols = at::arange(width, longs).view({1, 1, width});
  if (augmentation_.max_shift > 0) {
    const int64_t s = augmentation_.max_shift;
    rows =
        (rows + at::randint(-s, s + 1, {n, 1, 1}, longs)).clamp(0, height - 1);
    cols =
        (cols + at::randint(-s, s + 1, {n, 1, 1}, longs)).clamp(0, width - 1);
  }
  if (augmentation_.flip) {
    const at::Tensor flip = at::randint(0, 2, {n, 1, 1}, longs).to(at::kBool);
    cols = at::where(flip, (width - 1) - cols, cols);
  }
  const at::Tensor batch = at::arange(n, longs).view({n, 1, 1});
  // NHWC indexing keeps the three index tensors adjacent, so the result is
  // N x H x W x C; permuting back gives a channels-last N x C x H x W view.
  return images.permute({0, 2, 3, 1})
      .index({batch, rows, cols})
      .permute({0, 3, 1, 2})
      .contiguous();
}

}  // namespace tune::trainer
