// The secure setup end to end: real tunerd and workerd over TLS on
// loopback, certificates from deploy/make-certs.sh, tokens from tunerd
// --init and tunectl token create. Each case is one promise of README's
// "Secure setup".
#include <pwd.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <future>
#include <sstream>

#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>

#include "absl/strings/str_replace.h"
#include "tests/support/cluster.h"
#include "tests/support/eventually.h"
#include "tests/support/fake_job.h"
#include "tune/v1/access.grpc.pb.h"
#include "tune/v1/worker.grpc.pb.h"
#include "tuner/auth/rpc_roles.h"

namespace tune::testing {
namespace {

using auth::Role;

// Calls `method` with an empty request, whatever its types: the role
// check comes before the request is looked at.
grpc::StatusCode CallWithEmptyRequest(const std::shared_ptr<grpc::Channel>& channel,
                                      std::string_view method) {
  grpc::GenericStub stub(channel);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
  grpc::Slice empty("");  // an empty message: every field at its default
  grpc::ByteBuffer request(&empty, 1);
  grpc::ByteBuffer response;
  std::promise<grpc::Status> done;
  stub.UnaryCall(&context, std::string(method), grpc::StubOptions(), &request,
                 &response, [&](grpc::Status status) { done.set_value(status); });
  return done.get_future().get().error_code();
}

std::string CreateToken(Cluster& cluster, const std::string& name,
                        const std::string& role) {
  auto [code, output] = cluster.Tunectl({"token", "create", name, "--role", role});
  INFO(output);
  REQUIRE(code == 0);
  const size_t start = output.find("tune_");
  REQUIRE(start != std::string::npos);
  return output.substr(start, output.find('\n', start) - start);
}

std::string ReadAll(const std::string& path) {
  std::ifstream file(path);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

TEST_CASE("each RPC allows exactly the roles of the table; no token, no call") {
  Cluster cluster;
  cluster.EnableSecurity({});
  cluster.StartTuner();
  const std::map<Role, std::string> tokens{
      {Role::kViewer, CreateToken(cluster, "vera", "viewer")},
      {Role::kSubmitter, CreateToken(cluster, "sam", "submitter")},
      {Role::kAdmin, cluster.admin_token()}};
  const auto anonymous = cluster.ClientChannel("");
  const auto forged = cluster.ClientChannel("tune_0000");
  std::map<Role, std::shared_ptr<grpc::Channel>> channels;
  for (const auto& [role, token] : tokens) channels[role] = cluster.ClientChannel(token);

  for (const auth::RpcRole& entry : auth::RpcRoles()) {
    CAPTURE(entry.method);
    CHECK(CallWithEmptyRequest(anonymous, entry.method) ==
          grpc::StatusCode::UNAUTHENTICATED);
    CHECK(CallWithEmptyRequest(forged, entry.method) ==
          grpc::StatusCode::UNAUTHENTICATED);
    for (const auto& [role, channel] : channels) {
      CAPTURE(auth::RoleName(role));
      const grpc::StatusCode code = CallWithEmptyRequest(channel, entry.method);
      if (auth::Allows(role, entry.required)) {
        CHECK(code != grpc::StatusCode::PERMISSION_DENIED);
        CHECK(code != grpc::StatusCode::UNAUTHENTICATED);
      } else {
        CHECK(code == grpc::StatusCode::PERMISSION_DENIED);
      }
    }
  }

  // Revoked: refused at once, without a restart.
  auto [revoked, revoke_output] = cluster.Tunectl({"token", "revoke", "vera"});
  INFO(revoke_output);
  REQUIRE(revoked == 0);
  CHECK(CallWithEmptyRequest(channels[Role::kViewer], auth::rpc::kListTuningJobs) ==
        grpc::StatusCode::UNAUTHENTICATED);
  auto [listed, tokens_table] = cluster.Tunectl({"token", "list"});
  CHECK(listed == 0);
  CHECK(tokens_table.find("vera") != std::string::npos);
  CHECK(tokens_table.find("tune_") == std::string::npos);  // never secrets
}

TEST_CASE("jobs record who created and stopped them; viewers see no secrets") {
  Cluster cluster;
  cluster.EnableSecurity({});
  cluster.StartTuner();
  const std::string sam = CreateToken(cluster, "sam", "submitter");
  const std::string vera = CreateToken(cluster, "vera", "viewer");
  FakeJob job{.name = "secretive", .max_jobs = "2"};
  job.statics = "  epochs: 3\n  api_key: SEKRET-42\n";
  auto [created, create_output] = cluster.Tunectl(
      {"create-job", cluster.WriteSpec("job.yaml", FakeJobSpec(job))}, sam);
  INFO(create_output);
  REQUIRE(created == 0);

  // Global flags after the command, as kubectl takes them.
  auto [as_vera, vera_view] =
      cluster.Tunectl({"describe-job", "secretive", "-o", "json"}, vera);
  REQUIRE(as_vera == 0);
  CHECK(vera_view.find("SEKRET-42") == std::string::npos);
  CHECK(vera_view.find("redacted") != std::string::npos);  // JSON escapes <>
  CHECK(vera_view.find("\"owner\": \"sam\"") != std::string::npos);
  auto [as_sam, sam_view] = cluster.Tunectl({"describe-job", "secretive"}, sam);
  REQUIRE(as_sam == 0);
  CHECK(sam_view.find("Owner:      sam") != std::string::npos);
  CHECK(sam_view.find("Caller:     sam (submitter)") != std::string::npos);

  REQUIRE(cluster.Tunectl({"stop-job", "secretive"}).first == 0);  // admin
  auto [watched, events] = cluster.Tunectl({"watch", "secretive", "-o", "json"});
  CHECK(events.find("by sam") != std::string::npos);
  CHECK(events.find("stopped by user admin") != std::string::npos);
}

TEST_CASE("a worker is who its certificate says and cannot connect without one") {
  Cluster cluster;
  cluster.EnableSecurity({"w1", "w2"});
  cluster.StartTuner();
  cluster.StartWorker("w1", 1);

  auto register_as = [&](const std::string& cert_name, const std::string& claimed,
                         const std::string& ca_dir) {
    grpc::SslCredentialsOptions options{
        .pem_root_certs = ReadAll(cluster.CertsDir() + "/ca.pem")};
    if (!cert_name.empty()) {
      options.pem_private_key = ReadAll(ca_dir + "/worker-" + cert_name + ".key");
      options.pem_cert_chain = ReadAll(ca_dir + "/worker-" + cert_name + ".pem");
    }
    auto stub = tune::v1::WorkerService::NewStub(
        grpc::CreateChannel(cluster.address(), grpc::SslCredentials(options)));
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
    auto stream = stub->Connect(&context);
    tune::v1::WorkerMessage hello;
    hello.mutable_register_()->set_worker_id(claimed);
    hello.mutable_register_()->set_cpu_slots(1);
    stream->Write(hello);
    tune::v1::TunerMessage reply;
    const bool registered = stream->Read(&reply) && reply.has_registered();
    stream->WritesDone();
    grpc::Status status = stream->Finish();
    return std::make_pair(registered, status);
  };

  auto [no_cert_ok, no_cert] = register_as("", "w1", cluster.CertsDir());
  CHECK_FALSE(no_cert_ok);
  CHECK(no_cert.error_code() == grpc::StatusCode::UNAUTHENTICATED);

  auto [impostor_ok, impostor] = register_as("w2", "w1", cluster.CertsDir());
  CHECK_FALSE(impostor_ok);
  CHECK(impostor.error_code() == grpc::StatusCode::PERMISSION_DENIED);
  CHECK(impostor.error_message().find("w1") != std::string::npos);

  // A certificate from another CA fails the TLS handshake.
  const std::string other = cluster.dir() + "/other-ca";
  REQUIRE(RunToEnd({"bash", MakeCertsPath(), other, "ca"}).first == 0);
  REQUIRE(RunToEnd({"bash", MakeCertsPath(), other, "worker", "w3"}).first == 0);
  auto [foreign_ok, foreign] = register_as("w3", "w3", other);
  CHECK_FALSE(foreign_ok);
  CHECK_FALSE(foreign.ok());

  // Its own certificate, its own name: in.
  auto [own_ok, own] = register_as("w2", "", cluster.CertsDir());
  CHECK(own_ok);
}

TEST_CASE("a command outside the allowlist fails its trial and never starts") {
  Cluster cluster;
  cluster.StartTuner();
  cluster.StartWorker("w1", 1);
  const std::string marker = cluster.dir() + "/ran";
  FakeJob job{.name = "shell", .max_jobs = "1"};
  job.extra = "retry_strategy:\n  maximum_retry_attempts: 2\n";
  std::string spec = absl::StrReplaceAll(
      FakeJobSpec(job), {{"command: [python3, " + FakeTrainerPath() + "]",
                          "command: [/bin/sh, -c, 'touch " + marker + "']"}});
  REQUIRE(cluster.Tunectl({"create-job", cluster.WriteSpec("shell.yaml", spec)}).first ==
          0);
  cluster.Tunectl({"watch", "shell"});
  auto [code, trial] = cluster.Tunectl({"describe-trial", "shell-1", "-o", "json"});
  INFO(trial);
  REQUIRE(code == 0);
  CHECK(trial.find("TRIAL_FAILED") != std::string::npos);
  CHECK(trial.find("allowlist") != std::string::npos);
  CHECK(trial.find("/bin/sh") != std::string::npos);
  CHECK(trial.find("earlier_attempts") == std::string::npos);  // not retried
  CHECK_FALSE(std::filesystem::exists(marker));
}

TEST_CASE("a trial sees its clean environment, not workerd's") {
  Cluster cluster;
  cluster.StartTuner();
  std::vector<std::string> argv = cluster.WorkerArgv("w1");
  argv.insert(argv.end(), {"--slots", "1", "--pass-env", "DATA_DIR"});
  ChildProcess worker(argv, {"AWS_SECRET_ACCESS_KEY=hunter2", "DATA_DIR=/data"});
  REQUIRE(worker.WaitForLine(
      [](const std::string& l) { return l.find(": registered") != std::string::npos; },
      std::chrono::seconds(30)));
  const JobRun run = CreateAndWatch(cluster, {.name = "env", .max_jobs = "1"});
  INFO(run.output << worker.output());
  REQUIRE(run.watched == 0);
  const std::string env = ReadAll(cluster.WorkDir("w1") + "/env-1/environ");
  INFO(env);
  CHECK(env.find("DATA_DIR=/data\n") != std::string::npos);
  CHECK(env.find("AWS_SECRET_ACCESS_KEY") == std::string::npos);
  CHECK(env.find("PATH=") != std::string::npos);
  CHECK(env.find("HOME=" + cluster.WorkDir("w1") + "/env-1\n") != std::string::npos);
  CHECK(env.find("TUNE_TRIAL_ID=env-1\n") != std::string::npos);
}

TEST_CASE("workerd as root runs trials as --trial-user, or refuses to start") {
  if (::geteuid() != 0) {
    WARN("not root: workerd cannot switch users here; CI runs this as root");
    return;
  }
  Cluster cluster;
  // The trial user must reach its directory and the trainer.
  std::filesystem::permissions(cluster.dir(), std::filesystem::perms(0755));
  const std::string trainer = cluster.dir() + "/fake_trainer.py";
  std::filesystem::copy_file(FakeTrainerPath(), trainer);
  std::filesystem::permissions(trainer, std::filesystem::perms(0755));
  cluster.StartTuner();

  std::vector<std::string> as_root{WorkerdPath(), "--tuner", cluster.address(),
                                   "--work-dir", cluster.WorkDir("w0"),
                                   "--allow-any-command"};
  auto [refused, message] = RunToEnd(as_root);
  CHECK(refused == 2);
  CHECK(message.find("--trial-user") != std::string::npos);

  std::vector<std::string> argv = cluster.WorkerArgv("w1");
  argv.insert(argv.end(), {"--slots", "1", "--trial-user", "nobody", "--allow",
                           "/usr/bin/python3"});
  ChildProcess worker(argv);
  REQUIRE(worker.WaitForLine(
      [](const std::string& l) { return l.find(": registered") != std::string::npos; },
      std::chrono::seconds(30)));
  const std::string spec = absl::StrReplaceAll(
      FakeJobSpec({.name = "nobody", .max_jobs = "1"}),
      {{"command: [python3, " + FakeTrainerPath() + "]",
        "command: [/usr/bin/python3, " + trainer + "]"}});
  REQUIRE(cluster.Tunectl({"create-job", cluster.WriteSpec("n.yaml", spec)}).first == 0);
  auto [watched, output] = cluster.Tunectl({"watch", "nobody"});
  INFO(output << worker.output());
  CHECK(watched == 0);
  struct stat file;
  REQUIRE(::stat((cluster.WorkDir("w1") + "/nobody-1/pid").c_str(), &file) == 0);
  const struct passwd* nobody = ::getpwnam("nobody");
  REQUIRE(nobody != nullptr);
  CHECK(file.st_uid == nobody->pw_uid);
}

TEST_CASE("the dashboard answers its own names over HTTPS, and tokens only") {
  Cluster cluster;
  cluster.EnableSecurity({});
  cluster.StartTuner();
  const std::string url = "https://" + cluster.dashboard_address() + "/api/jobs";
  auto curl = [&](std::vector<std::string> extra) {
    std::vector<std::string> argv{"curl", "-sS", "--cacert",
                                  cluster.CertsDir() + "/ca.pem", "-o", "/dev/null",
                                  "-D", "-", "-w", "status=%{http_code}\n", url};
    argv.insert(argv.end(), extra.begin(), extra.end());
    return RunToEnd(argv).second;
  };
  const std::string bearer = "Authorization: Bearer " + cluster.admin_token();
  const std::string ok = curl({"-H", bearer});
  CHECK(ok.find("status=200") != std::string::npos);
  CHECK(ok.find("X-Content-Type-Options: nosniff") != std::string::npos);
  CHECK(ok.find("Content-Security-Policy:") != std::string::npos);
  CHECK(curl({}).find("status=401") != std::string::npos);
  CHECK(curl({"-H", "Authorization: Bearer tune_nope"}).find("status=401") !=
        std::string::npos);
  CHECK(curl({"-H", bearer, "-H", "Host: evil.example"}).find("status=421") !=
        std::string::npos);
  // Plain HTTP gets no answer from the HTTPS port.
  auto [plain_code, plain] = RunToEnd(
      {"curl", "-sS", "-m", "10", "http://" + cluster.dashboard_address() + "/api/jobs"});
  CHECK(plain_code != 0);
}

TEST_CASE("tunerd refuses a non-loopback address without TLS unless --insecure") {
  TempDir dir;
  auto [refused, message] =
      RunToEnd({TunerdPath(), "--listen", "0.0.0.0:0", "--db", dir.path() + "/a.db",
                "--dashboard", "off"});
  CHECK(refused != 0);
  CHECK(message.find("--insecure") != std::string::npos);
  auto [dash_refused, dash_message] =
      RunToEnd({TunerdPath(), "--listen", "127.0.0.1:0", "--db", dir.path() + "/b.db",
                "--dashboard", "0.0.0.0:0"});
  CHECK(dash_refused != 0);
  CHECK(dash_message.find("--insecure") != std::string::npos);

  ChildProcess insecure({TunerdPath(), "--listen", "0.0.0.0:0", "--db",
                         dir.path() + "/c.db", "--dashboard", "off", "--insecure"});
  CHECK(insecure.WaitForLine(
      [](const std::string& l) { return l.rfind("tunerd listening on", 0) == 0; },
      std::chrono::seconds(30)));
  CHECK(insecure.output().find("warning: --insecure") != std::string::npos);
  insecure.Signal(SIGTERM);
  CHECK(insecure.Wait(std::chrono::seconds(20)) == 0);
}

TEST_CASE("a worker stream that never registers is closed") {
  TempDir dir;
  ChildProcess tunerd({TunerdPath(), "--listen", "127.0.0.1:0", "--db",
                       dir.path() + "/t.db", "--dashboard", "off",
                       "--register-timeout-seconds", "1"});
  const std::string prefix = "tunerd listening on ";
  auto line = tunerd.WaitForLine(
      [&](const std::string& l) { return l.rfind(prefix, 0) == 0; },
      std::chrono::seconds(30));
  REQUIRE(line);
  auto stub = tune::v1::WorkerService::NewStub(grpc::CreateChannel(
      line->substr(prefix.size()), grpc::InsecureChannelCredentials()));
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
  auto stream = stub->Connect(&context);
  tune::v1::TunerMessage reply;
  CHECK_FALSE(stream->Read(&reply));  // ends long before our own deadline
  // Cancelled by tunerd; our own deadline would read DEADLINE_EXCEEDED.
  CHECK(stream->Finish().error_code() == grpc::StatusCode::CANCELLED);
}

TEST_CASE("SIGHUP reloads tunerd's certificate while a trial runs on") {
  Cluster cluster;
  cluster.EnableSecurity({"w1"});
  cluster.StartTuner();
  cluster.StartWorker("w1", 1);
  FakeJob job{.name = "long", .max_jobs = "1"};
  job.statics = "  epochs: 3\n  sleep: 1.5\n";
  REQUIRE(CreateFakeJob(cluster, job).first == 0);
  REQUIRE(Eventually([&] { return !cluster.ReadTrialFile("long-1", "pid").empty(); },
                     std::chrono::seconds(30)));

  auto served_names = [&] {
    auto [code, text] = RunToEnd(
        {"bash", "-c",
         "openssl s_client -connect " + cluster.address() +
             " -servername localhost </dev/null 2>/dev/null | openssl x509 -noout "
             "-ext subjectAltName"});
    return text;
  };
  CHECK(served_names().find("renewed.example") == std::string::npos);
  // A new certificate in place of the old, then SIGHUP.
  REQUIRE(RunToEnd({"bash", MakeCertsPath(), cluster.CertsDir(), "tunerd", "localhost",
                    "127.0.0.1", "renewed.example"})
              .first == 0);
  cluster.tuner().Signal(SIGHUP);
  REQUIRE(cluster.tuner().WaitForLine(
      [](const std::string& l) { return l.find("SIGHUP: reloaded") != std::string::npos; },
      std::chrono::seconds(20)));
  CHECK(Eventually(
      [&] { return served_names().find("renewed.example") != std::string::npos; },
      std::chrono::seconds(20)));

  // The trial that ran across the reload completes on the same worker.
  auto [watched, output] = cluster.Tunectl({"watch", "long"});
  INFO(output);
  CHECK(watched == 0);
  auto [code, trial] = cluster.Tunectl({"describe-trial", "long-1", "-o", "json"});
  CHECK(trial.find("TRIAL_COMPLETED") != std::string::npos);
  CHECK(trial.find("earlier_attempts") == std::string::npos);
}

}  // namespace
}  // namespace tune::testing
