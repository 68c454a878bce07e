// The exact check of the fault tests: a fake-trainer job run while
// processes were killed lost nothing. Reports through Catch2's CHECK and
// REQUIRE, so it is called from inside a test case.
#pragma once

#include <cstddef>
#include <string>

namespace tune::testing {

class Cluster;

// Checks that job `name` has `trials` trials, all Completed; that no
// attempt started twice (the fake trainer's FAKE_TRAINER_ATTEMPT_LOG at
// `attempts_log`); that every point each trial's final attempt printed
// (`epochs` epochs of loss, score and throughput) is stored, exactly; and
// that every objective is the last score printed.
void CheckNothingLost(Cluster& cluster, const std::string& name,
                      size_t trials, int epochs,
                      const std::string& attempts_log);

}  // namespace tune::testing
