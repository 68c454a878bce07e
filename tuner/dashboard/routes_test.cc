// The routes against a real Scheduler on the in-memory store, with an
// ask/tell job whose trials the test drives.
#include "tuner/dashboard/routes.h"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>

#include "storage/memory_store.h"

namespace tune::dashboard {
namespace {

using nlohmann::json;

constexpr char kSpec[] = R"(name: asktell
strategy: Random
objective_metric_name: acc
objective_type: Maximize
metric_definitions:
  - {Name: acc, Regex: 'acc=([0-9.]+)'}
  - {Name: loss, Regex: 'loss=([0-9.]+)'}
max_jobs: 5
max_parallel_jobs: 3
hyperparameter_ranges:
  lr:  {type: Continuous, min: 0.001, max: 1, scaling: Logarithmic}
  n:   {type: Integer, min: 1, max: 4}
  opt: {type: Categorical, values: [sgd, nag]}
static_hyperparameters:
  api_token: s3cr3t
  batch: 64
random_seed: 4
)";

struct Fixture {
  Fixture() {
    char pattern[] = "/tmp/routes-test-XXXXXX";
    web_dir = mkdtemp(pattern);
    std::ofstream(web_dir / "index.html") << "<html></html>";
    auto created = scheduler::Scheduler::Create(&store, {});
    REQUIRE(created.ok());
    scheduler = std::move(*created);
    REQUIRE(scheduler->CreateJob(kSpec).ok());
    auto trials = scheduler->SuggestTrials("asktell", 3, "client");
    INFO(trials.status().ToString());
    REQUIRE(trials.ok());
    REQUIRE(trials->size() == 3);
    for (const auto& trial : *trials) ids.push_back(trial.trial_id);
    // Trial 1 completes with 2 points of acc and 1 of loss; trial 2 has one
    // point and runs on; trial 3 has none.
    REQUIRE(scheduler->ReportTrialMetrics(
        ids[0], {{"acc", 1, 0.5, 100}, {"acc", 2, 0.75, 101}, {"loss", 1, 2.0, 100}}).ok());
    REQUIRE(scheduler->CompleteTrial(ids[0], {}, false, "").ok());
    REQUIRE(scheduler->ReportTrialMetrics(ids[1], {{"acc", 1, 0.25, 100}}).ok());
    telemetry.metric_points_ingested.Add(4);
    routes = std::make_unique<Routes>(scheduler.get(), &telemetry,
                                      StaticFiles(web_dir));
  }
  ~Fixture() { std::filesystem::remove_all(web_dir); }

  HttpResponse Get(const std::string& target) const {
    return routes->Handle({"GET", target});
  }
  json GetJson(const std::string& target) const {
    const HttpResponse response = Get(target);
    INFO(target << " -> " << response.status << " " << response.body);
    REQUIRE(response.status == 200);
    REQUIRE(response.content_type == "application/json");
    return json::parse(response.body);
  }

