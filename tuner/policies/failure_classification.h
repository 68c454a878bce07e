// Why a trial attempt ended, for the retry strategy: infrastructure
// failures are retried (spec.maximum_retry_attempts), the trial's own
// failures and ordered stops are not.
//
// Classify() applies the first rule that matches:
//   1. stopped_by_order (early stopping, a stop request, max runtime)
//                                                  -> kStopped
//   2. refused (the worker's allowlist said no)    -> kTrial
//   3. worker_lost, could_not_start                -> kInfrastructure
//   4. exit_code -1 (unknown) or outside -1..255   -> kInfrastructure
//   5. exit_code 128+N for N = SIGKILL, SIGTERM, SIGHUP, SIGINT, SIGBUS
//      that nobody ordered (the OOM killer, a node event)
//                                                  -> kInfrastructure
//   6. exit_code 128+N for any other signal (SIGSEGV, SIGABRT, SIGFPE,
//      SIGILL, ... the trainer raised it itself)   -> kTrial
//   7. any other non-zero exit_code                -> kTrial
//   8. exit_code 0 without an objective            -> kTrial
//   9. exit_code 0 with an objective               -> kNone (no failure)
//
// Example:
//   FailureClass c = Classify({.exit_code = 137});  // kInfrastructure
//   if (ShouldRetry(c.kind, attempts, spec.maximum_retry_attempts)) ...
//
// Pure functions; safe to call from any thread.
#pragma once

#include <string>

namespace tune::policies {

enum class FailureKind { kNone, kInfrastructure, kTrial, kStopped };

const char* ToString(FailureKind kind);

struct AttemptEnd {
  // -1: never started or unknown; 0..255: the exit status; 128+N: killed by
  // signal N (the shell's convention).
  int exit_code = -1;
  bool stopped_by_order = false;  // the tuner or the worker stopped it
  bool could_not_start = false;   // e.g. exec failed, no such command
  bool refused = false;           // outside the worker's allowlist
  bool worker_lost = false;       // the worker stopped heartbeating
  bool objective_reported = false;
};

struct FailureClass {
  FailureKind kind = FailureKind::kTrial;
  // Why, in a few words: "killed by signal 9 (SIGKILL) that nobody
  // ordered", "exited with status 2", "exited 0 without an objective".
  std::string reason;
};

FailureClass Classify(const AttemptEnd& end);

// Whether to run the trial again: only after an infrastructure failure,
// and only while the retries used (attempts_so_far - 1, the attempt that
// just ended counted in attempts_so_far) are fewer than
// maximum_retry_attempts. So maximum_retry_attempts = 2 allows 3 attempts.
bool ShouldRetry(FailureKind kind, int attempts_so_far,
                 int maximum_retry_attempts);

}  // namespace tune::policies
