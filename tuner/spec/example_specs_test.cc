// The specs the README and the guides point users at must parse: a typo
// there is the first error a new user meets.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "tuner/spec/spec_parser.h"

namespace tune::spec {
namespace {

TEST_CASE("every example spec in deploy/examples parses") {
  int parsed = 0;
  for (const auto& entry :
       std::filesystem::directory_iterator(TUNE_EXAMPLE_SPECS_DIR)) {
    if (entry.path().extension() != ".yaml") continue;
    std::ifstream file(entry.path());
    std::stringstream text;
    text << file.rdbuf();
    absl::StatusOr<JobSpec> spec = ParseJobSpec(text.str());
    INFO(entry.path() << ": " << spec.status().message());
    CHECK(spec.ok());
    ++parsed;
  }
  CHECK(parsed >= 3);  // quickstart, cifar10, sagemaker-blog
}

}  // namespace
}  // namespace tune::spec
