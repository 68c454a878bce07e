#include "tuner/gp/cholesky.h"

#include <Eigen/Cholesky>
#include <catch2/catch.hpp>

namespace tune::gp {
namespace {

// A random symmetric positive definite matrix, fixed by `seed`.
Eigen::MatrixXd RandomSpd(Eigen::Index n, unsigned seed) {
  std::srand(seed);
  const Eigen::MatrixXd a = Eigen::MatrixXd::Random(n, n);
  return a * a.transpose() / static_cast<double>(n) +
         Eigen::MatrixXd::Identity(n, n);
}

BlockCholesky::RowSource RowsOf(const Eigen::MatrixXd& m) {
  return [&m](Eigen::Index begin, Eigen::Index end) {
    return Eigen::MatrixXd(m.block(begin, 0, end - begin, end));
  };
}

TEST_CASE("Block Cholesky matches Eigen's LLT") {
  for (Eigen::Index n : {1, 5, 63, 64, 65, 130, 200}) {
    CAPTURE(n);
    const Eigen::MatrixXd m = RandomSpd(n, 3);
    const auto factor = BlockCholesky::Factor(n, RowsOf(m), nullptr, 0);
    REQUIRE(factor.ok());
    const Eigen::MatrixXd expected = Eigen::LLT<Eigen::MatrixXd>(m).matrixL();
    CHECK((factor->lower() - expected).cwiseAbs().maxCoeff() < 1e-10);
    CHECK(factor->LogDeterminant() ==
          Approx(2 * expected.diagonal().array().log().sum()).epsilon(1e-12));
  }
}

TEST_CASE("A grown factor is bit for bit the factor computed from scratch") {
  struct Case {
    Eigen::Index before;
    Eigen::Index after;
    Eigen::Index reused;
  };
  const Case cases[] = {{100, 200, 64}, {128, 130, 128}, {64, 64, 64},
                        {63, 70, 0},    {200, 150, 128}, {192, 250, 192}};
  for (const Case& c : cases) {
    CAPTURE(c.before, c.after);
    const Eigen::MatrixXd big = RandomSpd(std::max(c.before, c.after), 7);
    const Eigen::MatrixXd old_matrix = big.topLeftCorner(c.before, c.before);
    const Eigen::MatrixXd new_matrix = big.topLeftCorner(c.after, c.after);
    const auto old_factor =
        BlockCholesky::Factor(c.before, RowsOf(old_matrix), nullptr, 0);
    REQUIRE(old_factor.ok());
    const auto scratch =
        BlockCholesky::Factor(c.after, RowsOf(new_matrix), nullptr, 0);
    const auto grown = BlockCholesky::Factor(c.after, RowsOf(new_matrix),
                                             &*old_factor, c.before);
    REQUIRE(scratch.ok());
    REQUIRE(grown.ok());
    CHECK(grown->reused_rows() == c.reused);
    CHECK(grown->lower() == scratch->lower());  // exact equality
  }
}

TEST_CASE("Rows shared only in part limit the reuse") {
  Eigen::MatrixXd a = RandomSpd(200, 9);
  const auto old_factor = BlockCholesky::Factor(200, RowsOf(a), nullptr, 0);
  REQUIRE(old_factor.ok());
  Eigen::MatrixXd b = a;
  b(150, 150) += 1;  // rows from 150 on differ
  const auto grown = BlockCholesky::Factor(200, RowsOf(b), &*old_factor, 150);
  const auto scratch = BlockCholesky::Factor(200, RowsOf(b), nullptr, 0);
  REQUIRE(grown.ok());
  REQUIRE(scratch.ok());
  CHECK(grown->reused_rows() == 128);
  CHECK(grown->lower() == scratch->lower());
}

TEST_CASE("A matrix that is not positive definite is an error") {
  Eigen::MatrixXd m = RandomSpd(100, 4);
  m(80, 80) = -1;
  const auto factor = BlockCholesky::Factor(100, RowsOf(m), nullptr, 0);
  REQUIRE_FALSE(factor.ok());
  CHECK(factor.status().code() == absl::StatusCode::kFailedPrecondition);
  CHECK(factor.status().message() ==
        "matrix is not positive definite in rows 64..99");
}

}  // namespace
}  // namespace tune::gp
