#include "tuner/gp/cholesky.h"

#include <Eigen/Cholesky>
#include <algorithm>
#include <cmath>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace tune::gp {

absl::StatusOr<BlockCholesky> BlockCholesky::Factor(
    Eigen::Index n, const RowSource& rows, const BlockCholesky* previous,
    Eigen::Index shared_rows) {
  BlockCholesky factor;
  factor.lower_.setZero(n, n);
  Eigen::Index start = 0;
  if (previous != nullptr) {
    const Eigen::Index shared = std::min({shared_rows, previous->size(), n});
    start = (shared / kBlockRows) * kBlockRows;
    factor.lower_.topLeftCorner(start, start) =
        previous->lower_.topLeftCorner(start, start);
  }
  factor.reused_rows_ = start;

  for (Eigen::Index begin = start; begin < n; begin += kBlockRows) {
    const Eigen::Index end = std::min(n, begin + kBlockRows);
    const Eigen::Index k = end - begin;
    const Eigen::MatrixXd block = rows(begin, end);
    if (block.rows() != k || block.cols() != end) {
      return absl::InternalError("row source returned a block of wrong shape");
    }
    Eigen::MatrixXd schur = block.rightCols(k);
    if (begin > 0) {
      // L21^T = L11^{-1} A21^T, then S = A22 - L21 L21^T.
      Eigen::MatrixXd l21t = block.leftCols(begin).transpose();
      factor.lower_.topLeftCorner(begin, begin)
          .triangularView<Eigen::Lower>()
          .solveInPlace(l21t);
      schur.noalias() -= l21t.transpose() * l21t;
      factor.lower_.block(begin, 0, k, begin) = l21t.transpose();
    }
    const Eigen::LLT<Eigen::MatrixXd> llt(schur);
    const Eigen::MatrixXd l22 = llt.matrixL();
    if (llt.info() != Eigen::Success || !l22.allFinite()) {
      return absl::FailedPreconditionError(absl::StrCat(
          "matrix is not positive definite in rows ", begin, "..", end - 1));
    }
    factor.lower_.block(begin, begin, k, k) = l22;
  }
  return factor;
}

double BlockCholesky::LogDeterminant() const {
  return 2.0 * lower_.diagonal().array().log().sum();
}

}  // namespace tune::gp
