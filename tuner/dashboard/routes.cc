#include "tuner/dashboard/routes.h"

#include <algorithm>
#include <array>
#include <chrono>

#include "absl/strings/str_cat.h"
#include "tuner/auth/secrets.h"
#include "tuner/dashboard/json_views.h"
#include "tuner/dashboard/model_json.h"
#include "tuner/dashboard/page_request.h"
#include "tuner/dashboard/url_path.h"
#include "tuner/scheduler/curve_sampling.h"

namespace tune::dashboard {
namespace {

using nlohmann::json;

constexpr char kJson[] = "application/json";
// Bounds the work one trial page does on a job with a long history.
constexpr int kMaxEventPages = 64;
// More lines than a chart can show apart.
constexpr int64_t kMaxCurvesTrials = 1000;

HttpResponse ErrorResponse(const absl::Status& status) {
  return {HttpStatusOf(status.code()), kJson,
          Dump({{"error", std::string(status.message())},
                {"code", absl::StatusCodeToString(status.code())}}),
          {}};
}

HttpResponse JsonResponse(const json& body) {
  HttpResponse response{200, kJson, Dump(body), {}};
  response.headers.emplace_back("Cache-Control", "no-store");
  return response;
}

}  // namespace

int HttpStatusOf(absl::StatusCode code) {
  switch (code) {
    case absl::StatusCode::kOk: return 200;
    case absl::StatusCode::kNotFound: return 404;
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kOutOfRange: return 400;
    case absl::StatusCode::kFailedPrecondition: return 409;
    case absl::StatusCode::kUnavailable: return 503;
    case absl::StatusCode::kDeadlineExceeded: return 504;
    default: return 500;
  }
}

Routes::Routes(const scheduler::Scheduler* scheduler,
               const telemetry::Telemetry* telemetry, StaticFiles files)
    : scheduler_(scheduler), telemetry_(telemetry), files_(std::move(files)) {}

HttpResponse Routes::Handle(const HttpRequest& request,
                            const auth::Identity& who) const {
  if (request.method != "GET" && request.method != "HEAD") {
    HttpResponse response = ErrorResponse(absl::InvalidArgumentError(
        absl::StrCat("method ", request.method, " not allowed: use GET or HEAD")));
    response.status = 405;
    response.headers.emplace_back("Allow", "GET, HEAD");
    return response;
  }
  auto path = DecodePath(request.target);
  if (!path.ok()) return ErrorResponse(path.status());
  const std::vector<std::string> segments = SplitPath(*path);

  if (!segments.empty() && segments[0] == "api") {
    auto query = ParseQuery(request.target);
    if (!query.ok()) return ErrorResponse(query.status());
    auto body = Api(segments, *query, who);
    return body.ok() ? JsonResponse(*body) : ErrorResponse(body.status());
  }
  if (segments.size() == 1 && segments[0] == "metrics") {
    return {200, "text/plain; version=0.0.4; charset=utf-8", MetricsText(), {}};
  }
  return files_.Serve(*path);
}

absl::StatusOr<json> Routes::Api(
    const std::vector<std::string>& path,
    const std::map<std::string, std::string>& query,
    const auth::Identity& who) const {
  const size_t n = path.size();
  const bool show_secrets = auth::MaySeeSecrets(who.role);
  const bool lists = n == 4 && path[1] == "jobs" &&
                     (path[3] == "trials" || path[3] == "curves");
  if (!lists && !query.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "unknown query parameter ", query.begin()->first,
        ": this route takes none"));
  }
  if (n == 2 && path[1] == "whoami") {
    // "local": tunerd without tokens trusts its loopback callers.
    return json{{"name", who.name},
                {"role", auth::RoleName(who.role)},
                {"authenticated", who.name != "local"}};
  }
  if (n == 2 && path[1] == "jobs") {
    json jobs = json::array();
    for (const auto& job : scheduler_->ListJobs()) {
      jobs.push_back(JobSummaryJson(job));
    }
    return json{{"jobs", std::move(jobs)}};
  }
  if (n == 3 && path[1] == "jobs") {
    auto job = scheduler_->DescribeJob(path[2]);
    if (!job.ok()) return job.status();
    return JobDetailJson(*job, show_secrets);
  }
  if (n == 4 && path[1] == "jobs" && path[3] == "trials") {
    return JobTrials(path[2], query);
  }
  if (n == 4 && path[1] == "jobs" && path[3] == "curves") {
    return JobCurves(path[2], query);
  }
  if (n == 4 && path[1] == "jobs" && path[3] == "model") {
    return JobModel(path[2]);
  }
  if (n == 3 && path[1] == "trials") return Trial(path[2], show_secrets);
  return absl::NotFoundError("no such API route; see /api/jobs");
}

