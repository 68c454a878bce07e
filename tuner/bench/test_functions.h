// The synthetic objectives of the sample-efficiency benchmark (tune_bench),
// as plain functions of a point. All are minimized.
//
//   Branin       2-D, x0 in [-5, 10], x1 in [0, 15]; minimum kBraninMinimum
//                at (-pi, 12.275), (pi, 2.275) and (9.42478, 2.475).
//   Hartmann6    6-D on [0, 1]^6; minimum kHartmann6Minimum near
//                (0.20169, 0.150011, 0.476874, 0.275332, 0.311652, 0.6573).
//   Ackley       any dimension; minimum 0 at the origin.
//   Rosenbrock   any dimension >= 2; minimum 0 at (1, ..., 1).
//   TwoBasins    3-D on [0, 1]^3: a wide basin (depth 1, width 0.25) at
//                (0.25, 0.3, 0.25), where a search settles first, and the
//                global one, narrow (depth 1.5, width 0.08), at
//                (0.8, 0.75, 0.85); minimum kTwoBasinsMinimum.
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
inline constexpr double kTwoBasinsMinimum = -1.500988291317102;
// Below these, a search has left the deceptive basin: Hartmann6's second
// basin bottoms out at -3.2032, two-basins' wide one at -1.
inline constexpr double kHartmann6GlobalBelow = -3.3;
inline constexpr double kTwoBasinsGlobalBelow = -1.01;

// Requires x.size() == 2.
double Branin(const std::vector<double>& x);
// Requires x.size() == 6.
double Hartmann6(const std::vector<double>& x);
// Requires !x.empty().
double Ackley(const std::vector<double>& x);
// Requires x.size() >= 2.
double Rosenbrock(const std::vector<double>& x);
// Requires x.size() == 3.
double TwoBasins(const std::vector<double>& x);

}  // namespace tune::bench
