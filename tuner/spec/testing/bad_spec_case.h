// One bad spec and the error it must get, for the table tests of the spec
// parser (spec_parser_errors_test.cc, spec_parser_option_errors_test.cc).
// Test-only: uses Catch2.
#pragma once

#include <catch2/catch.hpp>
#include <string>

#include "tuner/spec/spec_parser.h"

namespace tune::spec::testing {

struct BadCase {
  const char* label;
  std::string yaml;
  std::string path;      // the message starts with "<path>: "
  std::string fragment;  // and contains this
};

// The parser refuses `c.yaml` with InvalidArgument naming c.path first.
inline void CheckFieldError(const BadCase& c) {
  CAPTURE(c.label, c.yaml.size() < 2000 ? c.yaml : "(long)");
  const absl::StatusOr<JobSpec> spec = ParseJobSpec(c.yaml);
  REQUIRE_FALSE(spec.ok());
  const std::string message(spec.status().message());
  CAPTURE(message);
  CHECK(spec.status().code() == absl::StatusCode::kInvalidArgument);
  CHECK(message.rfind(c.path + ": ", 0) == 0);
  CHECK(message.find(c.fragment) != std::string::npos);
}

}  // namespace tune::spec::testing
