#include "tuner/gp/bayesian_optimizer.h"

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <utility>

#include "absl/strings/str_cat.h"
#include "tuner/gp/acquisition_optimizer.h"
#include "tuner/gp/gaussian_process.h"
#include "tuner/gp/hyperparameter_fit.h"
#include "tuner/gp/input_transform.h"
#include "tuner/gp/kernel.h"
#include "tuner/gp/kriging_believer.h"
#include "tuner/gp/output_transform.h"
#include "tuner/gp/restart_design.h"
#include "tuner/gp/search_epochs.h"
#include "tuner/gp/trust_region.h"
#include "tuner/rng/split_mix64.h"

namespace tune::gp {
namespace {

using Points = std::vector<std::vector<double>>;
using rng::MixSeed;
using rng::SplitMix64;

// Keep the random streams of the different uses of the seed apart.
constexpr uint64_t kFitStream = 0xF17F17F17F17F17FULL;
constexpr uint64_t kSubsetStream = 0x5B5E75B5E75B5E75ULL;

// k indices of [0, n) drawn without replacement, in increasing order.
std::vector<int> Sample(int n, int k, SplitMix64& rng) {
  std::vector<int> all(n);
  std::iota(all.begin(), all.end(), 0);
  k = std::min(k, n);
  for (int i = 0; i < k; ++i) {
    const int j =
        i + static_cast<int>(rng.NextBelow(static_cast<uint64_t>(n - i)));
    std::swap(all[i], all[j]);
  }
  all.resize(k);
  std::sort(all.begin(), all.end());
  return all;
}

// Indices of the `k` smallest values (ties by index), in increasing index
// order.
std::vector<int> Best(const std::vector<double>& values, int k) {
  std::vector<int> order(values.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](int a, int b) { return values[a] < values[b]; });
  order.resize(std::min<size_t>(order.size(), static_cast<size_t>(k)));
  std::sort(order.begin(), order.end());
  return order;
}

// `keep` (sorted indices) plus a random sample of the other indices of
// [0, n), `total` in all, in increasing order.
std::vector<int> KeepAndSample(int n, std::vector<int> keep, int total,
                               SplitMix64& rng) {
  std::vector<int> others;
  for (int i = 0, next = 0; i < n; ++i) {
    if (next < static_cast<int>(keep.size()) && keep[next] == i) {
      ++next;
    } else {
      others.push_back(i);
    }
  }
  const int wanted = std::max(0, total - static_cast<int>(keep.size()));
  for (int pick : Sample(static_cast<int>(others.size()), wanted, rng)) {
    keep.push_back(others[pick]);
  }
  std::sort(keep.begin(), keep.end());
  return keep;
}

Eigen::MatrixXd ToMatrix(const Points& points, int dims) {
  Eigen::MatrixXd m(dims, static_cast<Eigen::Index>(points.size()));
  for (size_t i = 0; i < points.size(); ++i) {
    for (int j = 0; j < dims; ++j)
      m(j, static_cast<Eigen::Index>(i)) = points[i][j];
  }
  return m;
}

}  // namespace

int FitCheckpoint(int observations) {
  if (observations <= BayesianOptimizer::kRefitEveryUpTo) return observations;
  int c = BayesianOptimizer::kRefitEveryUpTo;
  while (true) {
    const int gap = std::clamp(
        static_cast<int>(std::ceil(c * BayesianOptimizer::kRefitGrowth)), 1,
        BayesianOptimizer::kMaxRefitGap);
    if (c + gap > observations) return c;
    c += gap;
  }
}

struct BayesianOptimizer::State {
  State(std::vector<spec::ParameterRange> ranges, uint64_t seed,
        int first_design)
      : transform(std::move(ranges)),
        kernel(transform.kinds()),
        seed(seed),
        first_design(first_design) {}

  // The fit of a prefix of observations, kept while the prefix is the same.
  struct Fit {
    Points points;
    std::vector<double> values;
    GpHyperparameters hyperparameters;
    int fit_points = 0;
    int evaluations = 0;
    int failed_restarts = 0;
    std::string problem;
  };

