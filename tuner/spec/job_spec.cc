#include "tuner/spec/job_spec.h"

#include <cmath>

namespace tune::spec {

const char* ToString(Strategy strategy) {
  switch (strategy) {
    case Strategy::kBayesian:
      return "Bayesian";
    case Strategy::kRandom:
      return "Random";
    case Strategy::kGrid:
      return "Grid";
    case Strategy::kHyperband:
      return "Hyperband";
  }
  return "Unknown";
}

const char* ToString(ObjectiveType type) {
  switch (type) {
    case ObjectiveType::kMaximize:
      return "Maximize";
    case ObjectiveType::kMinimize:
      return "Minimize";
  }
  return "Unknown";
}

const char* ToString(WarmStartType type) {
  switch (type) {
    case WarmStartType::kIdenticalDataAndAlgorithm:
      return "IdenticalDataAndAlgorithm";
    case WarmStartType::kTransferLearning:
      return "TransferLearning";
  }
  return "Unknown";
}

bool IsBetter(ObjectiveType type, double a, double b) {
  // NaN is never better, and any number is better than NaN.
  if (std::isnan(a)) return false;
  if (std::isnan(b)) return true;
  return type == ObjectiveType::kMinimize ? a < b : a > b;
}

}  // namespace tune::spec
