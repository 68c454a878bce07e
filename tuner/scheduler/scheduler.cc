#include "tuner/scheduler/scheduler.h"

#include <algorithm>
#include <chrono>
#include <iostream>

#include "absl/strings/str_cat.h"
#include "tuner/designers/designer_factory.h"
#include "tuner/scheduler/parameters_json.h"
#include "tuner/scheduler/warm_start.h"
#include "tuner/spec/spec_parser.h"

namespace tune::scheduler {
namespace {

using storage::JobState;
using storage::TrialState;

}  // namespace

Scheduler::Scheduler(storage::Store* store, SchedulerOptions options)
    : store_(store),
      reader_(options.reader != nullptr ? options.reader : store),
      options_(options),
      clock_(options.clock != nullptr ? options.clock : &system_clock_),
      // Microseconds since the epoch at start: a restart takes longer.
      run_id_(static_cast<uint64_t>(WallSeconds() * 1e6)),
      leases_(clock_, options.lease) {}

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
  for (auto& record : *jobs) {
    auto spec = spec::ParseJobSpec(record.spec_yaml);
    if (!spec.ok()) {
      return absl::DataLossError(absl::StrCat("stored spec of job ", record.name,
                                              " no longer parses: ",
                                              spec.status().message()));
    }
    auto job = Job::Create(std::move(record), std::move(*spec),
                           {store_, clock_, options_.telemetry});
    if (!job.ok()) return job.status();
    if (absl::Status status = (*job)->LoadTrials(); !status.ok()) return status;
    for (const Job::Trial* trial : (*job)->RunningTrials()) {
      if (!trial->record.worker_id.empty()) {
        workers_.AddAwaited(trial->record.worker_id);
        leases_.Grant(trial->record.worker_id);
      }
    }
    std::string name = (*job)->record().name;
    jobs_.emplace(std::move(name), *std::move(job));
  }
  return absl::OkStatus();
}