  Fit FitPrefix(Points points, std::vector<double> values) const;
  // A proposal of `point` with the model's mean and variance there (in
  // target units), mapped back to the units of the values.
  Proposal ProposalAt(std::vector<double> point, double mean,
                      double variance) const;

  InputTransform transform;
  Matern52Kernel kernel;
  uint64_t seed;
  int first_design;

  std::optional<Fit> fit;
  // The GP survives a failed or model-less Update for its factor's sake;
  // `believer` is set only while the model is usable.
  std::optional<GaussianProcess> gp;
  std::optional<KrigingBeliever> believer;
  OutputWarp warp;
  double best = 0;  // the best observed target
  // What the search of the current epoch (search_epochs.h) builds on: its
  // best observed or believed target, its best points, its points as the
  // centres of the trust region, and how many of them are observed.
  SearchEpoch epoch;
  double incumbent = 0;
  Points anchors;
  Points centres;
  int epoch_observed = 0;
  // After a restart: its quasi-random points, and how many of them are
  // observed or pending.
  RestartDesign restart;
  int restart_issued = 0;
  ModelDiagnostics diagnostics;
};

BayesianOptimizer::State::Fit BayesianOptimizer::State::FitPrefix(
    Points points, std::vector<double> values) const {
  Fit result;
  const int c = static_cast<int>(values.size());
  SplitMix64 rng(MixSeed(seed ^ kFitStream, static_cast<uint64_t>(c)));
  std::vector<int> chosen(c);
  std::iota(chosen.begin(), chosen.end(), 0);
  if (c > kMaxFitPoints) {
    chosen =
        KeepAndSample(c, Best(values, kMaxFitPoints / 5), kMaxFitPoints, rng);
  }
  Points fit_points;
  std::vector<double> fit_values;
  for (int i : chosen) {
    fit_points.push_back(points[i]);
    fit_values.push_back(values[i]);
  }
  const OutputWarp warp = OutputWarp::Fit(fit_values);
  Eigen::VectorXd targets(static_cast<Eigen::Index>(fit_values.size()));
  for (size_t i = 0; i < fit_values.size(); ++i) {
    targets(static_cast<Eigen::Index>(i)) = warp.Forward(fit_values[i]);
  }
  absl::StatusOr<FitResult> fitted = FitHyperparameters(
      kernel, ToMatrix(fit_points, transform.dims()), targets, rng);
  if (fitted.ok()) {
    result.hyperparameters = fitted->hyperparameters;
    result.evaluations = fitted->evaluations;
    result.failed_restarts = fitted->failed_restarts;
  } else {
    result.hyperparameters = PriorCentre(transform.dims());
    result.problem =
        absl::StrCat("hyperparameter fit failed (", fitted.status().message(),
                     "); using the prior's centre");
  }
  result.fit_points = static_cast<int>(fit_values.size());
  result.points = std::move(points);
  result.values = std::move(values);
  return result;
}

Proposal BayesianOptimizer::State::ProposalAt(std::vector<double> point,
                                              double mean,
                                              double variance) const {
  const double sd = std::sqrt(std::max(variance, 0.0));
  Proposal proposal;
  proposal.point = std::move(point);
  proposal.mean = warp.Inverse(mean);
  proposal.stddev =
      0.5 * std::abs(warp.Inverse(mean + sd) - warp.Inverse(mean - sd));
  proposal.epoch = epoch.number;
  return proposal;
}

BayesianOptimizer::BayesianOptimizer(std::vector<spec::ParameterRange> ranges,
                                     uint64_t seed, int first_design)
    : state_(std::make_unique<State>(std::move(ranges), seed, first_design)) {}

BayesianOptimizer::~BayesianOptimizer() = default;
BayesianOptimizer::BayesianOptimizer(BayesianOptimizer&&) noexcept = default;
BayesianOptimizer& BayesianOptimizer::operator=(BayesianOptimizer&&) noexcept =
    default;

