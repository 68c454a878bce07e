// tunerd's dashboard over a real socket: a job of the fake trainer runs to
// its end through tunerd and a workerd, then every JSON route, /metrics and
// the static files are read with an HTTP client and checked against what
// gRPC reports.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "tests/support/cluster.h"
#include "tests/support/trials.h"
#include "tuner/dashboard/testing/http_client.h"

namespace tune::testing {
namespace {

using dashboard::testing::Fetch;
using dashboard::testing::RawExchange;
using nlohmann::json;

std::string DashboardSpec(const std::string& name, int max_jobs) {
  return "name: " + name + R"(
strategy: Random
objective_metric_name: score
objective_type: Maximize
metric_definitions:
  - {Name: loss, Regex: 'loss=([0-9\.]+)'}
  - {Name: score, Regex: 'score=(-?[0-9\.]+)'}
max_jobs: )" + std::to_string(max_jobs) + R"(
max_parallel_jobs: 2
hyperparameter_ranges:
  x:    {type: Continuous, min: 0.01, max: 1.0, scaling: Logarithmic}
  y:    {type: Integer, min: 1, max: 9}
  kind: {type: Categorical, values: [a, b, c]}
static_hyperparameters:
  epochs: 3
training:
  command: [python3, )" + FakeTrainerPath() + R"(]
random_seed: 11
)";
}

json GetJson(const std::string& address, const std::string& target) {
  const auto reply = Fetch(address, "GET", target);
  INFO("GET " << target << ": " << reply.status << " " << reply.error << " " << reply.body);
  REQUIRE(reply.status == 200);
  REQUIRE(reply.headers.at("content-type") == "application/json");
  return json::parse(reply.body);
}

// /metrics' samples: "name{labels}" -> value, every line checked for form.
std::map<std::string, double> ParseMetrics(const std::string& text) {
  static const std::regex kSample(
      R"(([a-zA-Z_:][a-zA-Z0-9_:]*(\{[a-zA-Z_][a-zA-Z0-9_]*="[^"]*"\})?) (\S+))");
  static const std::regex kComment(R"(# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .+)");
  std::map<std::string, double> samples;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    INFO("line: " << line);
    std::smatch match;
    if (line.rfind("#", 0) == 0) {
      CHECK(std::regex_match(line, kComment));
      continue;
    }
    REQUIRE(std::regex_match(line, match, kSample));
    const std::string value = match[3];
    samples[match[1]] = value == "+Inf" ? HUGE_VAL : std::stod(value);
  }
  return samples;
}

