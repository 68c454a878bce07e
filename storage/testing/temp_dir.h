// Test helper: a fresh directory under $TMPDIR (or /tmp), removed with
// everything in it when the TempDir is destroyed.
//
// Not thread-safe; one owner.
//
// Usage:
//   absl::StatusOr<TempDir> dir = TempDir::Create();
//   std::string db_path = dir->Path("tune.db");
#pragma once

#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace tune::storage::testing {

class TempDir {
 public:
  // Unavailable if the directory cannot be made.
  static absl::StatusOr<TempDir> Create();

  TempDir(TempDir&& other) noexcept;
  TempDir& operator=(TempDir&& other) = delete;
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir();

  const std::string& path() const { return path_; }
  // `name` inside the directory.
  std::string Path(std::string_view name) const;

 private:
  explicit TempDir(std::string path) : path_(std::move(path)) {}
  std::string path_;  // empty once moved from
};

}  // namespace tune::storage::testing
