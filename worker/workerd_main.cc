// workerd: runs the trials tunerd assigns to this machine.
//   workerd --tuner HOST:PORT [--gpus 0,1,... [--slots-per-gpu N] | --slots N]
//           [--work-dir DIR]
//           [--worker-id ID] [--kill-grace-seconds S]
//           (--allow PATH... | --allow-any-command) [--pass-env NAME...]
//           [--ca FILE --tls-cert FILE --tls-key FILE]
//           [--trial-user NAME | --allow-root-trials]
//           [--config FILE]
// The worker id defaults to the one saved in DIR/worker-id (made once from
// the host name), so a restarted workerd is the same worker; with TLS it
// is the name in the client certificate. Every flag can also be set in the
// --config file (NAME = value lines, as CLI11 reads them).
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>

#include <CLI/CLI.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>

#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "tuner/service/channel_credentials.h"
#include "tuner/service/daemon_flags.h"
#include "tuner/service/health_client.h"
#include "worker/trial_env.h"
#include "worker/worker_agent.h"

extern char** environ;

namespace {

std::string LoadOrMakeWorkerId(const std::filesystem::path& work_dir) {
  const auto path = work_dir / "worker-id";
  std::string id;
  if (std::ifstream file(path); file >> id && !id.empty()) return id;
  char host[256] = {};
  ::gethostname(host, sizeof(host) - 1);
  std::random_device random;
  id = absl::StrFormat("%s-%06x", host, random() & 0xffffff);
  std::ofstream(path) << id << "\n";
  return id;
}

// workerd --check: what a probe or a Slurm script asks before relying on
// this worker. Prints one line per check.
bool CheckReady(const tune::worker::AgentOptions& options,
                std::shared_ptr<grpc::ChannelCredentials> credentials) {
  const auto probe = std::filesystem::path(options.work_dir) / ".workerd-check";
  const bool writable = static_cast<bool>(std::ofstream(probe) << "ok\n");
  std::error_code ignored;
  std::filesystem::remove(probe, ignored);
  std::cout << "work dir " << options.work_dir << ": "
            << (writable ? "writable" : "NOT writable") << std::endl;
  auto status = tune::service::CheckTunerHealth(
      options.tuner_address, std::move(credentials), std::chrono::seconds(5));
  if (!status.ok()) {
    std::cout << status.status().message() << std::endl;
    return false;
  }
  std::cout << "worker " << options.worker_id << ", tunerd at "
            << options.tuner_address << ": " << *status << std::endl;
  return writable && *status == "SERVING";
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"workerd: runs tuning trials on this machine"};
  tune::worker::AgentOptions options;
  std::string gpus;
  int slots = 0;
  double kill_grace = 10;
  std::string work_dir = "workerd-work";
  app.add_option("--tuner", options.tuner_address, "tunerd HOST:PORT")->required();
  auto* gpus_option = app.add_option(
      "--gpus", gpus, "GPU ids, one slot each, e.g. 0,1,2,3");
  app.add_option("--slots", slots, "CPU slots (when no --gpus)")
      ->check(CLI::Range(1, 1024))
      ->excludes(gpus_option);
  app.add_option("--slots-per-gpu", options.slots_per_gpu,
                 "trials that may share each GPU at once, so that small "
                 "trials fill it (with --gpus)")
      ->check(CLI::Range(1, 64))
      ->needs(gpus_option)
      ->capture_default_str();
  app.add_option("--work-dir", work_dir, "where trial directories go")
      ->capture_default_str();
  app.add_option("--worker-id", options.worker_id, "stable id of this worker");
  app.add_option("--kill-grace-seconds", kill_grace,
                 "SIGTERM to SIGKILL delay for stopped trials")
      ->check(CLI::Range(0.0, 3600.0))
      ->capture_default_str();
  std::vector<std::string> allow;
  bool allow_any = false;
  app.add_option("--allow", allow,
                 "absolute path of a program, or a directory of programs, "
                 "that trials may run (repeatable)");
  app.add_flag("--allow-any-command", allow_any,
               "run whatever command tunerd sends (trusted tuner only)");
  std::vector<std::string> pass_env;
  app.add_option("--pass-env", pass_env,
                 "a variable of workerd's environment that trials also get "
                 "(repeatable); they always get PATH, HOME (their directory), "
                 "TUNE_TRIAL_ID, TUNE_TRIAL_DIR and CUDA_VISIBLE_DEVICES");
  app.add_option("--ca", options.tls.ca,
                 "PEM CA of tunerd's certificate: connect with TLS");
  app.add_option("--tls-cert", options.tls.cert,
                 "PEM client certificate of this worker (its name is the "
                 "worker id)");
  app.add_option("--tls-key", options.tls.key, "PEM private key of --tls-cert");
  bool allow_root = false;
  app.add_flag("--allow-root-trials", allow_root,
               "run trials as root when workerd runs as root");
  std::string trial_user;
  app.add_option("--trial-user", trial_user,
                 "run trials as this account (workerd must run as root)");
  app.add_option("--max-log-bytes", options.max_log_bytes,
                 "cap of each trial's output.log; later output is still "
                 "scraped for metrics")
      ->check(CLI::Range(uint64_t{1024}, uint64_t{1} << 50))
      ->capture_default_str();
  bool check = false;
  app.add_flag("--check", check,
               "check the configuration, that the work dir is writable and "
               "that tunerd serves (grpc.health.v1), then exit: 0 when all "
               "hold, 1 when one does not, 2 for a bad flag");
  if (auto exit_code = tune::service::ParseDaemonFlags(
          app, argc, argv, "workerd",
          "file of NAME = value settings, one per flag (deploy/conf/"
          "workerd.conf documents them)")) {
    return *exit_code;
  }
  if (!trial_user.empty()) {
    if (::geteuid() != 0) {
      std::cerr << "workerd: --trial-user needs workerd to run as root"
                << std::endl;
      return 2;
    }
    auto user = tune::worker::LookUpTrialUser(trial_user);
    if (!user.ok()) {
      std::cerr << "workerd: " << user.status().message() << std::endl;
      return 2;
    }
    options.trial_user = *std::move(user);
  } else if (::geteuid() == 0 && !allow_root) {
    std::cerr << "workerd: refusing to run trials as root: run workerd as an "
                 "unprivileged user, or give --trial-user NAME to run trials "
                 "as one, or pass --allow-root-trials"
              << std::endl;
    return 2;
  }
  if (allow_any && !allow.empty()) {
    std::cerr << "workerd: give --allow or --allow-any-command, not both"
              << std::endl;
    return 2;
  }
  if (allow_any) {
    options.policy = tune::worker::CommandPolicy::AllowAny();
    std::cerr << "workerd: warning: --allow-any-command: trials may run any "
                 "program tunerd sends"
              << std::endl;
  } else if (allow.empty()) {
    std::cerr << "workerd: warning: no --allow: every trial will be refused; "
                 "list the training programs with --allow PATH"
              << std::endl;
  } else {
    auto policy = tune::worker::CommandPolicy::Create(allow);
    if (!policy.ok()) {
      std::cerr << "workerd: " << policy.status().message() << std::endl;
      return 2;
    }
    options.policy = *std::move(policy);
  }
  auto credentials = tune::service::MakeChannelCredentials(options.tls);
  if (!credentials.ok()) {
    std::cerr << "workerd: " << credentials.status().message() << std::endl;
    return 2;
  }

