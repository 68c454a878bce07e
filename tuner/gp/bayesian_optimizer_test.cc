#include "tuner/gp/bayesian_optimizer.h"

#include <catch2/catch.hpp>
#include <cmath>

#include "tuner/gp/initial_design.h"
#include "tuner/gp/search_epochs.h"
#include "tuner/gp/trust_region.h"
#include "tuner/gp/sobol.h"

namespace tune::gp {
namespace {

using spec::ParameterRange;
using spec::ParameterType;

std::vector<ParameterRange> Ranges() {
  return {
      {.name = "x", .min = 0, .max = 1, .values = {}},
      {.name = "k",
       .type = ParameterType::kInteger,
       .min = 1,
       .max = 8,
       .values = {}},
      {.name = "c",
       .type = ParameterType::kCategorical,
       .values = {"a", "b", "c"}},
  };
}

// n quasi-random observations of a smooth function, `failed` failed points
// and `pending` pending ones (the same ones whatever n).
Observations History(int n, int failed = 0, int pending = 0) {
  rng::SplitMix64 rng(77);
  const ScrambledSobol sobol(3, rng);
  Observations o;
  for (int i = 0; i < n; ++i) {
    std::vector<double> p = sobol.Point(static_cast<uint64_t>(i));
    o.values.push_back(std::pow(p[0] - 0.3, 2) + 0.1 * p[1] +
                       (p[2] > 0.66 ? 0.2 : 0.0));
    o.points.push_back(std::move(p));
  }
  for (int i = 0; i < failed; ++i) o.failed.push_back(sobol.Point(5000 + i));
  for (int i = 0; i < pending; ++i) o.pending.push_back(sobol.Point(6000 + i));
  return o;
}

const auto kNothingTaken = [](const std::vector<double>&) { return false; };

TEST_CASE("Hyperparameters are refitted on a schedule") {
  for (int n = 0; n <= 20; ++n) CHECK(FitCheckpoint(n) == n);
  CHECK(FitCheckpoint(21) == 20);
  CHECK(FitCheckpoint(22) == 22);
  CHECK(FitCheckpoint(24) == 22);
  CHECK(FitCheckpoint(25) == 25);
  int previous = 0;
  for (int n = 21; n <= 5000; ++n) {
    const int c = FitCheckpoint(n);
    CHECK(c >= previous);
    CHECK(c <= n);
    CHECK(n - c < std::max(0.1 * c + 1, 1.0) + 1);
    CHECK(n - c < BayesianOptimizer::kMaxRefitGap);
    previous = c;
  }
}

TEST_CASE("A stalled search restarts with a design, then searches near it") {
  // d = 3: a design of 7, then 10 values without improvement end the first
  // epoch (search_epochs.h); the second opens with 4 quasi-random points.
  Observations o = History(17);
  for (int i = 0; i < 17; ++i) o.values[i] = i < 7 ? 7.0 - i : 1.0 + 0.01 * i;
  BayesianOptimizer optimizer(Ranges(), 3, InitialDesignSize(3));
  REQUIRE(optimizer.Update(o).ok());
  std::vector<std::vector<double>> batch;
  for (int i = 0; i < RestartDesignSize(3); ++i) {
    const auto p = optimizer.Propose(batch, 10 + i, kNothingTaken);
    REQUIRE(p.has_value());
    CHECK(p->restart_design);
    CHECK(p->epoch == 1);
    for (const auto& seen : o.points) CHECK(p->point != seen);
    for (const auto& earlier : batch) CHECK(p->point != earlier);
    batch.push_back(p->point);
  }
  const auto next = optimizer.Propose(batch, 20, kNothingTaken);
  REQUIRE(next.has_value());
  CHECK_FALSE(next->restart_design);
  CHECK(next->epoch == 1);
  // The epoch's trust region: within 0.2 of one of its points in the
  // numeric coordinates (x and k), wherever the old epoch's best was.
  double nearest = 1;
  for (const auto& p : batch) {
    nearest = std::min(nearest, std::max(std::abs(next->point[0] - p[0]),
                                         std::abs(next->point[1] - p[1])));
  }
  CHECK(nearest <= TrustRegion::RadiusFor(0, 2) + 1e-9);

  // The same points improving all along: no restart.
  for (int i = 0; i < 17; ++i) o.values[i] = 20.0 - i;
  REQUIRE(optimizer.Update(o).ok());
  const auto improving = optimizer.Propose({}, 10, kNothingTaken);
  REQUIRE(improving.has_value());
  CHECK_FALSE(improving->restart_design);
  CHECK(improving->epoch == 0);
}

TEST_CASE("Trials running from before a restart do not shape the new epoch") {
  Observations o = History(17);
  for (int i = 0; i < 17; ++i) o.values[i] = i < 7 ? 7.0 - i : 1.0 + 0.01 * i;
  // Three trials proposed before the restart, next to the old best.
  for (int k = 0; k < 3; ++k) {
    std::vector<double> p = o.points[6];
    p[0] = std::min(1.0, p[0] + 0.01 * (k + 1));
    o.pending.push_back(p);
  }
  BayesianOptimizer optimizer(Ranges(), 3, InitialDesignSize(3));
  REQUIRE(optimizer.Update(o).ok());
  std::vector<std::vector<double>> restart;
  for (int i = 0; i < RestartDesignSize(3); ++i) {
    const auto p = optimizer.Propose(restart, 10 + i, kNothingTaken);
    REQUIRE(p.has_value());
    CHECK(p->restart_design);
    restart.push_back(p->point);
  }
  // Once the restart's points run too, the model searches near them only.
  o.pending.insert(o.pending.end(), restart.begin(), restart.end());
  REQUIRE(optimizer.Update(o).ok());
  const auto next = optimizer.Propose({}, 20, kNothingTaken);
  REQUIRE(next.has_value());
  CHECK_FALSE(next->restart_design);
  double nearest = 1;
  for (const auto& p : restart) {
    nearest = std::min(nearest, std::max(std::abs(next->point[0] - p[0]),
                                         std::abs(next->point[1] - p[1])));
  }
  CHECK(nearest <= TrustRegion::RadiusFor(0, 2) + 1e-9);
}

TEST_CASE("Too few values give no model, bad input an error") {
  BayesianOptimizer optimizer(Ranges(), 1, InitialDesignSize(3));
  CHECK(optimizer.Update(History(2)).ok());
  CHECK_FALSE(optimizer.has_model());
  CHECK_FALSE(optimizer.Propose({}, 1, kNothingTaken).has_value());
  Observations bad = History(5);
  bad.points[1].pop_back();
  const absl::Status status = optimizer.Update(bad);
  CHECK(status.code() == absl::StatusCode::kInvalidArgument);
  CHECK_FALSE(optimizer.has_model());
  CHECK_FALSE(optimizer.diagnostics().problem.empty());
  bad = History(5);
  bad.values[2] = std::nan("");
  CHECK(optimizer.Update(bad).code() == absl::StatusCode::kInvalidArgument);
}

TEST_CASE("Cached fits and factors give exactly what a fresh optimizer gives") {
  // FitCheckpoint is 130 from 130 to 142 observations: the fit is shared.
  BayesianOptimizer incremental(Ranges(), 5, InitialDesignSize(3));
  for (int n : {60, 131, 135, 140}) {
    REQUIRE(incremental.Update(History(n, 2, 3)).ok());
  }
  const ModelDiagnostics& d = incremental.diagnostics();
  CHECK(d.has_model);
  CHECK(d.model_points == 142);
  CHECK(d.fit_prefix == 130);
  CHECK_FALSE(d.refitted);
  CHECK(d.reused_factor_rows == 128);

  BayesianOptimizer fresh(Ranges(), 5, InitialDesignSize(3));
  REQUIRE(fresh.Update(History(140, 2, 3)).ok());
  CHECK(fresh.diagnostics().reused_factor_rows == 0);
  CHECK(fresh.diagnostics().lengthscales == d.lengthscales);
  const std::vector<std::vector<double>> batch = {{0.5, 0.5, 0.5}};
  const auto a = incremental.Propose(batch, 42, kNothingTaken);
  const auto b = fresh.Propose(batch, 42, kNothingTaken);
  REQUIRE(a.has_value());
  REQUIRE(b.has_value());
  CHECK(a->point == b->point);
  CHECK(a->log_ei == b->log_ei);
  CHECK(a->mean == b->mean);

  // The next checkpoint refits, and the new hyperparameters allow no reuse.
  REQUIRE(incremental.Update(History(143, 2, 3)).ok());
  CHECK(incremental.diagnostics().refitted);
  CHECK(incremental.diagnostics().fit_prefix == 143);
  CHECK(incremental.diagnostics().reused_factor_rows == 0);
}

TEST_CASE("Proposals report the prediction in value units") {
  BayesianOptimizer optimizer(Ranges(), 3, InitialDesignSize(3));
  const Observations history = History(30);
  REQUIRE(optimizer.Update(history).ok());
  const auto p = optimizer.Propose({}, 7, kNothingTaken);
  REQUIRE(p.has_value());
  CHECK(p->point.size() == 3u);
  CHECK(std::isfinite(p->log_ei));
  CHECK(p->stddev >= 0);
  // The function lies in [0, 0.79]; a prediction near the best values.
  CHECK(p->mean > -0.2);
  CHECK(p->mean < 0.5);
}

TEST_CASE("Failed points repel the search") {
  // Values rise gently with x and failures cluster near x = 0.9:
  // the model must predict worse values there than elsewhere.
  std::vector<ParameterRange> ranges = {
      {.name = "x", .min = 0, .max = 1, .values = {}}};
  Observations o;
  for (double x : {0.1, 0.3, 0.5}) {
    o.points.push_back({x});
    o.values.push_back(1.0 + 0.1 * x);
  }
  o.failed = {{0.85}, {0.9}, {0.95}};
  BayesianOptimizer optimizer(ranges, 1, InitialDesignSize(1));
  REQUIRE(optimizer.Update(o).ok());
  const auto p = optimizer.Propose({}, 1, kNothingTaken);
  REQUIRE(p.has_value());
  CHECK(p->point[0] < 0.8);
}

}  // namespace
}  // namespace tune::gp
