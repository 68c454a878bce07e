// The C++ half of the scikit-learn task's line protocol. The Python half
// needs scikit-learn and is exercised by running tune_bench, not here.
#include "tuner/bench/sklearn_task.h"

#include <catch2/catch.hpp>

namespace tune::bench {
namespace {

TEST_CASE("Parameters go out as one line of exact JSON") {
  const space::Parameters parameters = {{"C", 0.1},
                                        {"degree", int64_t{3}},
                                        {"gamma", 1.0 / 3},
                                        {"kernel", std::string("rbf")}};
  CHECK(ParametersJson(parameters) ==
        "{\"C\":0.1,\"degree\":3,\"gamma\":0.3333333333333333,"
        "\"kernel\":\"rbf\"}");
}

TEST_CASE("Replies are numbers or errors") {
  const auto value = ParseReply("0.022844147405550963");
  REQUIRE(value.ok());
  CHECK(*value == 0.022844147405550963);
  const auto error = ParseReply("error ValueError: unknown kernel 'lin'");
  REQUIRE_FALSE(error.ok());
  CHECK(error.status().message() ==
        "the scikit-learn task answered: error ValueError: unknown kernel "
        "'lin'");
}

TEST_CASE("A line process greets, answers line by line and reports its end") {
  auto child = LineProcess::Start(
      {"/bin/sh", "-c",
       "echo ready; read line; echo \"got $line\"; read line; exit 0"});
  REQUIRE(child.ok());
  CHECK((*child)->greeting() == "ready");
  const auto reply = (*child)->Ask("{\"x\":1}");
  REQUIRE(reply.ok());
  CHECK(*reply == "got {\"x\":1}");
  CHECK((*child)->Ask("two\nlines").status().code() ==
        absl::StatusCode::kInvalidArgument);
  // The child reads this line and exits without answering.
  CHECK((*child)->Ask("bye").status().code() ==
        absl::StatusCode::kUnavailable);
}

TEST_CASE("A command that cannot start is an error") {
  CHECK_FALSE(LineProcess::Start({"/nonexistent/python3"}).ok());
}

}  // namespace
}  // namespace tune::bench
