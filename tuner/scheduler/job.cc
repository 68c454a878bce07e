// A job's life: creation and reload, the indexes kept as trials change,
// new trials (here or from an off-lock fit), dispatch and the job's end.
#include "tuner/scheduler/job.h"

#include <algorithm>
#include <chrono>
#include <map>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "tuner/designers/designer_factory.h"
#include "tuner/scheduler/parameters_json.h"
#include "tuner/space/parameter_value.h"
#include "tuner/telemetry/telemetry.h"

namespace tune::scheduler {
namespace {

using storage::IsActive;
using storage::JobState;
using storage::TrialState;

// Whether an ended trial's objective may make it the best, and counts
// toward the job's completion: a stopped trial keeps its objective, a
// failed trial's last value is not trustworthy.
bool CountsWithObjective(const storage::TrialRecord& record) {
  return record.objective.has_value() &&
         (record.state == TrialState::kCompleted ||
          record.state == TrialState::kStopped);
}

}  // namespace

void Job::Trial::ResetAttemptState() {
  objective_step = 0;
  reported = false;
  stored_points = 0;
  objective_series.clear();
  stop_reason.clear();
  judged_through = 0;
}

Job::Job(storage::JobRecord record, spec::JobSpec spec,
         std::unique_ptr<designers::Designer> designer, Services services)
    : record_(std::move(record)),
      spec_(std::move(spec)),
      designer_(std::move(designer)),
      services_(services) {}

absl::StatusOr<std::unique_ptr<Job>> Job::Create(storage::JobRecord record,
                                                 spec::JobSpec spec,
                                                 Services services) {
  auto designer = designers::MakeDesigner(spec);
  if (!designer.ok()) return designer.status();
  if (record.max_jobs > 0) spec.max_jobs = record.max_jobs;
  if (record.max_parallel_jobs > 0) {
    spec.max_parallel_jobs = record.max_parallel_jobs;
  }
  std::unique_ptr<Job> job(new Job(std::move(record), std::move(spec),
                                   std::move(*designer), services));
  if (job->spec_.hyperband) {
    auto halving = policies::SuccessiveHalving::Create(
        *job->spec_.hyperband, job->spec_.objective_type);
    if (!halving.ok()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "strategy_config.hyperband: ", halving.status().message()));
    }
    job->halving_ = std::move(*halving);
  }
  return job;
}

absl::Status Job::CommitNew(const std::string& event_message) {
  storage::Mutation mutation;
  mutation.new_job = record_;
  mutation.events.push_back(Event("", "job_created", event_message));
  return Commit(std::move(mutation));
}

absl::Status Job::LoadTrials() {
  // The stopping rules compare a trial with the ended ones' curves.
  const bool needs_curves =
      spec_.early_stopping_type == spec::EarlyStoppingType::kAuto ||
      spec_.hyperband.has_value();
  auto trials = services_.store->ListTrials(record_.name);
  if (!trials.ok()) return trials.status();
  for (auto& record : *trials) {
    auto parameters = ParametersFromJson(record.parameters_json);
    if (!parameters.ok()) return parameters.status();
    Trial trial{std::move(record), std::move(*parameters)};
    const bool running = trial.record.state == TrialState::kInProgress;
    // A pending trial's stored curve is a failed attempt's: not its own.
    if (running || (needs_curves && trial.record.state != TrialState::kPending)) {
      auto points = services_.store->ListMetricPoints(trial.record.trial_id);
      if (!points.ok()) return points.status();
      for (const auto& point : *points) {
        if (point.attempt != trial.record.attempt) continue;
        trial.reported = true;
        ++trial.stored_points;
        if (point.metric == spec_.objective_metric_name) {
          trial.objective_step = std::max(trial.objective_step, point.step);
          trial.objective_series.push_back({point.step, point.value});
        }
      }
    }
    Append(std::move(trial));
  }
  return absl::OkStatus();
}

absl::Status Job::Commit(storage::Mutation mutation,
                         storage::CommitResult* result) {
  auto committed = services_.store->Commit(mutation);
  if (!committed.ok()) return committed.status();
  if (result != nullptr) *result = *std::move(committed);
  return absl::OkStatus();
}

storage::EventRecord Job::Event(const std::string& trial,
                                const std::string& kind,
                                const std::string& message) const {
  return storage::EventRecord{0,       record_.name, trial, kind,
                              message, services_.clock->WallSeconds()};
}

