#include "worker/log_tail.h"

#include <catch2/catch.hpp>
#include <cstdio>
#include <fstream>
#include <string>

namespace tune::worker {
namespace {

std::string WriteTemp(const std::string& text) {
  char name[] = "/tmp/log_tail_testXXXXXX";
  const int fd = mkstemp(name);
  REQUIRE(fd >= 0);
  std::FILE* file = fdopen(fd, "wb");
  std::fwrite(text.data(), 1, text.size(), file);
  std::fclose(file);
  return name;
}

TEST_CASE("the log tail keeps the last lines, within the byte cap") {
  struct Case {
    const char* what;
    std::string log;
    size_t lines;
    size_t bytes;
    std::string want;
  };
  const Case cases[] = {
      {"short log", "a\nb\n", 5, 100, "a\nb\n"},
      {"last lines", "1\n2\n3\n4\n", 2, 100, "3\n4\n"},
      {"no final newline", "1\n2\n3", 2, 100, "2\n3"},
      {"byte cap cuts at a line start", "first line\nsecond\nthird\n", 10, 13,
       "third\n"},
      {"one long line is cut at the front", "0123456789\n", 3, 4, "789\n"},
      // "€" is E2 82 AC: a cap of 5 bytes would start inside it.
      {"a progress bar is cut at a character", "ab\xE2\x82\xAC\xE2\x82\xAC", 3, 5,
       "\xE2\x82\xAC"},
      {"empty", "", 3, 100, ""},
      {"binary passes through", std::string("x\0y\n", 4), 3, 100,
       std::string("x\0y\n", 4)},
  };
  for (const Case& c : cases) {
    INFO(c.what);
    const std::string path = WriteTemp(c.log);
    CHECK(ReadLogTail(path, c.lines, c.bytes) == c.want);
    std::remove(path.c_str());
  }
}

TEST_CASE("a missing log gives an empty tail") {
  CHECK(ReadLogTail("/nonexistent/output.log").empty());
}

}  // namespace
}  // namespace tune::worker
