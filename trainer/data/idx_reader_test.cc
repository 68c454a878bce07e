#include "trainer/data/idx_reader.h"

#include <zlib.h>

#include <catch2/catch.hpp>
#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "trainer/testing/temp_dir.h"

namespace tune::trainer {
namespace {

using testing::TempDir;

void PutBigEndian(std::vector<uint8_t>& bytes, uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8) {
    bytes.push_back(static_cast<uint8_t>(value >> shift));
  }
}

uint8_t PixelOf(int image, int p) {
  return static_cast<uint8_t>((image * 13 + p * 7) % 256);
}

// An IDX3 file of `count` rows x cols images; `body_count` images of data
// follow the header (fewer than `count` makes a truncated file).
std::vector<uint8_t> ImagesFile(uint32_t count, uint32_t rows, uint32_t cols,
                                uint32_t body_count) {
  std::vector<uint8_t> bytes;
  PutBigEndian(bytes, kIdxImagesMagic);
  PutBigEndian(bytes, count);
  PutBigEndian(bytes, rows);
  PutBigEndian(bytes, cols);
  for (uint32_t i = 0; i < body_count; ++i) {
    for (uint32_t p = 0; p < rows * cols; ++p) {
      bytes.push_back(PixelOf(static_cast<int>(i), static_cast<int>(p)));
    }
  }
  return bytes;
}

std::vector<uint8_t> LabelsFile(const std::vector<uint8_t>& labels) {
  std::vector<uint8_t> bytes;
  PutBigEndian(bytes, kIdxLabelsMagic);
  PutBigEndian(bytes, static_cast<uint32_t>(labels.size()));
  bytes.insert(bytes.end(), labels.begin(), labels.end());
  return bytes;
}

// Writes `bytes` gzipped, as Debian ships the Fashion-MNIST files.
std::string WriteGz(const TempDir& dir, const std::string& name,
                    const std::vector<uint8_t>& bytes) {
  const std::string path = dir.File(name);
  gzFile file = gzopen(path.c_str(), "wb");
  if (file == nullptr) throw std::runtime_error("gzopen " + path);
  const int written =
      bytes.empty()
          ? 0
          : gzwrite(file, bytes.data(), static_cast<unsigned>(bytes.size()));
  if (gzclose(file) != Z_OK || written != static_cast<int>(bytes.size())) {
    throw std::runtime_error("gzwrite " + path);
  }
  return path;
}

TEST_CASE("ReadIdxImages reads a gzipped IDX3 file") {
  TempDir dir;
  const std::string path = WriteGz(dir, "images.gz", ImagesFile(4, 3, 5, 4));
  absl::StatusOr<IdxImages> images = ReadIdxImages(path, 0);
  REQUIRE(images.ok());
  CHECK(images->count == 4);
  CHECK(images->rows == 3);
  CHECK(images->cols == 5);
  REQUIRE(images->pixels.size() == 4 * 15);
  for (int i = 0; i < 4; ++i) {
    for (int p = 0; p < 15; ++p) {
      CHECK(images->pixels[i * 15 + p] == PixelOf(i, p));
    }
  }
}

TEST_CASE("ReadIdxImages honours the limit") {
  TempDir dir;
  const std::string path = WriteGz(dir, "images.gz", ImagesFile(5, 2, 2, 5));
  absl::StatusOr<IdxImages> images = ReadIdxImages(path, 2);
  REQUIRE(images.ok());
  CHECK(images->count == 2);
  CHECK(images->pixels.size() == 8);
  CHECK(images->pixels[4] == PixelOf(1, 0));
  // A limit above the count reads everything there is.
  absl::StatusOr<IdxImages> all = ReadIdxImages(path, 100);
  REQUIRE(all.ok());
  CHECK(all->count == 5);
}

TEST_CASE("ReadIdxImages also reads a file that is not gzipped") {
  TempDir dir;
  const std::string path = dir.Write("images", ImagesFile(2, 2, 2, 2));
  absl::StatusOr<IdxImages> images = ReadIdxImages(path, 0);
  REQUIRE(images.ok());
  CHECK(images->count == 2);
}

TEST_CASE("ReadIdxLabels reads labels and honours the limit") {
  TempDir dir;
  const std::string path = WriteGz(dir, "labels.gz", LabelsFile({3, 1, 4, 1}));
  absl::StatusOr<std::vector<uint8_t>> labels = ReadIdxLabels(path, 0);
  REQUIRE(labels.ok());
  CHECK(*labels == std::vector<uint8_t>{3, 1, 4, 1});
  absl::StatusOr<std::vector<uint8_t>> two = ReadIdxLabels(path, 2);
  REQUIRE(two.ok());
  CHECK(*two == std::vector<uint8_t>{3, 1});
}

TEST_CASE("IDX readers reject a wrong magic number") {
  TempDir dir;
  const std::string labels = WriteGz(dir, "labels.gz", LabelsFile({1, 2}));
  const std::string images = WriteGz(dir, "images.gz", ImagesFile(1, 2, 2, 1));
  absl::StatusOr<IdxImages> swapped_images = ReadIdxImages(labels, 0);
  REQUIRE_FALSE(swapped_images.ok());
  CHECK(swapped_images.status().code() == absl::StatusCode::kDataLoss);
  CHECK_THAT(std::string(swapped_images.status().message()),
             Catch::Contains("magic") && Catch::Contains("labels.gz"));

  absl::StatusOr<std::vector<uint8_t>> swapped_labels =
      ReadIdxLabels(images, 0);
  REQUIRE_FALSE(swapped_labels.ok());
  CHECK_THAT(std::string(swapped_labels.status().message()),
             Catch::Contains("magic"));

  // Text where an IDX file should be.
  const std::string text =
      dir.Write("readme.gz",
                std::vector<uint8_t>{'h', 'e', 'l', 'l', 'o', ' ', 'w', 'o',
                                     'r', 'l', 'd', '!', '!', '!', '!', '!'});
  absl::StatusOr<IdxImages> from_text = ReadIdxImages(text, 0);
  REQUIRE_FALSE(from_text.ok());
  CHECK_THAT(std::string(from_text.status().message()),
             Catch::Contains("magic"));
}

TEST_CASE("IDX readers reject truncated files") {
  TempDir dir;
  SECTION("body shorter than the header says") {
    const std::string path = WriteGz(dir, "images.gz", ImagesFile(5, 4, 4, 3));
    absl::StatusOr<IdxImages> images = ReadIdxImages(path, 0);
    REQUIRE_FALSE(images.ok());
    CHECK(images.status().code() == absl::StatusCode::kDataLoss);
    CHECK_THAT(std::string(images.status().message()),
               Catch::Contains("truncated"));
  }
  SECTION("header cut short") {
    std::vector<uint8_t> bytes = ImagesFile(1, 2, 2, 1);
    bytes.resize(10);
    absl::StatusOr<IdxImages> images =
        ReadIdxImages(WriteGz(dir, "images.gz", bytes), 0);
    REQUIRE_FALSE(images.ok());
    CHECK(images.status().code() == absl::StatusCode::kDataLoss);
  }
  SECTION("gzip stream cut short") {
    const std::string path =
        WriteGz(dir, "images.gz", ImagesFile(50, 28, 28, 50));
    std::filesystem::resize_file(path, std::filesystem::file_size(path) / 2);
    absl::StatusOr<IdxImages> images = ReadIdxImages(path, 0);
    REQUIRE_FALSE(images.ok());
    CHECK(images.status().code() == absl::StatusCode::kDataLoss);
  }
  SECTION("empty file") {
    absl::StatusOr<std::vector<uint8_t>> labels =
        ReadIdxLabels(dir.Write("labels", {}), 0);
    REQUIRE_FALSE(labels.ok());
    CHECK(labels.status().code() == absl::StatusCode::kDataLoss);
  }
}

TEST_CASE("ReadIdxImages rejects implausible sizes and trailing bytes") {
  TempDir dir;
  SECTION("zero rows") {
    absl::StatusOr<IdxImages> images =
        ReadIdxImages(WriteGz(dir, "a.gz", ImagesFile(1, 0, 28, 0)), 0);
    REQUIRE_FALSE(images.ok());
    CHECK_THAT(std::string(images.status().message()),
               Catch::Contains("implausible"));
  }
  SECTION("a huge count with no data behind it fails without allocating") {
    absl::StatusOr<IdxImages> images = ReadIdxImages(
        WriteGz(dir, "b.gz", ImagesFile(0xFFFFFFFFu, 4096, 4096, 0)), 0);
    REQUIRE_FALSE(images.ok());
    CHECK(images.status().code() == absl::StatusCode::kDataLoss);
  }
  SECTION("bytes after the data") {
    std::vector<uint8_t> bytes = ImagesFile(2, 2, 2, 2);
    bytes.push_back(0);
    absl::StatusOr<IdxImages> images =
        ReadIdxImages(WriteGz(dir, "c.gz", bytes), 0);
    REQUIRE_FALSE(images.ok());
    CHECK_THAT(std::string(images.status().message()),
               Catch::Contains("beyond"));
  }
}

TEST_CASE("IDX readers report a missing file as NotFound") {
  TempDir dir;
  CHECK(ReadIdxImages(dir.File("none.gz"), 0).status().code() ==
        absl::StatusCode::kNotFound);
  CHECK(ReadIdxLabels(dir.File("none.gz"), 0).status().code() ==
        absl::StatusCode::kNotFound);
}

// The Fashion-MNIST file names, with `n` 28x28 images in each split.
void WriteFashionMnist(const TempDir& dir, uint32_t n,
                       const std::vector<uint8_t>& labels) {
  for (const std::string prefix : {"train", "t10k"}) {
    WriteGz(dir, prefix + "-images-idx3-ubyte.gz", ImagesFile(n, 28, 28, n));
    WriteGz(dir, prefix + "-labels-idx1-ubyte.gz", LabelsFile(labels));
  }
}

TEST_CASE("ReadFashionMnist pairs images with labels") {
  TempDir dir;
  WriteFashionMnist(dir, 3, {9, 0, 5});
  absl::StatusOr<ImageDataset> data =
      ReadFashionMnist(dir.path().string(), DataSplit::kTest, 0);
  REQUIRE(data.ok());
  CHECK(data->channels == 1);
  CHECK(data->height == 28);
  CHECK(data->width == 28);
  CHECK(data->num_classes == 10);
  CHECK(data->labels == std::vector<uint8_t>{9, 0, 5});
  REQUIRE(data->images.size() == 3 * 784);
  CHECK(data->images[784 + 5] == PixelOf(1, 5));

  absl::StatusOr<ImageDataset> limited =
      ReadFashionMnist(dir.path().string(), DataSplit::kTrain, 2);
  REQUIRE(limited.ok());
  CHECK(limited->Size() == 2);
}

TEST_CASE("ReadFashionMnist rejects mismatched counts and bad labels") {
  TempDir dir;
  SECTION("fewer labels than images") { WriteFashionMnist(dir, 3, {1, 2}); }
  SECTION("a label above 9") { WriteFashionMnist(dir, 3, {1, 12, 2}); }
  absl::StatusOr<ImageDataset> data =
      ReadFashionMnist(dir.path().string(), DataSplit::kTrain, 0);
  REQUIRE_FALSE(data.ok());
  CHECK(data.status().code() == absl::StatusCode::kDataLoss);
  CHECK_THAT(std::string(data.status().message()),
             Catch::Contains("train-labels-idx1-ubyte.gz"));
}

}  // namespace
}  // namespace tune::trainer