Job::Trial* Job::FindTrial(const std::string& trial_id) {
  auto it = index_of_.find(trial_id);
  return it == index_of_.end() ? nullptr : &trials_[it->second];
}

const Job::Trial* Job::FindTrial(const std::string& trial_id) const {
  auto it = index_of_.find(trial_id);
  return it == index_of_.end() ? nullptr : &trials_[it->second];
}

JobView Job::View() const {
  JobView view{record_, spec_, counts_, std::nullopt};
  if (best_) view.best_trial = trials_[*best_].record;
  return view;
}

std::vector<Job::Trial*> Job::RunningTrials() {
  std::vector<Trial*> running;
  for (size_t i : running_) running.push_back(&trials_[i]);
  return running;
}

void Job::Index(const Trial& trial, int delta) {
  const size_t i = static_cast<size_t>(trial.record.seq - 1);
  switch (trial.record.state) {
    case TrialState::kPending:
      counts_.pending += delta;
      delta > 0 ? (void)pending_.insert(i) : (void)pending_.erase(i);
      break;
    case TrialState::kInProgress:
      counts_.in_progress += delta;
      delta > 0 ? (void)running_.insert(i) : (void)running_.erase(i);
      break;
    case TrialState::kCompleted: counts_.completed += delta; break;
    case TrialState::kFailed: counts_.failed += delta; break;
    case TrialState::kStopped: counts_.stopped += delta; break;
  }
  if (!CountsWithObjective(trial.record)) return;
  with_objective_ += delta;
  if (delta > 0) {
    // On a tie the earlier trial stays the best.
    const auto& objective = *trial.record.objective;
    if (!best_ ||
        spec::IsBetter(spec_.objective_type, objective,
                       *trials_[*best_].record.objective) ||
        (objective == *trials_[*best_].record.objective && i < *best_)) {
      best_ = i;
    }
  } else if (best_ == i) {
    // An ended trial never changes today; should one, find the best again.
    best_.reset();
    for (const Trial& other : trials_) {
      if (&other != &trial && CountsWithObjective(other.record)) {
        const size_t j = static_cast<size_t>(other.record.seq - 1);
        if (!best_ || spec::IsBetter(spec_.objective_type,
                                     *other.record.objective,
                                     *trials_[*best_].record.objective)) {
          best_ = j;
        }
      }
    }
  }
}

void Job::SetRecord(Trial& trial, storage::TrialRecord updated) {
  Index(trial, -1);
  trial.record = std::move(updated);
  trial.changed = ++changes_;
  Index(trial, +1);
}

void Job::Append(Trial trial) {
  index_of_[trial.record.trial_id] = trials_.size();
  trial.changed = ++changes_;
  trials_.push_back(std::move(trial));
  Index(trials_.back(), +1);
}

int Job::Wanted() const {
  if (!running() || !spec_.training) return 0;
  return std::max(0, std::min(spec_.max_parallel_jobs - active(),
                              spec_.max_jobs - active() - ended()));
}

DesignerView Job::OwnHistory() const {
  DesignerView view;
  // Model-based Hyperband (after BOHB): fit the values at the largest rung
  // that enough trials reached, so that stopped and finished trials are
  // compared at the same resource.
  std::optional<int64_t> fit_rung;
  if (halving_) {
    std::map<int64_t, int64_t> reached;
    for (const auto& trial : trials_) {
      for (const auto& point : trial.objective_series) ++reached[point.step];
    }
    fit_rung = policies::ResourceToModel(
        reached, static_cast<int64_t>(spec_.ranges.size()) + 2);
  }
  for (const auto& trial : trials_) {
    if (IsActive(trial.record.state)) {
      view.active.push_back(trial.parameters);
      continue;
    }
    std::optional<double> objective =
        trial.record.state == TrialState::kFailed ? std::nullopt
                                                  : trial.record.objective;
    if (fit_rung && objective) {
      // A trial stopped below the rung counts as tried and not good.
      objective = policies::ValueAtStep(trial.objective_series, *fit_rung);
    }
    view.completed.push_back({trial.parameters, objective});
  }
  return view;
}

