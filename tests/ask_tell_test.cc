// Ask/tell through real gRPC: a client without a training command drives a
// job with SuggestTrials, ReportTrialMetrics and CompleteTrial.
#include <algorithm>
#include <catch2/catch.hpp>

#include <grpcpp/grpcpp.h>

#include "tests/support/cluster.h"
#include "tests/support/trials.h"

namespace tune::testing {
namespace {

constexpr char kSpec[] = R"(name: asktell
strategy: Random
objective_metric_name: y
objective_type: Minimize
max_jobs: 3
max_parallel_jobs: 2
hyperparameter_ranges:
  x: {type: Continuous, min: -2, max: 2}
random_seed: 11
)";

std::vector<tune::v1::Trial> Suggest(tune::v1::TunerService::Stub& stub,
                                     const std::string& client, int count,
                                     grpc::Status* status = nullptr) {
  grpc::ClientContext context;
  tune::v1::SuggestTrialsRequest request;
  request.set_job_name("asktell");
  request.set_count(count);
  request.set_client_id(client);
  tune::v1::SuggestTrialsResponse response;
  auto result = stub.SuggestTrials(&context, request, &response);
  if (status != nullptr) *status = result;
  return {response.trials().begin(), response.trials().end()};
}

grpc::Status Complete(tune::v1::TunerService::Stub& stub,
                      const tune::v1::Trial& trial, bool infeasible) {
  grpc::ClientContext context;
  tune::v1::CompleteTrialRequest request;
  request.set_trial_id(trial.id());
  const double x = trial.hyperparameters().at("x").double_value();
  auto* point = request.add_final_metrics();
  point->set_metric("y");
  point->set_value(x * x);
  request.set_infeasible(infeasible);
  request.set_infeasibility_reason("diverged");
  tune::v1::CompleteTrialResponse response;
  return stub.CompleteTrial(&context, request, &response);
}

TEST_CASE("ask/tell: suggestions, repeated asks, metrics and completion") {
  Cluster cluster;
  cluster.StartTuner();
  REQUIRE(cluster.Tunectl({"create-job", cluster.WriteSpec("s.yaml", kSpec)}).first == 0);
  auto& stub = cluster.stub();

  auto first = Suggest(stub, "client-a", 2);
  REQUIRE(first.size() == 2);
  // Asking again returns the same running trials, not new ones.
  auto again = Suggest(stub, "client-a", 2);
  REQUIRE(again.size() == 2);
  CHECK(again[0].id() == first[0].id());
  CHECK(again[1].id() == first[1].id());
  // max_parallel_jobs is 2: another client gets nothing for now.
  CHECK(Suggest(stub, "client-b", 1).empty());

  {
    grpc::ClientContext context;
    tune::v1::ReportTrialMetricsRequest request;
    request.set_trial_id(first[0].id());
    auto* point = request.add_points();
    point->set_metric("y");
    point->set_step(1);
    point->set_value(5.0);
    tune::v1::ReportTrialMetricsResponse response;
    REQUIRE(stub.ReportTrialMetrics(&context, request, &response).ok());
  }
  REQUIRE(Complete(stub, first[0], false).ok());
  REQUIRE(Complete(stub, first[1], true).ok());
  // Completing twice is refused.
  CHECK(Complete(stub, first[0], false).error_code() ==
        grpc::StatusCode::FAILED_PRECONDITION);

  auto last = Suggest(stub, "client-b", 5);
  REQUIRE(last.size() == 1);  // max_jobs 3 in all
  REQUIRE(Complete(stub, last[0], false).ok());
  grpc::Status status;
  Suggest(stub, "client-b", 1, &status);
  CHECK(status.error_code() == grpc::StatusCode::FAILED_PRECONDITION);

  const auto job = DescribeJob(stub, "asktell");
  CHECK(job.state() == tune::v1::JOB_COMPLETED);
  CHECK(job.counts().completed() == 2);
  CHECK(job.counts().failed() == 1);
  const auto trials = ListTrials(stub, "asktell");
  REQUIRE(trials.size() == 3);
  const auto& infeasible = trials[1];
  CHECK(infeasible.state() == tune::v1::TRIAL_FAILED);
  CHECK(infeasible.reason() == "infeasible: diverged");
  // Minimize: the best is the smaller x*x of the two completed trials.
  const double a = trials[0].objective(), c = trials[2].objective();
  REQUIRE(job.has_best_trial());
  CHECK(job.best_trial().objective() == std::min(a, c));
  // The reported step-1 point was replaced as objective by the final one.
  const auto stored = StoredPoints(DescribeTrial(stub, first[0].id()));
  CHECK(stored.size() == 2);
  CHECK(stored.at({"y", 1}) == 5.0);
  CHECK(trials[0].objective() == stored.at({"y", 2}));
}

grpc::Status Report(tune::v1::TunerService::Stub& stub, const std::string& trial_id,
                    const std::string& request_id, double value) {
  grpc::ClientContext context;
  tune::v1::ReportTrialMetricsRequest request;
  request.set_trial_id(trial_id);
  request.set_request_id(request_id);
  auto* point = request.add_points();
  point->set_metric("y");
  point->set_value(value);  // step 0: the metric's next step
  tune::v1::ReportTrialMetricsResponse response;
  return stub.ReportTrialMetrics(&context, request, &response);
}

std::pair<grpc::Status, tune::v1::Trial> CompleteOnce(tune::v1::TunerService::Stub& stub,
                                             const std::string& trial_id,
                                             const std::string& request_id,
                                             double value) {
  grpc::ClientContext context;
  tune::v1::CompleteTrialRequest request;
  request.set_trial_id(trial_id);
  request.set_request_id(request_id);
  auto* point = request.add_final_metrics();
  point->set_metric("y");
  point->set_value(value);
  tune::v1::CompleteTrialResponse response;
  grpc::Status status = stub.CompleteTrial(&context, request, &response);
  return {status, response.trial()};
}

TEST_CASE("ask/tell requests sent again are applied once, across a tunerd kill") {
  Cluster cluster;
  cluster.StartTuner();
  REQUIRE(cluster.Tunectl({"create-job", cluster.WriteSpec("s.yaml", kSpec)}).first == 0);
  auto trials = Suggest(cluster.stub(), "client-a", 1);
  REQUIRE(trials.size() == 1);
  const std::string id = trials[0].id();

  // Points without steps take the next step: only an id tells a resend
  // from a new report.
  REQUIRE(Report(cluster.stub(), id, "r1", 3.0).ok());
  REQUIRE(Report(cluster.stub(), id, "r1", 3.0).ok());
  REQUIRE(Report(cluster.stub(), id, "r2", 2.0).ok());
  // tunerd dies after the reply; the client never saw it and sends again.
  cluster.KillTuner();
  cluster.StartTuner(cluster.port());
  REQUIRE(Report(cluster.stub(), id, "r2", 2.0).ok());
  auto stored = StoredPoints(DescribeTrial(cluster.stub(), id));
  CHECK(stored.size() == 2);
  CHECK(stored.at({"y", 1}) == 3.0);
  CHECK(stored.at({"y", 2}) == 2.0);

  auto [done, trial] = CompleteOnce(cluster.stub(), id, "end", 1.0);
  REQUIRE(done.ok());
  CHECK(trial.state() == tune::v1::TRIAL_COMPLETED);
  cluster.KillTuner();
  cluster.StartTuner(cluster.port());
  auto [again, same] = CompleteOnce(cluster.stub(), id, "end", 1.0);
  REQUIRE(again.ok());
  CHECK(same.state() == tune::v1::TRIAL_COMPLETED);
  CHECK(same.objective() == 1.0);
  CHECK(StoredPoints(DescribeTrial(cluster.stub(), id)).size() == 3);
  // Another id is another request: the trial has ended.
  CHECK(CompleteOnce(cluster.stub(), id, "end-2", 1.0).first.error_code() ==
        grpc::StatusCode::FAILED_PRECONDITION);
  CHECK(Report(cluster.stub(), id, std::string(129, 'x'), 1.0).error_code() ==
        grpc::StatusCode::INVALID_ARGUMENT);
  CHECK(DescribeJob(cluster.stub(), "asktell").counts().completed() == 1);
}

TEST_CASE("ListTrials pages: a token per page, every trial once, bad tokens refused") {
  Cluster cluster;
  cluster.StartTuner();
  std::string spec = kSpec;
  spec.replace(spec.find("max_jobs: 3"), 11, "max_jobs: 25");
  spec.replace(spec.find("max_parallel_jobs: 2"), 20, "max_parallel_jobs: 25");
  REQUIRE(cluster.Tunectl({"create-job", cluster.WriteSpec("s.yaml", spec)}).first == 0);
  auto& stub = cluster.stub();
  const auto trials = Suggest(stub, "client-a", 25);
  REQUIRE(trials.size() == 25);
  for (const auto& trial : trials) REQUIRE(Complete(stub, trial, false).ok());

  std::vector<std::string> seen;
  tune::v1::ListTrialsRequest request;
  request.set_job_name("asktell");
  request.set_sort_by_objective(true);
  request.set_page_size(10);
  int pages = 0;
  double last = -1;
  while (true) {
    grpc::ClientContext context;
    tune::v1::ListTrialsResponse page;
    REQUIRE(stub.ListTrials(&context, request, &page).ok());
    ++pages;
    CHECK(page.total_size() == 25);
    CHECK(page.trials_size() <= 10);
    for (const auto& trial : page.trials()) {
      seen.push_back(trial.id());
      CHECK(trial.objective() >= last);  // Minimize: best (smallest) first
      last = trial.objective();
    }
    if (page.next_page_token().empty()) break;
    request.set_page_token(page.next_page_token());
  }
  CHECK(pages == 3);
  std::sort(seen.begin(), seen.end());
  CHECK(std::unique(seen.begin(), seen.end()) == seen.end());
  CHECK(seen.size() == 25);

  for (const char* token : {"x", "-1"}) {
    grpc::ClientContext context;
    request.set_page_token(token);
    tune::v1::ListTrialsResponse page;
    CHECK(stub.ListTrials(&context, request, &page).error_code() ==
          grpc::StatusCode::INVALID_ARGUMENT);
  }
  // tunectl pages for itself.
  auto [code, out] = cluster.Tunectl({"list-trials", "asktell", "-o", "json"});
  REQUIRE(code == 0);
  CHECK(out.find("asktell-25") != std::string::npos);
  CHECK(out.find("asktell-1\"") != std::string::npos);
}

TEST_CASE("a job without training refuses to be driven by unknown trials") {
  Cluster cluster;
  cluster.StartTuner();
  grpc::ClientContext context;
  tune::v1::CompleteTrialRequest request;
  request.set_trial_id("nope-1");
  tune::v1::CompleteTrialResponse response;
  CHECK(cluster.stub().CompleteTrial(&context, request, &response).error_code() ==
        grpc::StatusCode::NOT_FOUND);
}

}  // namespace
}  // namespace tune::testing
