// tune_worker_load: a fleet of fake workers that speak the worker protocol
// to a running tunerd, for measuring the tuner, not the trainer. Each
// worker holds one stream and one CPU slot; every trial it is assigned
// "runs" instantly: it reports --points metric points in one message and
// ends with exit code 0. Every worker heartbeats every --heartbeat-ms, as
// workerd does. It stops once --trials trial ends were sent and prints one
// line of results:
//   workers=N trials=T seconds=S trials_per_s=X points_per_s=Y
//   turnaround_p50_ms=A turnaround_p99_ms=B turnaround_max_ms=C
// Turnaround: from a worker's trial end to its next assignment. With
// --describe-job NAME, a client also calls DescribeTuningJob every 20 ms
// meanwhile and the line ends with describe_p50_ms and describe_p99_ms.
// With --ask-tell-job NAME there are no workers: one ask/tell client asks
// for one trial, reports --points points and completes it, --trials times
// (with request ids, as a careful client would), and prints
//   asktell trials=T seconds=S trials_per_s=X
//
//   tune_worker_load --tuner 127.0.0.1:50051 --workers 20 --trials 2000
//       --points 10 [--ca ca.pem --cert-dir DIR]   # DIR/worker-load-I.{pem,key}
#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <mutex>
#include <optional>
#include <sstream>
#include <thread>
#include <vector>

#include <CLI/CLI.hpp>
#include <grpcpp/grpcpp.h>

#include "tune/v1/tuner.grpc.pb.h"
#include "tune/v1/worker.grpc.pb.h"
#include "tuner/service/channel_credentials.h"

