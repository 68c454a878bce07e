#include "trainer/train/batch_loader.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <set>
#include <vector>

namespace tune::trainer {
namespace {

const c10::Device kCpu(c10::kCPU);

// `count` images of channels x side x side whose every pixel holds the image
// index (so shuffled batches can be traced back), labelled index % 10.
ImageDataset IndexedImages(int count, int channels, int side) {
  ImageDataset data;
  data.channels = channels;
  data.height = side;
  data.width = side;
  data.num_classes = 10;
  for (int i = 0; i < count; ++i) {
    data.images.insert(data.images.end(), data.PixelsPerImage(),
                       static_cast<uint8_t>(i));
    data.labels.push_back(static_cast<uint8_t>(i % 10));
  }
  return data;
}

ChannelStats Identity(int channels) {
  return ChannelStats{std::vector<double>(channels, 0.0),
                      std::vector<double>(channels, 1.0)};
}

TEST_CASE("BatchLoader serves normalised batches in order") {
  const ImageDataset data = IndexedImages(10, 2, 4);
  const ChannelStats stats{{1.0, 3.0}, {2.0, 4.0}};
  const BatchLoader loader(data, kCpu, stats, 4, {});
  REQUIRE(loader.size() == 10);
  REQUIRE(loader.num_batches() == 3);
  const Batch first = loader.Get(0);
  CHECK(first.inputs.sizes() == at::IntArrayRef({4, 2, 4, 4}));
  CHECK(first.inputs.scalar_type() == at::kFloat);
  // Image 3, channel 1: (3 - 3) / 4; channel 0: (3 - 1) / 2.
  CHECK(first.inputs[3][1][2][2].item<float>() == Approx(0.0));
  CHECK(first.inputs[3][0][0][1].item<float>() == Approx(1.0));
  CHECK(first.targets.scalar_type() == at::kLong);
  CHECK(first.targets[3].item<int64_t>() == 3);
  const Batch last = loader.Get(2);
  CHECK(last.inputs.size(0) == 2);  // 10 = 4 + 4 + 2
  CHECK(last.targets[1].item<int64_t>() == 9);
}

TEST_CASE("BatchLoader shuffles each image into exactly one batch") {
  const ImageDataset data = IndexedImages(50, 1, 3);
  BatchLoader loader(data, kCpu, Identity(1), 8, {});
  at::manual_seed(7);
  loader.Shuffle();
  std::vector<int> seen;
  bool in_order = true;
  for (int64_t b = 0; b < loader.num_batches(); ++b) {
    const Batch batch = loader.Get(b);
    for (int64_t i = 0; i < batch.inputs.size(0); ++i) {
      const int image =
          static_cast<int>(batch.inputs[i][0][1][1].item<float>());
      CHECK(batch.targets[i].item<int64_t>() == image % 10);  // pairs kept
      in_order = in_order && image == static_cast<int>(seen.size());
      seen.push_back(image);
    }
  }
  std::sort(seen.begin(), seen.end());
  std::vector<int> all(50);
  for (int i = 0; i < 50; ++i) all[i] = i;
  CHECK(seen == all);
  CHECK_FALSE(in_order);
}

TEST_CASE("BatchLoader augmentation only flips and shifts whole images") {
  // One 3 x 8 x 8 image whose pixel (c, y, x) holds c * 64 + y * 8 + x, so
  // each output pixel names the source pixel it came from.
  constexpr int kSide = 8, kShift = 2, kCopies = 64;
  ImageDataset data;
  data.channels = 3;
  data.height = kSide;
  data.width = kSide;
  data.num_classes = 10;
  for (int n = 0; n < kCopies; ++n) {
    for (int p = 0; p < 3 * kSide * kSide; ++p) {
      data.images.push_back(static_cast<uint8_t>(p));
    }
    data.labels.push_back(0);
  }
  at::manual_seed(11);
  const BatchLoader loader(data, kCpu, Identity(3), kCopies,
                           {.flip = true, .max_shift = kShift});
  const at::Tensor out = loader.Get(0).inputs.to(at::kInt);
  const auto pixels = out.accessor<int, 4>();
  std::set<std::tuple<bool, int, int>> transforms;
  for (int n = 0; n < kCopies; ++n) {
    // Find the transform that explains this copy's pixels.
    bool explained = false;
    for (int flip = 0; flip < 2 && !explained; ++flip) {
      for (int dy = -kShift; dy <= kShift && !explained; ++dy) {
        for (int dx = -kShift; dx <= kShift && !explained; ++dx) {
          bool all_match = true;
          for (int c = 0; c < 3 && all_match; ++c) {
            for (int y = 0; y < kSide && all_match; ++y) {
              for (int x = 0; x < kSide && all_match; ++x) {
                const int sy = std::clamp(y + dy, 0, kSide - 1);
                int sx = std::clamp(x + dx, 0, kSide - 1);
                if (flip) sx = kSide - 1 - sx;
                all_match = pixels[n][c][y][x] == c * 64 + sy * 8 + sx;
              }
            }
          }
          if (all_match) {
            explained = true;
            transforms.insert({flip == 1, dy, dx});
          }
        }
      }
    }
    INFO("copy " << n);
    CHECK(explained);
  }
  // Random draws: both flips and several shifts appear among 64 copies.
  CHECK(transforms.size() >= 10);
  bool flipped = false, unflipped = false;
  for (const auto& [flip, dy, dx] : transforms)
    (flip ? flipped : unflipped) = true;
  CHECK(flipped);
  CHECK(unflipped);
}

}  // namespace
}  // namespace tune::trainer
