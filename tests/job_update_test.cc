// tunectl update-job: limits changed on a running job, a Completed job
// resumed with a higher max_jobs, bad limits refused, and all of it kept
// across a tunerd restart.
#include <catch2/catch.hpp>

#include <string>

#include "tests/support/cluster.h"
#include "tests/support/fake_job.h"
#include "tests/support/trials.h"

namespace tune::testing {
namespace {

TEST_CASE("update-job raises limits of a running job and resumes a completed one") {
  Cluster cluster;
  cluster.StartTuner();
  const std::string events = cluster.dir() + "/trainer-events.log";
  cluster.StartWorker("w1", 2, {"FAKE_TRAINER_LOG=" + events});
  FakeJob job{.name = "grow", .max_jobs = "3"};
  job.statics = "  epochs: 2\n  sleep: 0.3\n";
  REQUIRE(CreateFakeJob(cluster, job).first == 0);

  auto [updated, updated_out] = cluster.Tunectl(
      {"update-job", "grow", "--max-jobs", "5", "--max-parallel-jobs", "2"});
  INFO(updated_out);
  REQUIRE(updated == 0);
  CHECK(updated_out.find("max_jobs 5") != std::string::npos);
  REQUIRE(cluster.Tunectl({"watch", "grow"}).first == 0);
  auto described = DescribeJob(cluster.stub(), "grow");
  CHECK(described.state() == tune::v1::JOB_COMPLETED);
  CHECK(described.max_jobs() == 5);
  CHECK(described.max_parallel_jobs() == 2);
  CHECK(described.counts().completed() == 5);

  // Below the trials it has: refused, with the field named.
  auto [lowered, lowered_out] =
      cluster.Tunectl({"update-job", "grow", "--max-jobs", "4"});
  CHECK(lowered == 1);
  CHECK(lowered_out.find("max_jobs: the job already has 5 trials") !=
        std::string::npos);
  auto [wide, wide_out] =
      cluster.Tunectl({"update-job", "grow", "--max-parallel-jobs", "9"});
  CHECK(wide == 1);
  CHECK(wide_out.find("max_parallel_jobs") != std::string::npos);
  CHECK(cluster.Tunectl({"update-job", "nosuchjob", "--max-jobs", "9"}).first ==
        1);

  // A Completed job resumes when max_jobs goes up.
  auto [resumed, resumed_out] =
      cluster.Tunectl({"update-job", "grow", "--max-jobs", "7"});
  INFO(resumed_out);
  REQUIRE(resumed == 0);
  CHECK(resumed_out.find("InProgress") != std::string::npos);
  REQUIRE(cluster.Tunectl({"watch", "grow"}).first == 0);
  described = DescribeJob(cluster.stub(), "grow");
  CHECK(described.state() == tune::v1::JOB_COMPLETED);
  CHECK(described.counts().completed() == 7);
  const auto trials = ListTrials(cluster.stub(), "grow");
  CHECK(trials.size() == 7);

  // The new limits are durable.
  cluster.KillTuner();
  cluster.StartTuner(cluster.port());
  described = DescribeJob(cluster.stub(), "grow");
  CHECK(described.max_jobs() == 7);
  CHECK(described.max_parallel_jobs() == 2);
  CHECK(described.state() == tune::v1::JOB_COMPLETED);
}

TEST_CASE("a stopped job resumes with a higher max_jobs") {
  Cluster cluster;
  cluster.StartTuner();
  cluster.StartWorker("w1", 1);
  FakeJob job{.name = "pause", .max_jobs = "20"};
  job.statics = "  epochs: 1\n";
  REQUIRE(CreateFakeJob(cluster, job).first == 0);
  REQUIRE(cluster.Tunectl({"stop-job", "pause"}).first == 0);
  REQUIRE(cluster.Tunectl({"watch", "pause"}).first == 0);
  auto described = DescribeJob(cluster.stub(), "pause");
  REQUIRE(described.state() == tune::v1::JOB_STOPPED);
  const int before = static_cast<int>(ListTrials(cluster.stub(), "pause").size());

  const std::string target = std::to_string(before + 2);
  REQUIRE(cluster.Tunectl({"update-job", "pause", "--max-jobs", target}).first ==
          0);
  REQUIRE(cluster.Tunectl({"watch", "pause"}).first == 0);
  described = DescribeJob(cluster.stub(), "pause");
  CHECK(described.state() == tune::v1::JOB_COMPLETED);
  CHECK(static_cast<int>(ListTrials(cluster.stub(), "pause").size()) ==
        before + 2);
}

}  // namespace
}  // namespace tune::testing
