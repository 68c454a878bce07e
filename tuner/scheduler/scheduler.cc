#include "tuner/scheduler/scheduler.h"
#include "tuner/scheduler/wall_clock.h"

#include <algorithm>
#include <chrono>
#include <iostream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "tuner/designers/designer_factory.h"
#include "tuner/scheduler/parameters_json.h"
#include "tuner/spec/spec_parser.h"
#include "tuner/telemetry/telemetry.h"

namespace tune::scheduler {
namespace {

using storage::JobState;
using storage::TrialState;

using storage::IsActive;

constexpr char kStoppedByUser[] = "stopped by user";

// ", by NAME" for events a known caller caused; empty when unknown.
std::string ByActor(const std::string& actor) {
  return actor.empty() ? "" : absl::StrCat(", by ", actor);
}

}  // namespace

Scheduler::Scheduler(storage::Store* store, SchedulerOptions options)
    : store_(store), options_(options) {}

Scheduler::~Scheduler() { Shutdown(); }

absl::StatusOr<std::unique_ptr<Scheduler>> Scheduler::Create(
    storage::Store* store, SchedulerOptions options) {
  std::unique_ptr<Scheduler> scheduler(new Scheduler(store, options));
  if (absl::Status status = scheduler->Load(); !status.ok()) return status;
  return scheduler;
}

absl::Status Scheduler::Load() {
  absl::MutexLock lock(&mu_);
  auto jobs = store_->ListJobs();
  if (!jobs.ok()) return jobs.status();
  const auto deadline = Clock::now() + options_.lease;
  for (auto& record : *jobs) {
    auto spec = spec::ParseJobSpec(record.spec_yaml);
    if (!spec.ok()) {
      return absl::DataLossError(absl::StrCat("stored spec of job ", record.name,
                                              " no longer parses: ",
                                              spec.status().message()));
    }
    auto entry = MakeJobEntry(std::move(record), std::move(*spec));
    if (!entry.ok()) return entry.status();
    JobEntry job = std::move(*entry);
    ApplyStoredLimits(job);
    // The stopping rules compare a trial with the ended ones' curves.
    const bool needs_curves =
        job.spec.early_stopping_type == spec::EarlyStoppingType::kAuto ||
        job.spec.hyperband.has_value();
    auto trials = store_->ListTrials(job.record.name);
    if (!trials.ok()) return trials.status();
    for (auto& trial : *trials) {
      auto parameters = ParametersFromJson(trial.parameters_json);
      if (!parameters.ok()) return parameters.status();
      TrialEntry entry{std::move(trial), std::move(*parameters)};
      const bool running = entry.record.state == TrialState::kInProgress;
      // A pending trial's stored curve is a failed attempt's: not its own.
      if (running ||
          (needs_curves && entry.record.state != TrialState::kPending)) {
        auto points = store_->ListMetricPoints(entry.record.trial_id);
        if (!points.ok()) return points.status();
        for (const auto& point : *points) {
          if (point.attempt != entry.record.attempt) continue;
          entry.reported = true;
          ++entry.stored_points;
          if (point.metric == job.spec.objective_metric_name) {
            entry.objective_step = std::max(entry.objective_step, point.step);
            entry.objective_series.push_back({point.step, point.value});
          }
        }
      }
      if (running && !entry.record.worker_id.empty()) {
        workers_.AddAwaited(entry.record.worker_id, deadline);
      }
      job_of_trial_[entry.record.trial_id] = job.record.name;
      job.trials.push_back(std::move(entry));
    }
    std::string name = job.record.name;
    jobs_.emplace(std::move(name), std::move(job));
  }
  return absl::OkStatus();
}

void Scheduler::Start() {
  lease_thread_ = std::thread([this] {
    // Runtime limits are in whole seconds; check at least once a second.
    // On a timer, not on every commit: each check walks every trial.
    const absl::Duration tick = absl::FromChrono(std::min<std::chrono::milliseconds>(
        options_.lease / 4, std::chrono::seconds(1)));
    while (true) {
      {
        absl::MutexLock lock(&mu_);
        mu_.AwaitWithTimeout(absl::Condition(&shutting_down_), tick);
        if (shutting_down_) break;
      }
      ExpireLeases();
      EnforceRuntimeLimits();
    }
  });
}

void Scheduler::Shutdown() {
  {
    absl::MutexLock lock(&mu_);
    shutting_down_ = true;
  }
  changed_.SignalAll();
  designer_worker_.Stop();  // its task may wait for mu_: not held here
  if (lease_thread_.joinable()) lease_thread_.join();
}

absl::Status Scheduler::Commit(storage::Mutation mutation,
                               storage::CommitResult* result) {
  auto committed = store_->Commit(mutation);
  if (!committed.ok()) return committed.status();
  if (result != nullptr) *result = *std::move(committed);
  changed_.SignalAll();
  return absl::OkStatus();
}

void Scheduler::LogIfError(const absl::Status& status) {
  // Only for work no client waits on (lease expiry, draining a stopped job):
  // a storage error leaves the trial as it was, and a restarted tunerd
  // settles it from the database.
  if (!status.ok()) std::cerr << "tunerd: " << status << std::endl;
}

storage::EventRecord Scheduler::Event(const std::string& job,
                                      const std::string& trial,
                                      const std::string& kind,
                                      const std::string& message) const {
  return storage::EventRecord{0, job, trial, kind, message, WallSeconds()};
}

Scheduler::JobEntry* Scheduler::FindJob(const std::string& name) {
  auto it = jobs_.find(name);
  return it == jobs_.end() ? nullptr : &it->second;
}

const Scheduler::JobEntry* Scheduler::FindJob(const std::string& name) const {
  auto it = jobs_.find(name);
  return it == jobs_.end() ? nullptr : &it->second;
}

absl::StatusOr<std::pair<Scheduler::JobEntry*, Scheduler::TrialEntry*>>
Scheduler::FindTrial(const std::string& trial_id) {
  auto it = job_of_trial_.find(trial_id);
  if (it == job_of_trial_.end()) {
    return absl::NotFoundError(absl::StrCat("no trial ", trial_id));
  }
  JobEntry* job = FindJob(it->second);
  for (auto& trial : job->trials) {
    if (trial.record.trial_id == trial_id) return std::make_pair(job, &trial);
  }
  return absl::InternalError(absl::StrCat("trial ", trial_id, " not indexed"));
}

absl::StatusOr<Scheduler::JobEntry> Scheduler::MakeJobEntry(
    storage::JobRecord record, spec::JobSpec spec) {
  auto designer = designers::MakeDesigner(spec);
  if (!designer.ok()) return designer.status();
  JobEntry job{std::move(record), std::move(spec), std::move(*designer)};
  if (job.spec.hyperband) {
    auto halving = policies::SuccessiveHalving::Create(*job.spec.hyperband,
                                                       job.spec.objective_type);
    if (!halving.ok()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "strategy_config.hyperband: ", halving.status().message()));
    }
    job.halving = std::move(*halving);
  }
  return job;
}

