#include "tuner/spec/names.h"

#include <catch2/catch.hpp>
#include <string>

namespace tune::spec {
namespace {

TEST_CASE("Job names") {
  struct Case {
    std::string name;
    bool valid;
  };
  const Case cases[] = {
      {"cifar10-resnet", true},
      {"a", true},
      {"7up", true},
      {std::string(63, 'x'), true},
      {std::string(64, 'x'), false},
      {"", false},
      {"-lead", false},
      {"has space", false},
      {"under_score", false},
      {"dot.ted", false},
      {"caf\xc3\xa9", false},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    CHECK(IsValidJobName(c.name) == c.valid);
  }
}

TEST_CASE("Hyperparameter names are command-line flags") {
  struct Case {
    std::string name;
    bool valid;
  };
  const Case cases[] = {
      {"lr", true},
      {"_private", true},
      {"opt.momentum", true},
      {"batch-size", true},
      {"L2", true},
      {std::string(128, 'a'), true},
      {std::string(129, 'a'), false},
      {"", false},
      {"2fast", false},
      {"-flag", false},
      {"a b", false},
      {"a=b", false},
      {"$x", false},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    CHECK(IsValidParameterName(c.name) == c.valid);
  }
}

TEST_CASE("Metric names are printable text") {
  struct Case {
    std::string name;
    bool valid;
  };
  const Case cases[] = {
      {"Validation-accuracy", true},
      {"val loss (avg)", true},
      {"pr\xc3\xa9"
       "cision",
       true},
      {std::string(255, 'm'), true},
      {std::string(256, 'm'), false},
      {"", false},
      {"tab\there", false},
      {"new\nline", false},
      {std::string("nul\0x", 5), false},
      {"del\x7f", false},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    CHECK(IsValidMetricName(c.name) == c.valid);
  }
}

}  // namespace
}  // namespace tune::spec
