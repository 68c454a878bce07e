// A labelled image set held as plain bytes, the common currency between the
// dataset readers (torch-free) and the training code.
//
// Images are stored N x C x H x W (channel planes, row-major), one uint8 per
// pixel, so a reader can fill it without knowing about tensors and the
// trainer can wrap it in a tensor without a copy per image. Plain data; safe
// to copy and to share between threads for reading.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace tune::trainer {

// Which half of a dataset to read: the training images or the held-out ones
// (CIFAR-10's test_batch, Fashion-MNIST's t10k), used here for validation.
enum class DataSplit { kTrain, kTest };

struct ImageDataset {
  int channels = 0;
  int height = 0;
  int width = 0;
  int num_classes = 0;
  std::vector<uint8_t> images;  // Size() * channels * height * width bytes
  std::vector<uint8_t> labels;  // one per image, each < num_classes

  size_t PixelsPerImage() const {
    return static_cast<size_t>(channels) * height * width;
  }
  size_t Size() const { return labels.size(); }
};

}  // namespace tune::trainer
