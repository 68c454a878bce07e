// Log expected improvement, computed so that it stays finite and accurate
// far from the incumbent.
//
// For minimization with posterior mean m, standard deviation s and best
// value so far b, z = (b - m) / s and
//   EI = s h(z),  h(z) = phi(z) + z Phi(z),  log EI = log h(z) + log s.
// For z << 0, h(z) underflows (it is below 1e-300 by z = -37), which makes
// plain EI flat and useless to an optimizer. LogH follows Ament et al.,
// "Unexpected Improvements to Expected Improvement for Bayesian
// Optimization" (NeurIPS 2023), eq. (9):
//   z > -1:             log(phi(z) + z Phi(z))
//   -1/sqrt(eps) < z <= -1:
//       -z^2/2 - log(2 pi)/2 + log1mexp(log(erfcx(-z/sqrt 2) |z|) +
//       log(pi/2)/2)
//   z <= -1/sqrt(eps):  -z^2/2 - log(2 pi)/2 - 2 log|z|
// with erfcx(x) = exp(x^2) erfc(x). Its derivative, d log h/dz = Phi(z)/h(z),
// is computed in the log domain the same way.
//
// Example:
//   double a = LogExpectedImprovement(mean, stddev, best).value;
//
// Pure functions; safe from any thread.
#pragma once

namespace tune::gp {

// The scaled complementary error function exp(x^2) erfc(x); +inf for x
// below about -26.6 where it overflows.
double Erfcx(double x);

// log(phi(z) + z Phi(z)), finite for every finite z.
double LogH(double z);

// d LogH / dz = Phi(z) / h(z), positive for every finite z.
double LogHDerivative(double z);

struct LogEi {
  double value = 0;     // log EI
  double d_mean = 0;    // d log EI / d mean
  double d_stddev = 0;  // d log EI / d stddev
};

// log EI of a minimization at a point with posterior `mean` and `stddev`
// (> 0) given the best value `best`.
LogEi LogExpectedImprovement(double mean, double stddev, double best);

}  // namespace tune::gp
