#include "storage/memory_store.h"

#include <algorithm>
#include <set>

#include "storage/mutation_checks.h"

namespace tune::storage {

absl::StatusOr<CommitResult> MemoryStore::Commit(const Mutation& mutation) {
  if (absl::Status s = ValidateMutation(mutation); !s.ok()) return s;
  absl::MutexLock lock(&mutex_);
  if (absl::Status s = Check(mutation); !s.ok()) return s;
  return Apply(mutation);
}

bool MemoryStore::HasJob(std::string_view name) const {
  return job_index_.find(name) != job_index_.end();
}

absl::Status MemoryStore::Check(const Mutation& mutation) const {
  // What the mutation itself creates counts, as it would in a transaction.
  std::set<std::string_view> new_jobs;
  if (mutation.new_job.has_value()) {
    if (HasJob(mutation.new_job->name)) {
      return JobExistsError(mutation.new_job->name);
    }
    new_jobs.insert(mutation.new_job->name);
  }
  if (mutation.job_update.has_value() &&
      !HasJob(mutation.job_update->name) &&
      !new_jobs.contains(mutation.job_update->name)) {
    return JobNotFoundError(mutation.job_update->name);
  }
  std::set<std::string_view> new_trials;
  for (const TrialRecord& trial : mutation.trials) {
    if (!HasJob(trial.job_name) && !new_jobs.contains(trial.job_name)) {
      return TrialJobMissingError(trial);
    }
    new_trials.insert(trial.trial_id);
  }
  for (const MetricPointRecord& point : mutation.points) {
    if (trials_.find(point.trial_id) == trials_.end() &&
        !new_trials.contains(point.trial_id)) {
      return PointTrialMissingError(point);
    }
  }
  for (const ClientRequestRecord& request : mutation.client_requests) {
    if (trials_.find(request.trial_id) == trials_.end() &&
        !new_trials.contains(request.trial_id)) {
      return RequestTrialMissingError(request);
    }
  }
  return absl::OkStatus();
}

CommitResult MemoryStore::Apply(const Mutation& mutation) {
  CommitResult result;
  if (mutation.new_job.has_value()) {
    job_index_[mutation.new_job->name] = jobs_.size();
    jobs_.push_back(*mutation.new_job);
  }
  if (mutation.job_update.has_value()) {
    jobs_[job_index_.find(mutation.job_update->name)->second] =
        *mutation.job_update;
  }
  for (const TrialRecord& trial : mutation.trials) {
    auto it = trials_.find(trial.trial_id);
    if (it != trials_.end()) {
      const TrialRecord& old = it->second;
      trials_by_job_[old.job_name].erase({old.seq, old.trial_id});
      it->second = trial;
    } else {
      trials_.emplace(trial.trial_id, trial);
    }
    trials_by_job_[trial.job_name].insert({trial.seq, trial.trial_id});
  }
  for (const MetricPointRecord& point : mutation.points) {
    auto [unused, inserted] = points_[point.trial_id].try_emplace(
        PointKey(point.attempt, point.metric, point.step), point);
    if (inserted) ++result.points_inserted;
  }
  for (const EventRecord& event : mutation.events) {
    EventRecord stored = event;
    stored.id = ++last_event_id_;
    result.event_ids.push_back(stored.id);
    events_[stored.job_name].push_back(std::move(stored));
  }
  for (const ClientRequestRecord& request : mutation.client_requests) {
    client_requests_.emplace(request.trial_id, request.request_id);
  }
  return result;
}

absl::StatusOr<bool> MemoryStore::HasClientRequest(
    std::string_view trial_id, std::string_view request_id) {
  absl::ReaderMutexLock lock(&mutex_);
  return client_requests_.contains(
      std::pair<std::string, std::string>(trial_id, request_id));
}

absl::StatusOr<JobRecord> MemoryStore::GetJob(std::string_view name) {
  absl::ReaderMutexLock lock(&mutex_);
  auto it = job_index_.find(name);
  if (it == job_index_.end()) return JobNotFoundError(name);
  return jobs_[it->second];
}

absl::StatusOr<std::vector<JobRecord>> MemoryStore::ListJobs() {
  absl::ReaderMutexLock lock(&mutex_);
  return jobs_;
}

absl::StatusOr<TrialRecord> MemoryStore::GetTrial(std::string_view trial_id) {
  absl::ReaderMutexLock lock(&mutex_);
  auto it = trials_.find(trial_id);
  if (it == trials_.end()) return TrialNotFoundError(trial_id);
  return it->second;
}

absl::StatusOr<std::vector<TrialRecord>> MemoryStore::ListTrials(
    std::string_view job_name) {
  absl::ReaderMutexLock lock(&mutex_);
  std::vector<TrialRecord> trials;
  auto it = trials_by_job_.find(job_name);
  if (it == trials_by_job_.end()) return trials;
  for (const TrialKey& key : it->second) {
    trials.push_back(trials_.find(key.second)->second);
  }
  return trials;
}

absl::StatusOr<std::vector<MetricPointRecord>> MemoryStore::ListMetricPoints(
    std::string_view trial_id) {
  absl::ReaderMutexLock lock(&mutex_);
  std::vector<MetricPointRecord> points;
  auto it = points_.find(trial_id);
  if (it == points_.end()) return points;
  for (const auto& [key, point] : it->second) points.push_back(point);
  return points;
}

absl::StatusOr<std::vector<EventRecord>> MemoryStore::ListEvents(
    std::string_view job_name, int64_t after_id, int limit) {
  if (absl::Status s = ValidateEventLimit(limit); !s.ok()) return s;
  absl::ReaderMutexLock lock(&mutex_);
  std::vector<EventRecord> events;
  auto it = events_.find(job_name);
  if (it == events_.end()) return events;
  const std::vector<EventRecord>& all = it->second;
  auto first = std::upper_bound(
      all.begin(), all.end(), after_id,
      [](int64_t id, const EventRecord& event) { return id < event.id; });
  for (; first != all.end() && static_cast<int>(events.size()) < limit;
       ++first) {
    events.push_back(*first);
  }
  return events;
}

}  // namespace tune::storage
