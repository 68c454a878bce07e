#include "tuner/gp/acquisition_optimizer.h"

#include <LBFGSB.h>

#include <algorithm>
#include <cmath>
#include <exception>
#include <limits>
#include <utility>

#include "tuner/gp/acquisition.h"
#include "tuner/gp/random.h"
#include "tuner/gp/sobol.h"
#include "tuner/gp/trust_region.h"

namespace tune::gp {
namespace {

// Variances below this (in target units) count as this, so log EI and its
// gradient stay finite at observed points.
constexpr double kMinVariance = 1e-12;
// The model size up to which the pool and the refinement are at full size.
constexpr double kFullPoolModelSize = 250;
constexpr double kFullRefineModelSize = 400;
constexpr double kPerturbationScales[] = {0.01, 0.05, 0.2};

using Points = std::vector<std::vector<double>>;

Eigen::MatrixXd ToMatrix(const Points& points, int dims) {
  Eigen::MatrixXd m(dims, static_cast<Eigen::Index>(points.size()));
  for (size_t i = 0; i < points.size(); ++i) {
    for (int j = 0; j < dims; ++j)
      m(j, static_cast<Eigen::Index>(i)) = points[i][j];
  }
  return m;
}

double Stddev(double variance) {
  return std::sqrt(std::max(variance, kMinVariance));
}

std::vector<AcquisitionPoint> Score(const KrigingBeliever& model, double best,
                                    Points points) {
  if (points.empty()) return {};
  const int dims = static_cast<int>(points[0].size());
  Eigen::VectorXd mean;
  Eigen::VectorXd variance;
  model.Predict(ToMatrix(points, dims), &mean, &variance);
  std::vector<AcquisitionPoint> scored(points.size());
  for (size_t i = 0; i < points.size(); ++i) {
    const Eigen::Index k = static_cast<Eigen::Index>(i);
    scored[i].point = std::move(points[i]);
    scored[i].mean = mean(k);
    scored[i].variance = variance(k);
    scored[i].log_ei =
        LogExpectedImprovement(mean(k), Stddev(variance(k)), best).value;
  }
  return scored;
}

// Best first; ties keep their order, so the result is deterministic.
void SortByLogEi(std::vector<AcquisitionPoint>& points) {
  std::stable_sort(points.begin(), points.end(),
                   [](const AcquisitionPoint& a, const AcquisitionPoint& b) {
                     return a.log_ei > b.log_ei;
                   });
}

Points CandidatePool(const InputTransform& transform, const Points& anchors,
                     int model_size, rng::SplitMix64& rng) {
  const int dims = transform.dims();
  const double ratio = kFullPoolModelSize / std::max(1, model_size);
  const int pool = std::clamp(
      static_cast<int>(kMaxCandidates * std::min(1.0, ratio * ratio)),
      kMinCandidates, kMaxCandidates);
  const int local =
      anchors.empty()
          ? 0
          : std::min(pool / 4, kPerturbationsPerAnchor *
                                   std::min(kMaxAnchors,
                                            static_cast<int>(anchors.size())));
  Points points;
  points.reserve(pool);
  const ScrambledSobol sobol(dims, rng);
  for (int i = 0; i < pool - local; ++i) {
    points.push_back(
        transform.Canonical(sobol.Point(static_cast<uint64_t>(i))));
  }
  const int num_anchors =
      std::min(kMaxAnchors, static_cast<int>(anchors.size()));
  for (int k = 0; k < local; ++k) {
    std::vector<double> point = anchors[k % num_anchors];
    const double scale = kPerturbationScales[(k / num_anchors) % 3];
    for (int j = 0; j < dims; ++j) {
      if (transform.IsContinuous(j)) {
        point[j] += scale * StandardNormal(rng);
      } else if (rng.NextBelow(static_cast<uint64_t>(dims)) == 0) {
        point[j] = rng.NextUnit();
      }
    }
    points.push_back(transform.Canonical(point));
  }
  return points;
}

// -log EI as a function of the continuous coordinates, for L-BFGS-B.
class ContinuousObjective {
 public:
  ContinuousObjective(const KrigingBeliever& model, double best,
                      std::vector<int> dims, const std::vector<double>& base)
      : model_(model),
        best_(best),
        dims_(std::move(dims)),
        x_(Eigen::Map<const Eigen::VectorXd>(
            base.data(), static_cast<Eigen::Index>(base.size()))) {}

  double operator()(const Eigen::VectorXd& u, Eigen::VectorXd& gradient) {
    for (size_t i = 0; i < dims_.size(); ++i)
      x_(dims_[i]) = u(static_cast<Eigen::Index>(i));
    const KrigingBeliever::PointPrediction p = model_.PredictWithGradient(x_);
    const double sd = Stddev(p.variance);
    const LogEi ei = LogExpectedImprovement(p.mean, sd, best_);
    const bool clamped = p.variance <= kMinVariance;
    gradient.resize(u.size());
    for (size_t i = 0; i < dims_.size(); ++i) {
      const int j = dims_[i];
      const double d_sd = clamped ? 0.0 : p.variance_gradient(j) / (2.0 * sd);
      gradient(static_cast<Eigen::Index>(i)) =
          -(ei.d_mean * p.mean_gradient(j) + ei.d_stddev * d_sd);
    }
    if (!gradient.allFinite() || !std::isfinite(ei.value)) {
      gradient.setZero();
      return std::numeric_limits<double>::max() / 4;
    }
    if (ei.value > best_point_.log_ei || best_point_.point.empty()) {
      best_point_.point.assign(x_.data(), x_.data() + x_.size());
      best_point_.log_ei = ei.value;
      best_point_.mean = p.mean;
      best_point_.variance = p.variance;
    }
    return -ei.value;
  }