void Scheduler::ApplyStoredLimits(JobEntry& job) {
  if (job.record.max_jobs > 0) job.spec.max_jobs = job.record.max_jobs;
  if (job.record.max_parallel_jobs > 0) {
    job.spec.max_parallel_jobs = job.record.max_parallel_jobs;
  }
}

JobView Scheduler::ViewOf(const JobEntry& job) const {
  JobView view{job.record, job.spec, {}, std::nullopt};
  for (const auto& trial : job.trials) {
    const auto& record = trial.record;
    switch (record.state) {
      case TrialState::kPending: ++view.counts.pending; break;
      case TrialState::kInProgress: ++view.counts.in_progress; break;
      case TrialState::kCompleted: ++view.counts.completed; break;
      case TrialState::kFailed: ++view.counts.failed; break;
      case TrialState::kStopped: ++view.counts.stopped; break;
    }
    // Stopped trials keep their objective; only completed and stopped ones
    // may be the best (a failed trial's last value is not trustworthy).
    if (!record.objective || record.state == TrialState::kFailed ||
        IsActive(record.state)) {
      continue;
    }
    if (!view.best_trial ||
        spec::IsBetter(job.spec.objective_type, *record.objective,
                       *view.best_trial->objective)) {
      view.best_trial = record;
    }
  }
  return view;
}

