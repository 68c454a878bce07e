#include "tests/support/cluster.h"

#include <signal.h>

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

Cluster::Cluster(std::string lease_seconds)
    : lease_seconds_(std::move(lease_seconds)) {}

void Cluster::StartTuner(const std::string& port) {
  tuner_ = std::make_unique<ChildProcess>(std::vector<std::string>{
      TunerdPath(), "--listen", "127.0.0.1:" + port, "--db",
      dir() + "/tune.db", "--lease-seconds", lease_seconds_, "--dashboard",
      "127.0.0.1:0"});
  const std::string prefix = "tunerd listening on ";
  auto line = tuner_->WaitForLine(
      [&](const std::string& l) { return l.rfind(prefix, 0) == 0; },
      std::chrono::seconds(30));
  if (!line) {
    throw std::runtime_error("tunerd did not start: " + tuner_->output());
  }
  address_ = line->substr(prefix.size());
  port_ = address_.substr(address_.rfind(':') + 1);
  const std::string dashboard_prefix = "dashboard at http://";
  auto dashboard_line = tuner_->WaitForLine(
      [&](const std::string& l) { return l.rfind(dashboard_prefix, 0) == 0; },
      std::chrono::seconds(30));
  if (!dashboard_line) {
    throw std::runtime_error("tunerd's dashboard did not start: " + tuner_->output());
  }
  // "dashboard at http://127.0.0.1:PORT/"
  dashboard_address_ = dashboard_line->substr(
      dashboard_prefix.size(), dashboard_line->size() - dashboard_prefix.size() - 1);
  stub_ = tune::v1::TunerService::NewStub(
      grpc::CreateChannel(address_, grpc::InsecureChannelCredentials()));
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
                                      std::vector<std::string> extra_env) {
  return StartWorkerWith(id, {"--gpus", gpus}, std::move(extra_env));
}

ChildProcess& Cluster::StartWorkerWith(const std::string& id,
                                       std::vector<std::string> capacity,
                                       std::vector<std::string> extra_env) {
  std::vector<std::string> argv{WorkerdPath(), "--tuner", address_,
                                "--work-dir", WorkDir(id), "--worker-id", id,
                                "--kill-grace-seconds", "2"};
  argv.insert(argv.end(), capacity.begin(), capacity.end());
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

std::pair<int, std::string> Cluster::Tunectl(std::vector<std::string> args) {
  std::vector<std::string> argv{TunectlPath(), "--tuner", address_};
  argv.insert(argv.end(), args.begin(), args.end());
  return RunToEnd(std::move(argv));
}

std::string Cluster::WriteSpec(const std::string& name, const std::string& yaml) {
  const std::string path = dir() + "/" + name;
  std::ofstream(path) << yaml;
  return path;
}

std::string Cluster::ReadTrialFile(const std::string& trial_id,
                                   const std::string& name) const {
  for (const auto& id : worker_ids_) {
    std::ifstream file(WorkDir(id) + "/" + trial_id + "/" + name);
    if (file) {
      std::stringstream text;
      text << file.rdbuf();
      return text.str();
    }
  }
  return "";
}

}  // namespace tune::testing
