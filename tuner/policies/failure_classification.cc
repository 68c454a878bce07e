#include "tuner/policies/failure_classification.h"

#include <csignal>

#include "absl/strings/str_cat.h"

namespace tune::policies {
namespace {

// Signals sent from outside the trainer: the OOM killer, a node shutting
// down, a session hanging up, an operator, a bus error from the host.
bool IsInfrastructureSignal(int signal) {
  switch (signal) {
    case SIGKILL:
    case SIGTERM:
    case SIGHUP:
    case SIGINT:
    case SIGBUS:
      return true;
    default:
      return false;
  }
}

const char* SignalName(int signal) {
  switch (signal) {
    case SIGHUP:
      return "SIGHUP";
    case SIGINT:
      return "SIGINT";
    case SIGQUIT:
      return "SIGQUIT";
    case SIGILL:
      return "SIGILL";
    case SIGTRAP:
      return "SIGTRAP";
    case SIGABRT:
      return "SIGABRT";
    case SIGBUS:
      return "SIGBUS";
    case SIGFPE:
      return "SIGFPE";
    case SIGKILL:
      return "SIGKILL";
    case SIGUSR1:
      return "SIGUSR1";
    case SIGSEGV:
      return "SIGSEGV";
    case SIGUSR2:
      return "SIGUSR2";
    case SIGPIPE:
      return "SIGPIPE";
    case SIGALRM:
      return "SIGALRM";
    case SIGTERM:
      return "SIGTERM";
    default:
      return nullptr;
  }
}

std::string DescribeSignal(int signal) {
  const char* name = SignalName(signal);
  return name == nullptr ? absl::StrCat("signal ", signal)
                         : absl::StrCat("signal ", signal, " (", name, ")");
}

}  // namespace

const char* ToString(FailureKind kind) {
  switch (kind) {
    case FailureKind::kNone:
      return "None";
    case FailureKind::kInfrastructure:
      return "Infrastructure";
    case FailureKind::kTrial:
      return "Trial";
    case FailureKind::kStopped:
      return "Stopped";
  }
  return "Unknown";
}

FailureClass Classify(const AttemptEnd& end) {
  if (end.stopped_by_order) return {FailureKind::kStopped, "stopped by order"};
  if (end.refused) {
    return {FailureKind::kTrial, "refused by the worker's command allowlist"};
  }
  if (end.worker_lost) return {FailureKind::kInfrastructure, "worker lost"};
  if (end.could_not_start) {
    return {FailureKind::kInfrastructure, "could not be started"};
  }
  if (end.exit_code < 0 || end.exit_code > 255) {
    return {FailureKind::kInfrastructure,
            end.exit_code == -1
                ? std::string("exit status unknown")
                : absl::StrCat("exit status ", end.exit_code, " unknown")};
  }
  if (end.exit_code > 128) {
    const int signal = end.exit_code - 128;
    if (IsInfrastructureSignal(signal)) {
      return {FailureKind::kInfrastructure,
              absl::StrCat("killed by ", DescribeSignal(signal),
                           " that nobody ordered")};
    }
    return {FailureKind::kTrial,
            absl::StrCat("killed by ", DescribeSignal(signal))};
  }
  if (end.exit_code != 0) {
    return {FailureKind::kTrial,
            absl::StrCat("exited with status ", end.exit_code)};
  }
  if (!end.objective_reported) {
    return {FailureKind::kTrial, "exited 0 without an objective"};
  }
  return {FailureKind::kNone, "exited 0 with an objective"};
}

bool ShouldRetry(FailureKind kind, int attempts_so_far,
                 int maximum_retry_attempts) {
  return kind == FailureKind::kInfrastructure &&
         attempts_so_far - 1 < maximum_retry_attempts;
}

}  // namespace tune::policies
