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
                         Augmentation augmentation, bool drop_last)
    : size_(static_cast<int64_t>(data.Size())),
      batch_size_(std::max<int64_t>(batch_size, 1)),
      drop_last_(drop_last),
      augmentation_(augmentation),
      images_(ToDevice(data.images,
                       {size_, data.channels, data.height, data.width},
                       device)),
      labels_(ToDevice(data.labels, {size_}, device).to(at::kLong)),
      mean_(PerChannel(stats.mean, device)) {
  std::vector<double> inverse;
  for (double s : stats.stddev) inverse.push_back(1.0 / s);
  scale_ = PerChannel(inverse, device);
  if (augmentation_.flip) {
    flipped_ = at::randint(0, 2, {size_},
                           at::TensorOptions().dtype(at::kLong).device(device))
                   .to(at::kBool);
  }
}

int64_t BatchLoader::num_batches() const {
  if (drop_last_ && size_ >= batch_size_) return size_ / batch_size_;
  return (size_ + batch_size_ - 1) / batch_size_;
}

int64_t BatchLoader::images_per_pass() const {
  return std::min(size_, num_batches() * batch_size_);
}

void BatchLoader::StartEpoch(int epoch) {
  order_ = at::randperm(
      size_, at::TensorOptions().dtype(at::kLong).device(images_.device()));
  mirror_all_ = epoch % 2 == 0;
}

at::Tensor BatchLoader::Normalise(const at::Tensor& images) const {
  return images.to(at::kFloat).sub_(mean_).mul_(scale_);
}

at::Tensor BatchLoader::FirstImages(int64_t count) const {
  return Normalise(images_.narrow(0, 0, std::min(count, size_)));
}

Batch BatchLoader::Get(int64_t index) const {
  const int64_t start = index * batch_size_;
  const int64_t count = std::min(batch_size_, size_ - start);
  const at::Tensor picked =
      order_.defined()
          ? order_.narrow(0, start, count)
          : at::arange(start, start + count,
                       at::TensorOptions().dtype(at::kLong).device(
                           images_.device()));
  at::Tensor images = images_.index_select(0, picked);
  at::Tensor labels = labels_.index_select(0, picked);
  if (augmentation_.flip || augmentation_.max_shift > 0) {
    images = Augment(images, picked);
  }
  return Batch{Normalise(images), std::move(labels)};
}

at::Tensor BatchLoader::Augment(const at::Tensor& images,
                                const at::Tensor& picked) const {
  // Every output pixel reads one source pixel: source row and column are the
  // output's plus a per-image shift (reflected at the border), mirrored for
  // flipped images. One gather does the whole batch.
  const int64_t n = images.size(0), height = images.size(2),
                width = images.size(3);
  const at::TensorOptions longs =
      at::TensorOptions().dtype(at::kLong).device(images.device());
  at::Tensor rows = at::arange(height, longs).view({1, height, 1});
  at::Tensor cols = at::arange(width, longs).view({1, 1, width});
  // -1 becomes 1 and `size` becomes size - 2, as torch's 'reflect' padding.
  const auto reflect = [](const at::Tensor& index, int64_t size) {
    const at::Tensor folded = index.abs();
    return at::where(folded > size - 1, 2 * (size - 1) - folded, folded);
  };
  if (augmentation_.max_shift > 0) {
    const int64_t s = augmentation_.max_shift;
    rows = reflect(rows + at::randint(-s, s + 1, {n, 1, 1}, longs), height);
    cols = reflect(cols + at::randint(-s, s + 1, {n, 1, 1}, longs), width);
  }
  if (augmentation_.flip) {
    at::Tensor flip = flipped_.index_select(0, picked).view({n, 1, 1});
    if (mirror_all_) flip = flip.logical_not();
    cols = at::where(flip, (width - 1) - cols, cols);
  }
  const at::Tensor batch = at::arange(n, longs).view({n, 1, 1});
  // NHWC indexing keeps the three index tensors adjacent, so the result is
  // N x H x W x C; permuting back gives a channels-last N x C x H x W view,
  // which CUDA training wants as it is (ToInputFormat copies it on CPU).
  return images.permute({0, 2, 3, 1})
      .index({batch, rows, cols})
      .permute({0, 3, 1, 2});
}

}  // namespace tune::trainer