absl::Status Job::CreateTrials(const DesignerView& view, int count,
                               const std::string& client_id,
                               TrialState state) {
  designer_->Update(view.completed, view.active);
  const auto suggest_start = std::chrono::steady_clock::now();
  auto suggestions = designer_->SuggestWithReasons(count);
  if (services_.telemetry) {
    services_.telemetry->suggestion_seconds.Observe(
        std::chrono::duration<double>(std::chrono::steady_clock::now() -
                                      suggest_start)
            .count());
  }
  if (!suggestions.ok()) return suggestions.status();
  return AddTrials(*std::move(suggestions), client_id, state);
}

bool Job::BeginFit() {
  if (fitting_ || dry_at_ended_ == ended()) return false;
  fitting_ = true;
  ended_at_fit_ = ended();
  return true;
}

void Job::FinishFit(absl::StatusOr<std::vector<designers::Suggestion>> found,
                    Effects& effects) {
  fitting_ = false;
  if (!found.ok()) {
    if (running()) FailForTrials(found.status(), effects);
    return;
  }
  if (found->empty()) dry_at_ended_ = ended_at_fit_;
  if (!running()) return;
  // Trials may have ended meanwhile (more room: the next fit sees them) or
  // the limits changed (less room: the extra suggestions are dropped).
  const int room = std::min(spec_.max_parallel_jobs - active(),
                            spec_.max_jobs - static_cast<int>(trials_.size()));
  if (static_cast<int>(found->size()) > room) found->resize(std::max(room, 0));
  exhausted_ = found->empty() && active() == 0;  // a finite space ran out
  if (absl::Status status = AddTrials(*std::move(found), "", TrialState::kPending);
      !status.ok()) {
    FailForTrials(status, effects);
  }
}

absl::Status Job::AddTrials(std::vector<designers::Suggestion> suggestions,
                            const std::string& client_id, TrialState state) {
  storage::Mutation mutation;
  std::vector<Trial> added;
  const double now = services_.clock->WallSeconds();
  for (auto& [parameters, reason_json] : suggestions) {
    const int64_t seq = static_cast<int64_t>(trials_.size() + added.size()) + 1;
    storage::TrialRecord record;
    record.trial_id = absl::StrCat(record_.name, "-", seq);
    record.job_name = record_.name;
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
        Event(record.trial_id, "trial_created", record.parameters_json));
    added.push_back(Trial{std::move(record), std::move(parameters)});
  }
  if (added.empty()) return absl::OkStatus();
  if (absl::Status status = Commit(std::move(mutation)); !status.ok()) {
    return status;
  }
  for (auto& trial : added) Append(std::move(trial));
  return absl::OkStatus();
}

void Job::DispatchPending(Placer& placer, Effects& effects) {
  if (!running() || !spec_.training) return;
  const std::vector<size_t> pending(pending_.begin(), pending_.end());
  for (size_t i : pending) {
    Trial& trial = trials_[i];
    // A retried trial keeps its last worker's id while pending: the placer
    // tries another.
    auto placement = placer.Place(trial.record, spec_.training->gpus_per_trial);
    if (!placement) continue;
    if (absl::Status status = Start(trial, *placement, effects); !status.ok()) {
      effects.freed.push_back(trial.record.trial_id);
      effects.errors.push_back(std::move(status));
    }
  }
}

