#include "tuner/policies/trial_outcome.h"

#include "absl/strings/str_cat.h"

namespace tune::policies {
namespace {

std::string DescribeExit(int exit_code) {
  if (exit_code > 128) return absl::StrCat("killed by signal ", exit_code - 128);
  return absl::StrCat("exited with code ", exit_code);
}

// Why an attempt that neither completed nor was stopped failed.
std::string FailureReason(const TrialEndFacts& facts) {
  switch (facts.source) {
    case EndSource::kLeaseExpired:
      return absl::StrCat("worker lost: ", facts.worker_id, " (lease expired)");
    case EndSource::kWorkerForgot:
      return absl::StrCat("worker lost: ", facts.worker_id,
                          " came back without the trial");
    case EndSource::kClient:
    case EndSource::kWorker:
      break;
  }
  if (facts.end.exit_code == 0) {
    return absl::StrCat("objective metric ", facts.objective_metric,
                        " was never reported");
  }
  return facts.end.exit_code < 0 ? facts.worker_reason
                                 : DescribeExit(facts.end.exit_code);
}

}  // namespace

const char* ToString(TrialOutcome outcome) {
  switch (outcome) {
    case TrialOutcome::kCompleted: return "Completed";
    case TrialOutcome::kFailed: return "Failed";
    case TrialOutcome::kStopped: return "Stopped";
    case TrialOutcome::kRetried: return "Retried";
    case TrialOutcome::kRequeued: return "Requeued";
  }
  return "Unknown";
}

TrialEndDecision DecideTrialEnd(const TrialEndFacts& facts) {
  if (facts.source == EndSource::kClient) {
    if (facts.infeasible) {
      return {TrialOutcome::kFailed,
              absl::StrCat("infeasible: ", facts.infeasibility_reason)};
    }
    if (!facts.end.objective_reported) {
      return {TrialOutcome::kFailed,
              absl::StrCat("objective metric ", facts.objective_metric,
                           " was never reported")};
    }
    return {TrialOutcome::kCompleted, ""};
  }
  if (facts.source == EndSource::kWorkerForgot && !facts.reported &&
      facts.attempt < kMaxSilentAttempts) {
    return {TrialOutcome::kRequeued,
            absl::StrCat("worker ", facts.worker_id, " came back without it")};
  }
  AttemptEnd end = facts.end;
  end.worker_lost = facts.source != EndSource::kWorker;
  const FailureKind kind = Classify(end).kind;
  if (kind == FailureKind::kStopped) {
    return {TrialOutcome::kStopped,
            !facts.stop_reason.empty()   ? facts.stop_reason
            : facts.worker_reason.empty() ? std::string("stopped")
                                          : facts.worker_reason};
  }
  if (kind == FailureKind::kNone) return {TrialOutcome::kCompleted, ""};
  if (!facts.stop_reason.empty()) {
    return {TrialOutcome::kStopped, facts.stop_reason};
  }
  std::string reason = FailureReason(facts);
  const bool infrastructure = kind == FailureKind::kInfrastructure;
  if (facts.job_running &&
      ShouldRetry(kind, facts.retries_used + 1, facts.maximum_retry_attempts)) {
    return {TrialOutcome::kRetried, std::move(reason)};
  }
  if (infrastructure && facts.job_running && facts.maximum_retry_attempts > 0) {
    absl::StrAppend(&reason, " (no retries left: ",
                    facts.maximum_retry_attempts, " used)");
  }
  return {TrialOutcome::kFailed, std::move(reason)};
}

}  // namespace tune::policies
