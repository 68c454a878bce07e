// What the dashboard answers: the JSON API under /api/, Prometheus metrics
// at /metrics, and the front end's files for every other path.
//
//   GET /api/jobs                   {"jobs": [JobSummaryJson...]}
//   GET /api/jobs/{name}            JobDetailJson
//   GET /api/jobs/{name}/trials     {"job", "trials": [TrialJson...]}, by seq
//   GET /api/jobs/{name}/curves     {"job", "objective_metric",
//                                    "trials": [{"id", "state", "points",
//                                    "total_points"}], "total_trials"}: the
//                                   latest 1,000 trials at most, and at most
//                                   100,000 points in all curves together
//   GET /api/jobs/{name}/model      ModelJson (model_json.h): the GP's
//                                   slices through the best trial; until
//                                   3 trials have an objective, empty
//                                   slices and a "note" saying so
//   GET /api/trials/{id}            TrialJson + static_hyperparameters,
//                                   suggestion, points (2,000 per metric at
//                                   most), total_points, events, log_note
//   GET /api/whoami                 {"name", "role", "authenticated"}
//   GET /metrics                    tune_jobs, tune_trials and Telemetry
//
// The layer is thin: each route calls the Scheduler and HttpStatusOf turns
// its status into the HTTP code. Methods other than GET and HEAD get 405,
// a path that does not decode gets 400.
//
// Thread-safety: Handle may be called from many threads at once (the
// Scheduler is thread-safe and the rest is const).
#pragma once

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"
#include "tuner/auth/role.h"
#include "tuner/dashboard/http_message.h"
#include "tuner/dashboard/static_files.h"
#include "tuner/scheduler/scheduler.h"
#include "tuner/telemetry/telemetry.h"

namespace tune::dashboard {

// The one place where an absl::Status code becomes an HTTP status:
// NotFound 404, InvalidArgument and OutOfRange 400, FailedPrecondition 409,
// Unavailable 503, DeadlineExceeded 504, anything else 500.
int HttpStatusOf(absl::StatusCode code);

class Routes {
 public:
  // `scheduler` must outlive the Routes; `telemetry` may be null (then
  // /metrics has the gauges only).
  Routes(const scheduler::Scheduler* scheduler,
         const telemetry::Telemetry* telemetry, StaticFiles files);

  // `who` is the caller (access_gate.h); viewers get secret-looking command
  // arguments and static hyperparameters hidden.
  HttpResponse Handle(const HttpRequest& request,
                      const auth::Identity& who = {"local", auth::Role::kAdmin}) const;

 private:
  absl::StatusOr<nlohmann::json> Api(
      const std::vector<std::string>& path,
      const std::map<std::string, std::string>& query,
      const auth::Identity& who) const;
  absl::StatusOr<nlohmann::json> JobTrials(
      const std::string& job,
      const std::map<std::string, std::string>& query) const;
  absl::StatusOr<nlohmann::json> JobCurves(
      const std::string& job,
      const std::map<std::string, std::string>& query) const;
  absl::StatusOr<nlohmann::json> JobModel(const std::string& job) const;
  absl::StatusOr<nlohmann::json> Trial(const std::string& trial_id,
                                       bool show_secrets) const;
  std::string MetricsText() const;

  const scheduler::Scheduler* const scheduler_;
  const telemetry::Telemetry* const telemetry_;
  const StaticFiles files_;
};

}  // namespace tune::dashboard
