#include "tuner/designers/designer_factory.h"

#include <catch2/catch.hpp>
#include <string>

namespace tune::designers {
namespace {

spec::JobSpec SpecFor(spec::Strategy strategy) {
  spec::JobSpec spec;
  spec.name = "job";
  spec.strategy = strategy;
  spec.max_jobs = 10;
  spec.ranges.push_back({.name = "lr", .min = 0.1, .max = 1, .values = {}});
  spec.random_seed = 3;
  return spec;
}

TEST_CASE("Random and Bayesian get a working designer") {
  for (spec::Strategy strategy :
       {spec::Strategy::kRandom, spec::Strategy::kBayesian}) {
    CAPTURE(spec::ToString(strategy));
    auto designer = MakeDesigner(SpecFor(strategy));
    REQUIRE(designer.ok());
    REQUIRE(*designer != nullptr);
    (*designer)->Update({}, {});
    const auto points = (*designer)->Suggest(2);
    REQUIRE(points.ok());
    CHECK(points->size() == 2);
  }
}

TEST_CASE("Hyperband gets the designer its config names, Grid a grid") {
  spec::JobSpec hyperband = SpecFor(spec::Strategy::kHyperband);
  hyperband.hyperband = spec::HyperbandConfig{.max_resource = 9};
  for (spec::Strategy inner :
       {spec::Strategy::kRandom, spec::Strategy::kBayesian}) {
    hyperband.hyperband->designer = inner;
    auto designer = MakeDesigner(hyperband);
    REQUIRE(designer.ok());
    (*designer)->Update({}, {});
    const auto points = (*designer)->Suggest(3);
    REQUIRE(points.ok());
    CHECK(points->size() == 3);
  }

  spec::JobSpec grid = SpecFor(spec::Strategy::kGrid);
  grid.ranges = {{.name = "opt",
                  .type = spec::ParameterType::kCategorical,
                  .values = {"sgd", "nag"}}};
  auto designer = MakeDesigner(grid);
  REQUIRE(designer.ok());
  (*designer)->Update({}, {});
  const auto points = (*designer)->Suggest(5);
  REQUIRE(points.ok());
  CHECK(points->size() == 2);  // the whole grid
  // Grid cannot enumerate a Continuous range.
  CHECK_FALSE(MakeDesigner(SpecFor(spec::Strategy::kGrid)).ok());
}

TEST_CASE("A spec without ranges is refused") {
  spec::JobSpec spec = SpecFor(spec::Strategy::kRandom);
  spec.ranges.clear();
  const auto designer = MakeDesigner(spec);
  REQUIRE_FALSE(designer.ok());
  CHECK(designer.status().code() == absl::StatusCode::kInvalidArgument);
}

TEST_CASE("a job without random_seed gets a seed of its own, stable across restarts") {
  auto first_point = [](const std::string& name) {
    spec::JobSpec spec = SpecFor(spec::Strategy::kRandom);
    spec.name = name;
    spec.random_seed = 0;
    auto designer = MakeDesigner(spec);
    REQUIRE(designer.ok());
    (*designer)->Update({}, {});
    auto points = (*designer)->Suggest(1);
    REQUIRE(points.ok());
    return std::get<double>(points->at(0).at("lr"));
  };
  CHECK(first_point("alpha") == first_point("alpha"));
  CHECK(first_point("alpha") != first_point("beta"));
}

}  // namespace
}  // namespace tune::designers
