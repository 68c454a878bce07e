// The environment a trial starts with: not workerd's, which may hold the
// operator's secrets, but a documented, clean set (README, "Secure setup"):
//   PATH                   workerd's PATH (else /usr/local/bin:/usr/bin:/bin)
//   NAME=value             each variable the operator passes on (--pass-env)
// to which PrepareTrial adds HOME (the trial's directory), TUNE_TRIAL_ID,
// TUNE_TRIAL_DIR, CUDA_VISIBLE_DEVICES and PYTHONUNBUFFERED=1.
// Pure; thread-safe.
#pragma once

#include <string>
#include <vector>

namespace tune::worker {

// `environ`: workerd's own "NAME=value" entries; `pass`: names to keep.
std::vector<std::string> TrialBaseEnvironment(
    const std::vector<std::string>& environ, const std::vector<std::string>& pass);

// The value of NAME in "NAME=value" entries, or "" when absent.
std::string EnvValue(const std::vector<std::string>& env, const std::string& name);

}  // namespace tune::worker
