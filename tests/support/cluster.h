// A real tunerd and real workerd processes on loopback for the
// cross-process tests: an ephemeral port, a SQLite file in a temp dir, and
// a gRPC stub to inspect the tuner. Not thread-safe.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <grpcpp/channel.h>

#include "tests/support/child_process.h"
#include "tune/v1/tuner.grpc.pb.h"

namespace tune::testing {

class Cluster {
 public:
  explicit Cluster(std::string lease_seconds = "5");

  // The secure setup, called before StartTuner: deploy/make-certs.sh makes
  // a CA, tunerd's certificate (localhost, 127.0.0.1) and one client
  // certificate per id in `worker_ids`, and `tunerd --init` the admin
  // token. Then tunerd serves TLS and tokens, workers connect with their
  // certificates, and stub() and Tunectl() use the admin token.
  void EnableSecurity(const std::vector<std::string>& worker_ids);
  bool secure() const { return !admin_token_.empty(); }
  const std::string& admin_token() const { return admin_token_; }
  std::string CertsDir() const { return dir() + "/certs"; }
  // A channel to tunerd as a client: TLS with `token` when secure.
  std::shared_ptr<grpc::Channel> ClientChannel(const std::string& token) const;

  // Starts tunerd on `port` ("0": any free one), its dashboard on any free
  // port, and waits until both serve.
  void StartTuner(const std::string& port = "0");
  // SIGKILLs tunerd (no drain) and reaps it.
  void KillTuner();
  // Starts a workerd with `slots` CPU slots and its own work dir; waits
  // until it has registered. It may run python3 and the built programs
  // (--allow). Extra env goes to the worker and (--pass-env) its trials.
  ChildProcess& StartWorker(const std::string& id, int slots,
                            std::vector<std::string> extra_env = {});
  // The same with GPU slots: `gpus` as workerd's --gpus takes it ("0,1"),
  // each shared by `slots_per_gpu` trials.
  ChildProcess& StartGpuWorker(const std::string& id, const std::string& gpus,
                               std::vector<std::string> extra_env = {},
                               int slots_per_gpu = 1);

  // Runs tunectl against this tuner; returns {exit code, output}. When
  // secure, with the CA and `token` (the admin's if empty).
  std::pair<int, std::string> Tunectl(std::vector<std::string> args,
                                      const std::string& token = "");
  // workerd's argv for a worker of this cluster, before capacity flags.
  std::vector<std::string> WorkerArgv(const std::string& id) const;

  // Writes a spec file into the temp dir and returns its path.
  std::string WriteSpec(const std::string& name, const std::string& yaml);

  tune::v1::TunerService::Stub& stub() { return *stub_; }
  ChildProcess& tuner() { return *tuner_; }
  const std::string& address() const { return address_; }
  // HOST:PORT of tunerd's web dashboard.
  const std::string& dashboard_address() const { return dashboard_address_; }
  const std::string& port() const { return port_; }
  const std::string& dir() const { return dir_.path(); }
  std::string WorkDir(const std::string& worker_id) const;

  // Reads a file of a trial's attempt (workerd names the directory of
  // attempt N > 1 "ID.attemptN") from whichever worker ran it.
  std::string ReadTrialFile(const std::string& trial_id, const std::string& name,
                            int attempt = 1) const;

 private:
  TempDir dir_;
  std::string lease_seconds_;
  ChildProcess& StartWorkerWith(const std::string& id,
                               std::vector<std::string> capacity,
                               std::vector<std::string> extra_env);

  std::unique_ptr<ChildProcess> tuner_;
  std::vector<std::unique_ptr<ChildProcess>> workers_;
  std::vector<std::string> worker_ids_;
  std::string address_;
  std::string port_;
  std::string dashboard_address_;
  std::string admin_token_;
  std::unique_ptr<tune::v1::TunerService::Stub> stub_;
};

// Paths of the built programs and scripts (from compile definitions).
std::string TunerdPath();
std::string WorkerdPath();
std::string TunectlPath();
std::string FakeTrainerPath();
std::string MakeCertsPath();  // deploy/make-certs.sh

}  // namespace tune::testing