  if (!gpus.empty()) {
    for (absl::string_view id : absl::StrSplit(gpus, ',')) {
      if (id.empty()) {
        std::cerr << "workerd: --gpus: empty GPU id in '" << gpus << "'"
                  << std::endl;
        return 2;
      }
      options.gpu_ids.emplace_back(id);
    }
  }
  options.cpu_slots = slots > 0 ? slots : 1;
  std::error_code error;
  std::filesystem::create_directories(work_dir, error);
  if (error) {
    std::cerr << "workerd: --work-dir: cannot create " << work_dir << ": "
              << error.message() << std::endl;
    return 2;
  }
  options.work_dir = std::filesystem::absolute(work_dir).string();
  if (options.worker_id.empty() && !options.tls.cert.empty()) {
    // Under TLS a worker is who its certificate says.
    auto name = tune::service::CertificateCommonName(options.tls.cert);
    if (!name.ok()) {
      std::cerr << "workerd: " << name.status().message() << std::endl;
      return 2;
    }
    options.worker_id = *name;
  }
  if (options.worker_id.empty()) {
    options.worker_id = LoadOrMakeWorkerId(options.work_dir);
  }
  if (check) {
    return CheckReady(options, *credentials) ? 0 : 1;
  }
  options.kill_grace =
      std::chrono::milliseconds(static_cast<int64_t>(kill_grace * 1000));
  std::vector<std::string> own_env;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    own_env.emplace_back(*entry);
  }
  options.env = tune::worker::TrialBaseEnvironment(own_env, pass_env);
  options.start_dir = std::filesystem::current_path().string();

  boost::asio::io_context io;
  tune::worker::WorkerAgent agent(io, options);
  boost::asio::signal_set stop_signals(io, SIGTERM, SIGINT);
  stop_signals.async_wait([&](const boost::system::error_code& e, int signal) {
    if (e) return;
    std::cerr << "workerd: signal " << signal << ", stopping trials" << std::endl;
    agent.Shutdown([&] { io.stop(); });
  });
  std::cout << "workerd " << options.worker_id << " with "
            << (options.gpu_ids.empty()
                    ? std::to_string(options.cpu_slots) + " CPU slot(s)"
                    : std::to_string(options.gpu_ids.size()) + " GPU(s) x " +
                          std::to_string(options.slots_per_gpu) + " slot(s)")
            << ", tuner " << options.tuner_address << std::endl;
  agent.Start();
  io.run();
  return 0;
}
