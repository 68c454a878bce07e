#include "tuner/dashboard/static_files.h"

#include <fstream>
#include <map>
#include <sstream>
#include <system_error>

#include "tuner/dashboard/url_path.h"

namespace tune::dashboard {
namespace {

HttpResponse TextResponse(int status, std::string text) {
  return {status, "text/plain; charset=utf-8", std::move(text) + "\n", {}};
}

bool IsWithin(const std::filesystem::path& root,
              const std::filesystem::path& file) {
  auto r = root.begin();
  auto f = file.begin();
  for (; r != root.end(); ++r, ++f) {
    if (r->empty()) continue;  // a trailing separator
    if (f == file.end() || *r != *f) return false;
  }
  return true;
}

}  // namespace

StaticFiles::StaticFiles(std::filesystem::path root) : root_(std::move(root)) {}

std::string StaticFiles::ContentTypeOf(const std::filesystem::path& file) {
  static const auto* const kTypes = new std::map<std::string, std::string>{
      {".html", "text/html; charset=utf-8"},
      {".htm", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".map", "application/json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".ico", "image/x-icon"},
      {".txt", "text/plain; charset=utf-8"},
      {".woff2", "font/woff2"},
  };
  auto it = kTypes->find(file.extension().string());
  return it == kTypes->end() ? "application/octet-stream" : it->second;
}

HttpResponse StaticFiles::Serve(const std::string& path) const {
  std::filesystem::path relative;
  for (const std::string& segment : SplitPath(path)) {
    if (segment == ".." || segment.find('\\') != std::string::npos) {
      return TextResponse(400, "bad path: it may not leave the dashboard's directory");
    }
    if (segment == ".") continue;
    relative /= segment;
  }
  if (relative.empty() || path.back() == '/') relative /= "index.html";

  std::error_code error;
  const auto root = std::filesystem::weakly_canonical(root_, error);
  const auto file =
      error ? std::filesystem::path() : std::filesystem::weakly_canonical(root / relative, error);
  if (error || !IsWithin(root, file)) {
    return TextResponse(404, "not found");
  }
  if (!std::filesystem::is_regular_file(file, error)) {
    return TextResponse(404, "not found");
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) return TextResponse(404, "not found");
  std::ostringstream content;
  content << in.rdbuf();
  HttpResponse response{200, ContentTypeOf(file), content.str(), {}};
  // The pages poll the API; the files change only with a new build.
  response.headers.emplace_back("Cache-Control", "no-cache");
  response.headers.emplace_back("X-Content-Type-Options", "nosniff");
  return response;
}

}  // namespace tune::dashboard