bool BayesianOptimizer::has_model() const {
  return state_->believer.has_value();
}

const ModelDiagnostics& BayesianOptimizer::diagnostics() const {
  return state_->diagnostics;
}

absl::Status BayesianOptimizer::Update(const Observations& observations) {
  State& s = *state_;
  s.believer.reset();
  s.diagnostics = ModelDiagnostics();
  const int dims = s.transform.dims();
  auto fail = [&s](absl::Status status) {
    s.diagnostics.problem = std::string(status.message());
    return status;
  };
  auto canonical = [&](const Points& points, Points* out) {
    for (const std::vector<double>& p : points) {
      if (static_cast<int>(p.size()) != dims) return false;
      out->push_back(s.transform.Canonical(p));
    }
    return true;
  };
  Points observed;
  Points failed;
  Points pending;
  if (observations.values.size() != observations.points.size() ||
      !canonical(observations.points, &observed) ||
      !canonical(observations.failed, &failed) ||
      !canonical(observations.pending, &pending)) {
    return fail(absl::InvalidArgumentError(
        absl::StrCat("observations need one value per point and ", dims,
                     " coordinates per point")));
  }
  for (double v : observations.values) {
    if (!std::isfinite(v)) {
      return fail(absl::InvalidArgumentError("observed values must be finite"));
    }
  }
  const int n_observed = static_cast<int>(observed.size());
  if (n_observed < kMinObservations) return absl::OkStatus();

  // Hyperparameters from the fitted prefix, cached while it is unchanged.
  const int prefix = FitCheckpoint(n_observed);
  const Points prefix_points(observed.begin(), observed.begin() + prefix);
  const std::vector<double> prefix_values(observations.values.begin(),
                                          observations.values.begin() + prefix);
  s.diagnostics.refitted = !s.fit.has_value() ||
                           s.fit->points != prefix_points ||
                           s.fit->values != prefix_values;
  if (s.diagnostics.refitted) s.fit = s.FitPrefix(prefix_points, prefix_values);
  s.diagnostics.fit_prefix = prefix;
  s.diagnostics.fit_points = s.fit->fit_points;
  s.diagnostics.fit_evaluations =
      s.diagnostics.refitted ? s.fit->evaluations : 0;
  s.diagnostics.fit_failed_restarts = s.fit->failed_restarts;
  std::string problem = s.fit->problem;

  // The GP's points: failed ones first (they change rarely, so appended
  // observations leave a long shared prefix for the factor), then observed
  // ones, in history order; a subset past kMaxModelPoints.
  std::vector<int> kept_failed(failed.size());
  std::iota(kept_failed.begin(), kept_failed.end(), 0);
  std::vector<int> kept_observed(observed.size());
  std::iota(kept_observed.begin(), kept_observed.end(), 0);
  const int n_failed = static_cast<int>(failed.size());
  if (n_observed + n_failed > kMaxModelPoints) {
    SplitMix64 rng(MixSeed(s.seed ^ kSubsetStream,
                           static_cast<uint64_t>(n_observed + n_failed)));
    kept_failed = Sample(n_failed, kMaxModelPoints / 10, rng);
    kept_observed = KeepAndSample(
        n_observed, Best(observations.values, kMaxModelPoints / 10),
        kMaxModelPoints - static_cast<int>(kept_failed.size()), rng);
  }
  std::vector<double> kept_values;
  for (int i : kept_observed) kept_values.push_back(observations.values[i]);
  s.warp = OutputWarp::Fit(kept_values);

  const Eigen::Index n =
      static_cast<Eigen::Index>(kept_failed.size() + kept_observed.size());
  Eigen::MatrixXd points(dims, n);
  Eigen::VectorXd targets(n);
  Eigen::Index column = 0;
  double worst = -std::numeric_limits<double>::infinity();
  s.best = std::numeric_limits<double>::infinity();
  for (double v : kept_values) {
    worst = std::max(worst, s.warp.Forward(v));
    s.best = std::min(s.best, s.warp.Forward(v));
  }
  for (int i : kept_failed) {
    points.col(column) =
        Eigen::Map<const Eigen::VectorXd>(failed[i].data(), dims);
    targets(column++) = worst;
  }
  for (int i : kept_observed) {
    points.col(column) =
        Eigen::Map<const Eigen::VectorXd>(observed[i].data(), dims);
    targets(column++) = s.warp.Forward(observations.values[i]);
  }

  absl::StatusOr<GaussianProcess> gp = GaussianProcess::Condition(
      s.kernel, s.fit->hyperparameters, std::move(points), std::move(targets),
      s.gp.has_value() ? &*s.gp : nullptr);
  if (!gp.ok()) {
    s.gp.reset();
    return fail(gp.status());
  }
  s.gp = *std::move(gp);
  s.believer.emplace(&*s.gp);

  // The current epoch's share of the history (search_epochs.h). In the
  // first epoch that is everything. After a restart it is the observations
  // from epoch.start on and the pending points of the restart's design;
  // other pending points were proposed before the restart and stay
  // believers only, so they neither steer the new epoch's search nor count
  // towards its design.
  s.epoch = CurrentEpoch(observations.values, dims, s.first_design);
  const bool first_epoch = s.epoch.number == 0;
  s.restart = first_epoch ? RestartDesign()
                          : RestartDesign(s.transform, s.seed, s.epoch.number);
  s.centres.clear();
  std::vector<double> epoch_values;
  std::vector<int> epoch_points;  // indices into `observed`
  s.incumbent = std::numeric_limits<double>::infinity();
  s.restart_issued = 0;
  for (int i = s.epoch.start; i < n_observed; ++i) {
    epoch_points.push_back(i);
    epoch_values.push_back(observations.values[i]);
    s.centres.push_back(observed[i]);
    s.incumbent = std::min(s.incumbent, s.warp.Forward(observations.values[i]));
    s.restart_issued += s.restart.Contains(observed[i]);
  }
  if (first_epoch) {
    s.centres.insert(s.centres.end(), failed.begin(), failed.end());
  }
  // Believed values count as observed ones for the incumbent.
  for (const std::vector<double>& p : pending) {
    const double believed = s.believer->AddPending(
        Eigen::Map<const Eigen::VectorXd>(p.data(), dims));
    if (!first_epoch && !s.restart.Contains(p)) continue;
    s.centres.push_back(p);
    s.incumbent = std::min(s.incumbent, believed);
    s.restart_issued += !first_epoch;
  }
  // An epoch with nothing of its own yet improves on the job's best.
  if (!std::isfinite(s.incumbent)) s.incumbent = s.best;
  s.epoch_observed = static_cast<int>(epoch_points.size());
  s.anchors.clear();
  for (int i : Best(epoch_values, kMaxAnchors)) {
    s.anchors.push_back(observed[epoch_points[i]]);
  }

  ModelDiagnostics& d = s.diagnostics;
  d.has_model = true;
  d.model_points = static_cast<int>(n);
  d.reused_factor_rows = static_cast<int>(s.gp->factor().reused_rows());
  d.jitter = s.gp->jitter();
  const GpHyperparameters& h = s.gp->hyperparameters();
  for (Eigen::Index j = 0; j < h.kernel.log_lengthscales.size(); ++j) {
    d.lengthscales.push_back(std::exp(h.kernel.log_lengthscales(j)));
  }
  d.signal_variance = std::exp(h.kernel.log_signal_variance);
  d.noise_variance = std::exp(h.log_noise_variance);
  if (d.jitter > 0) {
    absl::StrAppend(&problem, problem.empty() ? "" : "; ",
                    "the covariance needed a jitter of ", d.jitter);
  }
  if (s.believer->clamped_pivots() > 0) {
    absl::StrAppend(&problem, problem.empty() ? "" : "; ",
                    s.believer->clamped_pivots(),
                    " pending points duplicate others");
  }
  d.problem = std::move(problem);
  return absl::OkStatus();
}