absl::StatusOr<JobView> Scheduler::CreateJob(const std::string& spec_yaml,
                                             const std::string& actor) {
  auto spec = spec::ParseJobSpec(spec_yaml);
  if (!spec.ok()) return spec.status();
  storage::JobRecord record{spec->name, spec_yaml, JobState::kInProgress, "",
                            WallSeconds(), 0};
  record.owner = actor;
  auto entry = MakeJobEntry(record, *spec);
  if (!entry.ok()) return entry.status();
  absl::MutexLock lock(&mu_);
  if (shutting_down_) return absl::UnavailableError("tunerd is shutting down");
  if (FindJob(spec->name) != nullptr) {
    return absl::AlreadyExistsError(
        absl::StrCat("name: a job named ", spec->name, " already exists"));
  }
  if (absl::Status status = CheckWarmStart(*spec); !status.ok()) return status;
  storage::Mutation mutation;
  mutation.new_job = record;
  mutation.events.push_back(Event(record.name, "", "job_created",
                                  absl::StrCat("strategy ",
                                               spec::ToString(spec->strategy),
                                               ByActor(actor))));
  if (absl::Status status = Commit(std::move(mutation)); !status.ok()) {
    return status;
  }
  JobEntry& job = jobs_.emplace(record.name, std::move(*entry)).first->second;
  PumpJob(job);
  return ViewOf(job);
}

absl::StatusOr<JobView> Scheduler::DescribeJob(const std::string& name) const {
  absl::MutexLock lock(&mu_);
  const JobEntry* job = FindJob(name);
  if (job == nullptr) return absl::NotFoundError(absl::StrCat("no job ", name));
  return ViewOf(*job);
}

std::vector<JobView> Scheduler::ListJobs() const {
  absl::MutexLock lock(&mu_);
  std::vector<JobView> views;
  for (const auto& [name, job] : jobs_) views.push_back(ViewOf(job));
  std::sort(views.begin(), views.end(), [](const auto& a, const auto& b) {
    return a.record.created_at < b.record.created_at;
  });
  return views;
}

absl::StatusOr<JobView> Scheduler::StopJob(const std::string& name,
                                           const std::string& actor) {
  absl::MutexLock lock(&mu_);
  JobEntry* job = FindJob(name);
  if (job == nullptr) return absl::NotFoundError(absl::StrCat("no job ", name));
  if (job->record.state != JobState::kInProgress) {
    return ViewOf(*job);  // already stopping or ended: stopping is idempotent
  }
  if (absl::Status status =
          BeginStopping(*job, actor.empty() ? kStoppedByUser
                                            : absl::StrCat(kStoppedByUser,
                                                           " ", actor));
      !status.ok()) {
    return status;
  }
  PumpJob(*job);
  return ViewOf(*job);
}

void Scheduler::Pump() {
  for (auto& [name, job] : jobs_) PumpJob(job);
}

void Scheduler::PumpJob(JobEntry& job) {
  if (storage::IsTerminal(job.record.state)) return;
  if (job.record.state == JobState::kInProgress) {
    if (std::optional<std::string> reason = CompletionReason(job)) {
      LogIfError(BeginStopping(job, *reason));
    }
  }
  if (job.record.state == JobState::kInProgress && job.spec.training) {
    int active = 0;
    int ended = 0;
    for (const auto& trial : job.trials) {
      IsActive(trial.record.state) ? ++active : ++ended;
    }
    const int wanted = std::min(job.spec.max_parallel_jobs - active,
                                job.spec.max_jobs - active - ended);
    if (wanted > 0 && designers::FitsAModel(job.spec)) {
      StartSuggesting(job, wanted, ended);
    } else if (wanted > 0) {
      const size_t before = job.trials.size();
      absl::Status status = CreateTrials(job, wanted, "", TrialState::kPending);
      // A finite space (Grid, or all-discrete ranges) can run out.
      job.exhausted = status.ok() && job.trials.size() == before && active == 0;
      if (!status.ok()) {
        FailJobForTrials(job, status);
        return;
      }
    }
    for (auto& trial : job.trials) {
      if (trial.record.state == TrialState::kPending) Dispatch(job, trial);
    }
  }
  if (job.record.state == JobState::kStopping) {
    for (auto& trial : job.trials) {
      if (trial.record.state == TrialState::kPending) {
        LogIfError(EndTrial(job, trial, TrialState::kStopped, -1,
                            "job stopped before the trial started"));
      }
    }
  }
  MaybeFinishJob(job);
}

