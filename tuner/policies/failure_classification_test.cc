#include "tuner/policies/failure_classification.h"

#include <catch2/catch.hpp>
#include <string>

namespace tune::policies {
namespace {

TEST_CASE("How an attempt's end is classified") {
  struct Case {
    AttemptEnd end;
    FailureKind kind;
    const char* reason;
  };
  const Case cases[] = {
      {{.exit_code = 0, .objective_reported = true},
       FailureKind::kNone,
       "exited 0 with an objective"},
      {{.exit_code = 0}, FailureKind::kTrial, "exited 0 without an objective"},
      {{.exit_code = 1}, FailureKind::kTrial, "exited with status 1"},
      {{.exit_code = 2, .objective_reported = true},
       FailureKind::kTrial,
       "exited with status 2"},
      {{.exit_code = 128}, FailureKind::kTrial, "exited with status 128"},
      {{.exit_code = 137},
       FailureKind::kInfrastructure,
       "killed by signal 9 (SIGKILL) that nobody ordered"},
      {{.exit_code = 143},
       FailureKind::kInfrastructure,
       "killed by signal 15 (SIGTERM) that nobody ordered"},
      {{.exit_code = 129},
       FailureKind::kInfrastructure,
       "killed by signal 1 (SIGHUP) that nobody ordered"},
      {{.exit_code = 130},
       FailureKind::kInfrastructure,
       "killed by signal 2 (SIGINT) that nobody ordered"},
      {{.exit_code = 135},
       FailureKind::kInfrastructure,
       "killed by signal 7 (SIGBUS) that nobody ordered"},
      {{.exit_code = 139},
       FailureKind::kTrial,
       "killed by signal 11 (SIGSEGV)"},
      {{.exit_code = 134}, FailureKind::kTrial, "killed by signal 6 (SIGABRT)"},
      {{.exit_code = 136}, FailureKind::kTrial, "killed by signal 8 (SIGFPE)"},
      {{.exit_code = 132}, FailureKind::kTrial, "killed by signal 4 (SIGILL)"},
      {{.exit_code = 141},
       FailureKind::kTrial,
       "killed by signal 13 (SIGPIPE)"},
      {{.exit_code = 162}, FailureKind::kTrial, "killed by signal 34"},
      {{.exit_code = 137, .stopped_by_order = true},
       FailureKind::kStopped,
       "stopped by order"},
      {{.exit_code = 0, .stopped_by_order = true, .objective_reported = true},
       FailureKind::kStopped,
       "stopped by order"},
      {{.exit_code = -1, .stopped_by_order = true, .worker_lost = true},
       FailureKind::kStopped,
       "stopped by order"},
      {{.exit_code = -1, .worker_lost = true},
       FailureKind::kInfrastructure,
       "worker lost"},
      {{.exit_code = 1, .worker_lost = true},
       FailureKind::kInfrastructure,
       "worker lost"},
      {{.exit_code = -1, .could_not_start = true},
       FailureKind::kInfrastructure,
       "could not be started"},
      {{.exit_code = -1}, FailureKind::kInfrastructure, "exit status unknown"},
      {{.exit_code = -1, .could_not_start = true, .refused = true},
       FailureKind::kTrial,
       "refused by the worker's command allowlist"},
      {{.exit_code = 300},
       FailureKind::kInfrastructure,
       "exit status 300 unknown"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.end.exit_code, c.end.stopped_by_order, c.end.could_not_start,
            c.end.worker_lost, c.end.objective_reported);
    const FailureClass result = Classify(c.end);
    CHECK(ToString(result.kind) == std::string(ToString(c.kind)));
    CHECK(result.reason == c.reason);
  }
}

TEST_CASE("Only infrastructure failures are retried, within the limit") {
  struct Case {
    FailureKind kind;
    int attempts_so_far;
    int maximum_retry_attempts;
    bool retry;
  };
  const Case cases[] = {
      {FailureKind::kInfrastructure, 1, 0, false},
      {FailureKind::kInfrastructure, 1, 1, true},
      {FailureKind::kInfrastructure, 2, 1, false},
      {FailureKind::kInfrastructure, 1, 2, true},
      {FailureKind::kInfrastructure, 2, 2, true},
      {FailureKind::kInfrastructure, 3, 2, false},
      {FailureKind::kTrial, 1, 5, false},
      {FailureKind::kStopped, 1, 5, false},
      {FailureKind::kNone, 1, 5, false},
  };
  for (const Case& c : cases) {
    CAPTURE(ToString(c.kind), c.attempts_so_far, c.maximum_retry_attempts);
    CHECK(ShouldRetry(c.kind, c.attempts_so_far, c.maximum_retry_attempts) ==
          c.retry);
  }
}

}  // namespace
}  // namespace tune::policies
