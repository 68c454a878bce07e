// The quickstart's and the SageMaker blog's own specs, shrunk, tuning the
// real libtorch trainer through tunerd and workerd: the trainer's lines must
// match the specs' regexes and the trials must learn.
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

std::string ReadSpec(const char* path) {
  std::ifstream file(path);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

TEST_CASE("the quickstart spec tunes the real trainer end to end") {
  std::string spec = ReadSpec(TUNE_QUICKSTART_SPEC);
  Replace(spec, "max_jobs: 10", "max_jobs: 2");
  Replace(spec, "epochs: 3", "epochs: 2");
  Replace(spec, "--test-limit, \"2000\"", "--test-limit, \"500\"");
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

TEST_CASE("the SageMaker blog's spec, ranges verbatim, trains the blog recipe") {
  // Only the data changes: a Fashion-MNIST subset at a CPU's width instead
  // of CIFAR-10 on a GPU. lr 0.2-0.65, mom 0.87-0.92, epochs 28-35, sgd|nag
  // and batch 512 stay as the blog wrote them.
  std::string spec = ReadSpec(TUNE_BLOG_SPEC);
  Replace(spec, "max_jobs: 20", "max_jobs: 2");
  Replace(spec, "[cifar10-trainer,", std::string("[") + TUNE_TRAINER_PATH + ",");
  Replace(spec, "--data-dir,\n            /data/cifar-10-batches-bin]",
          "--dataset, fashion-mnist, --train-limit, \"1200\", --test-limit, "
          "\"300\", --width, \"4\", --threads, \"1\"]");
  Replace(spec, "gpus_per_trial: 1", "gpus_per_trial: 0");

  Cluster cluster;
  cluster.StartTuner();
  cluster.StartWorker("w1", 2);
  REQUIRE(cluster.Tunectl({"create-job", cluster.WriteSpec("b.yaml", spec)}).first == 0);
  auto [watched, out] = cluster.Tunectl({"watch", "sagemaker-blog"});
  INFO(out);
  REQUIRE(watched == 0);
  const auto trials = ListTrials(cluster.stub(), "sagemaker-blog");
  REQUIRE(trials.size() == 2);
  for (const auto& trial : trials) {
    INFO(trial.id() << " " << trial.reason());
    CHECK(trial.state() == tune::v1::TRIAL_COMPLETED);
    const double lr = trial.hyperparameters().at("lr").double_value();
    CHECK((lr >= 0.2 && lr <= 0.65));
    const int64_t epochs = trial.hyperparameters().at("epochs").int_value();
    REQUIRE((epochs >= 28 && epochs <= 35));
    const auto points = StoredPoints(DescribeTrial(cluster.stub(), trial.id()));
    // One validation accuracy per epoch, then the final one (the
    // objective), and the test split's once, kept apart.
    REQUIRE(points.count({"Validation-accuracy", epochs + 1}) == 1);
    CHECK(trial.objective() == points.at({"Validation-accuracy", epochs + 1}));
    REQUIRE(points.count({"Test-accuracy", 1}) == 1);
    // Measured at 0.72-0.78 on this subset; chance is 0.1. The blog's
    // units train: in airbench's, lr 0.4 is 30x too small to learn here.
    CHECK(trial.objective() > 0.5);
    CHECK(points.at({"Test-accuracy", 1}) > 0.5);
  }
}

}  // namespace
}  // namespace tune::testing
