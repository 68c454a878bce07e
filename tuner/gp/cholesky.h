// A Cholesky factor that can grow by rows and come out bit for bit the same
// as one computed from scratch.
//
// A = L L^T is factored in blocks of kBlockRows rows at fixed positions
// (rows [0, 64), [64, 128), ...): block b solves its off-diagonal part
// against the blocks above it and factors its diagonal Schur complement.
// When a matrix shares its leading rows with one factored before (a GP that
// gained observations at the end), the whole blocks inside the shared part
// are copied instead of recomputed; every other block goes through the same
// arithmetic in the same shapes as a fresh factorization, so the result does
// not depend on what was reused. That is what lets a designer cache the
// factor between Update() calls and still give the same suggestions as a
// freshly started one. Cost: O(n^3 / 3) from scratch, O(k n^2) for k new
// rows.
//
// Example:
//   auto factor = BlockCholesky::Factor(n, rows, &old_factor, shared_rows);
//   if (!factor.ok()) return factor.status();
//   factor->lower().triangularView<Eigen::Lower>().solveInPlace(b);
//
// Immutable once made: safe to share between threads.
#pragma once

#include <Eigen/Core>
#include <functional>

#include "absl/status/statusor.h"

namespace tune::gp {

class BlockCholesky {
 public:
  static constexpr Eigen::Index kBlockRows = 64;

  // Rows [begin, end) of the matrix, restricted to columns [0, end): an
  // (end - begin) x end matrix. Only the lower triangle is read.
  using RowSource =
      std::function<Eigen::MatrixXd(Eigen::Index begin, Eigen::Index end)>;

  // The empty (0 x 0) factor.
  BlockCholesky() = default;

  // Factors the n x n symmetric matrix given by `rows`. When `previous` is
  // not null, the caller promises that the first `shared_rows` rows of the
  // matrix (columns below shared_rows) equal those of the matrix `previous`
  // factored; the whole blocks among them are reused. Errors:
  // FailedPrecondition when the matrix is not numerically positive definite
  // (the message names the first bad block).
  static absl::StatusOr<BlockCholesky> Factor(Eigen::Index n,
                                              const RowSource& rows,
                                              const BlockCholesky* previous,
                                              Eigen::Index shared_rows);

  Eigen::Index size() const { return lower_.rows(); }
  // L; the strict upper triangle is 0.
  const Eigen::MatrixXd& lower() const { return lower_; }
  // log det A = 2 sum log L_ii.
  double LogDeterminant() const;
  // Rows reused from `previous` by the call that made this factor.
  Eigen::Index reused_rows() const { return reused_rows_; }

 private:
  Eigen::MatrixXd lower_;
  Eigen::Index reused_rows_ = 0;
};

}  // namespace tune::gp
