// The history of a trial's earlier attempts, kept as JSON on its record
// (TrialRecord::attempts_json) so that a retried trial shows what happened
// to each attempt. Stateless; thread-safe.
#pragma once

#include <string>

#include "storage/store.h"

namespace tune::scheduler {

// `record.attempts_json` with the attempt `record` describes appended, as
// ended at `ended_at` with `exit_code` for `reason`; `retried` when it used
// one of retry_strategy's retries (a lost assignment's requeue does not). A
// history that does not parse (it never should) is started afresh rather
// than lost silently: the old text is kept in the new entry's
// "unreadable_history".
std::string AppendAttempt(const storage::TrialRecord& record, double ended_at,
                          int exit_code, const std::string& reason,
                          bool retried);

// The retries an attempts_json history records; 0 if it does not parse.
int CountRetries(const std::string& attempts_json);

}  // namespace tune::scheduler
