#include "tests/support/nothing_lost.h"

#include <catch2/catch.hpp>
#include <fstream>
#include <map>
#include <sstream>

#include "tests/support/cluster.h"
#include "tests/support/trials.h"

namespace tune::testing {

void CheckNothingLost(Cluster& cluster, const std::string& name,
                      size_t trials, int epochs,
                      const std::string& attempts_log) {
  const auto listed = ListTrials(cluster.stub(), name);
  REQUIRE(listed.size() == trials);

  // No attempt of any trial started twice.
  std::ifstream file(attempts_log);
  std::map<std::string, int> starts;
  for (std::string word, dir; file >> word >> dir;) ++starts[dir];
  CHECK(starts.size() >= trials);
  for (const auto& [dir, count] : starts) {
    CAPTURE(dir);
    CHECK(count == 1);
  }

  for (const auto& trial : listed) {
    CAPTURE(trial.id(), trial.attempt(), trial.worker_id(), trial.reason());
    REQUIRE(trial.state() == tune::v1::TRIAL_COMPLETED);
    const auto printed = ExpectedPoints(
        cluster.ReadTrialFile(trial.id(), "expected.json", trial.attempt()));
    REQUIRE(printed.size() == static_cast<size_t>(3 * epochs));
    const auto detail = DescribeTrial(cluster.stub(), trial.id());
    std::map<std::pair<std::string, int64_t>, double> stored;
    for (const auto& series : detail.metrics()) {
      for (const auto& point : series.points()) {
        if (point.attempt() == trial.attempt()) {
          stored[{point.metric(), point.step()}] = point.value();
        }
      }
    }
    CHECK(stored == printed);
    CHECK(trial.objective() == printed.at({"score", epochs}));
  }
}

}  // namespace tune::testing