absl::StatusOr<json> Routes::JobModel(const std::string& job_name) const {
  auto job = scheduler_->DescribeJob(job_name);
  if (!job.ok()) return job.status();
  auto model = scheduler_->JobModel(job_name);
  // Too few trials is the normal start of a job, not an error: a page
  // that polls gets the reason to show.
  if (model.status().code() == absl::StatusCode::kFailedPrecondition) {
    return json{{"job", job_name},
                {"slices", json::array()},
                {"observed", json::array()},
                {"note", std::string(model.status().message())}};
  }
  if (!model.ok()) return model.status();
  auto trials = scheduler_->ListTrials(job_name, std::nullopt,
                                       /*sort_by_objective=*/false);
  if (!trials.ok()) return trials.status();
  return ModelJson(*model, job->spec, *trials);
}

absl::StatusOr<json> Routes::JobTrials(
    const std::string& job_name,
    const std::map<std::string, std::string>& query) const {
  auto request = ParsePageRequest(query, scheduler_->run_id(), /*paged=*/true);
  if (!request.ok()) return request.status();
  auto page = scheduler_->ListTrialsPage(job_name, std::nullopt,
                                         /*sort_by_objective=*/false,
                                         request->offset, request->size,
                                         request->changed_after);
  if (!page.ok()) return page.status();
  json rows = json::array();
  for (const auto& trial : page->trials) rows.push_back(TrialJson(trial));
  return json{
      {"job", job_name},
      {"trials", std::move(rows)},
      {"total_trials", page->total},
      {"next_page_token",
       page->next_offset > 0 ? absl::StrCat(page->next_offset) : ""},
      {"cursor", Cursor(scheduler_->run_id(), page->changes)},
      {"full", request->full}};
}

absl::StatusOr<json> Routes::JobCurves(
    const std::string& job_name,
    const std::map<std::string, std::string>& query) const {
  auto request = ParsePageRequest(query, scheduler_->run_id(), /*paged=*/false);
  if (!request.ok()) return request.status();
  auto job = scheduler_->DescribeJob(job_name);
  if (!job.ok()) return job.status();
  const auto& counts = job->counts;
  const int64_t total = counts.pending + counts.in_progress + counts.completed +
                        counts.failed + counts.stopped;
  // One budget for the whole reply, shared by the latest trials' curves,
  // each of which keeps at least its first and last point; the same per
  // curve whether all are sent or only the changed ones.
  const int64_t metrics =
      std::max<int64_t>(1, job->spec.metric_definitions.size());
  const int64_t shown = std::min<int64_t>(
      {total, kMaxCurvesTrials, scheduler::kMaxPointsPerReply / (2 * metrics)});
  const int per_curve = static_cast<int>(
      scheduler::kMaxPointsPerReply / std::max<int64_t>(1, shown * metrics));
  // The latest `shown` of the trials that changed: a client keeps the
  // latest kMaxCurvesTrials it has, so older changes would be dropped.
  auto changed = scheduler_->ListTrialsPage(job_name, std::nullopt, false, 0,
                                            1, request->changed_after);
  if (!changed.ok()) return changed.status();
  auto page = scheduler_->ListTrialsPage(
      job_name, std::nullopt, false, std::max<int64_t>(0, changed->total - shown),
      shown > 0 ? shown : 1, request->changed_after);
  if (!page.ok()) return page.status();
  json rows = json::array();
  for (const storage::TrialRecord& trial : page->trials) {
    auto detail = scheduler_->DescribeTrial(trial.trial_id, per_curve);
    if (!detail.ok()) return detail.status();
    json points = json::array();
    for (const auto& point : detail->points) points.push_back(PointJson(point));
    rows.push_back({{"id", trial.trial_id},
                    {"seq", trial.seq},
                    {"state", storage::ToString(detail->record.state)},
                    {"points", std::move(points)},
                    {"total_points", detail->total_points}});
  }
  return json{{"job", job_name},
              {"objective_metric", job->spec.objective_metric_name},
              {"trials", std::move(rows)},
              {"total_trials", total},
              {"cursor", Cursor(scheduler_->run_id(), changed->changes)},
              {"full", request->full}};
}

