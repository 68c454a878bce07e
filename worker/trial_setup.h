// Turns a trial assignment from tunerd into what the worker launches: a
// checked trial id, the trial's own directory with hyperparameters.json in
// it, the argv with every hyperparameter appended as `--name value`, and
// the environment. Everything in the assignment is untrusted and checked
// here, and the command must pass the worker's CommandPolicy. Stateless
// apart from the files it writes; thread-safe.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "tune/v1/worker.pb.h"
#include "worker/command_policy.h"
#include "worker/trial_process.h"

namespace tune::worker {

struct TrialSetup {
  LaunchSpec launch;
  std::string trial_dir;
};

// `base_env` is TrialBaseEnvironment's (trial_env.h); `resolve_dir` is
// where a relative command path with a '/' is resolved (workerd's working
// directory at start). Errors: InvalidArgument naming the bad field;
// PermissionDenied when the policy refuses the command; NotFound when it
// cannot be found; Internal when the directory or file cannot be written.
absl::StatusOr<TrialSetup> PrepareTrial(const tune::v1::TrialAssignment& assign,
                                        const std::string& work_dir,
                                        const std::vector<std::string>& base_env,
                                        const std::string& resolve_dir,
                                        const CommandPolicy& policy);

}  // namespace tune::worker