std::vector<Prediction> BayesianOptimizer::Predict(
    const std::vector<std::vector<double>>& unit_points) const {
  const State& s = *state_;
  if (!s.believer.has_value() || unit_points.empty()) return {};
  const int dims = s.transform.dims();
  Eigen::MatrixXd columns(dims, static_cast<Eigen::Index>(unit_points.size()));
  for (size_t i = 0; i < unit_points.size(); ++i) {
    if (static_cast<int>(unit_points[i].size()) != dims) return {};
    const std::vector<double> x = s.transform.Canonical(unit_points[i]);
    columns.col(static_cast<Eigen::Index>(i)) =
        Eigen::Map<const Eigen::VectorXd>(x.data(), dims);
  }
  Eigen::VectorXd mean, variance;
  s.believer->Predict(columns, &mean, &variance);
  std::vector<Prediction> predictions;
  predictions.reserve(unit_points.size());
  for (Eigen::Index i = 0; i < mean.size(); ++i) {
    const double sd = std::sqrt(std::max(variance(i), 0.0));
    const double a = s.warp.Inverse(mean(i) - 2 * sd);
    const double b = s.warp.Inverse(mean(i) + 2 * sd);
    predictions.push_back(Prediction{.mean = s.warp.Inverse(mean(i)),
                                     .lower = std::min(a, b),
                                     .upper = std::max(a, b)});
  }
  return predictions;
}

