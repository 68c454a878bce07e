// Serves the dashboard's front end from a directory: index.html for "/",
// a content type from the file's extension, 404 for a missing file, 400
// for a path that tries to leave the directory.
//
// Usage:
//   StaticFiles files("/opt/tune/bin/dashboard");
//   HttpResponse response = files.Serve("/assets/index-1a2b.js");
//
// Reads the file on each request (the files are small and the dashboard
// has few users). Thread-safe: const after construction.
#pragma once

#include <filesystem>
#include <string>

#include "tuner/dashboard/http_message.h"

namespace tune::dashboard {

class StaticFiles {
 public:
  explicit StaticFiles(std::filesystem::path root);

  // `path` is a decoded request path (DecodePath), starting with '/'.
  // A segment ".." or a backslash is refused with 400 before the file
  // system is touched; a file that resolves outside the root (a symlink
  // pointing out) is not found (404).
  HttpResponse Serve(const std::string& path) const;

  const std::filesystem::path& root() const { return root_; }

  // "text/html; charset=utf-8", ... from the extension;
  // "application/octet-stream" when unknown.
  static std::string ContentTypeOf(const std::filesystem::path& file);

 private:
  std::filesystem::path root_;
};

}  // namespace tune::dashboard
