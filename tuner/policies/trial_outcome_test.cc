#include "tuner/policies/trial_outcome.h"

#include <catch2/catch.hpp>

namespace tune::policies {
namespace {

TrialEndFacts WorkerExit(int exit_code, bool objective) {
  TrialEndFacts facts;
  facts.end.exit_code = exit_code;
  facts.end.objective_reported = objective;
  facts.objective_metric = "acc";
  facts.maximum_retry_attempts = 2;
  return facts;
}

TEST_CASE("a clean exit with an objective completes; without one it fails") {
  CHECK(DecideTrialEnd(WorkerExit(0, true)).outcome == TrialOutcome::kCompleted);
  const TrialEndDecision failed = DecideTrialEnd(WorkerExit(0, false));
  CHECK(failed.outcome == TrialOutcome::kFailed);
  CHECK(failed.reason == "objective metric acc was never reported");
}

TEST_CASE("an unordered kill is retried while retries remain, then fails saying so") {
  TrialEndFacts facts = WorkerExit(137, true);
  const TrialEndDecision first = DecideTrialEnd(facts);
  CHECK(first.outcome == TrialOutcome::kRetried);
  CHECK(first.reason == "killed by signal 9");
  facts.retries_used = 2;
  const TrialEndDecision last = DecideTrialEnd(facts);
  CHECK(last.outcome == TrialOutcome::kFailed);
  CHECK(last.reason == "killed by signal 9 (no retries left: 2 used)");
  facts.retries_used = 0;
  facts.job_running = false;
  CHECK(DecideTrialEnd(facts).outcome == TrialOutcome::kFailed);
  CHECK(DecideTrialEnd(facts).reason == "killed by signal 9");
}

TEST_CASE("the trial's own failures are never retried") {
  const TrialEndDecision crashed = DecideTrialEnd(WorkerExit(2, true));
  CHECK(crashed.outcome == TrialOutcome::kFailed);
  CHECK(crashed.reason == "exited with code 2");
  TrialEndFacts refused = WorkerExit(-1, false);
  refused.end.refused = true;
  refused.worker_reason = "train is not allowed";
  CHECK(DecideTrialEnd(refused).outcome == TrialOutcome::kFailed);
  CHECK(DecideTrialEnd(refused).reason == "train is not allowed");
}

TEST_CASE("a tuner's stop order makes any unclean end Stopped, with the tuner's reason") {
  TrialEndFacts facts = WorkerExit(143, false);
  facts.end.stopped_by_order = true;
  facts.worker_reason = "stop requested";
  CHECK(DecideTrialEnd(facts).reason == "stop requested");
  facts.stop_reason = "early stopping (Auto): below the median";
  CHECK(DecideTrialEnd(facts).outcome == TrialOutcome::kStopped);
  CHECK(DecideTrialEnd(facts).reason == facts.stop_reason);
  // The order raced a crash or a lost lease: still Stopped, not retried.
  facts.end.stopped_by_order = false;
  facts.end.exit_code = 137;
  CHECK(DecideTrialEnd(facts).outcome == TrialOutcome::kStopped);
  facts.source = EndSource::kLeaseExpired;
  CHECK(DecideTrialEnd(facts).outcome == TrialOutcome::kStopped);
  // A trial that finished cleanly before the order took effect completed.
  TrialEndFacts finished = WorkerExit(0, true);
  finished.stop_reason = "training.max_runtime_in_seconds";
  CHECK(DecideTrialEnd(finished).outcome == TrialOutcome::kCompleted);
}

TEST_CASE("a lost worker's trial is retried as infrastructure, named by worker") {
  TrialEndFacts facts;
  facts.source = EndSource::kLeaseExpired;
  facts.worker_id = "gpu-7";
  facts.maximum_retry_attempts = 1;
  CHECK(DecideTrialEnd(facts).outcome == TrialOutcome::kRetried);
  CHECK(DecideTrialEnd(facts).reason == "worker lost: gpu-7 (lease expired)");
  facts.maximum_retry_attempts = 0;
  CHECK(DecideTrialEnd(facts).outcome == TrialOutcome::kFailed);
}

TEST_CASE("a worker that forgets a silent trial gets it back, a bounded number of times") {
  TrialEndFacts facts;
  facts.source = EndSource::kWorkerForgot;
  facts.worker_id = "w1";
  CHECK(DecideTrialEnd(facts).outcome == TrialOutcome::kRequeued);
  facts.attempt = kMaxSilentAttempts;
  CHECK(DecideTrialEnd(facts).outcome == TrialOutcome::kFailed);
  CHECK(DecideTrialEnd(facts).reason ==
        "worker lost: w1 came back without the trial");
  facts.attempt = 1;
  facts.reported = true;  // it ran: its points are lost with it
  facts.maximum_retry_attempts = 1;
  CHECK(DecideTrialEnd(facts).outcome == TrialOutcome::kRetried);
}

TEST_CASE("a client's end is Completed unless infeasible or without an objective") {
  TrialEndFacts facts;
  facts.source = EndSource::kClient;
  facts.objective_metric = "loss";
  facts.end.objective_reported = true;
  CHECK(DecideTrialEnd(facts).outcome == TrialOutcome::kCompleted);
  facts.infeasible = true;
  facts.infeasibility_reason = "diverged";
  CHECK(DecideTrialEnd(facts).reason == "infeasible: diverged");
  facts.infeasible = false;
  facts.end.objective_reported = false;
  CHECK(DecideTrialEnd(facts).outcome == TrialOutcome::kFailed);
  CHECK(DecideTrialEnd(facts).reason == "objective metric loss was never reported");
}

}  // namespace
}  // namespace tune::policies
