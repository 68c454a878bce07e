// The dashboard API's JSON documents, built from what the Scheduler
// returns. Field names are the API's contract with the front end
// (tuner/dashboard/web) and are listed in README.md's dashboard section.
// Times are seconds since the Unix epoch, null while not reached; an
// objective not yet reported is null.
//
// Pure; thread-safe.
#pragma once

#include <vector>

#include "nlohmann/json.hpp"
#include "storage/store.h"
#include "tuner/scheduler/scheduler.h"

namespace tune::dashboard {

// One row of /api/jobs: name, status, reason, strategy, objective
// {name, type}, counts {pending, in_progress, completed, failed, stopped,
// total}, max_jobs, max_parallel_jobs, best_objective, best_trial_id,
// created_at, ended_at.
nlohmann::json JobSummaryJson(const scheduler::JobView& job);

// /api/jobs/{name}: the summary plus ranges [{name, type, scaling, min,
// max, values}], static_hyperparameters {name: text}, metrics [{name,
// regex}], training_command, owner, and best_trial (TrialJson or null).
// `show_secrets` false: secret-looking arguments and static
// hyperparameters read "<redacted>" (auth/secrets.h).
nlohmann::json JobDetailJson(const scheduler::JobView& job,
                             bool show_secrets = true);

// Where a trial's point came from: its suggestion's "strategy"
// ("initial_design", "gp", ...), or "unknown" without one.
std::string TrialSource(const storage::TrialRecord& trial);

// id, job, seq, state, parameters {name: number|string}, objective,
// created_at, started_at, ended_at, worker, attempt, exit_code, reason,
// client_id, warnings, source (TrialSource).
nlohmann::json TrialJson(const storage::TrialRecord& trial);

// {metric, step, value, wall_time, attempt}
nlohmann::json PointJson(const storage::MetricPointRecord& point);
// {id, kind, message, time}
nlohmann::json EventJson(const storage::EventRecord& event);

// Text safe to send: invalid UTF-8 (say, from a trainer's log) replaced.
std::string Dump(const nlohmann::json& json);

}  // namespace tune::dashboard
