#include "worker/trial_env.h"

#include <algorithm>

namespace tune::worker {

std::string EnvValue(const std::vector<std::string>& env, const std::string& name) {
  const std::string prefix = name + "=";
  for (const std::string& entry : env) {
    if (entry.rfind(prefix, 0) == 0) return entry.substr(prefix.size());
  }
  return "";
}

std::vector<std::string> TrialBaseEnvironment(
    const std::vector<std::string>& environ, const std::vector<std::string>& pass) {
  std::vector<std::string> env;
  const std::string path = EnvValue(environ, "PATH");
  env.push_back("PATH=" + (path.empty() ? "/usr/local/bin:/usr/bin:/bin" : path));
  for (const std::string& entry : environ) {
    const std::string name = entry.substr(0, entry.find('='));
    if (name != "PATH" &&
        std::find(pass.begin(), pass.end(), name) != pass.end()) {
      env.push_back(entry);
    }
  }
  return env;
}

}  // namespace tune::worker
