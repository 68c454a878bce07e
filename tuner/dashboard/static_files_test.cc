#include "tuner/dashboard/static_files.h"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>

namespace tune::dashboard {
namespace {

namespace fs = std::filesystem;

// A site root and a secret beside it, removed at the end.
struct Site {
  Site() {
    char pattern[] = "/tmp/static-files-test-XXXXXX";
    base = mkdtemp(pattern);
    fs::create_directories(base / "root" / "assets");
    std::ofstream(base / "root" / "index.html") << "<html>home</html>";
    std::ofstream(base / "root" / "assets" / "app.js") << "let x = 1;";
    std::ofstream(base / "root" / "assets" / "style.css") << "body{}";
    std::ofstream(base / "secret.txt") << "secret";
    fs::create_symlink(base / "secret.txt", base / "root" / "link.txt");
  }
  ~Site() { fs::remove_all(base); }
  fs::path base;
};

TEST_CASE("static files are served with their content type; the rest is refused") {
  Site site;
  StaticFiles files(site.base / "root");
  struct Case {
    const char* path;
    int status;
    const char* content_type;  // nullptr: not checked
    const char* body;          // nullptr: not checked
  };
  const Case cases[] = {
      {"/", 200, "text/html; charset=utf-8", "<html>home</html>"},
      {"/index.html", 200, "text/html; charset=utf-8", "<html>home</html>"},
      {"/assets/app.js", 200, "text/javascript; charset=utf-8", "let x = 1;"},
      {"/assets/style.css", 200, "text/css; charset=utf-8", "body{}"},
      {"/./assets/app.js", 200, nullptr, "let x = 1;"},
      {"/assets/", 404, nullptr, nullptr},  // no index.html there
      {"/assets", 404, nullptr, nullptr},   // a directory
      {"/missing.js", 404, nullptr, nullptr},
      {"/../secret.txt", 400, nullptr, nullptr},
      {"/assets/../../secret.txt", 400, nullptr, nullptr},
      {"/..", 400, nullptr, nullptr},
      {"/a\\..\\secret.txt", 400, nullptr, nullptr},
      {"/link.txt", 404, nullptr, nullptr},  // a symlink out of the root
  };
  for (const Case& c : cases) {
    INFO(c.path);
    const HttpResponse response = files.Serve(c.path);
    CHECK(response.status == c.status);
    if (c.content_type) CHECK(response.content_type == c.content_type);
    if (c.body) CHECK(response.body == c.body);
    if (c.status != 200) CHECK(response.body.find("secret") == std::string::npos);
  }
}

TEST_CASE("a missing root serves nothing but 404") {
  StaticFiles files("/nonexistent/dashboard");
  CHECK(files.Serve("/").status == 404);
  CHECK(files.Serve("/index.html").status == 404);
}

TEST_CASE("content types come from the extension") {
  CHECK(StaticFiles::ContentTypeOf("a.svg") == "image/svg+xml");
  CHECK(StaticFiles::ContentTypeOf("a.json") == "application/json");
  CHECK(StaticFiles::ContentTypeOf("a.bin") == "application/octet-stream");
  CHECK(StaticFiles::ContentTypeOf("Makefile") == "application/octet-stream");
}

}  // namespace
}  // namespace tune::dashboard
