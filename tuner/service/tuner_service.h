// TunerService over gRPC: authorizes each call (call_auth.h), checks the
// request, calls the Scheduler and converts the answer. Thin by design; all
// logic lives in the Scheduler. Thread-safe (the Scheduler is).
#pragma once

#include "tune/v1/tuner.grpc.pb.h"
#include "tuner/scheduler/scheduler.h"
#include "tuner/service/call_auth.h"

namespace tune::service {

class TunerServiceImpl final : public tune::v1::TunerService::Service {
 public:
  // Both must outlive the service.
  TunerServiceImpl(scheduler::Scheduler* scheduler, const CallAuthorizer* auth)
      : scheduler_(scheduler), auth_(auth) {}

  grpc::Status CreateTuningJob(grpc::ServerContext*,
                               const tune::v1::CreateTuningJobRequest*,
                               tune::v1::CreateTuningJobResponse*) override;
  grpc::Status DescribeTuningJob(grpc::ServerContext*,
                                 const tune::v1::DescribeTuningJobRequest*,
                                 tune::v1::DescribeTuningJobResponse*) override;
  grpc::Status ListTuningJobs(grpc::ServerContext*,
                              const tune::v1::ListTuningJobsRequest*,
                              tune::v1::ListTuningJobsResponse*) override;
  grpc::Status StopTuningJob(grpc::ServerContext*,
                             const tune::v1::StopTuningJobRequest*,
                             tune::v1::StopTuningJobResponse*) override;
  grpc::Status UpdateTuningJob(
      grpc::ServerContext* context,
      const tune::v1::UpdateTuningJobRequest* request,
      tune::v1::UpdateTuningJobResponse* response) override;
  grpc::Status ListTrials(grpc::ServerContext*,
                          const tune::v1::ListTrialsRequest*,
                          tune::v1::ListTrialsResponse*) override;
  grpc::Status DescribeTrial(grpc::ServerContext*,
                             const tune::v1::DescribeTrialRequest*,
                             tune::v1::DescribeTrialResponse*) override;
  grpc::Status WatchTuningJob(
      grpc::ServerContext*, const tune::v1::WatchTuningJobRequest*,
      grpc::ServerWriter<tune::v1::JobEvent>*) override;
  grpc::Status SuggestTrials(grpc::ServerContext*,
                             const tune::v1::SuggestTrialsRequest*,
                             tune::v1::SuggestTrialsResponse*) override;
  grpc::Status ReportTrialMetrics(grpc::ServerContext*,
                                  const tune::v1::ReportTrialMetricsRequest*,
                                  tune::v1::ReportTrialMetricsResponse*) override;
  grpc::Status CompleteTrial(grpc::ServerContext*,
                             const tune::v1::CompleteTrialRequest*,
                             tune::v1::CompleteTrialResponse*) override;

 private:
  scheduler::Scheduler* const scheduler_;
  const CallAuthorizer* const auth_;
};

}  // namespace tune::service