TEST_CASE("the dashboard's JSON, /metrics and files match what gRPC reports") {
  Cluster cluster;
  cluster.StartTuner();
  cluster.StartWorker("w1", 2);
  const std::string dash = cluster.dashboard_address();
  REQUIRE(dash.rfind("127.0.0.1:", 0) == 0);
  REQUIRE(cluster.Tunectl({"create-job", cluster.WriteSpec("s.yaml", DashboardSpec("dash", 6))}).first == 0);
  auto [watched, watch_out] = cluster.Tunectl({"watch", "dash"});
  INFO(watch_out);
  REQUIRE(watched == 0);

  const auto job = DescribeJob(cluster.stub(), "dash");
  const auto trials = ListTrials(cluster.stub(), "dash");
  REQUIRE(trials.size() == 6);

  SECTION("/api/jobs and /api/jobs/{name}") {
    const json jobs = GetJson(dash, "/api/jobs");
    REQUIRE(jobs["jobs"].size() == 1);
    const json& row = jobs["jobs"][0];
    CHECK(row["name"] == "dash");
    CHECK(row["status"] == "Completed");
    CHECK(row["counts"]["completed"] == job.counts().completed());
    CHECK(row["counts"]["total"] == 6);
    CHECK(row["max_jobs"] == 6);
    REQUIRE(job.has_best_trial());
    CHECK(row["best_objective"] == job.best_trial().objective());
    CHECK(row["best_trial_id"] == job.best_trial().id());

    const json detail = GetJson(dash, "/api/jobs/dash");
    CHECK(detail["objective"] == json{{"name", "score"}, {"type", "Maximize"}});
    REQUIRE(detail["ranges"].size() == 3);
    CHECK(detail["ranges"][0]["name"] == "x");
    CHECK(detail["ranges"][0]["scaling"] == "Logarithmic");
    CHECK(detail["ranges"][2]["values"] == json{"a", "b", "c"});
    CHECK(detail["static_hyperparameters"]["epochs"] == "3");
    CHECK(detail["best_trial"]["id"] == job.best_trial().id());
    CHECK(detail["best_trial"]["objective"] == job.best_trial().objective());
  }

  SECTION("/api/jobs/{name}/model: the GP's slices and the completed trials") {
    const json model = GetJson(dash, "/api/jobs/dash/model");
    CHECK(model["job"] == "dash");
    CHECK(model["minimize"] == false);
    CHECK(model["model_points"] == 6);
    REQUIRE(model["slices"].size() == 3);
    CHECK(model["slices"][0]["name"] == "x");
    CHECK(model["slices"][0]["scale"] == "log");
    CHECK(model["slices"][2]["scale"] == "categorical");
    CHECK(model["slices"][2]["x"] == json{"a", "b", "c"});
    CHECK(model["slices"][1]["x"].size() == 9);  // y: each of 1..9
    double importance = 0;
    for (const json& slice : model["slices"]) {
      REQUIRE(slice["mean"].size() == slice["x"].size());
      for (size_t i = 0; i < slice["x"].size(); ++i) {
        CHECK(slice["lower"][i].get<double>() <= slice["mean"][i].get<double>());
        CHECK(slice["mean"][i].get<double>() <= slice["upper"][i].get<double>());
      }
      importance += slice["importance"].get<double>();
    }
    CHECK(importance == Approx(1));
    // The points drawn on it are the completed trials, each labelled with
    // where it came from (a Random job: none from the GP).
    std::set<std::string> observed, completed;
    for (const json& point : model["observed"]) {
      observed.insert(point["id"].get<std::string>());
      CHECK(point["source"] == "unknown");
    }
    const json listed = GetJson(dash, "/api/jobs/dash/trials");
    for (const json& row : listed["trials"]) {
      CHECK(row["source"] == "unknown");  // Random gives no reason
    }
    for (const auto& trial : trials) {
      if (trial.state() == tune::v1::TRIAL_COMPLETED) completed.insert(trial.id());
    }
    CHECK(observed == completed);
    CHECK(model["anchor"]["objective"] == job.best_trial().objective());
    // The best trial by the model is one of the completed trials, and
    // describe-job names the same one.
    const json& best = model["best_by_model"];
    REQUIRE(best["id"].is_string());
    CHECK(completed.count(best["id"].get<std::string>()) == 1);
    CHECK(best["predicted"].is_number());
    auto [described, describe_out] = cluster.Tunectl({"describe-job", "dash"});
    CHECK(described == 0);
    CHECK_THAT(describe_out,
               Catch::Contains("Best by model: " + best["id"].get<std::string>() +
                               "  predicted score="));
    CHECK(Fetch(dash, "GET", "/api/jobs/nope/model").status == 404);
    CHECK_FALSE(model.contains("note"));
  }

  SECTION("trials come in pages; a cursor asks only for what changed") {
    const json first = GetJson(dash, "/api/jobs/dash/trials?page_size=4");
    CHECK(first["trials"].size() == 4);
    CHECK(first["total_trials"] == 6);
    CHECK(first["full"] == true);
    REQUIRE(first["next_page_token"] == "4");
    const json second =
        GetJson(dash, "/api/jobs/dash/trials?page_size=4&page_token=4");
    REQUIRE(second["trials"].size() == 2);
    CHECK(second["trials"][1]["id"] == "dash-6");
    CHECK(second["next_page_token"] == "");
    // The job has ended: nothing changes after the cursor.
    const std::string cursor = first["cursor"];
    const json since = GetJson(dash, "/api/jobs/dash/trials?since=" + cursor);
    CHECK(since["trials"].empty());
    CHECK(since["full"] == false);
    const json curves_since = GetJson(dash, "/api/jobs/dash/curves?since=" + cursor);
    CHECK(curves_since["trials"].empty());
    CHECK(curves_since["total_trials"] == 6);
    // A cursor of another run of tunerd gets everything again.
    const json stale = GetJson(dash, "/api/jobs/dash/curves?since=1.0");
    CHECK(stale["full"] == true);
    CHECK(stale["trials"].size() == 6);
    const auto bad = Fetch(dash, "GET", "/api/jobs/dash/trials?page_size=0");
    CHECK(bad.status == 400);
    CHECK(json::parse(bad.body)["error"] == "page_size: must be 1 to 10000 (got \"0\")");
    CHECK(Fetch(dash, "GET", "/api/jobs?bogus=1").status == 400);
  }

  SECTION("/api/jobs/{name}/trials, /curves and /api/trials/{id}") {
    const json listed = GetJson(dash, "/api/jobs/dash/trials");
    REQUIRE(listed["trials"].size() == trials.size());
    std::map<std::string, json> by_id;
    for (const auto& trial : listed["trials"]) by_id[trial["id"]] = trial;
    const json curves = GetJson(dash, "/api/jobs/dash/curves");
    CHECK(curves["objective_metric"] == "score");
    std::map<std::string, json> curves_by_id;
    for (const auto& trial : curves["trials"]) curves_by_id[trial["id"]] = trial;

    for (const auto& trial : trials) {
      INFO(trial.id());
      const json& row = by_id.at(trial.id());
      CHECK(row["state"] == "Completed");
      CHECK(row["objective"] == trial.objective());
      CHECK(row["worker"] == trial.worker_id());
      CHECK(row["attempt"] == trial.attempt());
      CHECK(row["ended_at"] == trial.ended_at());
      CHECK(row["parameters"]["kind"] == trial.hyperparameters().at("kind").string_value());
      CHECK(row["parameters"]["y"] == trial.hyperparameters().at("y").int_value());

      const auto stored = StoredPoints(DescribeTrial(cluster.stub(), trial.id()));
      CHECK(stored.size() == 6);  // loss and score, 3 epochs
      std::map<std::pair<std::string, int64_t>, double> served;
      for (const auto& point : curves_by_id.at(trial.id())["points"]) {
        served[{point["metric"], point["step"]}] = point["value"];
        CHECK(point["wall_time"].get<double>() > 0);
      }
      CHECK(served == stored);

      const json one = GetJson(dash, "/api/trials/" + trial.id());
      CHECK(one["id"] == trial.id());
      CHECK(one["points"].size() == stored.size());
      // The ended trial's log tail, as gRPC serves it.
      CHECK(one["log"] == trial.log_tail());
      CHECK(trial.log_tail().find("some progress line without metrics") !=
            std::string::npos);
      std::vector<std::string> kinds;
      for (const auto& event : one["events"]) kinds.push_back(event["kind"]);
      CHECK(std::count(kinds.begin(), kinds.end(), "trial_created") == 1);
      CHECK(std::count(kinds.begin(), kinds.end(), "trial_started") == 1);
    }
  }

  SECTION("/metrics") {
    const auto reply = Fetch(dash, "GET", "/metrics");
    REQUIRE(reply.status == 200);
    CHECK(reply.headers.at("content-type").rfind("text/plain; version=0.0.4", 0) == 0);
    const auto samples = ParseMetrics(reply.body);
    CHECK(samples.at("tune_jobs{state=\"Completed\"}") == 1);
    CHECK(samples.at("tune_jobs{state=\"InProgress\"}") == 0);
    CHECK(samples.at("tune_trials{state=\"Completed\"}") == job.counts().completed());
    CHECK(samples.at("tune_trials{state=\"Failed\"}") == job.counts().failed());
    CHECK(samples.at("tune_trials{state=\"Pending\"}") == 0);
    CHECK(samples.at("tune_metric_points_ingested_total") == 6 * 6);
    // One dispatch per trial; at least one designer call.
    CHECK(samples.at("tune_dispatch_latency_seconds_count") == 6);
    CHECK(samples.at("tune_dispatch_latency_seconds_bucket{le=\"+Inf\"}") == 6);
    CHECK(samples.at("tune_dispatch_latency_seconds_sum") >= 0);
    CHECK(samples.at("tune_suggestion_seconds_count") >= 1);
  }

  SECTION("the front end's files, errors and methods") {
    const auto index = Fetch(dash, "GET", "/");
    REQUIRE(index.status == 200);
    CHECK(index.headers.at("content-type") == "text/html; charset=utf-8");
    std::smatch script;
    REQUIRE(std::regex_search(index.body, script, std::regex(R"re(src="\.(/assets/[^"]+\.js)")re")));
    const auto js = Fetch(dash, "GET", script[1].str());
    CHECK(js.status == 200);
    CHECK(js.headers.at("content-type") == "text/javascript; charset=utf-8");
    CHECK(Fetch(dash, "HEAD", "/").headers.at("content-length") ==
          std::to_string(index.body.size()));

    CHECK(Fetch(dash, "GET", "/api/jobs/nope").status == 404);
    CHECK(json::parse(Fetch(dash, "GET", "/api/jobs/nope").body)["error"]
              .get<std::string>()
              .find("nope") != std::string::npos);
    CHECK(Fetch(dash, "GET", "/api/trials/dash-99").status == 404);
    CHECK(Fetch(dash, "GET", "/no-such-file.js").status == 404);
    for (const char* target : {"/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd",
                               "/assets/..%2f..%2f..%2fetc%2fpasswd", "/..%5c..%5cetc"}) {
      INFO(target);
      const auto reply = Fetch(dash, "GET", target);
      CHECK((reply.status == 400 || reply.status == 404));
      CHECK(reply.body.find("root:") == std::string::npos);
    }
    CHECK(Fetch(dash, "GET", "/%zz").status == 400);
    const auto post = Fetch(dash, "POST", "/api/jobs", "{}");
    CHECK(post.status == 405);
    CHECK(post.headers.at("allow") == "GET, HEAD");
    CHECK(Fetch(dash, "DELETE", "/api/jobs/dash").status == 405);
    CHECK(RawExchange(dash, "BLAH\r\n\r\n").rfind("HTTP/1.1 400", 0) == 0);
    // Still serving after all that.
    CHECK(Fetch(dash, "GET", "/api/jobs").status == 200);
  }
}

TEST_CASE("tunerd refuses a dashboard address it cannot bind, clearly") {
  Cluster cluster;
  cluster.StartTuner();
  ChildProcess second({TunerdPath(), "--listen", "127.0.0.1:0", "--db",
                       cluster.dir() + "/other.db", "--dashboard",
                       cluster.dashboard_address()});
  const auto code = second.Wait(std::chrono::seconds(30));
  INFO(second.output());
  CHECK(code == 1);
  CHECK(second.output().find("--dashboard: could not bind " +
                             cluster.dashboard_address()) != std::string::npos);

  ChildProcess off({TunerdPath(), "--listen", "127.0.0.1:0", "--db",
                    cluster.dir() + "/off.db", "--dashboard", "off"});
  CHECK(off.WaitForLine([](const std::string& l) { return l.rfind("tunerd listening on", 0) == 0; },
                        std::chrono::seconds(30)));
  CHECK(off.output().find("dashboard at") == std::string::npos);
}

}  // namespace
}  // namespace tune::testing
