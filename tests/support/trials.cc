#include "tests/support/trials.h"

#include <algorithm>
#include <cstdlib>
#include <sstream>
#include <stdexcept>

#include <grpcpp/grpcpp.h>
#include <nlohmann/json.hpp>

namespace tune::testing {

tune::v1::TuningJob DescribeJob(tune::v1::TunerService::Stub& stub,
                                const std::string& name) {
  grpc::ClientContext context;
  tune::v1::DescribeTuningJobRequest request;
  request.set_name(name);
  tune::v1::DescribeTuningJobResponse response;
  auto status = stub.DescribeTuningJob(&context, request, &response);
  if (!status.ok()) throw std::runtime_error(status.error_message());
  return response.job();
}

std::vector<tune::v1::Trial> ListTrials(tune::v1::TunerService::Stub& stub,
                                        const std::string& name) {
  grpc::ClientContext context;
  tune::v1::ListTrialsRequest request;
  request.set_job_name(name);
  tune::v1::ListTrialsResponse response;
  auto status = stub.ListTrials(&context, request, &response);
  if (!status.ok()) throw std::runtime_error(status.error_message());
  return {response.trials().begin(), response.trials().end()};
}

tune::v1::DescribeTrialResponse DescribeTrial(
    tune::v1::TunerService::Stub& stub, const std::string& trial_id) {
  grpc::ClientContext context;
  tune::v1::DescribeTrialRequest request;
  request.set_trial_id(trial_id);
  tune::v1::DescribeTrialResponse response;
  auto status = stub.DescribeTrial(&context, request, &response);
  if (!status.ok()) throw std::runtime_error(status.error_message());
  return response;
}

std::map<std::pair<std::string, int64_t>, double> StoredPoints(
    const tune::v1::DescribeTrialResponse& trial) {
  std::map<std::pair<std::string, int64_t>, double> points;
  for (const auto& series : trial.metrics()) {
    for (const auto& point : series.points()) {
      points[{point.metric(), point.step()}] = point.value();
    }
  }
  return points;
}

std::map<std::pair<std::string, int64_t>, double> ExpectedPoints(
    const std::string& expected_json) {
  std::map<std::pair<std::string, int64_t>, double> points;
  auto json = nlohmann::json::parse(expected_json);
  for (const auto& entry : json) {
    points[{entry[0].get<std::string>(), entry[1].get<int64_t>()}] =
        std::strtod(entry[2].get<std::string>().c_str(), nullptr);
  }
  return points;
}

std::pair<int, int> MaxConcurrency(const std::string& log_text) {
  std::vector<std::pair<double, int>> changes;
  std::istringstream lines(log_text);
  std::string kind, trial;
  double time;
  int started = 0;
  while (lines >> kind >> time >> trial) {
    // Ends sort before starts at the same instant: they do not overlap.
    changes.push_back({time, kind == "start" ? 1 : -1});
    started += kind == "start";
  }
  std::sort(changes.begin(), changes.end());
  int running = 0, most = 0;
  for (const auto& [t, delta] : changes) {
    running += delta;
    most = std::max(most, running);
  }
  return {most, started};
}

}  // namespace tune::testing
