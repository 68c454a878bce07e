// Reading a job's state back from tunerd in the cross-process tests.
#pragma once

#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "tune/v1/tuner.grpc.pb.h"

namespace tune::testing {

tune::v1::TuningJob DescribeJob(tune::v1::TunerService::Stub& stub,
                                const std::string& name);
std::vector<tune::v1::Trial> ListTrials(tune::v1::TunerService::Stub& stub,
                                        const std::string& name);
tune::v1::DescribeTrialResponse DescribeTrial(
    tune::v1::TunerService::Stub& stub, const std::string& trial_id);

// (metric, step) -> value of every stored point of the trial.
std::map<std::pair<std::string, int64_t>, double> StoredPoints(
    const tune::v1::DescribeTrialResponse& trial);
// The same from the fake trainer's expected.json (values parsed from the
// printed text).
std::map<std::pair<std::string, int64_t>, double> ExpectedPoints(
    const std::string& expected_json);

// Largest number of trials running at once, from FAKE_TRAINER_LOG's lines;
// also returns how many trials started.
std::pair<int, int> MaxConcurrency(const std::string& log_text);

}  // namespace tune::testing
