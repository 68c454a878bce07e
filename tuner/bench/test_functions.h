// The synthetic objectives of the sample-efficiency benchmark (tune_bench),
// as plain functions of a point. All are minimized.
//
//   Branin       2-D, x0 in [-5, 10], x1 in [0, 15]; minimum kBraninMinimum
//                at (-pi, 12.275), (pi, 2.275) and (9.42478, 2.475).
//   Hartmann6    6-D on [0, 1]^6; minimum kHartmann6Minimum near
//                (0.20169, 0.150011, 0.476874, 0.275332, 0.311652, 0.6573).
//   Ackley       any dimension; minimum 0 at the origin.
//   Rosenbrock   any dimension >= 2; minimum 0 at (1, ..., 1).
//
// tuner/bench/bench_functions.py computes the same numbers in the same
// order of operations for the Optuna peer; tasks.json holds points and
// values that both sides check. Pure functions; safe from any thread.
#pragma once

#include <vector>

namespace tune::bench {

// The minima, to double precision (found by a local optimizer started at
// the known minimizer, for Hartmann6).
inline constexpr double kBraninMinimum = 0.39788735772973816;
inline constexpr double kHartmann6Minimum = -3.322368011415515;

// Requires x.size() == 2.
double Branin(const std::vector<double>& x);
// Requires x.size() == 6.
double Hartmann6(const std::vector<double>& x);
// Requires !x.empty().
double Ackley(const std::vector<double>& x);
// Requires x.size() >= 2.
double Rosenbrock(const std::vector<double>& x);

}  // namespace tune::bench