absl::Status Job::Start(Trial& trial, const Placement& placement,
                        Effects& effects) {
  storage::TrialRecord updated = trial.record;
  updated.state = TrialState::kInProgress;
  updated.worker_id = placement.worker_id;
  updated.attempt += 1;
  updated.started_at = services_.clock->WallSeconds();
  storage::Mutation mutation;
  mutation.trials.push_back(updated);
  mutation.events.push_back(Event(updated.trial_id, "trial_started",
                                  absl::StrCat("on worker ", updated.worker_id)));
  if (absl::Status status = Commit(std::move(mutation)); !status.ok()) {
    return status;
  }
  SetRecord(trial, std::move(updated));
  trial.gpu_ids = placement.gpu_ids;
  trial.ResetAttemptState();  // after a restart it may hold a failed attempt's
  if (services_.telemetry) {
    services_.telemetry->dispatch_latency_seconds.Observe(
        trial.record.started_at - trial.record.created_at);
  }

  Order order{placement.worker_id, {}};
  auto* assign = order.message.mutable_assign();
  assign->set_trial_id(trial.record.trial_id);
  assign->set_attempt(trial.record.attempt);
  assign->set_job_name(record_.name);
  for (const auto& arg : spec_.training->command) assign->add_command(arg);
  for (const auto& range : spec_.ranges) {
    auto value = trial.parameters.find(range.name);
    if (value == trial.parameters.end()) continue;
    assign->add_hyperparameter_names(range.name);
    assign->add_hyperparameter_values(space::FormatValue(value->second));
  }
  // Hyperband tells each trial the most resource it may use; the tuner
  // stops it at the rungs below that.
  const auto& hyperband = spec_.hyperband;
  bool resource_sent = false;
  for (const auto& [name, value] : spec_.static_hyperparameters) {
    assign->add_hyperparameter_names(name);
    if (hyperband && name == hyperband->resource_name) {
      assign->add_hyperparameter_values(absl::StrCat(hyperband->max_resource));
      resource_sent = true;
    } else {
      assign->add_hyperparameter_values(value);
    }
  }
  if (hyperband && !resource_sent) {
    assign->add_hyperparameter_names(hyperband->resource_name);
    assign->add_hyperparameter_values(absl::StrCat(hyperband->max_resource));
  }
  for (const auto& definition : spec_.metric_definitions) {
    auto* out = assign->add_metric_definitions();
    out->set_name(definition.name);
    out->set_regex(definition.regex);
  }
  for (const auto& gpu : trial.gpu_ids) assign->add_gpu_ids(gpu);
  effects.orders.push_back(std::move(order));
  return absl::OkStatus();
}

void Job::StopPending(Effects& effects) {
  if (record_.state != JobState::kStopping) return;
  const std::vector<size_t> pending(pending_.begin(), pending_.end());
  for (size_t i : pending) {
    absl::Status status = EndTrial(trials_[i], TrialState::kStopped, -1,
                                   "job stopped before the trial started", {},
                                   effects);
    if (!status.ok()) effects.errors.push_back(std::move(status));
  }
}

void Job::MaybeFinish(Effects& effects) {
  if (storage::IsTerminal(record_.state) || active() > 0) return;
  storage::JobRecord updated = record_;
  std::string kind;
  if (record_.state == JobState::kStopping) {
    // A user's stop ends Stopped; a completion criterion or the job's
    // runtime limit ends it Completed, with the criterion as the reason.
    const bool by_user = absl::StartsWith(record_.reason, kStoppedByUser);
    updated.state = by_user || with_objective_ == 0 ? JobState::kStopped
                                                    : JobState::kCompleted;
    kind = updated.state == JobState::kStopped ? "job_stopped" : "job_completed";
  } else if (static_cast<int>(trials_.size()) < spec_.max_jobs && !exhausted_) {
    return;
  } else if (with_objective_ == 0) {
    updated.state = JobState::kFailed;
    updated.reason = "no trial completed with an objective";
    kind = "job_failed";
  } else {
    updated.state = JobState::kCompleted;
    updated.reason = exhausted_
                         ? absl::StrCat("the search space is exhausted after ",
                                        trials_.size(), " trials")
                         : "max_jobs trials ended";
    kind = "job_completed";
  }
  updated.ended_at = services_.clock->WallSeconds();
  storage::Mutation mutation;
  mutation.job_update = updated;
  mutation.events.push_back(Event("", kind, updated.reason));
  CommitJobUpdate(std::move(mutation), std::move(updated), effects);
}

void Job::CommitJobUpdate(storage::Mutation mutation,
                          storage::JobRecord updated, Effects& effects) {
  if (absl::Status status = Commit(std::move(mutation)); !status.ok()) {
    effects.errors.push_back(std::move(status));
    return;
  }
  record_ = std::move(updated);
}

void Job::FailForTrials(const absl::Status& status, Effects& effects) {
  storage::JobRecord updated = record_;
  updated.state = JobState::kFailed;
  updated.reason = absl::StrCat("could not create trials: ", status.message());
  updated.ended_at = services_.clock->WallSeconds();
  storage::Mutation mutation;
  mutation.job_update = updated;
  mutation.events.push_back(Event("", "job_failed", updated.reason));
  CommitJobUpdate(std::move(mutation), std::move(updated), effects);
}

}  // namespace tune::scheduler