absl::Status Scheduler::CreateTrials(JobEntry& job, int count,
                                     const std::string& client_id,
                                     TrialState state) {
  const DesignerView view = ViewForDesigner(job);
  job.designer->Update(view.completed, view.active);
  const auto suggest_start = std::chrono::steady_clock::now();
  auto suggestions = job.designer->SuggestWithReasons(count);
  if (options_.telemetry) {
    options_.telemetry->suggestion_seconds.Observe(std::chrono::duration<double>(
        std::chrono::steady_clock::now() - suggest_start).count());
  }
  if (!suggestions.ok()) return suggestions.status();
  return AddTrials(job, *std::move(suggestions), client_id, state);
}

absl::Status Scheduler::AddTrials(JobEntry& job,
                                  std::vector<designers::Suggestion> suggestions,
                                  const std::string& client_id,
                                  TrialState state) {
  storage::Mutation mutation;
  std::vector<TrialEntry> entries;
  const double now = WallSeconds();
  for (auto& [parameters, reason_json] : suggestions) {
    const int64_t seq = static_cast<int64_t>(job.trials.size() + entries.size()) + 1;
    storage::TrialRecord record;
    record.trial_id = absl::StrCat(job.record.name, "-", seq);
    record.job_name = job.record.name;
    record.seq = seq;
    record.parameters_json = ParametersToJson(parameters);
    record.suggestion_json = std::move(reason_json);
    record.state = state;
    record.client_id = client_id;
    record.created_at = now;
    if (state == TrialState::kInProgress) {
      record.attempt = 1;
      record.started_at = now;
    }
    mutation.trials.push_back(record);
    mutation.events.push_back(
        Event(job.record.name, record.trial_id, "trial_created",
              record.parameters_json));
    entries.push_back(
        TrialEntry{std::move(record), std::move(parameters), 0, false, {}});
  }
  if (entries.empty()) return absl::OkStatus();
  if (absl::Status status = Commit(std::move(mutation)); !status.ok()) {
    return status;
  }
  for (auto& entry : entries) {
    job_of_trial_[entry.record.trial_id] = job.record.name;
    job.trials.push_back(std::move(entry));
  }
  return absl::OkStatus();
}

void Scheduler::MaybeFinishJob(JobEntry& job) {
  if (storage::IsTerminal(job.record.state)) return;
  int completed = 0;
  for (const auto& trial : job.trials) {
    if (IsActive(trial.record.state)) return;
    // A trial stopped early (a rule, a runtime limit) keeps its objective.
    if (trial.record.state == TrialState::kCompleted ||
        (trial.record.state == TrialState::kStopped && trial.record.objective)) {
      ++completed;
    }
  }
  storage::JobRecord updated = job.record;
  std::string kind;
  if (job.record.state == JobState::kStopping) {
    // A user's stop ends Stopped; a completion criterion or the job's
    // runtime limit ends it Completed, with the criterion as the reason.
    const bool by_user = absl::StartsWith(job.record.reason, kStoppedByUser);
    updated.state = by_user || completed == 0 ? JobState::kStopped
                                              : JobState::kCompleted;
    kind = updated.state == JobState::kStopped ? "job_stopped" : "job_completed";
  } else if (static_cast<int>(job.trials.size()) < job.spec.max_jobs &&
             !job.exhausted) {
    return;
  } else if (completed == 0) {
    updated.state = JobState::kFailed;
    updated.reason = "no trial completed with an objective";
    kind = "job_failed";
  } else {
    updated.state = JobState::kCompleted;
    updated.reason = job.exhausted
                         ? absl::StrCat("the search space is exhausted after ",
                                        job.trials.size(), " trials")
                         : "max_jobs trials ended";
    kind = "job_completed";
  }
  updated.ended_at = WallSeconds();
  storage::Mutation mutation;
  mutation.job_update = updated;
  mutation.events.push_back(Event(updated.name, "", kind, updated.reason));
  if (Commit(std::move(mutation)).ok()) job.record = std::move(updated);
}

}  // namespace tune::scheduler
