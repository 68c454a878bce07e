#include "tuner/designers/designer_factory.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "tuner/designers/random_designer.h"

namespace tune::designers {

absl::StatusOr<std::unique_ptr<Designer>> MakeDesigner(
    const spec::JobSpec& spec) {
  if (spec.ranges.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("job ", spec.name, " has no hyperparameter ranges"));
  }
  switch (spec.strategy) {
    case spec::Strategy::kRandom:
      return std::make_unique<RandomDesigner>(spec.ranges, spec.random_seed);
    case spec::Strategy::kBayesian:
      // TODO: the Gaussian-process designer (tuner/gp/) is a later issue;
      // until then Bayesian jobs are sampled at random.
      return std::make_unique<RandomDesigner>(spec.ranges, spec.random_seed);
    case spec::Strategy::kGrid:
    case spec::Strategy::kHyperband:
      break;
  }
  return absl::UnimplementedError(absl::StrCat(
      "strategy ", spec::ToString(spec.strategy), " is not supported yet"));
}

}  // namespace tune::designers
