// A Job's transitions on their own: the in-memory store, a fake clock moved
// by hand, and a placer with a fixed number of slots. No Scheduler, no
// threads, no sleeps.
#include "tuner/scheduler/job.h"

#include <catch2/catch.hpp>

#include "storage/memory_store.h"
#include "tuner/spec/spec_parser.h"

namespace tune::scheduler {
namespace {

using storage::JobState;
using storage::TrialState;

// Places trials on worker "w" while it has free slots.
class SlotPlacer : public Placer {
 public:
  explicit SlotPlacer(int slots) : free(slots) {}
  std::optional<Placement> Place(const storage::TrialRecord& trial,
                                 int) override {
    last_worker_seen = trial.worker_id;
    if (free == 0) return std::nullopt;
    --free;
    return Placement{"w", {}};
  }
  void Release(const Effects& effects) {
    free += static_cast<int>(effects.freed.size());
  }
  int free;
  std::string last_worker_seen;
};

// Fails every commit while `failing` is set; the real store otherwise.
class FlakyStore : public storage::MemoryStore {
 public:
  absl::StatusOr<storage::CommitResult> Commit(
      const storage::Mutation& mutation) override {
    if (failing) return absl::UnavailableError("disk full");
    return MemoryStore::Commit(mutation);
  }
  bool failing = false;
};

// `extra`: top-level keys; `training_extra`: keys of training.
std::string Spec(const std::string& extra = "",
                 const std::string& training_extra = "",
                 const std::string& limits = "max_jobs: 4\nmax_parallel_jobs: 2\n") {
  return "name: job\nstrategy: Random\nobjective_metric_name: acc\n"
         "objective_type: Maximize\n"
         "metric_definitions:\n  - {Name: acc, Regex: 'acc=([0-9.]+)'}\n" +
         limits + "retry_strategy: {maximum_retry_attempts: 1}\n"
         "hyperparameter_ranges:\n  lr: {type: Continuous, min: 0.1, max: 1}\n" +
         extra + "training:\n  command: [train]\n" + training_extra +
         "random_seed: 3\n";
}

struct Fixture {
  explicit Fixture(const std::string& spec_yaml = Spec()) {
    auto spec = spec::ParseJobSpec(spec_yaml);
    INFO(spec.status().message());
    REQUIRE(spec.ok());
    storage::JobRecord record{"job", spec_yaml, JobState::kInProgress, "",
                              clock.WallSeconds(), 0};
    auto created = Job::Create(record, *spec, {&store, &clock, nullptr});
    REQUIRE(created.ok());
    job = std::move(*created);
    REQUIRE(job->CommitNew("test").ok());
  }
  // Creates the trials the job wants and starts those that fit.
  Effects Pump() {
    Effects effects;
    if (int wanted = job->Wanted(); wanted > 0) {
      REQUIRE(job->CreateTrials(job->OwnHistory(), wanted, "",
                                TrialState::kPending).ok());
    }
    job->DispatchPending(placer, effects);
    job->StopPending(effects);
    job->MaybeFinish(effects);
    placer.Release(effects);
    return effects;
  }
  Job::Trial& Trial(int seq) {
    return *job->FindTrial("job-" + std::to_string(seq));
  }
  Effects Report(int seq, int64_t step, double value) {
    Effects effects;
    REQUIRE(job->RecordPoints(Trial(seq), {{"acc", step, value}}, {}, "",
                              effects).ok());
    return effects;
  }
  Effects End(int seq, int exit_code, bool by_order = false) {
    tune::v1::TrialEnded ended;
    ended.set_trial_id("job-" + std::to_string(seq));
    ended.set_attempt(Trial(seq).record.attempt);
    ended.set_exit_code(exit_code);
    ended.set_stopped_by_order(by_order);
    Effects effects;
    REQUIRE(job->OnWorkerEnded(Trial(seq), ended, effects).ok());
    placer.Release(effects);
    return effects;
  }