void Scheduler::Start() {
  lease_thread_ = std::thread([this] {
    // Runtime limits are in whole seconds; check at least once a second.
    // On a timer, not on every commit: each check walks the running trials.
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

void Scheduler::Apply(Effects& effects) {
  for (const std::string& trial_id : effects.freed) workers_.Release(trial_id);
  for (auto& [worker_id, message] : effects.orders) {
    // A worker away now is told again when it reconnects.
    if (auto channel = workers_.ChannelOf(worker_id)) {
      SendOrder(channel, std::move(message));
    }
  }
  // A storage error leaves the state as it was; the next pump or tick, or
  // a restarted tunerd reading the database, settles it.
  for (const absl::Status& error : effects.errors) {
    std::cerr << "tunerd: " << error << std::endl;
  }
  effects = {};
  ++changes_;
  changed_.SignalAll();
}

Job* Scheduler::FindJob(const std::string& name) {
  auto it = jobs_.find(name);
  return it == jobs_.end() ? nullptr : it->second.get();
}

const Job* Scheduler::FindJob(const std::string& name) const {
  auto it = jobs_.find(name);
  return it == jobs_.end() ? nullptr : it->second.get();
}

absl::StatusOr<std::pair<Job*, Job::Trial*>> Scheduler::FindTrial(
    const std::string& trial_id) {
  Job* job = FindJob(JobNameOfTrial(trial_id));
  Job::Trial* trial = job == nullptr ? nullptr : job->FindTrial(trial_id);
  if (trial == nullptr) {
    return absl::NotFoundError(absl::StrCat("no trial ", trial_id));
  }
  return std::make_pair(job, trial);
}

std::string Scheduler::JobNameOfTrial(const std::string& trial_id) {
  // A trial's id is its job's name, a dash and its number.
  const size_t dash = trial_id.rfind('-');
  return dash == std::string::npos ? "" : trial_id.substr(0, dash);
}

DesignerView Scheduler::ViewForDesigner(const Job& job) const {
  DesignerView view = job.OwnHistory();
  AddParentObservations(job, jobs_, view);
  return view;
}

absl::StatusOr<JobView> Scheduler::CreateJob(const std::string& spec_yaml,
                                             const std::string& actor) {
  auto spec = spec::ParseJobSpec(spec_yaml);
  if (!spec.ok()) return spec.status();
  storage::JobRecord record{spec->name, spec_yaml, JobState::kInProgress, "",
                            clock_->WallSeconds(), 0};
  record.owner = actor;
  const std::string strategy = spec::ToString(spec->strategy);
  absl::MutexLock lock(&mu_);
  if (shutting_down_) return absl::UnavailableError("tunerd is shutting down");
  if (FindJob(spec->name) != nullptr) {
    return absl::AlreadyExistsError(
        absl::StrCat("name: a job named ", spec->name, " already exists"));
  }
  if (absl::Status status = CheckWarmStart(*spec, jobs_); !status.ok()) {
    return status;
  }
  auto job = Job::Create(std::move(record), *std::move(spec),
                         {store_, clock_, options_.telemetry});
  if (!job.ok()) return job.status();
  if (absl::Status status = (*job)->CommitNew(absl::StrCat(
          "strategy ", strategy, actor.empty() ? "" : ", by ", actor));
      !status.ok()) {
    return status;
  }
  Job& created = *jobs_.emplace((*job)->record().name, *std::move(job))
                      .first->second;
  PumpJob(created);
  return created.View();
}

absl::StatusOr<JobView> Scheduler::DescribeJob(const std::string& name) const {
  absl::MutexLock lock(&mu_);
  const Job* job = FindJob(name);
  if (job == nullptr) return absl::NotFoundError(absl::StrCat("no job ", name));
  return job->View();
}

absl::StatusOr<designers::ModelSlices> Scheduler::JobModel(
    const std::string& name, int points_per_slice) const {
  DesignerView view;
  spec::JobSpec spec;
  {
    absl::MutexLock lock(&mu_);
    const Job* job = FindJob(name);
    if (job == nullptr) return absl::NotFoundError(absl::StrCat("no job ", name));
    view = ViewForDesigner(*job);
    spec = job->spec();
  }
  return designers::ComputeModelSlices(spec.ranges, spec.objective_type,
                                       view.completed, spec.random_seed,
                                       points_per_slice);
}

absl::StatusOr<std::pair<storage::TrialRecord, double>>
Scheduler::JobBestByModel(const std::string& name) const {
  absl::StatusOr<designers::ModelSlices> model =
      JobModel(name, /*points_per_slice=*/2);
  if (!model.ok()) return model.status();
  // The model learns from every ended trial with a value (stopped ones
  // too), so its best is looked for among all of them; by its values, as
  // the model keeps no ids (no two trials of a job share a point).
  auto trials = ListTrials(name, std::nullopt, /*sort_by_objective=*/false);
  if (!trials.ok()) return trials.status();
  for (storage::TrialRecord& trial : *trials) {
    if (!trial.objective) continue;
    absl::StatusOr<space::Parameters> parameters =
        ParametersFromJson(trial.parameters_json);
    if (parameters.ok() && *parameters == model->best_by_model) {
      return std::make_pair(std::move(trial), model->best_by_model_mean);
    }
  }
  return absl::NotFoundError(
      "the model's best trial is not one of this job's (a warm-start "
      "parent's)");
}

std::vector<JobView> Scheduler::ListJobs() const {
  absl::MutexLock lock(&mu_);
  std::vector<JobView> views;
  for (const auto& [name, job] : jobs_) views.push_back(job->View());
  std::sort(views.begin(), views.end(), [](const auto& a, const auto& b) {
    return a.record.created_at < b.record.created_at;
  });
  return views;
}

absl::StatusOr<JobView> Scheduler::StopJob(const std::string& name,
                                           const std::string& actor) {
  absl::MutexLock lock(&mu_);
  Job* job = FindJob(name);
  if (job == nullptr) return absl::NotFoundError(absl::StrCat("no job ", name));
  if (!job->running()) {
    return job->View();  // already stopping or ended: stopping is idempotent
  }
  Effects effects;
  absl::Status status = job->BeginStopping(
      actor.empty() ? kStoppedByUser : absl::StrCat(kStoppedByUser, " ", actor),
      effects);
  Apply(effects);
  if (!status.ok()) return status;
  PumpJob(*job);
  return job->View();
}

absl::StatusOr<JobView> Scheduler::UpdateJob(const std::string& name,
                                             int max_jobs,
                                             int max_parallel_jobs,
                                             const std::string& actor) {
  absl::MutexLock lock(&mu_);
  Job* job = FindJob(name);
  if (job == nullptr) return absl::NotFoundError(absl::StrCat("no job ", name));
  if (absl::Status status = job->Update(max_jobs, max_parallel_jobs, actor);
      !status.ok()) {
    return status;
  }
  PumpJob(*job);
  return job->View();
}

void Scheduler::Pump() {
  for (auto& [name, job] : jobs_) PumpJob(*job);
}

void Scheduler::PumpJob(Job& job) {
  if (storage::IsTerminal(job.record().state)) return;
  Effects effects;
  if (job.running()) {
    if (std::optional<std::string> reason = job.CompletionReason()) {
      if (absl::Status status = job.BeginStopping(*reason, effects);
          !status.ok()) {
        effects.errors.push_back(std::move(status));
      }
    }
  }
  if (const int wanted = job.Wanted(); wanted > 0) {
    if (designers::FitsAModel(job.spec())) {
      StartFit(job, wanted);
    } else {
      const size_t before = job.trials().size();
      const bool idle = job.active() == 0;
      absl::Status status = job.CreateTrials(ViewForDesigner(job), wanted, "",
                                             TrialState::kPending);
      // A finite space (Grid, or all-discrete ranges) can run out.
      job.set_exhausted(status.ok() && job.trials().size() == before && idle);
      if (!status.ok()) job.FailForTrials(status, effects);
    }
  }
  job.DispatchPending(workers_, effects);
  job.StopPending(effects);
  job.MaybeFinish(effects);
  Apply(effects);
}

void Scheduler::EnforceRuntimeLimits() {
  absl::MutexLock lock(&mu_);
  for (auto& [name, job] : jobs_) {
    if (!job->running()) continue;
    Effects effects;
    job->EnforceRuntimeLimits(effects);
    Apply(effects);
    if (!job->running()) PumpJob(*job);
  }
}

}  // namespace tune::scheduler
