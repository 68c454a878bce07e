// What clients read: trials in pages, one trial's curves, a job's events.
#include <algorithm>
#include <limits>
#include <utility>

#include "absl/strings/str_cat.h"
#include "tuner/scheduler/curve_sampling.h"
#include "tuner/scheduler/scheduler.h"

namespace tune::scheduler {

using storage::TrialState;

absl::StatusOr<std::vector<storage::TrialRecord>> Scheduler::ListTrials(
    const std::string& job_name, std::optional<TrialState> filter,
    bool sort_by_objective) const {
  auto page = ListTrialsPage(job_name, filter, sort_by_objective, 0,
                             std::numeric_limits<int64_t>::max());
  if (!page.ok()) return page.status();
  return std::move(page->trials);
}

absl::StatusOr<TrialPage> Scheduler::ListTrialsPage(
    const std::string& job_name, std::optional<TrialState> filter,
    bool sort_by_objective, int64_t offset, int64_t limit,
    uint64_t changed_after) const {
  if (offset < 0 || limit < 1) {
    return absl::InvalidArgumentError("a page needs offset >= 0, limit >= 1");
  }
  absl::MutexLock lock(&mu_);
  const Job* job = FindJob(job_name);
  if (job == nullptr) {
    return absl::NotFoundError(absl::StrCat("no job ", job_name));
  }
  std::vector<const storage::TrialRecord*> matching;
  for (const auto& trial : job->trials()) {
    if ((!filter || trial.record.state == *filter) &&
        trial.changed > changed_after) {
      matching.push_back(&trial.record);
    }
  }
  if (sort_by_objective) {
    const auto type = job->spec().objective_type;
    std::stable_sort(matching.begin(), matching.end(),
                     [type](const auto* a, const auto* b) {
                       if (a->objective.has_value() != b->objective.has_value()) {
                         return a->objective.has_value();
                       }
                       return a->objective &&
                              spec::IsBetter(type, *a->objective, *b->objective);
                     });
  }
  TrialPage page;
  page.changes = job->changes();
  page.total = static_cast<int64_t>(matching.size());
  const int64_t end = offset + std::min(limit, page.total);
  for (int64_t i = offset; i < std::min(end, page.total); ++i) {
    page.trials.push_back(*matching[i]);
  }
  if (end < page.total) page.next_offset = end;
  return page;
}

absl::StatusOr<TrialDetail> Scheduler::DescribeTrial(
    const std::string& trial_id, int max_points_per_metric) const {
  TrialDetail detail;
  int metrics = 1;
  {
    absl::MutexLock lock(&mu_);
    const Job* job = FindJob(JobNameOfTrial(trial_id));
    const Job::Trial* trial =
        job == nullptr ? nullptr : job->FindTrial(trial_id);
    if (trial == nullptr) {
      return absl::NotFoundError(absl::StrCat("no trial ", trial_id));
    }
    detail.record = trial->record;
    detail.static_hyperparameters = job->spec().static_hyperparameters;
    metrics = std::max<int>(1, job->spec().metric_definitions.size());
  }
  // Without mu_: the reader sees at least what was committed when the
  // record was copied (mu_ is held until a group is durable).
  auto points = reader_->ListMetricPoints(trial_id);
  if (!points.ok()) return points.status();
  // The curve of the attempt that counts; earlier attempts failed.
  std::erase_if(*points, [&](const storage::MetricPointRecord& point) {
    return point.attempt != detail.record.attempt;
  });
  const int per_metric = std::min(
      max_points_per_metric > 0 ? max_points_per_metric : kMaxPointsPerCurve,
      kMaxPointsPerReply / metrics);
  SampledCurves sampled = SampleCurves(std::move(*points), per_metric);
  detail.points = std::move(sampled.points);
  detail.total_points = std::move(sampled.total_points);
  return detail;
}

absl::StatusOr<std::vector<storage::EventRecord>> Scheduler::WaitForEvents(
    const std::string& job_name, int64_t after_id,
    std::chrono::system_clock::time_point deadline) const {
  uint64_t seen = 0;
  {
    absl::MutexLock lock(&mu_);
    if (FindJob(job_name) == nullptr) {
      return absl::NotFoundError(absl::StrCat("no job ", job_name));
    }
    seen = changes_;
  }
  while (true) {
    // Read without mu_; a change after `seen` wakes the wait below, and
    // the next read sees it (mu_ is held until a group is durable).
    auto events = reader_->ListEvents(job_name, after_id, 256);
    if (!events.ok() || !events->empty() ||
        std::chrono::system_clock::now() >= deadline) {
      return events;
    }
    absl::MutexLock lock(&mu_);
    while (changes_ == seen && !shutting_down_ &&
           std::chrono::system_clock::now() < deadline) {
      changed_.WaitWithDeadline(&mu_, absl::FromChrono(deadline));
    }
    if (shutting_down_) return events;
    seen = changes_;
  }
}

}  // namespace tune::scheduler
