#include "trainer/data/cifar10_reader.h"

#include <catch2/catch.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "trainer/testing/temp_dir.h"

namespace tune::trainer {
namespace {

using testing::TempDir;

constexpr int kPixels = kCifar10RecordBytes - 1;

// The pixel every test expects at position `p` of the image with global
// index `image`: distinct enough across images and positions to catch an
// off-by-one record or a swapped plane.
uint8_t PixelOf(int image, int p) {
  return static_cast<uint8_t>((image * 37 + p * 11 + p / 1024) % 256);
}
uint8_t LabelOf(int image) { return static_cast<uint8_t>((image * 3) % 10); }

// Records for images [first, first + count).
std::vector<uint8_t> Records(int first, int count) {
  std::vector<uint8_t> bytes;
  for (int image = first; image < first + count; ++image) {
    bytes.push_back(LabelOf(image));
    for (int p = 0; p < kPixels; ++p) bytes.push_back(PixelOf(image, p));
  }
  return bytes;
}

// Five training files of `per_file` records and a test file of `test`.
void WriteSplits(const TempDir& dir, int per_file, int test) {
  for (int i = 0; i < 5; ++i) {
    dir.Write("data_batch_" + std::to_string(i + 1) + ".bin",
              Records(i * per_file, per_file));
  }
  dir.Write("test_batch.bin", Records(1000, test));
}

void ExpectImages(const ImageDataset& data, int first, int count) {
  REQUIRE(data.Size() == static_cast<size_t>(count));
  REQUIRE(data.images.size() == static_cast<size_t>(count) * kPixels);
  for (int i = 0; i < count; ++i) {
    INFO("image " << i);
    CHECK(data.labels[i] == LabelOf(first + i));
    for (int p : {0, 1, 1023, 1024, 2047, 2048, 3071}) {
      CHECK(data.images[static_cast<size_t>(i) * kPixels + p] ==
            PixelOf(first + i, p));
    }
  }
}

TEST_CASE("ReadCifar10 reads every training file in order") {
  TempDir dir;
  WriteSplits(dir, 3, 2);
  absl::StatusOr<ImageDataset> data =
      ReadCifar10(dir.path().string(), DataSplit::kTrain, 0);
  REQUIRE(data.ok());
  CHECK(data->channels == 3);
  CHECK(data->height == 32);
  CHECK(data->width == 32);
  CHECK(data->num_classes == 10);
  ExpectImages(*data, 0, 15);
}

TEST_CASE("ReadCifar10 reads the test split from test_batch.bin") {
  TempDir dir;
  WriteSplits(dir, 3, 2);
  absl::StatusOr<ImageDataset> data =
      ReadCifar10(dir.path().string(), DataSplit::kTest, 0);
  REQUIRE(data.ok());
  ExpectImages(*data, 1000, 2);
}

TEST_CASE("ReadCifar10 stops at the limit and opens no more files") {
  TempDir dir;
  dir.Write("data_batch_1.bin", Records(0, 3));
  dir.Write("data_batch_2.bin", Records(3, 3));
  // data_batch_3..5 are missing: a limit within the first two files must
  // not need them.
  absl::StatusOr<ImageDataset> data =
      ReadCifar10(dir.path().string(), DataSplit::kTrain, 4);
  REQUIRE(data.ok());
  ExpectImages(*data, 0, 4);

  absl::StatusOr<ImageDataset> all =
      ReadCifar10(dir.path().string(), DataSplit::kTrain, 7);
  REQUIRE_FALSE(all.ok());
  CHECK(all.status().code() == absl::StatusCode::kNotFound);
  CHECK_THAT(std::string(all.status().message()),
             Catch::Contains("data_batch_3.bin"));
}

TEST_CASE("ReadCifar10 rejects a truncated file, naming it") {
  TempDir dir;
  WriteSplits(dir, 3, 2);
  std::vector<uint8_t> cut = Records(3, 3);
  cut.resize(cut.size() - 100);
  dir.Write("data_batch_2.bin", cut);
  absl::StatusOr<ImageDataset> data =
      ReadCifar10(dir.path().string(), DataSplit::kTrain, 0);
  REQUIRE_FALSE(data.ok());
  CHECK(data.status().code() == absl::StatusCode::kDataLoss);
  CHECK_THAT(
      std::string(data.status().message()),
      Catch::Contains("data_batch_2.bin") && Catch::Contains("whole number"));
}

TEST_CASE("ReadCifar10 rejects an empty file and a label above 9") {
  TempDir dir;
  WriteSplits(dir, 3, 2);
  SECTION("empty") { dir.Write("test_batch.bin", {}); }
  SECTION("bad label") {
    std::vector<uint8_t> bytes = Records(0, 2);
    bytes[kCifar10RecordBytes] = 10;  // the second record's label
    dir.Write("test_batch.bin", bytes);
  }
  absl::StatusOr<ImageDataset> data =
      ReadCifar10(dir.path().string(), DataSplit::kTest, 0);
  REQUIRE_FALSE(data.ok());
  CHECK(data.status().code() == absl::StatusCode::kDataLoss);
  CHECK_THAT(std::string(data.status().message()),
             Catch::Contains("test_batch.bin"));
}

TEST_CASE("ReadCifar10 reports a missing folder and a negative limit") {
  TempDir dir;
  absl::StatusOr<ImageDataset> missing =
      ReadCifar10(dir.File("nowhere"), DataSplit::kTest, 0);
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.status().code() == absl::StatusCode::kNotFound);

  absl::StatusOr<ImageDataset> negative =
      ReadCifar10(dir.path().string(), DataSplit::kTest, -1);
  REQUIRE_FALSE(negative.ok());
  CHECK(negative.status().code() == absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace tune::trainer
