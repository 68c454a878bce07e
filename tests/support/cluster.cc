#include "tests/support/cluster.h"

#include <signal.h>
#include <unistd.h>

#include <cstdlib>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <grpcpp/grpcpp.h>

namespace tune::testing {

std::string TunerdPath() { return TUNE_TUNERD_PATH; }
std::string WorkerdPath() { return TUNE_WORKERD_PATH; }
std::string TunectlPath() { return TUNE_TUNECTL_PATH; }
std::string FakeTrainerPath() { return TUNE_FAKE_TRAINER_PATH; }
std::string MakeCertsPath() { return TUNE_MAKE_CERTS_PATH; }

Cluster::Cluster(std::string lease_seconds)
    : lease_seconds_(std::move(lease_seconds)) {}

void Cluster::EnableSecurity(const std::vector<std::string>& worker_ids) {
  auto run = [](std::vector<std::string> argv) {
    auto [code, output] = RunToEnd(argv);
    if (code != 0) throw std::runtime_error(argv[0] + " failed: " + output);
    return output;
  };
  run({"bash", MakeCertsPath(), CertsDir(), "ca"});
  run({"bash", MakeCertsPath(), CertsDir(), "tunerd", "localhost", "127.0.0.1"});
  if (!worker_ids.empty()) {
    std::vector<std::string> workers{"bash", MakeCertsPath(), CertsDir(), "worker"};
    workers.insert(workers.end(), worker_ids.begin(), worker_ids.end());
    run(workers);
  }
  const std::string output =
      run({TunerdPath(), "--db", dir() + "/tune.db", "--init"});
  const size_t start = output.find("tune_");
  if (start == std::string::npos) {
    throw std::runtime_error("tunerd --init printed no token: " + output);
  }
  admin_token_ = output.substr(start, output.find('\n', start) - start);
}

std::shared_ptr<grpc::Channel> Cluster::ClientChannel(
    const std::string& token) const {
  if (!secure()) {
    return grpc::CreateChannel(address_, grpc::InsecureChannelCredentials());
  }
  std::ifstream file(CertsDir() + "/ca.pem");
  std::stringstream ca;
  ca << file.rdbuf();
  std::shared_ptr<grpc::ChannelCredentials> credentials =
      grpc::SslCredentials({.pem_root_certs = ca.str()});
  if (!token.empty()) {
    credentials = grpc::CompositeChannelCredentials(
        credentials, grpc::AccessTokenCredentials(token));
  }
  return grpc::CreateChannel(address_, credentials);
}

void Cluster::StartTuner(const std::string& port) {
  std::vector<std::string> argv{TunerdPath(), "--listen", "127.0.0.1:" + port,
                                "--db", dir() + "/tune.db", "--lease-seconds",
                                lease_seconds_, "--dashboard", "127.0.0.1:0"};
  if (secure()) {
    for (const auto& [flag, file] :
         {std::pair{"--tls-cert", "tunerd.pem"}, {"--tls-key", "tunerd.key"},
          {"--client-ca", "ca.pem"}}) {
      argv.insert(argv.end(), {flag, CertsDir() + "/" + file});
    }
  }
  tuner_ = std::make_unique<ChildProcess>(std::move(argv));
  const std::string prefix = "tunerd listening on ";
  auto line = tuner_->WaitForLine(
      [&](const std::string& l) { return l.rfind(prefix, 0) == 0; },
      std::chrono::seconds(30));
  if (!line) {
    throw std::runtime_error("tunerd did not start: " + tuner_->output());
  }
  address_ = line->substr(prefix.size());
  port_ = address_.substr(address_.rfind(':') + 1);
  const std::string dashboard_prefix =
      secure() ? "dashboard at https://" : "dashboard at http://";
  auto dashboard_line = tuner_->WaitForLine(
      [&](const std::string& l) { return l.rfind(dashboard_prefix, 0) == 0; },
      std::chrono::seconds(30));
  if (!dashboard_line) {
    throw std::runtime_error("tunerd's dashboard did not start: " + tuner_->output());
  }
  // "dashboard at http://127.0.0.1:PORT/"
  dashboard_address_ = dashboard_line->substr(
      dashboard_prefix.size(), dashboard_line->size() - dashboard_prefix.size() - 1);
  stub_ = tune::v1::TunerService::NewStub(ClientChannel(admin_token_));
}

void Cluster::KillTuner() {
  tuner_->Signal(SIGKILL);
  tuner_->Wait(std::chrono::seconds(10));
}

std::string Cluster::WorkDir(const std::string& worker_id) const {
  return dir() + "/work-" + worker_id;
}

ChildProcess& Cluster::StartWorker(const std::string& id, int slots,
                                   std::vector<std::string> extra_env) {
  return StartWorkerWith(id, {"--slots", std::to_string(slots)},
                         std::move(extra_env));
}

ChildProcess& Cluster::StartGpuWorker(const std::string& id,
                                      const std::string& gpus,
                                      std::vector<std::string> extra_env,
                                      int slots_per_gpu) {
  return StartWorkerWith(
      id, {"--gpus", gpus, "--slots-per-gpu", std::to_string(slots_per_gpu)},
      std::move(extra_env));
}

ChildProcess& Cluster::StartWorkerWith(const std::string& id,
                                       std::vector<std::string> capacity,
                                       std::vector<std::string> extra_env) {
  std::vector<std::string> argv = WorkerArgv(id);
  argv.insert(argv.end(), capacity.begin(), capacity.end());
  for (const std::string& entry : extra_env) {
    argv.insert(argv.end(), {"--pass-env", entry.substr(0, entry.find('='))});
  }
  workers_.push_back(
      std::make_unique<ChildProcess>(std::move(argv), std::move(extra_env)));
  worker_ids_.push_back(id);
  auto& worker = *workers_.back();
  auto line = worker.WaitForLine(
      [](const std::string& l) { return l.find(": registered") != std::string::npos; },
      std::chrono::seconds(30));
  if (!line) throw std::runtime_error("workerd did not register: " + worker.output());
  return worker;
}

namespace {

// The python3 that trials' `python3` will find: the first on PATH.
std::string Python3OnPath() {
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path != nullptr ? path : "/usr/bin");
  for (std::string dir; std::getline(dirs, dir, ':');) {
    const std::string candidate = dir + "/python3";
    if (!dir.empty() && ::access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return "/usr/bin/python3";
}

}  // namespace

std::vector<std::string> Cluster::WorkerArgv(const std::string& id) const {
  const std::string bin_dir =
      std::filesystem::path(TunerdPath()).parent_path().string();
  std::vector<std::string> argv{
      WorkerdPath(), "--tuner", address_, "--work-dir", WorkDir(id),
      "--worker-id", id, "--kill-grace-seconds", "2", "--allow",
      Python3OnPath(), "--allow", bin_dir,
      // CI runs as root.
      "--allow-root-trials"};
  if (secure()) {
    argv.insert(argv.end(),
                {"--ca", CertsDir() + "/ca.pem", "--tls-cert",
                 CertsDir() + "/worker-" + id + ".pem", "--tls-key",
                 CertsDir() + "/worker-" + id + ".key"});
  }
  return argv;
}

std::pair<int, std::string> Cluster::Tunectl(std::vector<std::string> args,
                                             const std::string& token) {
  std::vector<std::string> argv{TunectlPath(), "--tuner", address_};
  // No config file of the developer's may steer the test's tunectl.
  std::vector<std::string> env{"TUNE_CONFIG=" + dir() + "/no-tunectl-config.yaml"};
  if (secure()) {
    argv.insert(argv.end(), {"--ca", CertsDir() + "/ca.pem"});
    env.push_back("TUNE_TOKEN=" + (token.empty() ? admin_token_ : token));
  }
  argv.insert(argv.end(), args.begin(), args.end());
  return RunToEnd(std::move(argv), std::move(env));
}

std::string Cluster::WriteSpec(const std::string& name, const std::string& yaml) {
  const std::string path = dir() + "/" + name;
  std::ofstream(path) << yaml;
  return path;
}

std::string Cluster::ReadTrialFile(const std::string& trial_id,
                                   const std::string& name, int attempt) const {
  const std::string dir =
      attempt == 1 ? trial_id : trial_id + ".attempt" + std::to_string(attempt);
  for (const auto& id : worker_ids_) {
    std::ifstream file(WorkDir(id) + "/" + dir + "/" + name);
    if (file) {
      std::stringstream text;
      text << file.rdbuf();
      return text.str();
    }
  }
  return "";
}

}  // namespace tune::testing
