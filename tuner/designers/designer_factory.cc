#include "tuner/designers/designer_factory.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "tuner/designers/gp_designer.h"
#include "tuner/designers/grid_designer.h"
#include "tuner/designers/random_designer.h"

namespace tune::designers {
namespace {

// A job without random_seed still needs one that survives restarts and
// differs between jobs: derive it from the job's name (FNV-1a).
uint64_t EffectiveSeed(const spec::JobSpec& spec) {
  if (spec.random_seed != 0) return spec.random_seed;
  uint64_t hash = 1469598103934665603ull;
  for (unsigned char c : spec.name) {
    hash = (hash ^ c) * 1099511628211ull;
  }
  return hash;
}

// Hyperband decides how long trials run; its designer decides which.
spec::Strategy DesignerStrategy(const spec::JobSpec& spec) {
  if (spec.strategy != spec::Strategy::kHyperband) return spec.strategy;
  return spec.hyperband ? spec.hyperband->designer : spec::Strategy::kBayesian;
}

}  // namespace

bool FitsAModel(const spec::JobSpec& spec) {
  return DesignerStrategy(spec) == spec::Strategy::kBayesian;
}

absl::StatusOr<std::unique_ptr<Designer>> MakeDesigner(
    const spec::JobSpec& spec) {
  if (spec.ranges.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("job ", spec.name, " has no hyperparameter ranges"));
  }
  switch (DesignerStrategy(spec)) {
    case spec::Strategy::kRandom:
      return std::make_unique<RandomDesigner>(spec.ranges, EffectiveSeed(spec));
    case spec::Strategy::kBayesian:
      return std::make_unique<GpDesigner>(spec.ranges, spec.objective_type,
                                          EffectiveSeed(spec), spec.max_jobs);
    case spec::Strategy::kGrid:
      return GridDesigner::Create(spec.ranges);
    case spec::Strategy::kHyperband:
      break;
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "strategy_config.hyperband.designer: must be Bayesian or Random"));
}

}  // namespace tune::designers
