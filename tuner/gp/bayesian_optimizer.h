// The GP model of a job and the search for its next points: everything a
// Bayesian designer needs, behind a header without Eigen.
//
// Update() builds the model from the job's history in the unit cube
// (points from space::ToUnitPoint, values to be minimized):
//   * Targets: OutputWarp (output_transform.h) of the values.
//   * Failed trials (no value) enter the GP as if they had the worst
//     target observed: the mean there is bad and the variance small, so the
//     search steers away from them without their ever being fitted as
//     values (they are left out of the warp, the hyperparameter fit and the
//     incumbent).
//   * Pending (active) trials enter as kriging believers
//     (kriging_believer.h): observed at the posterior mean, which also
//     lowers the incumbent of expected improvement where it is better.
//   * Hyperparameters (hyperparameter_fit.h) are refitted on a schedule:
//     at every n up to kRefitEveryUpTo observations, then each time n grows
//     by kRefitGrowth (at most kMaxRefitGap points apart). A fit uses the
//     first FitCheckpoint(n) observations in history order, at most
//     kMaxFitPoints of them (the best fifth plus a seeded random sample),
//     so it depends only on that prefix; the result is cached and reused
//     while the prefix is unchanged.
//   * The Cholesky factor (cholesky.h) of the previous Update is reused for
//     the leading points that did not change.
//   * Beyond kMaxModelPoints observed and failed points, the GP keeps a
//     subset: the best tenth of the observations, up to a tenth failed
//     points, and a seeded random sample of the rest (then the factor is
//     recomputed on every Update).
// Reuse never changes a result: a fresh optimizer given the same history
// and seed builds bit for bit the same model.
//
// Propose() then maximizes log EI (acquisition_optimizer.h) with the
// points of the current batch added as further kriging believers. The
// search is that of the current epoch (search_epochs.h): once the best
// value has stalled, a new epoch opens with RestartDesignSize quasi-random
// points (Proposal::restart_design; seeded by the job's seed and the
// epoch's number), and from then on EI improves on the epoch's own best
// (observed or believed) within the trust region (trust_region.h) around
// the epoch's points, its radius set by the epoch's number of observed
// values. The epoch's points: in the first, every observed, failed and
// pending point; after a restart, the observations since it and the
// pending points of its design. Pending points from before a restart are
// believers only. The batch's points always belong to the epoch. The model
// itself always knows every observation.
//
// Example:
//   BayesianOptimizer optimizer(ranges, seed, InitialDesignSize(dims));
//   optimizer.Update(observations);
//   if (optimizer.has_model()) {
//     auto next = optimizer.Propose(batch, round_seed, is_taken);
//   }
//
// Not thread-safe for Update; Propose is const and may run concurrently
// with other Propose calls.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "tuner/spec/job_spec.h"

namespace tune::gp {

struct Observations {
  // Completed trials with a value: unit points and values to minimize.
  std::vector<std::vector<double>> points;
  std::vector<double> values;
  // Completed trials without a value.
  std::vector<std::vector<double>> failed;
  // Trials still pending or running.
  std::vector<std::vector<double>> pending;
};

struct ModelDiagnostics {
  bool has_model = false;
  // Empty when all went well; otherwise what went wrong or was unusual
  // (a failed fit, a jitter that was needed), in words.
  std::string problem;
  int model_points = 0;   // observed + failed points in the GP
  int fit_points = 0;     // points the hyperparameters were fitted on
  int fit_prefix = 0;     // FitCheckpoint(observations)
  bool refitted = false;  // false when the cached fit was reused
  int fit_evaluations = 0;
  int fit_failed_restarts = 0;
  int reused_factor_rows = 0;
  double jitter = 0;
  std::vector<double> lengthscales;
  double signal_variance = 0;
  double noise_variance = 0;
};

struct Proposal {
  std::vector<double> point;  // canonical, in the unit cube
  // The GP's prediction in the units of Observations::values: the warped
  // posterior mean mapped back (the posterior median of the value), and
  // half the width of the mapped back +-1 standard deviation band.
  double mean = 0;
  double stddev = 0;
  double log_ei = 0;  // log expected improvement in the model's units
  // The search epoch (search_epochs.h) it belongs to, and whether it is a
  // quasi-random point opening that epoch (then log_ei is 0).
  int epoch = 0;
  bool restart_design = false;
};

// The model's belief about f at a point, in the units of
// Observations::values, mapped back through the output warp: the posterior
// median and the ends of its +-2 standard deviation band (lower <= upper).
struct Prediction {
  double mean = 0;
  double lower = 0;
  double upper = 0;
};

// The prefix of observations the hyperparameters are fitted on.
int FitCheckpoint(int observations);

class BayesianOptimizer {
 public:
  static constexpr int kMinObservations = 3;
  static constexpr int kMaxModelPoints = 1000;
  static constexpr int kMaxFitPoints = 128;
  static constexpr int kRefitEveryUpTo = 20;
  static constexpr double kRefitGrowth = 0.1;
  static constexpr int kMaxRefitGap = 50;

  // first_design: the size of the job's initial design (initial_design.h),
  // which the first search epoch starts with.
  BayesianOptimizer(std::vector<spec::ParameterRange> ranges, uint64_t seed,
                    int first_design);
  ~BayesianOptimizer();
  BayesianOptimizer(BayesianOptimizer&&) noexcept;
  BayesianOptimizer& operator=(BayesianOptimizer&&) noexcept;

  // Rebuilds the model; see the file comment. With fewer than
  // kMinObservations values there is no model (OK). Errors: InvalidArgument
  // for points of the wrong length or non-finite values; FailedPrecondition
  // when the GP cannot be factored even with jitter. After an error there
  // is no model and diagnostics().problem says why.
  absl::Status Update(const Observations& observations);

  bool has_model() const;
  const ModelDiagnostics& diagnostics() const;

  // The model at unit points (one coordinate per range), pending points
  // included as believed; empty when there is no model or a point has the
  // wrong length.
  std::vector<Prediction> Predict(
      const std::vector<std::vector<double>>& unit_points) const;

  // The next point, given the points already chosen for this batch (unit
  // cube), a seed for this choice, and a test for points that must not be
  // proposed (it receives canonical unit points). nullopt when every
  // candidate is taken or there is no model.
  std::optional<Proposal> Propose(
      const std::vector<std::vector<double>>& batch, uint64_t seed,
      const std::function<bool(const std::vector<double>&)>& is_taken) const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace tune::gp
