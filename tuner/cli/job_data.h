// What tunectl plot and export read of a job through tunerd's API: the job
// (DescribeTuningJob), its spec parsed from the job's spec_yaml, and its
// trials in creation order (ListTrials); a trial's learning curve comes
// from DescribeTrial. Each call is one or more blocking RPCs with a 30 s
// deadline each. Thread-safe as the stub is.
#pragma once

#include <grpcpp/grpcpp.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "tune/v1/tuner.grpc.pb.h"
#include "tuner/spec/job_spec.h"

namespace tune::cli {

struct JobData {
  tune::v1::TuningJob job;
  // The job's spec; nullopt when its spec_yaml is empty or does not parse
  // (spec_error says why), and then hyperparameters come from the trials.
  std::optional<tune::spec::JobSpec> spec;
  std::string spec_error;
  std::vector<tune::v1::Trial> trials;  // by seq
};

// The RPC's error as an absl::Status with the same code.
absl::Status FromGrpc(const grpc::Status& status);

// A client context with a 30 s deadline.
std::unique_ptr<grpc::ClientContext> RpcContext();

// Every trial of a job that `request` asks for, page after page, in one
// response (next_page_token empty).
absl::StatusOr<tune::v1::ListTrialsResponse> FetchAllTrials(
    tune::v1::TunerService::Stub& stub, tune::v1::ListTrialsRequest request);

// NotFound and the like straight from tunerd.
absl::StatusOr<JobData> FetchJobData(tune::v1::TunerService::Stub& stub,
                                     const std::string& name);

// The trial's points of `metric` from its latest attempt (a retried trial
// starts its steps again), in the order stored.
absl::StatusOr<std::vector<tune::v1::MetricPoint>> FetchCurve(
    tune::v1::TunerService::Stub& stub, const std::string& trial_id,
    const std::string& metric);

// The tuned hyperparameters' names: the spec's ranges in order, then any
// other name a trial has, sorted.
std::vector<std::string> HyperparameterNames(const JobData& data);

}  // namespace tune::cli
