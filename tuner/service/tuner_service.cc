#include "tuner/service/tuner_service.h"

#include <algorithm>
#include <chrono>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "tuner/auth/rpc_roles.h"
#include "tuner/auth/secrets.h"
#include "tuner/service/proto_convert.h"
#include "tuner/service/status_convert.h"

namespace tune::service {
namespace {

// Limits on what one request may carry, so a bad client cannot make tunerd
// allocate without bound.
constexpr size_t kMaxSpecBytes = 1 << 20;
constexpr int kMaxPointsPerRequest = 100000;
// Trials per ListTrials reply: about 1 KB each as protobuf.
constexpr int64_t kDefaultTrialsPage = 1000;
constexpr int64_t kMaxTrialsPage = 10000;

grpc::Status Invalid(const std::string& message) {
  return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, message);
}

bool ShowsSecrets(const auth::Identity& who) {
  return auth::MaySeeSecrets(who.role);
}

}  // namespace

grpc::Status TunerServiceImpl::CreateTuningJob(
    grpc::ServerContext* context, const tune::v1::CreateTuningJobRequest* request,
    tune::v1::CreateTuningJobResponse* response) {
  auto who = auth_->Authorize(*context, auth::rpc::kCreateTuningJob);
  if (!who.ok()) return ToGrpcStatus(who.status());
  if (request->spec_yaml().size() > kMaxSpecBytes) {
    return Invalid("spec_yaml: larger than 1 MiB");
  }
  auto view = scheduler_->CreateJob(request->spec_yaml(), who->name);
  if (!view.ok()) return ToGrpcStatus(view.status());
  ToProto(*view, response->mutable_job(), ShowsSecrets(*who));
  return grpc::Status::OK;
}

grpc::Status TunerServiceImpl::DescribeTuningJob(
    grpc::ServerContext* context, const tune::v1::DescribeTuningJobRequest* request,
    tune::v1::DescribeTuningJobResponse* response) {
  auto who = auth_->Authorize(*context, auth::rpc::kDescribeTuningJob);
  if (!who.ok()) return ToGrpcStatus(who.status());
  auto view = scheduler_->DescribeJob(request->name());
  if (!view.ok()) return ToGrpcStatus(view.status());
  ToProto(*view, response->mutable_job(), ShowsSecrets(*who));
  if (request->with_model()) {
    auto best = scheduler_->JobBestByModel(request->name());
    auto* out = response->mutable_best_by_model();
    if (best.ok()) {
      ToProto(best->first, out->mutable_trial());
      out->set_predicted_objective(best->second);
    } else {
      out->set_note(std::string(best.status().message()));
    }
  }
  return grpc::Status::OK;
}

grpc::Status TunerServiceImpl::ListTuningJobs(
    grpc::ServerContext* context, const tune::v1::ListTuningJobsRequest*,
    tune::v1::ListTuningJobsResponse* response) {
  auto who = auth_->Authorize(*context, auth::rpc::kListTuningJobs);
  if (!who.ok()) return ToGrpcStatus(who.status());
  for (const auto& view : scheduler_->ListJobs()) {
    ToProto(view, response->add_jobs(), ShowsSecrets(*who));
  }
  return grpc::Status::OK;
}

grpc::Status TunerServiceImpl::StopTuningJob(
    grpc::ServerContext* context, const tune::v1::StopTuningJobRequest* request,
    tune::v1::StopTuningJobResponse* response) {
  auto who = auth_->Authorize(*context, auth::rpc::kStopTuningJob);
  if (!who.ok()) return ToGrpcStatus(who.status());
  auto view = scheduler_->StopJob(request->name(), who->name);
  if (!view.ok()) return ToGrpcStatus(view.status());
  ToProto(*view, response->mutable_job(), ShowsSecrets(*who));
  return grpc::Status::OK;
}

grpc::Status TunerServiceImpl::UpdateTuningJob(
    grpc::ServerContext* context, const tune::v1::UpdateTuningJobRequest* request,
    tune::v1::UpdateTuningJobResponse* response) {
  auto who = auth_->Authorize(*context, auth::rpc::kUpdateTuningJob);
  if (!who.ok()) return ToGrpcStatus(who.status());
  auto view = scheduler_->UpdateJob(request->name(), request->max_jobs(),
                                    request->max_parallel_jobs(), who->name);
  if (!view.ok()) return ToGrpcStatus(view.status());
  ToProto(*view, response->mutable_job(), ShowsSecrets(*who));
  return grpc::Status::OK;
}

grpc::Status TunerServiceImpl::ListTrials(
    grpc::ServerContext* context, const tune::v1::ListTrialsRequest* request,
    tune::v1::ListTrialsResponse* response) {
  auto who = auth_->Authorize(*context, auth::rpc::kListTrials);
  if (!who.ok()) return ToGrpcStatus(who.status());
  if (request->page_size() < 0) {
    return Invalid("page_size: must be 0 (the default, 1000) or positive");
  }
  int64_t offset = 0;
  if (!request->page_token().empty() &&
      (!absl::SimpleAtoi(request->page_token(), &offset) || offset < 0)) {
    return Invalid("page_token: not a next_page_token of ListTrials");
  }
  const int64_t size = request->page_size() == 0
                           ? kDefaultTrialsPage
                           : std::min<int64_t>(request->page_size(),
                                               kMaxTrialsPage);
  auto page = scheduler_->ListTrialsPage(request->job_name(),
                                         FromProto(request->state_filter()),
                                         request->sort_by_objective(), offset,
                                         size);
  if (!page.ok()) return ToGrpcStatus(page.status());
  for (const auto& trial : page->trials) ToProto(trial, response->add_trials());
  if (page->next_offset > 0) {
    response->set_next_page_token(absl::StrCat(page->next_offset));
  }
  response->set_total_size(page->total);
  return grpc::Status::OK;
}