namespace {

using Clock = std::chrono::steady_clock;

struct Shared {
  int target = 0;
  std::chrono::milliseconds heartbeat{5000};
  std::atomic<int> ended{0};
  // Set when `target` ends were sent: every worker then half-closes its
  // stream, so tunerd handles all it was sent before the stream ends (a
  // cancel would drop ends still in flight).
  std::mutex done_mu;
  std::condition_variable done_cv;
  bool done = false;  // guarded by done_mu
  std::atomic<int64_t> points{0};
  std::mutex mu;
  std::vector<double> turnaround_ms;  // guarded by mu
};

void RunWorker(int index, const std::string& address,
               const tune::service::ClientTls& tls, int points, Shared& shared) {
  auto credentials = tune::service::MakeChannelCredentials(tls);
  if (!credentials.ok()) {
    std::cerr << "worker " << index << ": " << credentials.status() << std::endl;
    return;
  }
  grpc::ChannelArguments arguments;
  // One connection per worker, as separate machines would have.
  arguments.SetInt("grpc.use_local_subchannel_pool", 1);
  arguments.SetInt(GRPC_ARG_MAX_RECEIVE_MESSAGE_LENGTH, 64 << 20);
  auto stub = tune::v1::WorkerService::NewStub(
      grpc::CreateCustomChannel(address, *credentials, arguments));
  grpc::ClientContext context;
  auto stream = stub->Connect(&context);
  tune::v1::WorkerMessage hello;
  hello.mutable_register_()->set_worker_id("load-" + std::to_string(index));
  hello.mutable_register_()->set_cpu_slots(1);
  if (!stream->Write(hello)) return;
  // Reads and writes may overlap; two writes may not.
  std::mutex write_mu;
  bool stopping = false;  // guarded by shared.done_mu
  std::thread heartbeat([&] {
    tune::v1::WorkerMessage beat;
    beat.mutable_heartbeat();
    std::unique_lock lock(shared.done_mu);
    while (!shared.done_cv.wait_for(lock, shared.heartbeat,
                                    [&] { return shared.done || stopping; })) {
      std::lock_guard write(write_mu);
      if (!stream->Write(beat)) return;
    }
    std::lock_guard write(write_mu);
    stream->WritesDone();
  });
  std::vector<double> turnarounds;
  std::optional<Clock::time_point> ended_at;
  tune::v1::TunerMessage message;
  // Reads until tunerd ends the stream, which it does once this worker
  // half-closed and all it sent is handled.
  while (stream->Read(&message)) {
    if (!message.has_assign() || shared.ended.load() >= shared.target) continue;
    const auto& assign = message.assign();
    if (ended_at) {
      turnarounds.push_back(
          std::chrono::duration<double, std::milli>(Clock::now() - *ended_at).count());
    }
    tune::v1::WorkerMessage metrics;
    metrics.mutable_metrics()->set_trial_id(assign.trial_id());
    metrics.mutable_metrics()->set_attempt(assign.attempt());
    for (int step = 1; step <= points; ++step) {
      auto* point = metrics.mutable_metrics()->add_points();
      point->set_metric("score");
      point->set_step(step);
      point->set_value(step * 0.01);
    }
    tune::v1::WorkerMessage end;
    end.mutable_ended()->set_trial_id(assign.trial_id());
    end.mutable_ended()->set_attempt(assign.attempt());
    end.mutable_ended()->set_exit_code(0);
    {
      std::lock_guard write(write_mu);
      if (!stream->Write(metrics) || !stream->Write(end)) break;
    }
    ended_at = Clock::now();
    shared.points += points;
    if (++shared.ended >= shared.target) {
      std::lock_guard lock(shared.done_mu);
      shared.done = true;
      shared.done_cv.notify_all();
    }
  }
  {
    std::lock_guard lock(shared.done_mu);
    stopping = true;
  }
  shared.done_cv.notify_all();
  heartbeat.join();
  stream->Finish();
  std::lock_guard lock(shared.mu);
  shared.turnaround_ms.insert(shared.turnaround_ms.end(), turnarounds.begin(),
                              turnarounds.end());
}

// Calls DescribeTuningJob(job) every 20 ms until `done`; latencies in ms.
std::vector<double> PollDescribe(const std::string& address,
                                 const tune::service::ClientTls& tls,
                                 const std::string& job,
                                 const std::atomic<bool>& done) {
  std::vector<double> latencies;
  auto credentials = tune::service::MakeChannelCredentials(tls);
  if (!credentials.ok()) return latencies;
  auto stub = tune::v1::TunerService::NewStub(
      grpc::CreateChannel(address, *credentials));
  while (!done.load()) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(30));
    tune::v1::DescribeTuningJobRequest request;
    request.set_name(job);
    tune::v1::DescribeTuningJobResponse response;
    const auto start = Clock::now();
    if (!stub->DescribeTuningJob(&context, request, &response).ok()) break;
    latencies.push_back(
        std::chrono::duration<double, std::milli>(Clock::now() - start).count());
    std::this_thread::sleep_for(std::chrono::milliseconds(20));  // the pace
  }
  return latencies;
}

// One ask/tell client, one trial at a time. Returns the trials completed.
int RunAskTell(const std::string& address, const tune::service::ClientTls& tls,
               const std::string& job, int trials, int points) {
  auto credentials = tune::service::MakeChannelCredentials(tls);
  if (!credentials.ok()) return 0;
  auto stub = tune::v1::TunerService::NewStub(
      grpc::CreateChannel(address, *credentials));
  auto context = [] {
    auto c = std::make_unique<grpc::ClientContext>();
    c->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    return c;
  };
  int done = 0;
  while (done < trials) {
    tune::v1::SuggestTrialsRequest ask;
    ask.set_job_name(job);
    ask.set_count(1);
    ask.set_client_id("load-client");
    tune::v1::SuggestTrialsResponse suggested;
    if (!stub->SuggestTrials(context().get(), ask, &suggested).ok() ||
        suggested.trials().empty()) {
      break;
    }
    const std::string& id = suggested.trials(0).id();
    tune::v1::ReportTrialMetricsRequest report;
    report.set_trial_id(id);
    report.set_request_id("report-1");
    for (int step = 1; step <= points; ++step) {
      auto* point = report.add_points();
      point->set_metric("score");
      point->set_step(step);
      point->set_value(step * 0.01);
    }
    tune::v1::ReportTrialMetricsResponse reported;
    if (!stub->ReportTrialMetrics(context().get(), report, &reported).ok()) break;
    tune::v1::CompleteTrialRequest complete;
    complete.set_trial_id(id);
    complete.set_request_id("complete");
    tune::v1::CompleteTrialResponse completed;
    if (!stub->CompleteTrial(context().get(), complete, &completed).ok()) break;
    ++done;
  }
  return done;
}

