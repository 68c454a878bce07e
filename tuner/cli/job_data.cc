#include "tuner/cli/job_data.h"

#include <algorithm>
#include <chrono>
#include <set>

#include "tuner/spec/spec_parser.h"

namespace tune::cli {

absl::Status FromGrpc(const grpc::Status& status) {
  if (status.ok()) return absl::OkStatus();
  return absl::Status(static_cast<absl::StatusCode>(status.error_code()),
                      status.error_message());
}

std::unique_ptr<grpc::ClientContext> RpcContext() {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() +
                        std::chrono::seconds(30));
  return context;
}

absl::StatusOr<tune::v1::ListTrialsResponse> FetchAllTrials(
    tune::v1::TunerService::Stub& stub, tune::v1::ListTrialsRequest request) {
  tune::v1::ListTrialsResponse all;
  while (true) {
    tune::v1::ListTrialsResponse page;
    if (auto status =
            FromGrpc(stub.ListTrials(RpcContext().get(), request, &page));
        !status.ok()) {
      return status;
    }
    for (auto& trial : *page.mutable_trials()) {
      *all.add_trials() = std::move(trial);
    }
    all.set_total_size(page.total_size());
    if (page.next_page_token().empty()) return all;
    request.set_page_token(page.next_page_token());
  }
}

absl::StatusOr<JobData> FetchJobData(tune::v1::TunerService::Stub& stub,
                                     const std::string& name) {
  JobData data;
  tune::v1::DescribeTuningJobRequest describe;
  describe.set_name(name);
  tune::v1::DescribeTuningJobResponse job;
  if (auto status =
          FromGrpc(stub.DescribeTuningJob(RpcContext().get(), describe, &job));
      !status.ok()) {
    return status;
  }
  data.job = job.job();
  if (data.job.spec_yaml().empty()) {
    data.spec_error = "tunerd returned no spec_yaml";
  } else {
    auto spec = tune::spec::ParseJobSpec(data.job.spec_yaml());
    if (spec.ok()) {
      data.spec = *std::move(spec);
    } else {
      data.spec_error = std::string(spec.status().message());
    }
  }

  tune::v1::ListTrialsRequest list;
  list.set_job_name(name);
  auto trials = FetchAllTrials(stub, list);
  if (!trials.ok()) return trials.status();
  data.trials.assign(trials->trials().begin(), trials->trials().end());
  std::stable_sort(data.trials.begin(), data.trials.end(),
                   [](const tune::v1::Trial& a, const tune::v1::Trial& b) {
                     return a.seq() < b.seq();
                   });
  return data;
}

absl::StatusOr<std::vector<tune::v1::MetricPoint>> FetchCurve(
    tune::v1::TunerService::Stub& stub, const std::string& trial_id,
    const std::string& metric) {
  tune::v1::DescribeTrialRequest request;
  request.set_trial_id(trial_id);
  tune::v1::DescribeTrialResponse response;
  if (auto status =
          FromGrpc(stub.DescribeTrial(RpcContext().get(), request, &response));
      !status.ok()) {
    return status;
  }
  std::vector<tune::v1::MetricPoint> points;
  for (const tune::v1::MetricSeries& series : response.metrics()) {
    if (series.metric() != metric) continue;
    int32_t latest = 0;
    for (const auto& point : series.points())
      latest = std::max(latest, point.attempt());
    for (const auto& point : series.points()) {
      if (point.attempt() == latest) points.push_back(point);
    }
  }
  return points;
}

std::vector<std::string> HyperparameterNames(const JobData& data) {
  std::vector<std::string> names;
  if (data.spec) {
    for (const auto& range : data.spec->ranges) names.push_back(range.name);
  }
  std::set<std::string> others;
  for (const tune::v1::Trial& trial : data.trials) {
    for (const auto& [name, value] : trial.hyperparameters()) {
      if (std::find(names.begin(), names.end(), name) == names.end()) {
        others.insert(name);
      }
    }
  }
  names.insert(names.end(), others.begin(), others.end());
  return names;
}

}  // namespace tune::cli
