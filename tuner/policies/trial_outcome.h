// How a trial's attempt ends: the one place that decides between
// Completed, Failed, Stopped, a retry and a requeue, whatever reported the
// end (the worker, an expired lease, a worker that came back without the
// trial, or an ask/tell client).
//
// DecideTrialEnd() applies the first rule that matches:
//   1. a client ended it: infeasible or no objective -> Failed, else
//      Completed (clients retry themselves);
//   2. the worker forgot it before it reported anything, within
//      kMaxSilentAttempts attempts -> Requeued (its assignment was likely
//      lost with a stream; not a retry);
//   3. the worker stopped it on an order -> Stopped (the tuner's reason
//      first, then the worker's);
//   4. it exited 0 with an objective -> Completed;
//   5. the tuner had ordered it to stop (a rule, a runtime limit) ->
//      Stopped, keeping what it reported, never run again;
//   6. an infrastructure failure (failure_classification.h) while the job
//      runs and retries remain -> Retried;
//   7. otherwise -> Failed.
//
// Pure; safe from any thread.
#pragma once

#include <string>

#include "tuner/policies/failure_classification.h"

namespace tune::policies {

// A worker that keeps losing one trial before it reports gets it this many
// times, then the trial fails.
inline constexpr int kMaxSilentAttempts = 3;

enum class EndSource { kWorker, kLeaseExpired, kWorkerForgot, kClient };

enum class TrialOutcome { kCompleted, kFailed, kStopped, kRetried, kRequeued };

const char* ToString(TrialOutcome outcome);

struct TrialEndFacts {
  EndSource source = EndSource::kWorker;
  // What the worker said (kWorker); objective_reported for every source.
  AttemptEnd end;
  std::string worker_reason;  // the worker's words, for an exit_code < 0
  std::string worker_id;      // for kLeaseExpired and kWorkerForgot
  // The tuner's stop order for this attempt; empty when it gave none.
  std::string stop_reason;
  std::string objective_metric;
  bool infeasible = false;  // kClient
  std::string infeasibility_reason;
  bool job_running = true;  // a stopping job retries nothing
  bool reported = false;    // the attempt stored any point
  int attempt = 1;          // this attempt's number, from 1
  int retries_used = 0;     // before this attempt ended
  int maximum_retry_attempts = 0;
};

struct TrialEndDecision {
  TrialOutcome outcome = TrialOutcome::kFailed;
  // The trial's reason (Failed, Stopped), or why the attempt ended
  // (Retried, Requeued). Empty for a plain completion.
  std::string reason;
};

TrialEndDecision DecideTrialEnd(const TrialEndFacts& facts);

}  // namespace tune::policies
