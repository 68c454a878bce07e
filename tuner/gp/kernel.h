// The Matern-5/2 kernel with one lengthscale per coordinate (ARD).
//
//   k(a, b) = s2 (1 + sqrt(5) r + 5/3 r^2) exp(-sqrt(5) r),
//   r^2     = sum_j d_j(a, b) / l_j^2,
// where s2 is the signal variance, l_j the lengthscales, and d_j the
// squared difference (a_j - b_j)^2 for a numeric coordinate or [a_j != b_j]
// for a categorical one (input_transform.h). The categorical distance equals
// that of a one-hot encoding scaled by 1/sqrt(2), so k stays positive
// definite. Hyperparameters are on the log scale; gradients are with
// respect to log l_j and log s2:
//   dk/dlog l_j = g d_j / l_j^2,    dk/dlog s2 = k,
//   dk/da_j     = -g (a_j - b_j) / l_j^2   (numeric j),
// with g = 5/3 s2 (1 + sqrt(5) r) exp(-sqrt(5) r).
//
// Points are the columns of a matrix (dims x n).
//
// Example:
//   Matern52Kernel kernel(transform.kinds());
//   KernelParameters p{Eigen::VectorXd::Zero(kernel.dims()), 0.0};
//   Eigen::MatrixXd k = kernel.Cross(p, points, points);
//
// Immutable once made: safe to share between threads.
#pragma once

#include <Eigen/Core>
#include <vector>

#include "tuner/gp/input_transform.h"

namespace tune::gp {

struct KernelParameters {
  Eigen::VectorXd log_lengthscales;  // one per coordinate
  double log_signal_variance = 0;
};

class Matern52Kernel {
 public:
  explicit Matern52Kernel(std::vector<InputKind> kinds);

  int dims() const { return static_cast<int>(kinds_.size()); }
  const std::vector<InputKind>& kinds() const { return kinds_; }

  // k(a, b) for two points.
  double Value(const KernelParameters& p,
               const Eigen::Ref<const Eigen::VectorXd>& a,
               const Eigen::Ref<const Eigen::VectorXd>& b) const;

  // result(i, j) = k(a_i, b_j) for the columns a_i of a and b_j of b.
  Eigen::MatrixXd Cross(const KernelParameters& p,
                        const Eigen::Ref<const Eigen::MatrixXd>& a,
                        const Eigen::Ref<const Eigen::MatrixXd>& b) const;

  // values(i) = k(a_i, x) and gradient.col(i) = dk(a_i, x)/dx, which is 0
  // in categorical coordinates. `gradient` may be null.
  void CrossWithGradient(const KernelParameters& p,
                         const Eigen::Ref<const Eigen::MatrixXd>& a,
                         const Eigen::Ref<const Eigen::VectorXd>& x,
                         Eigen::VectorXd* values,
                         Eigen::MatrixXd* gradient) const;

  // For fitting hyperparameters on fixed points: element j is the n x n
  // matrix of d_j between the columns of `points`.
  std::vector<Eigen::MatrixXd> PairwiseDistances(
      const Eigen::Ref<const Eigen::MatrixXd>& points) const;

  // The Gram matrix from PairwiseDistances' output, and when `gradients` is
  // not null its derivatives: (*gradients)[j] = dK/dlog l_j for j < dims(),
  // (*gradients)[dims()] = dK/dlog s2.
  Eigen::MatrixXd Gram(const std::vector<Eigen::MatrixXd>& distances,
                       const KernelParameters& p,
                       std::vector<Eigen::MatrixXd>* gradients) const;

  // The Gram matrix and the matrix of g (see the file comment), from which
  // dK/dlog l_j = slope .* distances[j] / l_j^2 without a matrix per j.
  Eigen::MatrixXd GramAndSlope(const std::vector<Eigen::MatrixXd>& distances,
                               const KernelParameters& p,
                               Eigen::MatrixXd* slope) const;

 private:
  std::vector<InputKind> kinds_;
};

}  // namespace tune::gp