grpc::Status TunerServiceImpl::DescribeTrial(
    grpc::ServerContext* context, const tune::v1::DescribeTrialRequest* request,
    tune::v1::DescribeTrialResponse* response) {
  auto who = auth_->Authorize(*context, auth::rpc::kDescribeTrial);
  if (!who.ok()) return ToGrpcStatus(who.status());
  if (request->max_points_per_metric() < 0) {
    return ToGrpcStatus(absl::InvalidArgumentError(
        "max_points_per_metric: must be 0 (the default) or positive"));
  }
  auto detail = scheduler_->DescribeTrial(request->trial_id(),
                                          request->max_points_per_metric());
  if (!detail.ok()) return ToGrpcStatus(detail.status());
  ToProto(detail->record, response->mutable_trial());
  tune::v1::MetricSeries* series = nullptr;
  for (const auto& point : detail->points) {
    if (series == nullptr || series->metric() != point.metric) {
      series = response->add_metrics();
      series->set_metric(point.metric);
      series->set_total_points(detail->total_points[point.metric]);
    }
    ToProto(point, series->add_points());
  }
  for (const auto& [name, value] : detail->static_hyperparameters) {
    (*response->mutable_static_hyperparameters())[name].set_string_value(
        auth::ShownValue(name, value, ShowsSecrets(*who)));
  }
  return grpc::Status::OK;
}

grpc::Status TunerServiceImpl::WatchTuningJob(
    grpc::ServerContext* context,
    const tune::v1::WatchTuningJobRequest* request,
    grpc::ServerWriter<tune::v1::JobEvent>* writer) {
  auto who = auth_->Authorize(*context, auth::rpc::kWatchTuningJob);
  if (!who.ok()) return ToGrpcStatus(who.status());
  int64_t after = 0;
  while (!context->IsCancelled()) {
    // Wake at least once a second to notice a cancelled call.
    auto events = scheduler_->WaitForEvents(
        request->name(), after,
        std::chrono::system_clock::now() + std::chrono::seconds(1));
    if (!events.ok()) return ToGrpcStatus(events.status());
    auto view = scheduler_->DescribeJob(request->name());
    if (!view.ok()) return ToGrpcStatus(view.status());
    for (const auto& event : *events) {
      tune::v1::JobEvent out;
      out.set_id(event.id);
      out.set_time(event.time);
      out.set_kind(event.kind);
      out.set_trial_id(event.trial_id);
      out.set_message(event.message);
      ToProto(*view, out.mutable_job(), ShowsSecrets(*who));
      if (!writer->Write(out)) return grpc::Status::CANCELLED;
      after = event.id;
    }
    if (events->empty() && storage::IsTerminal(view->record.state)) {
      return grpc::Status::OK;
    }
  }
  return grpc::Status::CANCELLED;
}

grpc::Status TunerServiceImpl::SuggestTrials(
    grpc::ServerContext* context, const tune::v1::SuggestTrialsRequest* request,
    tune::v1::SuggestTrialsResponse* response) {
  auto who = auth_->Authorize(*context, auth::rpc::kSuggestTrials);
  if (!who.ok()) return ToGrpcStatus(who.status());
  auto trials = scheduler_->SuggestTrials(request->job_name(), request->count(),
                                          request->client_id());
  if (!trials.ok()) return ToGrpcStatus(trials.status());
  for (const auto& trial : *trials) ToProto(trial, response->add_trials());
  return grpc::Status::OK;
}

grpc::Status TunerServiceImpl::ReportTrialMetrics(
    grpc::ServerContext* context, const tune::v1::ReportTrialMetricsRequest* request,
    tune::v1::ReportTrialMetricsResponse*) {
  auto who = auth_->Authorize(*context, auth::rpc::kReportTrialMetrics);
  if (!who.ok()) return ToGrpcStatus(who.status());
  if (request->points_size() > kMaxPointsPerRequest) {
    return Invalid("points: more than 100000 in one request");
  }
  std::vector<scheduler::ReportedPoint> points;
  for (const auto& point : request->points()) points.push_back(FromProto(point));
  return ToGrpcStatus(
      scheduler_->ReportTrialMetrics(request->trial_id(), points,
                                     request->request_id()));
}

grpc::Status TunerServiceImpl::CompleteTrial(
    grpc::ServerContext* context, const tune::v1::CompleteTrialRequest* request,
    tune::v1::CompleteTrialResponse* response) {
  auto who = auth_->Authorize(*context, auth::rpc::kCompleteTrial);
  if (!who.ok()) return ToGrpcStatus(who.status());
  if (request->final_metrics_size() > kMaxPointsPerRequest) {
    return Invalid("final_metrics: more than 100000 in one request");
  }
  std::vector<scheduler::ReportedPoint> points;
  for (const auto& point : request->final_metrics()) {
    points.push_back(FromProto(point));
  }
  auto trial = scheduler_->CompleteTrial(request->trial_id(), points,
                                         request->infeasible(),
                                         request->infeasibility_reason(),
                                         request->request_id());
  if (!trial.ok()) return ToGrpcStatus(trial.status());
  ToProto(*trial, response->mutable_trial());
  return grpc::Status::OK;
}

}  // namespace tune::service
