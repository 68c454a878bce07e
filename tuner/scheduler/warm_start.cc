#include "tuner/scheduler/warm_start.h"

#include <algorithm>
#include <iterator>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "tuner/gp/initial_design.h"

namespace tune::scheduler {
namespace {

// Whether a parent's point lies inside this job's ranges, so that the
// designer may take it as an observation of this job's space.
bool FitsRanges(const space::Parameters& parameters,
                const std::vector<spec::ParameterRange>& ranges) {
  for (const auto& range : ranges) {
    auto it = parameters.find(range.name);
    if (it == parameters.end()) return false;
    const space::ParameterValue& value = it->second;
    if (range.type == spec::ParameterType::kCategorical) {
      const std::string* text = std::get_if<std::string>(&value);
      if (text == nullptr ||
          std::find(range.values.begin(), range.values.end(), *text) ==
              range.values.end()) {
        return false;
      }
      continue;
    }
    double number = 0;
    if (const double* d = std::get_if<double>(&value)) {
      number = *d;
    } else if (const int64_t* i = std::get_if<int64_t>(&value)) {
      number = static_cast<double>(*i);
    } else {
      return false;
    }
    if (number < range.min || number > range.max) return false;
  }
  return true;
}

}  // namespace

void AddParentObservations(const Job& job, const JobMap& jobs,
                           DesignerView& view) {
  const spec::JobSpec& spec = job.spec();
  const auto& warm = spec.warm_start;
  if (!warm) return;
  // TransferLearning: the parents' points only shape the start of the
  // search (their function may differ); once the job has as many trials
  // of its own as an initial design, they are left out.
  const int initial_design = gp::InitialDesignSize(
      static_cast<int>(spec.ranges.size()), spec.max_jobs);
  if (warm->type != spec::WarmStartType::kIdenticalDataAndAlgorithm &&
      job.ended() >= initial_design) {
    return;
  }
  std::vector<designers::CompletedTrial> parents;
  for (const std::string& parent_name : warm->parents) {
    auto found = jobs.find(parent_name);
    if (found == jobs.end()) continue;
    const Job* parent = found->second.get();
    for (const auto& trial : parent->trials()) {
      if (storage::IsActive(trial.record.state) ||
          trial.record.state == storage::TrialState::kFailed ||
          !trial.record.objective ||
          !FitsRanges(trial.parameters, spec.ranges)) {
        continue;
      }
      space::Parameters point;
      for (const auto& range : spec.ranges) {
        point[range.name] = trial.parameters.at(range.name);
      }
      parents.push_back({std::move(point), trial.record.objective});
    }
  }
  view.completed.insert(view.completed.begin(),
                        std::make_move_iterator(parents.begin()),
                        std::make_move_iterator(parents.end()));
}

absl::Status CheckWarmStart(const spec::JobSpec& spec, const JobMap& jobs) {
  if (!spec.warm_start) return absl::OkStatus();
  const auto& warm = *spec.warm_start;
  std::set<std::string> names;
  for (const auto& range : spec.ranges) names.insert(range.name);
  for (size_t i = 0; i < warm.parents.size(); ++i) {
    const std::string path = absl::StrCat("warm_start_config.parents[", i, "]");
    auto found = jobs.find(warm.parents[i]);
    if (found == jobs.end()) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ": no job named ", warm.parents[i]));
    }
    const spec::JobSpec& theirs = found->second->spec();
    if (theirs.objective_metric_name != spec.objective_metric_name ||
        theirs.objective_type != spec.objective_type) {
      return absl::InvalidArgumentError(absl::StrCat(
          path, ": its objective (", spec::ToString(theirs.objective_type), " ",
          theirs.objective_metric_name, ") differs from this job's (",
          spec::ToString(spec.objective_type), " ", spec.objective_metric_name,
          ")"));
    }
    std::set<std::string> their_names;
    for (const auto& range : theirs.ranges) {
      their_names.insert(range.name);
      for (const auto& ours : spec.ranges) {
        if (ours.name == range.name && ours.type != range.type) {
          return absl::InvalidArgumentError(absl::StrCat(
              path, ": hyperparameter ", range.name,
              " has another type in job ", theirs.name));
        }
      }
    }
    if (their_names != names) {
      std::vector<std::string> missing, extra;
      for (const auto& n : names) {
        if (!their_names.count(n)) missing.push_back(n);
      }
      for (const auto& n : their_names) {
        if (!names.count(n)) extra.push_back(n);
      }
      return absl::InvalidArgumentError(absl::StrCat(
          path, ": job ", theirs.name,
          " tunes other hyperparameters (it lacks [",
          absl::StrJoin(missing, ", "), "] and has [",
          absl::StrJoin(extra, ", "), "] that this job lacks)"));
    }
    if (warm.type == spec::WarmStartType::kIdenticalDataAndAlgorithm &&
        theirs.static_hyperparameters != spec.static_hyperparameters) {
      return absl::InvalidArgumentError(absl::StrCat(
          path, ": job ", theirs.name,
          " has other static_hyperparameters; IdenticalDataAndAlgorithm "
          "needs the same (use TransferLearning)"));
    }
  }
  return absl::OkStatus();
}

}  // namespace tune::scheduler
