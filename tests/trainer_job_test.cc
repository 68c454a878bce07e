// The quickstart's own spec, shrunk, tuning the real libtorch trainer
// through tunerd and workerd: the trainer's lines must match the spec's
// regexes and the trials must learn.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "tests/support/cluster.h"
#include "tests/support/trials.h"

namespace tune::testing {
namespace {

void Replace(std::string& text, const std::string& from, const std::string& to) {
  const size_t at = text.find(from);
  REQUIRE(at != std::string::npos);
  text.replace(at, from.size(), to);
}

TEST_CASE("the quickstart spec tunes the real trainer end to end") {
  std::ifstream file(TUNE_QUICKSTART_SPEC);
  std::stringstream text;
  text << file.rdbuf();
  std::string spec = text.str();
  Replace(spec, "max_jobs: 10", "max_jobs: 2");
  Replace(spec, "epochs: 3", "epochs: 2");
  Replace(spec, "--val-limit, \"2000\"", "--val-limit, \"500\"");
  Replace(spec, "--train-limit, \"12000\"", "--train-limit, \"2000\"");
  Replace(spec, "[cifar10-trainer,", std::string("[") + TUNE_TRAINER_PATH + ",");

  Cluster cluster;
  cluster.StartTuner();
  cluster.StartWorker("w1", 2);
  REQUIRE(cluster.Tunectl({"create-job", cluster.WriteSpec("q.yaml", spec)}).first == 0);
  auto [watched, out] = cluster.Tunectl({"watch", "quickstart"});
  INFO(out);
  REQUIRE(watched == 0);
  const auto trials = ListTrials(cluster.stub(), "quickstart");
  REQUIRE(trials.size() == 2);
  for (const auto& trial : trials) {
    INFO(trial.id() << " " << trial.reason());
    CHECK(trial.state() == tune::v1::TRIAL_COMPLETED);
    const auto points = StoredPoints(DescribeTrial(cluster.stub(), trial.id()));
    // One accuracy and one loss per epoch, and the final line's accuracy,
    // which is the objective.
    CHECK(points.count({"Train-loss", 2}) == 1);
    CHECK(points.count({"Train-loss", 3}) == 0);
    REQUIRE(points.count({"Validation-accuracy", 3}) == 1);
    CHECK(points.count({"Validation-accuracy", 4}) == 0);
    CHECK(trial.objective() == points.at({"Validation-accuracy", 3}));
    // Better than chance (0.1) on 10 classes, whatever the hyperparameters.
    CHECK(trial.objective() > 0.2);
  }
  const auto job = DescribeJob(cluster.stub(), "quickstart");
  CHECK(job.state() == tune::v1::JOB_COMPLETED);
}

}  // namespace
}  // namespace tune::testing
