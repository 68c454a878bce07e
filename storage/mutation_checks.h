// Checks and error statuses shared by every Store implementation, so that
// MemoryStore and SqliteStore reject the same input with the same codes and
// the same messages (the conformance suite relies on it).
//
// Stateless free functions: safe to call from any thread.
#pragma once

#include <string_view>

#include "absl/status/status.h"
#include "storage/store.h"

namespace tune::storage {

// Checks a mutation's values without looking at what is stored:
// InvalidArgument if a job name, trial id, point trial id, metric name or
// request id is empty, or if any double is NaN (SQLite cannot store NaN: it becomes NULL).
absl::Status ValidateMutation(const Mutation& mutation);

// InvalidArgument if `limit` is negative. A limit of 0 asks for nothing.
absl::Status ValidateEventLimit(int limit);

// The errors Commit and the getters return, by cause.
absl::Status JobExistsError(std::string_view job_name);      // AlreadyExists
absl::Status JobNotFoundError(std::string_view job_name);    // NotFound
absl::Status TrialNotFoundError(std::string_view trial_id);  // NotFound
// FailedPrecondition: the trial's job is neither stored nor in the mutation.
absl::Status TrialJobMissingError(const TrialRecord& trial);
// FailedPrecondition: the point's trial is neither stored nor in the mutation.
absl::Status PointTrialMissingError(const MetricPointRecord& point);
// FailedPrecondition: the request's trial is neither stored nor in the
// mutation.
absl::Status RequestTrialMissingError(const ClientRequestRecord& request);

}  // namespace tune::storage
