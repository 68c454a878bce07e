#include "trainer/data/idx_reader.h"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <filesystem>
#include <memory>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace tune::trainer {
namespace {

// Bounds that no real IDX image file comes near; they keep a hostile header
// from making the reader multiply its way into overflow.
constexpr uint32_t kMaxSide = 4096;
constexpr size_t kReadChunkBytes = size_t{1} << 20;

struct GzCloser {
  void operator()(gzFile_s* file) const { gzclose(file); }
};
using GzPtr = std::unique_ptr<gzFile_s, GzCloser>;

absl::StatusOr<GzPtr> Open(const std::string& path) {
  GzPtr file(gzopen(path.c_str(), "rb"));
  if (file == nullptr) {
    return absl::NotFoundError(absl::StrCat("cannot open IDX file ", path));
  }
  return file;
}

std::string GzErrorText(gzFile_s* file) {
  int code = Z_OK;
  const char* text = gzerror(file, &code);
  return code == Z_OK || text == nullptr ? "" : absl::StrCat(" (", text, ")");
}

// Reads exactly `bytes` bytes onto the end of `out`, growing `out` chunk by
// chunk so a header that lies about its size costs no more memory than the
// file really holds.
absl::Status ReadExactly(gzFile_s* file, const std::string& path, size_t bytes,
                         std::vector<uint8_t>& out) {
  size_t done = 0;
  while (done < bytes) {
    const size_t chunk = std::min(kReadChunkBytes, bytes - done);
    const size_t old_size = out.size();
    out.resize(old_size + chunk);
    const int got =
        gzread(file, out.data() + old_size, static_cast<unsigned>(chunk));
    if (got < 0) {
      return absl::DataLossError(
          absl::StrCat("IDX file ", path, " is corrupt", GzErrorText(file)));
    }
    done += static_cast<size_t>(got);
    if (static_cast<size_t>(got) < chunk) {
      out.resize(old_size + static_cast<size_t>(got));
      return absl::DataLossError(
          absl::StrCat("IDX file ", path, " is truncated: expected ", bytes,
                       " more bytes, found only ", done, GzErrorText(file)));
    }
  }
  return absl::OkStatus();
}

uint32_t BigEndian(const uint8_t* bytes) {
  return (uint32_t{bytes[0]} << 24) | (uint32_t{bytes[1]} << 16) |
         (uint32_t{bytes[2]} << 8) | uint32_t{bytes[3]};
}

// Reads the magic number, then `dims` dimension sizes. The magic number is
// checked first so that a wrong file is reported as such even when it is
// shorter than the header expected.
absl::StatusOr<std::vector<uint32_t>> ReadHeader(gzFile_s* file,
                                                 const std::string& path,
                                                 uint32_t magic, int dims) {
  std::vector<uint8_t> bytes;
  if (absl::Status status = ReadExactly(file, path, 4, bytes); !status.ok()) {
    return status;
  }
  if (const uint32_t found = BigEndian(bytes.data()); found != magic) {
    return absl::DataLossError(absl::StrCat(
        "IDX file ", path, " has magic number 0x",
        absl::Hex(found, absl::kZeroPad8), ", expected 0x",
        absl::Hex(magic, absl::kZeroPad8), " (wrong file, or not IDX?)"));
  }
  bytes.clear();
  if (absl::Status status = ReadExactly(file, path, 4 * dims, bytes);
      !status.ok()) {
    return status;
  }
  std::vector<uint32_t> sizes;
  for (int i = 0; i < dims; ++i) sizes.push_back(BigEndian(&bytes[4 * i]));
  return sizes;
}

// When the whole file was asked for, anything after the data means the
// header and the body disagree.
absl::Status ExpectEnd(gzFile_s* file, const std::string& path) {
  uint8_t extra = 0;
  if (gzread(file, &extra, 1) != 0) {
    return absl::DataLossError(absl::StrCat(
        "IDX file ", path, " has bytes beyond the size its header gives"));
  }
  return absl::OkStatus();
}

int64_t Wanted(uint32_t count, int64_t limit) {
  return limit > 0 ? std::min<int64_t>(count, limit) : count;
}

}  // namespace