  std::filesystem::path web_dir;
  storage::MemoryStore store;
  std::unique_ptr<scheduler::Scheduler> scheduler;
  telemetry::Telemetry telemetry;
  std::unique_ptr<Routes> routes;
  std::vector<std::string> ids;
};

TEST_CASE("each route answers with its status code") {
  Fixture f;
  struct Case {
    std::string method;
    std::string target;
    int status;
  };
  const std::vector<Case> cases = {
      {"GET", "/api/jobs", 200},
      {"HEAD", "/api/jobs", 200},
      {"GET", "/api/jobs/asktell", 200},
      {"GET", "/api/jobs/ask%74ell", 200},
      {"GET", "/api/jobs/asktell/trials", 200},
      {"GET", "/api/jobs/asktell/curves", 200},
      {"GET", "/api/trials/asktell-1", 200},
      {"GET", "/metrics", 200},
      {"GET", "/", 200},
      {"GET", "/index.html?v=2", 200},
      {"GET", "/api/jobs/nope", 404},
      {"GET", "/api/jobs/nope/trials", 404},
      {"GET", "/api/jobs/nope/curves", 404},
      {"GET", "/api/trials/nope-1", 404},
      {"GET", "/api/whatever", 404},
      {"GET", "/api/jobs/asktell/other", 404},
      {"GET", "/missing.js", 404},
      {"GET", "/../etc/passwd", 400},
      {"GET", "/%2e%2e/etc/passwd", 400},
      {"GET", "/a/%2E%2E%2F%2E%2E/etc/passwd", 400},
      {"GET", "/%zz", 400},
      {"GET", "relative", 400},
      {"POST", "/api/jobs", 405},
      {"DELETE", "/api/jobs/asktell", 405},
      {"PUT", "/index.html", 405},
  };
  for (const Case& c : cases) {
    INFO(c.method << " " << c.target);
    const HttpResponse response = f.routes->Handle({c.method, c.target});
    CHECK(response.status == c.status);
    if (c.status == 405) {
      CHECK(response.headers ==
            std::vector<std::pair<std::string, std::string>>{{"Allow", "GET, HEAD"}});
    }
    if (c.status >= 400 && c.target.rfind("/api/", 0) == 0) {
      CHECK(json::parse(response.body).contains("error"));
    }
  }
}

TEST_CASE("HttpStatusOf maps the status codes in one place") {
  CHECK(HttpStatusOf(absl::StatusCode::kNotFound) == 404);
  CHECK(HttpStatusOf(absl::StatusCode::kInvalidArgument) == 400);
  CHECK(HttpStatusOf(absl::StatusCode::kFailedPrecondition) == 409);
  CHECK(HttpStatusOf(absl::StatusCode::kInternal) == 500);
}

TEST_CASE("the JSON documents carry the scheduler's data") {
  Fixture f;
  const json jobs = f.GetJson("/api/jobs");
  REQUIRE(jobs["jobs"].size() == 1);
  const json& row = jobs["jobs"][0];
  CHECK(row["name"] == "asktell");
  CHECK(row["status"] == "InProgress");
  CHECK(row["max_jobs"] == 5);
  CHECK(row["counts"]["completed"] == 1);
  CHECK(row["counts"]["in_progress"] == 2);
  CHECK(row["counts"]["total"] == 3);
  CHECK(row["best_objective"] == 0.75);
  CHECK(row["best_trial_id"] == f.ids[0]);
  CHECK(row["objective"] == json{{"name", "acc"}, {"type", "Maximize"}});

  const json job = f.GetJson("/api/jobs/asktell");
  REQUIRE(job["ranges"].size() == 3);
  CHECK(job["ranges"][0] == json{{"name", "lr"}, {"type", "Continuous"},
                                 {"min", 0.001}, {"max", 1.0},
                                 {"scaling", "Logarithmic"}});
  CHECK(job["ranges"][1]["type"] == "Integer");
  CHECK(job["ranges"][2] == json{{"name", "opt"}, {"type", "Categorical"},
                                 {"values", {"sgd", "nag"}}});
  CHECK(job["best_trial"]["id"] == f.ids[0]);
  CHECK(job["training_command"].is_null());

  const json trials = f.GetJson("/api/jobs/asktell/trials");
  REQUIRE(trials["trials"].size() == 3);
  const json& first = trials["trials"][0];
  CHECK(first["id"] == f.ids[0]);
  CHECK(first["state"] == "Completed");
  CHECK(first["objective"] == 0.75);
  CHECK(first["parameters"].contains("lr"));
  CHECK(first["parameters"]["opt"].is_string());
  CHECK(first["ended_at"].is_number());
  CHECK(trials["trials"][2]["objective"].is_null());
  CHECK(trials["trials"][2]["ended_at"].is_null());

  const json curves = f.GetJson("/api/jobs/asktell/curves");
  CHECK(curves["objective_metric"] == "acc");
  REQUIRE(curves["trials"].size() == 3);
  CHECK(curves["trials"][0]["points"].size() == 3);
  CHECK(curves["trials"][1]["points"].size() == 1);
  CHECK(curves["trials"][2]["points"].empty());
  CHECK(curves["total_trials"] == 3);
  CHECK(curves["trials"][0]["total_points"] == json{{"acc", 2}, {"loss", 1}});
  CHECK(curves["trials"][0]["points"][0] ==
        json{{"metric", "acc"}, {"step", 1}, {"value", 0.5},
             {"wall_time", 100.0}, {"attempt", 1}});

  const json trial = f.GetJson("/api/trials/" + f.ids[0]);
  CHECK(trial["points"].size() == 3);
  CHECK(trial["total_points"] == json{{"acc", 2}, {"loss", 1}});
  CHECK(trial["log"].is_null());  // no worker sent a log tail
  CHECK(trial["log_note"].get<std::string>().find("output.log") != std::string::npos);
  std::vector<std::string> kinds;
  for (const auto& event : trial["events"]) kinds.push_back(event["kind"]);
  CHECK(kinds.size() >= 2);
  CHECK(kinds.front() == "trial_created");
  for (const auto& event : trial["events"]) CHECK(event["time"].is_number());
}

TEST_CASE("the model route says why there is no model yet") {
  Fixture f;  // one completed trial: a model needs three
  const json model = f.GetJson("/api/jobs/asktell/model");
  CHECK(model["slices"].empty());
  CHECK_THAT(model["note"].get<std::string>(),
             Catch::Contains("3 completed trials"));
  CHECK(f.Get("/api/jobs/nope/model").status == 404);
  CHECK(f.Get("/api/jobs/asktell/model?x=1").status == 400);
}

TEST_CASE("/metrics has the gauges and the telemetry") {
  Fixture f;
  const HttpResponse response = f.Get("/metrics");
  CHECK(response.content_type.rfind("text/plain; version=0.0.4", 0) == 0);
  const std::string& text = response.body;
  CHECK(text.find("tune_jobs{state=\"InProgress\"} 1\n") != std::string::npos);
  CHECK(text.find("tune_jobs{state=\"Completed\"} 0\n") != std::string::npos);
  CHECK(text.find("tune_trials{state=\"Completed\"} 1\n") != std::string::npos);
  CHECK(text.find("tune_trials{state=\"InProgress\"} 2\n") != std::string::npos);
  CHECK(text.find("tune_metric_points_ingested_total 4\n") != std::string::npos);
  CHECK(text.find("# TYPE tune_suggestion_seconds histogram\n") != std::string::npos);
  CHECK(text.find("# TYPE tune_dispatch_latency_seconds histogram\n") != std::string::npos);
}

TEST_CASE("viewers get secrets hidden; /api/whoami names the caller") {
  Fixture f;
  const auth::Identity viewer{"vera", auth::Role::kViewer};
  const HttpResponse job = f.routes->Handle({"GET", "/api/jobs/asktell"}, viewer);
  REQUIRE(job.status == 200);
  const json detail = json::parse(job.body);
  CHECK(detail["static_hyperparameters"]["api_token"] == "<redacted>");
  CHECK(detail["static_hyperparameters"]["batch"] == "64");
  CHECK(job.body.find("s3cr3t") == std::string::npos);
  const HttpResponse trial =
      f.routes->Handle({"GET", "/api/trials/" + f.ids[0]}, viewer);
  CHECK(trial.body.find("s3cr3t") == std::string::npos);
  CHECK(f.GetJson("/api/jobs/asktell")["static_hyperparameters"]["api_token"] ==
        "s3cr3t");  // the local admin sees it

  const json who = json::parse(f.routes->Handle({"GET", "/api/whoami"}, viewer).body);
  CHECK(who == json{{"name", "vera"}, {"role", "viewer"}, {"authenticated", true}});
  CHECK(f.GetJson("/api/whoami")["authenticated"] == false);
}

}  // namespace
}  // namespace tune::dashboard