  const AcquisitionPoint& best_point() const { return best_point_; }

 private:
  const KrigingBeliever& model_;
  double best_;
  std::vector<int> dims_;
  Eigen::VectorXd x_;
  AcquisitionPoint best_point_;
};

AcquisitionPoint RefineContinuous(const KrigingBeliever& model, double best,
                                  const TrustRegion& region,
                                  const std::vector<int>& dims,
                                  const AcquisitionPoint& start) {
  LBFGSpp::LBFGSBParam<double> param;
  param.m = 6;
  param.max_iterations = kRefineIterations;
  param.epsilon = 1e-6;
  param.epsilon_rel = 1e-6;
  param.past = 1;
  param.delta = 1e-9;
  param.max_linesearch = 20;
  const Eigen::Index n = static_cast<Eigen::Index>(dims.size());
  const TrustRegion::Box box =
      region.BoxAround(Eigen::Map<const Eigen::VectorXd>(
          start.point.data(), static_cast<Eigen::Index>(start.point.size())));
  Eigen::VectorXd u(n);
  Eigen::VectorXd lower(n);
  Eigen::VectorXd upper(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    u(i) = start.point[dims[i]];
    lower(i) = box.lower(dims[i]);
    upper(i) = box.upper(dims[i]);
  }
  ContinuousObjective objective(model, best, dims, start.point);
  LBFGSpp::LBFGSBSolver<double> solver(param);  // keeps a reference to param
  double value = 0;
  try {
    solver.minimize(objective, u, value, lower, upper);
  } catch (const std::exception&) {
    // A failed line search ends the refinement; the best point seen stands.
  }
  return objective.best_point().point.empty() ? start : objective.best_point();
}

AcquisitionPoint BestDiscreteMove(const KrigingBeliever& model, double best,
                                  const InputTransform& transform,
                                  const TrustRegion& region,
                                  const AcquisitionPoint& current) {
  Points moves;
  for (int j = 0; j < transform.dims(); ++j) {
    if (transform.IsContinuous(j)) continue;
    for (double value : transform.DiscreteNeighbours(j, current.point[j])) {
      std::vector<double> move = current.point;
      move[j] = value;
      if (region.Covers(move)) {
        moves.push_back(std::move(move));
      }
    }
  }
  std::vector<AcquisitionPoint> scored = Score(model, best, std::move(moves));
  AcquisitionPoint result = current;
  for (AcquisitionPoint& move : scored) {
    if (move.log_ei > result.log_ei) result = std::move(move);
  }
  return result;
}

AcquisitionPoint Refine(const KrigingBeliever& model, double best,
                        const InputTransform& transform,
                        const TrustRegion& region,
                        const std::vector<int>& continuous, bool has_discrete,
                        AcquisitionPoint current) {
  for (int round = 0; round < kRefineRounds; ++round) {
    bool improved = false;
    if (!continuous.empty()) {
      AcquisitionPoint next =
          RefineContinuous(model, best, region, continuous, current);
      if (next.log_ei > current.log_ei) {
        current = std::move(next);
        improved = true;
      }
    }
    if (has_discrete) {
      AcquisitionPoint next =
          BestDiscreteMove(model, best, transform, region, current);
      if (next.log_ei > current.log_ei) {
        current = std::move(next);
        improved = true;
      }
    }
    if (!improved || !has_discrete) break;
  }
  return current;
}

}  // namespace

std::optional<AcquisitionPoint> MaximizeLogEi(
    const KrigingBeliever& model, double best, const InputTransform& transform,
    const TrustRegion& region, const std::vector<std::vector<double>>& anchors,
    const std::function<bool(const std::vector<double>&)>& is_taken,
    rng::SplitMix64& rng) {
  const int model_size =
      static_cast<int>(model.model().points().cols()) + model.num_pending();
  // Enumerated spaces are searched exhaustively and need no refinement.
  const bool enumerated = transform.AllDiscretePoints().has_value();
  std::vector<AcquisitionPoint> candidates =
      Score(model, best,
            enumerated ? *transform.AllDiscretePoints()
                       : CandidatePool(transform, anchors, model_size, rng));
  SortByLogEi(candidates);
  // Candidates outside the region stay only as a last resort, behind every
  // candidate inside it.
  const auto outside = std::stable_partition(
      candidates.begin(), candidates.end(),
      [&](const AcquisitionPoint& c) { return region.Covers(c.point); });

  std::vector<int> continuous;
  bool has_discrete = false;
  for (int j = 0; j < transform.dims(); ++j) {
    if (transform.IsContinuous(j)) {
      continuous.push_back(j);
    } else {
      has_discrete = true;
    }
  }
  const double ratio = kFullRefineModelSize / std::max(1, model_size);
  const int starts =
      enumerated ? 0
                 : std::clamp(static_cast<int>(kRefineStarts * ratio * ratio),
                              2, kRefineStarts);

  std::vector<AcquisitionPoint> refined;
  // Refinement starts inside the region only.
  for (auto candidate = candidates.begin(); candidate != outside; ++candidate) {
    if (static_cast<int>(refined.size()) >= starts) break;
    const bool seen = std::any_of(
        refined.begin(), refined.end(),
        [&](const AcquisitionPoint& r) { return r.point == candidate->point; });
    if (seen) continue;
    refined.push_back(*candidate);
  }
  for (AcquisitionPoint& start : refined) {
    start = Refine(model, best, transform, region, continuous, has_discrete,
                   start);
  }
  SortByLogEi(refined);
  for (const auto* list : {&refined, &candidates}) {
    for (const AcquisitionPoint& point : *list) {
      if (!is_taken(point.point)) return point;
    }
  }
  return std::nullopt;
}

}  // namespace tune::gp
