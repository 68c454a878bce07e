#include "trainer/data/synthetic_dataset.h"

#include <array>
#include <catch2/catch.hpp>
#include <cmath>
#include <set>

namespace tune::trainer {
namespace {

TEST_CASE("MakeSyntheticDataset has CIFAR-10's shape") {
  const ImageDataset data = MakeSyntheticDataset(200, 1, 2);
  CHECK(data.channels == 3);
  CHECK(data.height == 32);
  CHECK(data.width == 32);
  CHECK(data.num_classes == 10);
  REQUIRE(data.Size() == 200);
  CHECK(data.images.size() == 200 * 3072);
  std::set<int> classes;
  for (uint8_t label : data.labels) {
    REQUIRE(label < 10);
    classes.insert(label);
  }
  CHECK(classes.size() == 10);
}

TEST_CASE("MakeSyntheticDataset is a function of its seeds") {
  const ImageDataset a = MakeSyntheticDataset(20, 1, 2);
  const ImageDataset b = MakeSyntheticDataset(20, 1, 2);
  CHECK(a.images == b.images);
  CHECK(a.labels == b.labels);
  const ImageDataset other_samples = MakeSyntheticDataset(20, 1, 3);
  CHECK(a.images != other_samples.images);
  CHECK(MakeSyntheticDataset(0, 1, 2).Size() == 0);
}

// The class signal is a grating with a class-specific orientation. Its
// energy along the class's direction shows up in the correlation between a
// pixel and its neighbour along the grating's stripes versus across them;
// checking that two classes' images differ in that statistic proves the
// labels carry learnable structure rather than noise alone.
double HorizontalMinusVerticalCorrelation(const ImageDataset& data, int label) {
  double horizontal = 0, vertical = 0;
  const size_t pixels = data.PixelsPerImage();
  for (size_t i = 0; i < data.Size(); ++i) {
    if (data.labels[i] != label) continue;
    for (int c = 0; c < 3; ++c) {
      const uint8_t* plane = data.images.data() + i * pixels + c * 1024;
      for (int y = 0; y + 1 < 32; ++y) {
        for (int x = 0; x + 1 < 32; ++x) {
          const double v = plane[y * 32 + x] - 128.0;
          horizontal += v * (plane[y * 32 + x + 1] - 128.0);
          vertical += v * (plane[(y + 1) * 32 + x] - 128.0);
        }
      }
    }
  }
  return (horizontal - vertical) / (std::abs(horizontal) + std::abs(vertical));
}

TEST_CASE("MakeSyntheticDataset classes differ in structure") {
  const ImageDataset data = MakeSyntheticDataset(2000, 1, 2);
  // Class 0's stripes run near-vertically (the grating varies along x) and
  // class 5's near-horizontally, so their neighbour correlations differ in
  // sign.
  const double class0 = HorizontalMinusVerticalCorrelation(data, 0);
  const double class5 = HorizontalMinusVerticalCorrelation(data, 5);
  INFO("class 0: " << class0 << ", class 5: " << class5);
  CHECK(class0 < -0.02);
  CHECK(class5 > 0.02);
}

}  // namespace
}  // namespace tune::trainer