absl::StatusOr<json> Routes::Trial(const std::string& trial_id,
                                   bool show_secrets) const {
  auto detail = scheduler_->DescribeTrial(trial_id);
  if (!detail.ok()) return detail.status();
  json out = TrialJson(detail->record);
  json statics = json::object();
  for (const auto& [name, value] : detail->static_hyperparameters) {
    statics[name] = auth::ShownValue(name, value, show_secrets);
  }
  out["static_hyperparameters"] = std::move(statics);
  out["suggestion"] = json::parse(detail->record.suggestion_json, nullptr,
                                  /*allow_exceptions=*/false);
  if (out["suggestion"].is_discarded()) out["suggestion"] = nullptr;
  json points = json::array();
  for (const auto& point : detail->points) points.push_back(PointJson(point));
  out["points"] = std::move(points);
  out["total_points"] = detail->total_points;

  // The job's events, this trial's kept. A deadline in the past makes
  // WaitForEvents return at once.
  json events = json::array();
  int64_t after = 0;
  for (int page = 0; page < kMaxEventPages; ++page) {
    auto batch = scheduler_->WaitForEvents(detail->record.job_name, after,
                                           std::chrono::system_clock::time_point());
    if (!batch.ok()) return batch.status();
    if (batch->empty()) break;
    for (const auto& event : *batch) {
      if (event.trial_id == trial_id) events.push_back(EventJson(event));
      after = event.id;
    }
  }
  out["events"] = std::move(events);
  // The worker sends the last lines of the log when the trial ends.
  if (detail->record.log_tail.empty()) {
    out["log"] = nullptr;
  } else {
    out["log"] = detail->record.log_tail;
  }
  out["log_note"] = absl::StrCat(
      "the last lines of the log arrive when the trial ends; the whole log is "
      "output.log in the trial's directory on worker ",
      detail->record.worker_id.empty() ? "(none yet)" : detail->record.worker_id);
  return out;
}

std::string Routes::MetricsText() const {
  using storage::JobState;
  using storage::TrialState;
  constexpr std::array kJobStates = {JobState::kInProgress, JobState::kCompleted,
                                     JobState::kFailed, JobState::kStopping,
                                     JobState::kStopped};
  std::array<double, kJobStates.size()> jobs{};
  scheduler::TrialCounts trials;
  for (const auto& job : scheduler_->ListJobs()) {
    for (size_t i = 0; i < kJobStates.size(); ++i) {
      if (job.record.state == kJobStates[i]) ++jobs[i];
    }
    trials.pending += job.counts.pending;
    trials.in_progress += job.counts.in_progress;
    trials.completed += job.counts.completed;
    trials.failed += job.counts.failed;
    trials.stopped += job.counts.stopped;
  }
  std::vector<std::pair<std::string, double>> job_values;
  for (size_t i = 0; i < kJobStates.size(); ++i) {
    job_values.emplace_back(storage::ToString(kJobStates[i]), jobs[i]);
  }
  std::string text = telemetry::GaugeFamilyText(
      "tune_jobs", "Tuning jobs by state.", "state", job_values);
  text += telemetry::GaugeFamilyText(
      "tune_trials", "Trials of all jobs by state.", "state",
      {{storage::ToString(TrialState::kPending), trials.pending},
       {storage::ToString(TrialState::kInProgress), trials.in_progress},
       {storage::ToString(TrialState::kCompleted), trials.completed},
       {storage::ToString(TrialState::kFailed), trials.failed},
       {storage::ToString(TrialState::kStopped), trials.stopped}});
  if (telemetry_) text += telemetry_->registry.PrometheusText();
  return text;
}

}  // namespace tune::dashboard