double Percentile(std::vector<double> values, double q) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  return values[std::min(values.size() - 1,
                         static_cast<size_t>(q * (values.size() - 1) + 0.5))];
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"tune_worker_load: fake workers against a running tunerd"};
  std::string address;
  int workers = 20;
  int trials = 1000;
  int points = 10;
  std::string cert_dir;
  tune::service::ClientTls tls;
  app.add_option("--tuner", address, "tunerd HOST:PORT")->required();
  app.add_option("--workers", workers)->check(CLI::Range(1, 5000));
  app.add_option("--trials", trials, "stop after this many trial ends")
      ->check(CLI::Range(1, 10000000));
  app.add_option("--points", points, "metric points per trial")
      ->check(CLI::Range(1, 100000));
  int heartbeat_ms = 5000;
  std::string describe_job;
  app.add_option("--describe-job", describe_job,
                 "also poll DescribeTuningJob of this job (no TLS token)");
  app.add_option("--heartbeat-ms", heartbeat_ms, "as workerd: lease / 3")
      ->check(CLI::Range(10, 600000));
  app.add_option("--ca", tls.ca, "tunerd's CA: connect with TLS");
  app.add_option("--cert-dir", cert_dir,
                 "with --ca: DIR/worker-load-I.pem and .key for worker I");
  std::string ask_tell_job;
  app.add_option("--ask-tell-job", ask_tell_job,
                 "no workers: one ask/tell client drives this job");
  CLI11_PARSE(app, argc, argv);

  if (!ask_tell_job.empty()) {
    const auto start = Clock::now();
    const int done = RunAskTell(address, tls, ask_tell_job, trials, points);
    const double seconds =
        std::chrono::duration<double>(Clock::now() - start).count();
    std::printf("asktell trials=%d seconds=%.2f trials_per_s=%.1f\n", done,
                seconds, done / seconds);
    return done >= trials ? 0 : 1;
  }

  Shared shared;
  shared.target = trials;
  shared.heartbeat = std::chrono::milliseconds(heartbeat_ms);
  const auto start = Clock::now();
  std::vector<std::thread> threads;
  for (int i = 0; i < workers; ++i) {
    tune::service::ClientTls own = tls;
    if (!tls.ca.empty() && !cert_dir.empty()) {
      own.cert = cert_dir + "/worker-load-" + std::to_string(i) + ".pem";
      own.key = cert_dir + "/worker-load-" + std::to_string(i) + ".key";
    }
    threads.emplace_back(RunWorker, i, address, own, points, std::ref(shared));
  }
  std::atomic<bool> done{false};
  std::vector<double> describe_ms;
  std::thread describer;
  if (!describe_job.empty()) {
    describer = std::thread([&] {
      describe_ms = PollDescribe(address, tls, describe_job, done);
    });
  }
  for (auto& thread : threads) thread.join();
  done = true;
  if (describer.joinable()) describer.join();
  const double seconds =
      std::chrono::duration<double>(Clock::now() - start).count();
  std::printf(
      "workers=%d trials=%d seconds=%.2f trials_per_s=%.1f points_per_s=%.0f "
      "turnaround_p50_ms=%.1f turnaround_p99_ms=%.1f turnaround_max_ms=%.1f",
      workers, shared.ended.load(), seconds, shared.ended.load() / seconds,
      shared.points.load() / seconds, Percentile(shared.turnaround_ms, 0.5),
      Percentile(shared.turnaround_ms, 0.99),
      Percentile(shared.turnaround_ms, 1.0));
  if (!describe_job.empty()) {
    std::printf(" describe_p50_ms=%.1f describe_p99_ms=%.1f",
                Percentile(describe_ms, 0.5), Percentile(describe_ms, 0.99));
  }
  std::printf("\n");
  return shared.ended.load() >= trials ? 0 : 1;
}
