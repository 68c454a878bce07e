// The dashboard in a real browser: tunerd, a workerd and a running job of
// the fake trainer, then tests/browser/dashboard.spec.mjs drives Debian's
// headless Chromium over the job's pages (see that script for the checks).
// Skipped, saying why, when chromium or the driver's node_modules is
// missing; deploy/install-deps.sh and the build provide both.
#include <catch2/catch.hpp>

#include <filesystem>
#include <iostream>

#include "tests/support/cluster.h"
#include "tests/support/eventually.h"
#include "tests/support/trials.h"

namespace tune::testing {
namespace {

constexpr char kChromium[] = "/usr/bin/chromium";

std::string Spec() {
  return R"(name: browsed
strategy: Random
objective_metric_name: score
objective_type: Maximize
metric_definitions:
  - {Name: loss, Regex: 'loss=([0-9\.]+)'}
  - {Name: score, Regex: 'score=(-?[0-9\.]+)'}
  - {Name: throughput, Regex: 'throughput=([0-9]+) img/s'}
max_jobs: 10
max_parallel_jobs: 2
hyperparameter_ranges:
  x:    {type: Continuous, min: 0.01, max: 1.0, scaling: Logarithmic}
  y:    {type: Integer, min: 1, max: 9}
  kind: {type: Categorical, values: [a, b, c]}
static_hyperparameters:
  epochs: 4
  sleep: 0.6
training:
  command: [python3, )" + FakeTrainerPath() + R"(]
random_seed: 5
)";
}

TEST_CASE("the dashboard draws a running job's five views in headless Chromium") {
  const std::string script = TUNE_BROWSER_SCRIPT;
  const std::string modules = TUNE_BROWSER_NODE_MODULES;
  if (!std::filesystem::exists(kChromium) ||
      !std::filesystem::exists(modules + "/playwright-core")) {
    // ctest reads this line as a skip (SKIP_REGULAR_EXPRESSION).
    std::cout << "SKIPPED: the browser test needs " << kChromium << " and "
              << modules << "/playwright-core (deploy/install-deps.sh installs "
              << "chromium; the build runs npm ci)" << std::endl;
    return;
  }
  Cluster cluster;
  cluster.StartTuner();
  cluster.StartWorker("w1", 2);
  REQUIRE(cluster.Tunectl({"create-job", cluster.WriteSpec("s.yaml", Spec())}).first == 0);
  // Open the pages while the job runs, with something already drawn.
  REQUIRE(Eventually(
      [&] { return DescribeJob(cluster.stub(), "browsed").counts().completed() >= 2; },
      std::chrono::seconds(60)));

  const std::string out = cluster.dir() + "/screenshots";
  std::filesystem::create_directories(out);
  auto [rc, output] = RunToEnd(
      {TUNE_NODE_PATH, script, "--base", "http://" + cluster.dashboard_address(),
       "--job", "browsed", "--out", out, "--chromium", kChromium},
      {}, std::chrono::seconds(240));
  std::cout << output << std::endl;
  INFO(output);
  CHECK(rc == 0);
  CHECK(output.find("PASS") != std::string::npos);
  CHECK(DescribeJob(cluster.stub(), "browsed").state() == tune::v1::JOB_COMPLETED);
  // The screenshots stay when TUNE_KEEP_TEST_DIRS is set.
  std::cout << "screenshots in " << out << std::endl;
}

}  // namespace
}  // namespace tune::testing
