#include "trainer/train/batch_loader.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <map>
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
  loader.StartEpoch(1);
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

// torch's 'reflect' padding: -1 reads 1, size reads size - 2.
int Reflect(int index, int size) {
  index = std::abs(index);
  return index > size - 1 ? 2 * (size - 1) - index : index;
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
                const int sy = Reflect(y + dy, kSide);
                int sx = Reflect(x + dx, kSide);
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

TEST_CASE("BatchLoader mirrors every image the other way in the next epoch") {
  // 64 one-channel 1 x 2 images; image n is (2n, 2n + 1), or (2n + 1, 2n)
  // when mirrored.
  constexpr int kImages = 64;
  ImageDataset data;
  data.channels = 1;
  data.height = 1;
  data.width = 2;
  data.num_classes = 10;
  for (int n = 0; n < kImages; ++n) {
    data.images.push_back(static_cast<uint8_t>(2 * n));
    data.images.push_back(static_cast<uint8_t>(2 * n + 1));
    data.labels.push_back(static_cast<uint8_t>(n % 10));
  }
  at::manual_seed(5);
  BatchLoader loader(data, kCpu, Identity(1), 16, {.flip = true});
  // Mirrored or not, per image, in one epoch.
  const auto mirrored_in = [&](int epoch) {
    loader.StartEpoch(epoch);
    std::map<int, bool> mirrored;
    for (int64_t b = 0; b < loader.num_batches(); ++b) {
      const at::Tensor pixels = loader.Get(b).inputs.to(at::kInt);
      for (int64_t i = 0; i < pixels.size(0); ++i) {
        const int left = pixels[i][0][0][0].item<int>();
        const int right = pixels[i][0][0][1].item<int>();
        REQUIRE(std::abs(left - right) == 1);
        mirrored[std::min(left, right) / 2] = left > right;
      }
    }
    return mirrored;
  };
  const std::map<int, bool> first = mirrored_in(1);
  const std::map<int, bool> second = mirrored_in(2);
  const std::map<int, bool> third = mirrored_in(3);
  REQUIRE(first.size() == kImages);
  int mirrored_count = 0;
  for (const auto& [image, mirrored] : first) {
    CHECK(second.at(image) != mirrored);
    CHECK(third.at(image) == mirrored);
    mirrored_count += mirrored ? 1 : 0;
  }
  CHECK(mirrored_count > 10);  // random, about half
  CHECK(mirrored_count < 54);
}

TEST_CASE("BatchLoader drops a smaller last batch only when asked") {
  ImageDataset data;
  data.channels = 1;
  data.height = 1;
  data.width = 1;
  data.num_classes = 10;
  data.images.assign(10, 0);
  data.labels.assign(10, 0);
  const BatchLoader kept(data, kCpu, Identity(1), 4, {});
  CHECK(kept.num_batches() == 3);
  CHECK(kept.images_per_pass() == 10);
  const BatchLoader dropped(data, kCpu, Identity(1), 4, {}, true);
  CHECK(dropped.num_batches() == 2);
  CHECK(dropped.images_per_pass() == 8);
  const BatchLoader only_one(data, kCpu, Identity(1), 16, {}, true);
  CHECK(only_one.num_batches() == 1);
  CHECK(only_one.images_per_pass() == 10);
}

}  // namespace
}  // namespace tune::trainer
