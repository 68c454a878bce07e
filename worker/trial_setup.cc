#include "worker/trial_setup.h"

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "worker/trial_env.h"

namespace tune::worker {
namespace {

bool IsSafeName(const std::string& name) {
  if (name.empty() || name.size() > 200 || name == "." || name == "..") {
    return false;
  }
  for (char c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' &&
        c != '.') {
      return false;
    }
  }
  return true;
}

bool IsFlagName(const std::string& name) {
  if (name.empty() || name.size() > 200) return false;
  if (!std::isalpha(static_cast<unsigned char>(name[0])) && name[0] != '_') {
    return false;
  }
  for (char c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-' &&
        c != '.') {
      return false;
    }
  }
  return true;
}

}  // namespace

absl::StatusOr<TrialSetup> PrepareTrial(const tune::v1::TrialAssignment& assign,
                                        const std::string& work_dir,
                                        const std::vector<std::string>& base_env,
                                        const std::string& resolve_dir,
                                        const CommandPolicy& policy) {
  if (!IsSafeName(assign.trial_id())) {
    return absl::InvalidArgumentError(
        "assign.trial_id: must be letters, digits, '-', '_' or '.'");
  }
  if (assign.attempt() < 1) {
    return absl::InvalidArgumentError("assign.attempt: must be >= 1");
  }
  if (assign.command().empty() || assign.command(0).empty()) {
    return absl::InvalidArgumentError("assign.command: empty");
  }
  if (assign.hyperparameter_names_size() != assign.hyperparameter_values_size()) {
    return absl::InvalidArgumentError(
        "assign.hyperparameter_values: not one per name");
  }
  for (const auto& arg : assign.command()) {
    if (arg.find('\0') != std::string::npos) {
      return absl::InvalidArgumentError("assign.command: contains a NUL byte");
    }
  }
  nlohmann::json hyperparameters = nlohmann::json::object();
  std::vector<std::string> argv(assign.command().begin(), assign.command().end());
  // A relative path with a '/' means "relative to where workerd was started",
  // not to the trial directory the program runs in.
  absl::StatusOr<std::string> program =
      policy.Resolve(argv[0], EnvValue(base_env, "PATH"), resolve_dir);
  if (!program.ok()) return program.status();
  if (argv[0].find('/') != std::string::npos) argv[0] = *program;
  for (int i = 0; i < assign.hyperparameter_names_size(); ++i) {
    const std::string& name = assign.hyperparameter_names(i);
    const std::string& value = assign.hyperparameter_values(i);
    if (!IsFlagName(name)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "assign.hyperparameter_names[", i, "]: '", name,
          "' is not usable as a --flag"));
    }
    if (value.find('\0') != std::string::npos) {
      return absl::InvalidArgumentError(absl::StrCat(
          "assign.hyperparameter_values[", i, "]: contains a NUL byte"));
    }
    hyperparameters[name] = value;
    argv.push_back("--" + name);
    argv.push_back(value);
  }

  const std::string dir_name =
      assign.attempt() == 1
          ? assign.trial_id()
          : absl::StrCat(assign.trial_id(), ".attempt", assign.attempt());
  const std::filesystem::path trial_dir =
      std::filesystem::absolute(std::filesystem::path(work_dir) / dir_name);
  std::error_code error;
  std::filesystem::create_directories(trial_dir, error);
  if (error) {
    return absl::InternalError(absl::StrCat("cannot create ", trial_dir.string(),
                                            ": ", error.message()));
  }
  {
    std::ofstream file(trial_dir / "hyperparameters.json");
    file << hyperparameters.dump(2) << "\n";
    if (!file) {
      return absl::InternalError(
          absl::StrCat("cannot write ", (trial_dir / "hyperparameters.json").string()));
    }
  }

  std::vector<std::string> env;
  bool has_unbuffered = false;
  bool has_home = false;
  for (const auto& entry : base_env) {
    // Ours win over passed-on ones of the same name.
    if (entry.rfind("TUNE_TRIAL_ID=", 0) == 0 ||
        entry.rfind("TUNE_TRIAL_DIR=", 0) == 0 ||
        entry.rfind("CUDA_VISIBLE_DEVICES=", 0) == 0) {
      continue;
    }
    has_unbuffered |= entry.rfind("PYTHONUNBUFFERED=", 0) == 0;
    has_home |= entry.rfind("HOME=", 0) == 0;
    env.push_back(entry);
  }
  // Caches and dot files land in the trial's own directory.
  if (!has_home) env.push_back("HOME=" + trial_dir.string());
  env.push_back("TUNE_TRIAL_ID=" + assign.trial_id());
  env.push_back("TUNE_TRIAL_DIR=" + trial_dir.string());
  // A CPU trial sees no GPU at all.
  env.push_back("CUDA_VISIBLE_DEVICES=" + absl::StrJoin(assign.gpu_ids(), ","));
  // Python buffers a pipe's output; metrics should arrive as printed.
  if (!has_unbuffered) env.push_back("PYTHONUNBUFFERED=1");

  TrialSetup setup;
  setup.trial_dir = trial_dir.string();
  setup.launch.program = *program;
  setup.launch.argv = std::move(argv);
  setup.launch.env = std::move(env);
  setup.launch.work_dir = trial_dir.string();
  setup.launch.log_path = (trial_dir / "output.log").string();
  return setup;
}

}  // namespace tune::worker