std::optional<Proposal> BayesianOptimizer::Propose(
    const std::vector<std::vector<double>>& batch, uint64_t seed,
    const std::function<bool(const std::vector<double>&)>& is_taken) const {
  const State& s = *state_;
  if (!s.believer.has_value()) return std::nullopt;
  const int dims = s.transform.dims();
  // The batch is of the current epoch: it counts towards a restart's
  // design, and its points are centres, believers and candidates for the
  // incumbent.
  Points batch_points;
  for (const std::vector<double>& p : batch) {
    if (static_cast<int>(p.size()) == dims) {
      batch_points.push_back(s.transform.Canonical(p));
    }
  }
  // A new epoch opens with a quasi-random design of its own.
  int issued = s.restart_issued;
  for (const std::vector<double>& x : batch_points) {
    issued += s.restart.Contains(x);
  }
  if (s.epoch.number > 0 && issued < RestartDesignSize(dims)) {
    const std::optional<std::vector<double>> x =
        s.restart.FirstUnused([&](const std::vector<double>& x) {
          return is_taken(x) || ContainsPoint(batch_points, x) ||
                 ContainsPoint(s.centres, x);
        });
    if (x.has_value()) {
      Eigen::VectorXd mean, variance;
      s.believer->Predict(Eigen::Map<const Eigen::VectorXd>(x->data(), dims),
                          &mean, &variance);
      Proposal proposal = s.ProposalAt(*x, mean(0), variance(0));
      proposal.restart_design = true;
      return proposal;
    }
  }
  KrigingBeliever believer = *s.believer;
  double incumbent = s.incumbent;
  Points centres = s.centres;
  for (const std::vector<double>& x : batch_points) {
    incumbent = std::min(
        incumbent,
        believer.AddPending(Eigen::Map<const Eigen::VectorXd>(x.data(), dims)));
    centres.push_back(x);
  }
  // Before the epoch has values, its candidates are drawn around its
  // points, so that some fall inside its region.
  const Points& anchors = s.anchors.empty() ? centres : s.anchors;
  const TrustRegion region(ToMatrix(centres, dims), s.epoch_observed,
                           s.transform);
  SplitMix64 rng(seed);
  std::optional<AcquisitionPoint> point = MaximizeLogEi(
      believer, incumbent, s.transform, region, anchors, is_taken, rng);
  if (!point.has_value()) return std::nullopt;
  Proposal proposal =
      s.ProposalAt(std::move(point->point), point->mean, point->variance);
  proposal.log_ei = point->log_ei;
  return proposal;
}

}  // namespace tune::gp
