#include "tuner/designers/model_slices.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "tuner/designers/random_designer.h"
#include "tuner/rng/split_mix64.h"

namespace tune::designers {
namespace {

using spec::ParameterRange;
using spec::ParameterType;
using spec::Scaling;

std::vector<ParameterRange> Ranges() {
  return {
      {.name = "lr", .min = 1e-4, .max = 1, .scaling = Scaling::kLogarithmic,
       .values = {}},
      {.name = "mom", .min = 0.8, .max = 0.99, .values = {}},
      {.name = "layers", .type = ParameterType::kInteger, .min = 1, .max = 6,
       .values = {}},
      {.name = "opt", .type = ParameterType::kCategorical,
       .values = {"sgd", "adam", "nag"}},
  };
}

// Peaks at lr = 1e-2, better with adam; mom and layers do nothing.
double Accuracy(const space::Parameters& p) {
  const double lr = std::get<double>(p.at("lr"));
  const double opt = std::get<std::string>(p.at("opt")) == "adam" ? 0.5 : 0;
  return 1 - std::pow(std::log10(lr) + 2, 2) / 4 + opt;
}

std::vector<CompletedTrial> Trials(int n) {
  RandomDesigner random(Ranges(), 5);
  std::vector<CompletedTrial> trials;
  const auto points = random.Suggest(n);  // kept: the loop reads into it
  REQUIRE(points.ok());
  for (const space::Parameters& p : *points) {
    trials.push_back({.parameters = p, .objective = Accuracy(p)});
  }
  return trials;
}

TEST_CASE("model slices recover which hyperparameter matters, and where") {
  const std::vector<CompletedTrial> trials = Trials(40);
  absl::StatusOr<ModelSlices> view = ComputeModelSlices(
      Ranges(), spec::ObjectiveType::kMaximize, trials, 1, 21);
  REQUIRE(view.ok());
  REQUIRE(view->slices.size() == 4);
  REQUIRE(view->lengthscales.size() == 4);
  CHECK(view->model_points == 40);

  // The anchor is the best trial.
  double best = -1e9;
  for (const auto& t : trials) best = std::max(best, *t.objective);
  CHECK(view->anchor_objective == best);
  CHECK(*trials[view->anchor_index].objective == best);
  CHECK(view->anchor == trials[view->anchor_index].parameters);

  const SliceCurve& lr = view->slices[0];
  const SliceCurve& mom = view->slices[1];
  const SliceCurve& layers = view->slices[2];
  const SliceCurve& opt = view->slices[3];
  CHECK(lr.name == "lr");
  CHECK(lr.x.size() == 21);
  CHECK(std::get<double>(lr.x.front()) == Approx(1e-4));
  CHECK(std::get<double>(lr.x.back()) == Approx(1));
  CHECK(layers.x.size() == 6);  // each integer once
  REQUIRE(opt.x.size() == 3);
  CHECK(std::get<std::string>(opt.x[1]) == "adam");

  double total = 0;
  for (const SliceCurve& slice : view->slices) {
    REQUIRE(slice.mean.size() == slice.x.size());
    for (size_t i = 0; i < slice.x.size(); ++i) {
      CHECK(slice.lower[i] <= slice.mean[i]);
      CHECK(slice.mean[i] <= slice.upper[i]);
    }
    total += slice.importance;
  }
  CHECK(total == Approx(1));
  // lr moves the prediction most, mom and layers hardly at all.
  CHECK(lr.importance > 0.5);
  CHECK(mom.importance < 0.05);
  CHECK(layers.importance < 0.05);
  // The lr slice peaks near 1e-2 (within a factor of 4), adam's is best.
  const size_t peak =
      std::max_element(lr.mean.begin(), lr.mean.end()) - lr.mean.begin();
  CHECK(std::abs(std::log10(std::get<double>(lr.x[peak])) + 2) < 0.6);
  CHECK(opt.mean[1] > opt.mean[0]);
  CHECK(opt.mean[1] > opt.mean[2]);
}

TEST_CASE("model slices of a minimized objective keep the bands in order") {
  std::vector<CompletedTrial> trials = Trials(12);
  for (auto& t : trials) t.objective = -*t.objective;  // a loss
  absl::StatusOr<ModelSlices> view = ComputeModelSlices(
      Ranges(), spec::ObjectiveType::kMinimize, trials, 1, 11);
  REQUIRE(view.ok());
  double best = 1e9;
  for (const auto& t : trials) best = std::min(best, *t.objective);
  CHECK(view->anchor_objective == best);
  for (const SliceCurve& slice : view->slices) {
    for (size_t i = 0; i < slice.x.size(); ++i) {
      CHECK(slice.lower[i] <= slice.mean[i]);
      CHECK(slice.mean[i] <= slice.upper[i]);
    }
  }
  // The lr slice is lowest (best) near 1e-2 for a loss, too.
  const SliceCurve& lr = view->slices[0];
  const size_t low =
      std::min_element(lr.mean.begin(), lr.mean.end()) - lr.mean.begin();
  CHECK(std::abs(std::log10(std::get<double>(lr.x[low])) + 2) < 1.0);
}

TEST_CASE("the best trial by the model looks past a lucky noisy draw") {
  // A bowl at x = 0.3 with Gaussian noise: the best observed value is a
  // lucky draw somewhere near the bottom; the model's best sits close to it.
  const std::vector<ParameterRange> ranges = {
      {.name = "x", .min = 0, .max = 1, .values = {}}};
  rng::SplitMix64 rng(3);
  std::vector<CompletedTrial> trials;
  for (int i = 0; i < 40; ++i) {
    const double x = rng.NextUnit();
    const double noise = 0.05 * (rng.NextUnit() + rng.NextUnit() +
                                 rng.NextUnit() - 1.5);
    trials.push_back({.parameters = {{"x", x}},
                      .objective = (x - 0.3) * (x - 0.3) + noise});
  }
  // One far from the bottom is the luckiest of all.
  trials.push_back({.parameters = {{"x", 0.9}}, .objective = -0.2});
  absl::StatusOr<ModelSlices> view = ComputeModelSlices(
      ranges, spec::ObjectiveType::kMinimize, trials, 1, 11);
  REQUIRE(view.ok());
  CHECK(view->anchor_objective == -0.2);  // the best observed: the outlier
  REQUIRE(view->best_by_model_index >= 0);
  const double x = std::get<double>(view->best_by_model.at("x"));
  CHECK(std::abs(x - 0.3) < 0.15);
  CHECK(view->best_by_model_mean > -0.2);  // less optimistic than the draw
  CHECK(view->best_by_model ==
        trials[static_cast<size_t>(view->best_by_model_index)].parameters);
}

TEST_CASE("model slices need a model and a sensible resolution") {
  const std::vector<CompletedTrial> two = Trials(2);
  absl::StatusOr<ModelSlices> none =
      ComputeModelSlices(Ranges(), spec::ObjectiveType::kMaximize, two, 1);
  REQUIRE_FALSE(none.ok());
  CHECK(none.status().code() == absl::StatusCode::kFailedPrecondition);
  CHECK_THAT(std::string(none.status().message()),
             Catch::Contains("3 completed trials"));
  CHECK(ComputeModelSlices(Ranges(), spec::ObjectiveType::kMaximize,
                           Trials(5), 1, 1)
            .status()
            .code() == absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace tune::designers