  FakeClock clock;
  FlakyStore store;
  SlotPlacer placer{2};
  std::unique_ptr<Job> job;
};

TEST_CASE("Job: trials are created up to max_parallel_jobs and assigned where there is room") {
  Fixture f;
  f.placer.free = 1;
  const Effects effects = f.Pump();
  REQUIRE(effects.orders.size() == 1);
  CHECK(effects.orders[0].worker_id == "w");
  CHECK(effects.orders[0].message.assign().trial_id() == "job-1");
  CHECK(effects.orders[0].message.assign().command(0) == "train");
  CHECK(f.job->View().counts.in_progress == 1);
  CHECK(f.job->View().counts.pending == 1);
  CHECK(f.store.GetTrial("job-1")->state == TrialState::kInProgress);
  CHECK(f.job->Wanted() == 0);
}

TEST_CASE("Job: the objective follows the last step, the best trial and counts follow ends") {
  Fixture f;
  f.Pump();
  f.Report(1, 1, 0.5);
  f.Report(1, 2, 0.7);
  f.Report(2, 1, 0.9);
  CHECK(*f.Trial(1).record.objective == 0.7);
  CHECK_FALSE(f.job->View().best_trial);  // none has ended
  const Effects ended = f.End(1, 0);
  CHECK(ended.freed == std::vector<std::string>{"job-1"});
  CHECK(f.job->View().best_trial->trial_id == "job-1");
  f.End(2, 0);
  CHECK(f.job->View().best_trial->trial_id == "job-2");
  CHECK(f.job->View().counts.completed == 2);
  CHECK(f.store.GetTrial("job-2")->objective == 0.9);
}

TEST_CASE("Job: an unordered kill is retried on another worker, then the job completes") {
  Fixture f;
  f.Pump();
  f.Report(1, 1, 0.5);
  f.End(1, 137);
  CHECK(f.Trial(1).record.state == TrialState::kPending);
  CHECK_FALSE(f.Trial(1).record.objective);  // the failed attempt's is gone
  const Effects again = f.Pump();
  REQUIRE(again.orders.size() == 1);
  CHECK(again.orders[0].message.assign().attempt() == 2);
  CHECK(f.placer.last_worker_seen == "w");  // asked to avoid the last worker
  f.Report(1, 1, 0.6);
  f.End(1, 0);
  CHECK(f.Trial(1).record.state == TrialState::kCompleted);
  // A second kill uses up maximum_retry_attempts: 1.
  f.End(2, 137);
  f.Pump();
  f.End(2, 137);
  CHECK(f.Trial(2).record.state == TrialState::kFailed);
  CHECK(f.Trial(2).record.reason == "killed by signal 9 (no retries left: 1 used)");
  f.Pump();
  f.Report(3, 1, 0.1);
  f.End(3, 0);
  f.Pump();
  f.Report(4, 1, 0.2);
  f.End(4, 0);
  f.Pump();
  CHECK(f.job->record().state == JobState::kCompleted);
  CHECK(f.job->record().reason == "max_jobs trials ended");
}

TEST_CASE("Job: a trial past its runtime limit is ordered to stop when the clock passes it") {
  Fixture f(Spec("", "  max_runtime_in_seconds: 60\n"));
  f.Pump();
  Effects effects;
  f.clock.Advance(std::chrono::seconds(59));
  f.job->EnforceRuntimeLimits(effects);
  CHECK(effects.orders.empty());
  f.clock.Advance(std::chrono::seconds(1));
  f.job->EnforceRuntimeLimits(effects);
  REQUIRE(effects.orders.size() == 2);
  CHECK(effects.orders[0].message.stop().reason() ==
        "training.max_runtime_in_seconds: the trial ran for 60 s, its limit");
  // Ordered once, however often the limit is checked.
  Effects later;
  f.job->EnforceRuntimeLimits(later);
  CHECK(later.orders.empty());
  // It ends Stopped with what it reported, even if it dies of the order.
  f.Report(1, 1, 0.4);
  f.End(1, 143);
  CHECK(f.Trial(1).record.state == TrialState::kStopped);
  CHECK(f.Trial(1).record.objective == 0.4);
}

TEST_CASE("Job: a job past its runtime limit stops its trials and completes with what it has") {
  Fixture f(Spec("max_runtime_in_seconds: 120\n"));
  f.Pump();
  f.Report(1, 1, 0.3);
  f.End(1, 0);
  f.Pump();
  f.clock.Advance(std::chrono::seconds(121));
  Effects effects;
  f.job->EnforceRuntimeLimits(effects);
  CHECK(f.job->record().state == JobState::kStopping);
  REQUIRE(effects.orders.size() == 2);  // both running trials
  CHECK(effects.orders[0].message.has_stop());
  f.End(2, 143, /*by_order=*/true);
  f.End(3, 143, /*by_order=*/true);
  f.Pump();
  CHECK(f.job->record().state == JobState::kCompleted);
  CHECK(f.job->record().reason ==
        "max_runtime_in_seconds: the job ran for 120 s, its limit");
  CHECK(f.job->record().ended_at == f.clock.WallSeconds());
}

TEST_CASE("Job: a lost worker's silent trial is requeued, one that reported is retried") {
  Fixture f;
  f.Pump();
  f.Report(2, 1, 0.5);
  Effects effects;
  REQUIRE(f.job->OnWorkerLost(f.Trial(1), policies::EndSource::kWorkerForgot,
                              effects).ok());
  REQUIRE(f.job->OnWorkerLost(f.Trial(2), policies::EndSource::kLeaseExpired,
                              effects).ok());
  CHECK(effects.freed.size() == 2);
  auto events = f.store.ListEvents("job", 0, 100);
  REQUIRE(events.ok());
  std::vector<std::string> kinds;
  for (const auto& event : *events) kinds.push_back(event.kind);
  CHECK(std::count(kinds.begin(), kinds.end(), "trial_requeued") == 1);
  CHECK(std::count(kinds.begin(), kinds.end(), "trial_retried") == 1);
  CHECK(f.Trial(1).record.state == TrialState::kPending);
  CHECK(f.Trial(2).record.state == TrialState::kPending);
  CHECK(f.job->View().counts.pending == 2);
}

TEST_CASE("Job: a failed commit changes nothing in memory and frees the reserved slot") {
  Fixture f;
  f.store.failing = true;
  REQUIRE_FALSE(f.job->CreateTrials(f.job->OwnHistory(), 2, "",
                                    TrialState::kPending).ok());
  CHECK(f.job->trials().empty());
  f.store.failing = false;
  REQUIRE(f.job->CreateTrials(f.job->OwnHistory(), 2, "", TrialState::kPending)
              .ok());
  f.store.failing = true;
  Effects effects;
  f.job->DispatchPending(f.placer, effects);
  CHECK(effects.orders.empty());
  CHECK(effects.freed.size() == 2);   // the placer's slots come back
  CHECK(effects.errors.size() == 2);  // and the cause is reported
  CHECK(f.job->View().counts.pending == 2);
  f.store.failing = false;
  f.placer.Release(effects);
  CHECK(f.Pump().orders.size() == 2);
}

TEST_CASE("Job: update-job resumes a completed job with room for more") {
  Fixture f(Spec("", "", "max_jobs: 1\nmax_parallel_jobs: 1\n"));
  f.Pump();
  f.Report(1, 1, 0.5);
  f.End(1, 0);
  f.Pump();
  REQUIRE(f.job->record().state == JobState::kCompleted);
  CHECK(f.job->Update(1, 0, "").code() == absl::StatusCode::kFailedPrecondition);
  f.clock.Advance(std::chrono::seconds(5));
  REQUIRE(f.job->Update(3, 0, "ann").ok());
  CHECK(f.job->running());
  CHECK(f.job->record().resumed_at == f.clock.WallSeconds());
  CHECK(f.job->Wanted() == 1);  // max_parallel_jobs stays 1
  CHECK(f.Pump().orders.size() == 1);
}

}  // namespace
}  // namespace tune::scheduler
