#include "tuner/bench/sobol_designer.h"

#include <catch2/catch.hpp>
#include <variant>

#include "tuner/bench/benchmark_task.h"

namespace tune::bench {
namespace {

std::vector<spec::ParameterRange> Ranges() {
  return {ContinuousRange("lr", 1e-4, 1, spec::Scaling::kLogarithmic),
          IntegerRange("layers", 1, 4),
          CategoricalRange("optimizer", {"sgd", "adam"})};
}

TEST_CASE("Sobol points continue the sequence after the history") {
  SobolDesigner designer(Ranges(), 7);
  designer.Update({}, {});
  const auto first = designer.Suggest(5);
  REQUIRE(first.ok());
  REQUIRE(first->size() == 5);

  // Two completed and one active trial: the next point is number 3.
  designer.Update({{(*first)[0], 1.0}, {(*first)[1], std::nullopt}},
                  {(*first)[2]});
  const auto next = designer.Suggest(2);
  REQUIRE(next.ok());
  REQUIRE(next->size() == 2);
  CHECK((*next)[0] == (*first)[3]);
  CHECK((*next)[1] == (*first)[4]);
}

TEST_CASE("Sobol points are in range and depend on the seed") {
  SobolDesigner designer(Ranges(), 1);
  SobolDesigner other(Ranges(), 2);
  const auto points = designer.Suggest(64);
  const auto other_points = other.Suggest(64);
  REQUIRE(points.ok());
  REQUIRE(other_points.ok());
  CHECK(*points != *other_points);
  int adam = 0;
  for (const space::Parameters& p : *points) {
    const double lr = std::get<double>(p.at("lr"));
    CHECK(lr >= 1e-4);
    CHECK(lr <= 1);
    const int64_t layers = std::get<int64_t>(p.at("layers"));
    CHECK(layers >= 1);
    CHECK(layers <= 4);
    if (std::get<std::string>(p.at("optimizer")) == "adam") ++adam;
  }
  // Sobol stratification: exactly half of 64 points in each half of [0, 1].
  CHECK(adam == 32);
}

TEST_CASE("Sobol Suggest refuses bad counts") {
  SobolDesigner designer(Ranges(), 1);
  CHECK(designer.Suggest(0).status().code() ==
        absl::StatusCode::kInvalidArgument);
  CHECK(designer.Suggest(SobolDesigner::kMaxSuggestCount + 1).status().code() ==
        absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace tune::bench
