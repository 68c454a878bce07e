// A Store in RAM with the same semantics as SqliteStore (both pass
// store_conformance_test.cc). For tests and benchmarks; nothing survives the
// process.
//
// Thread-safe: one mutex guards all state; Commit checks the whole mutation
// before it changes anything, so a failed Commit leaves no trace.
//
// Usage:
//   MemoryStore store;
//   absl::StatusOr<CommitResult> result = store.Commit(mutation);
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <tuple>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "storage/store.h"

namespace tune::storage {

class MemoryStore : public Store {
 public:
  MemoryStore() = default;
  MemoryStore(const MemoryStore&) = delete;
  MemoryStore& operator=(const MemoryStore&) = delete;
  ~MemoryStore() override = default;

  // See Store and SqliteStore::Commit: the same errors, checked in the same
  // order (values, new_job, job_update, trials, points).
  absl::StatusOr<CommitResult> Commit(const Mutation& mutation) override;

  absl::StatusOr<JobRecord> GetJob(std::string_view name) override;
  absl::StatusOr<std::vector<JobRecord>> ListJobs() override;
  absl::StatusOr<TrialRecord> GetTrial(std::string_view trial_id) override;
  absl::StatusOr<std::vector<TrialRecord>> ListTrials(
      std::string_view job_name) override;
  absl::StatusOr<std::vector<MetricPointRecord>> ListMetricPoints(
      std::string_view trial_id) override;
  // Everything in RAM is as durable as it gets: groups change nothing.
  absl::Status BeginGroup() override { return absl::OkStatus(); }
  absl::Status EndGroup() override { return absl::OkStatus(); }
  absl::StatusOr<bool> HasClientRequest(std::string_view trial_id,
                                        std::string_view request_id) override;
  // InvalidArgument if `limit` is negative.
  absl::StatusOr<std::vector<EventRecord>> ListEvents(std::string_view job_name,
                                                      int64_t after_id,
                                                      int limit) override;

 private:
  // (metric, step): the order ListMetricPoints returns.
  using PointKey = std::tuple<int, std::string, int64_t>;
  // (seq, trial_id): the order ListTrials returns.
  using TrialKey = std::pair<int64_t, std::string>;

  // OK if Apply(mutation) cannot fail; otherwise the error Commit returns.
  absl::Status Check(const Mutation& mutation) const
      ABSL_SHARED_LOCKS_REQUIRED(mutex_);
  CommitResult Apply(const Mutation& mutation)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);
  bool HasJob(std::string_view name) const ABSL_SHARED_LOCKS_REQUIRED(mutex_);

  mutable absl::Mutex mutex_;
  std::vector<JobRecord> jobs_ ABSL_GUARDED_BY(mutex_);  // creation order
  std::map<std::string, size_t, std::less<>> job_index_
      ABSL_GUARDED_BY(mutex_);  // name -> index in jobs_
  std::map<std::string, TrialRecord, std::less<>> trials_
      ABSL_GUARDED_BY(mutex_);
  std::map<std::string, std::set<TrialKey>, std::less<>> trials_by_job_
      ABSL_GUARDED_BY(mutex_);
  std::map<std::string, std::map<PointKey, MetricPointRecord>, std::less<>>
      points_ ABSL_GUARDED_BY(mutex_);  // by trial_id
  std::map<std::string, std::vector<EventRecord>, std::less<>> events_
      ABSL_GUARDED_BY(mutex_);  // by job_name, in id order
  int64_t last_event_id_ ABSL_GUARDED_BY(mutex_) = 0;
  std::set<std::pair<std::string, std::string>, std::less<>> client_requests_
      ABSL_GUARDED_BY(mutex_);  // (trial_id, request_id)
};

}  // namespace tune::storage