absl::StatusOr<IdxImages> ReadIdxImages(const std::string& path,
                                        int64_t limit) {
  if (limit < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("image limit must be >= 0, got ", limit));
  }
  absl::StatusOr<GzPtr> file = Open(path);
  if (!file.ok()) return file.status();
  absl::StatusOr<std::vector<uint32_t>> dims =
      ReadHeader(file->get(), path, kIdxImagesMagic, 3);
  if (!dims.ok()) return dims.status();
  const uint32_t count = (*dims)[0], rows = (*dims)[1], cols = (*dims)[2];
  if (rows == 0 || cols == 0 || rows > kMaxSide || cols > kMaxSide) {
    return absl::DataLossError(absl::StrCat(
        "IDX file ", path, " has implausible image size ", rows, "x", cols));
  }
  IdxImages images;
  images.count = Wanted(count, limit);
  images.rows = static_cast<int>(rows);
  images.cols = static_cast<int>(cols);
  const size_t bytes = static_cast<size_t>(images.count) * rows * cols;
  if (absl::Status status =
          ReadExactly(file->get(), path, bytes, images.pixels);
      !status.ok()) {
    return status;
  }
  if (images.count == count) {
    if (absl::Status status = ExpectEnd(file->get(), path); !status.ok()) {
      return status;
    }
  }
  return images;
}

absl::StatusOr<std::vector<uint8_t>> ReadIdxLabels(const std::string& path,
                                                   int64_t limit) {
  if (limit < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("label limit must be >= 0, got ", limit));
  }
  absl::StatusOr<GzPtr> file = Open(path);
  if (!file.ok()) return file.status();
  absl::StatusOr<std::vector<uint32_t>> dims =
      ReadHeader(file->get(), path, kIdxLabelsMagic, 1);
  if (!dims.ok()) return dims.status();
  const uint32_t count = (*dims)[0];
  const int64_t wanted = Wanted(count, limit);
  std::vector<uint8_t> labels;
  if (absl::Status status =
          ReadExactly(file->get(), path, static_cast<size_t>(wanted), labels);
      !status.ok()) {
    return status;
  }
  if (wanted == count) {
    if (absl::Status status = ExpectEnd(file->get(), path); !status.ok()) {
      return status;
    }
  }
  return labels;
}

absl::StatusOr<ImageDataset> ReadFashionMnist(const std::string& dir,
                                              DataSplit split, int64_t limit) {
  const std::string prefix = split == DataSplit::kTrain ? "train" : "t10k";
  const std::filesystem::path folder(dir);
  const std::string images_path =
      (folder / (prefix + "-images-idx3-ubyte.gz")).string();
  const std::string labels_path =
      (folder / (prefix + "-labels-idx1-ubyte.gz")).string();
  absl::StatusOr<IdxImages> images = ReadIdxImages(images_path, limit);
  if (!images.ok()) return images.status();
  absl::StatusOr<std::vector<uint8_t>> labels =
      ReadIdxLabels(labels_path, limit);
  if (!labels.ok()) return labels.status();
  if (static_cast<int64_t>(labels->size()) != images->count) {
    return absl::DataLossError(
        absl::StrCat(images_path, " holds ", images->count, " images but ",
                     labels_path, " holds ", labels->size(), " labels"));
  }
  for (size_t i = 0; i < labels->size(); ++i) {
    if ((*labels)[i] >= kFashionMnistClasses) {
      return absl::DataLossError(
          absl::StrCat(labels_path, ": label ", i, " is ",
                       static_cast<int>((*labels)[i]), ", expected 0..9"));
    }
  }
  ImageDataset dataset;
  dataset.channels = 1;
  dataset.height = images->rows;
  dataset.width = images->cols;
  dataset.num_classes = kFashionMnistClasses;
  dataset.images = std::move(images->pixels);
  dataset.labels = std::move(*labels);
  return dataset;
}

}  // namespace tune::trainer
