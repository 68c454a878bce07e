// The Scheduler against the in-memory store: dispatch, metric points,
// trial ends, stop orders, reads and the designer's reasons.
#include <catch2/catch.hpp>
#include <limits>

#include "storage/memory_store.h"
#include "tuner/scheduler/point_screen.h"
#include "tuner/scheduler/scheduler.h"
#include "tuner/scheduler/scheduler_test_support.h"

namespace tune::scheduler {
namespace {

using storage::TrialState;
using testing::RecordingChannel;
using testing::Spec;
using testing::Registration;
using testing::Metric;
using testing::Ended;
using testing::MakeScheduler;
using testing::WaitForTrialEvent;

TEST_CASE("dispatch keeps max_parallel_jobs running and passes every hyperparameter") {
  storage::MemoryStore store;
  auto scheduler = MakeScheduler(store);
  REQUIRE(scheduler->CreateJob(Spec(4, 2)).ok());
  auto channel = std::make_shared<RecordingChannel>();
  REQUIRE(scheduler->OnWorkerConnected(Registration("w", 3), channel).ok());

  auto assigned = channel->Assignments();
  REQUIRE(assigned.size() == 2);
  CHECK(assigned[0].trial_id() == "job-1");
  CHECK(assigned[0].attempt() == 1);
  CHECK(assigned[0].command(0) == "train");
  REQUIRE(assigned[0].hyperparameter_names_size() == 2);
  CHECK(assigned[0].hyperparameter_names(0) == "lr");
  CHECK(assigned[0].hyperparameter_names(1) == "epochs");
  CHECK(assigned[0].hyperparameter_values(1) == "3");
  auto stored = store.GetTrial("job-1");
  REQUIRE(stored.ok());
  CHECK(stored->state == TrialState::kInProgress);
  CHECK(stored->worker_id == "w");
}

TEST_CASE("a job runs to max_jobs, objective is the last value, best follows the objective") {
  storage::MemoryStore store;
  auto scheduler = MakeScheduler(store);
  REQUIRE(scheduler->CreateJob(Spec(3, 1)).ok());
  auto channel = std::make_shared<RecordingChannel>();
  REQUIRE(scheduler->OnWorkerConnected(Registration("w", 1), channel).ok());
  const double finals[] = {0.5, 0.9, 0.7};
  for (int i = 0; i < 3; ++i) {
    auto assigned = channel->Assignments();
    REQUIRE(assigned.size() == static_cast<size_t>(i + 1));
    const auto& a = assigned.back();
    REQUIRE(scheduler->OnWorkerMessage("w", Metric(a, 1, 0.99)).ok());
    REQUIRE(scheduler->OnWorkerMessage("w", Metric(a, 2, finals[i])).ok());
    REQUIRE(scheduler->OnWorkerMessage("w", Ended(a, 0)).ok());
  }
  auto job = scheduler->DescribeJob("job");
  REQUIRE(job.ok());
  CHECK(job->record.state == storage::JobState::kCompleted);
  CHECK(job->counts.completed == 3);
  REQUIRE(job->best_trial);
  CHECK(job->best_trial->trial_id == "job-2");
  CHECK(*job->best_trial->objective == 0.9);
  CHECK(channel->Assignments().size() == 3);  // never more than max_jobs
}

TEST_CASE("a NaN or a foreign metric from a worker is refused with a warning, the rest kept") {
  storage::MemoryStore store;
  auto scheduler = MakeScheduler(store);
  REQUIRE(scheduler->CreateJob(Spec(1, 1)).ok());
  auto channel = std::make_shared<RecordingChannel>();
  REQUIRE(scheduler->OnWorkerConnected(Registration("w", 1), channel).ok());
  const auto a = channel->Assignments().at(0);
  auto bad = Metric(a, 1, std::numeric_limits<double>::quiet_NaN());
  auto* foreign = bad.mutable_metrics()->add_points();
  foreign->set_metric("made-up");
  foreign->set_step(1);
  foreign->set_value(1);
  REQUIRE(scheduler->OnWorkerMessage("w", bad).ok());       // the stream lives
  REQUIRE(scheduler->OnWorkerMessage("w", bad).ok());       // warned once
  REQUIRE(scheduler->OnWorkerMessage("w", Metric(a, 2, 0.8)).ok());
  REQUIRE(scheduler->OnWorkerMessage("w", Ended(a, 0)).ok());
  auto trial = scheduler->DescribeTrial(a.trial_id());
  REQUIRE(trial.ok());
  CHECK(trial->record.state == storage::TrialState::kCompleted);
  CHECK(*trial->record.objective == 0.8);
  REQUIRE(trial->points.size() == 1);
  CHECK(trial->record.warnings ==
        "metric points of acc refused: values that are not finite\n"
        "metric points refused: a metric that is not in the job's "
        "metric_definitions");
}

TEST_CASE("points that come only with the trial's end are stored first") {
  storage::MemoryStore store;
  auto scheduler = MakeScheduler(store);
  REQUIRE(scheduler->CreateJob(Spec(1, 1)).ok());
  auto channel = std::make_shared<RecordingChannel>();
  REQUIRE(scheduler->OnWorkerConnected(Registration("w", 1), channel).ok());
  const auto a = channel->Assignments().at(0);
  REQUIRE(scheduler->OnWorkerMessage("w", Metric(a, 1, 0.5)).ok());
  // Step 2's own message was lost with a stream; the end carries both.
  auto ended = Ended(a, 0);
  for (const auto& [step, value] : {std::pair{1, 0.5}, {2, 0.9}}) {
    auto* point = ended.mutable_ended()->add_points();
    point->set_metric("acc");
    point->set_step(step);
    point->set_value(value);
  }
  REQUIRE(scheduler->OnWorkerMessage("w", ended).ok());
  auto trial = scheduler->DescribeTrial(a.trial_id());
  REQUIRE(trial.ok());
  CHECK(trial->record.state == storage::TrialState::kCompleted);
  CHECK(*trial->record.objective == 0.9);
  CHECK(trial->points.size() == 2);
}

TEST_CASE("ask/tell steps stay within 2^53, the next step included") {
  storage::MemoryStore store;
  auto scheduler = MakeScheduler(store);
  REQUIRE(scheduler->CreateJob(
      "name: at\nobjective_metric_name: acc\nmax_jobs: 2\n"
      "hyperparameter_ranges:\n  lr: {type: Continuous, min: 0.1, max: 1}\n").ok());
  auto trials = scheduler->SuggestTrials("at", 1, "client");
  REQUIRE(trials.ok());
  const std::string id = trials->at(0).trial_id;
  CHECK(absl::IsInvalidArgument(scheduler->ReportTrialMetrics(
      id, {{"acc", std::numeric_limits<int64_t>::max(), 0.5, 0}})));
  REQUIRE(scheduler->ReportTrialMetrics(id, {{"acc", kMaxStep, 0.5, 0}}).ok());
  // Step 0 means "the next one", which would pass the limit.
  CHECK(absl::IsInvalidArgument(scheduler->ReportTrialMetrics(id, {{"acc", 0, 0.6, 0}})));
  auto detail = scheduler->DescribeTrial(id);
  REQUIRE(detail.ok());
  REQUIRE(detail->points.size() == 1);
  CHECK(detail->points[0].step == kMaxStep);
}

TEST_CASE("messages about an old attempt or another worker change nothing") {
  storage::MemoryStore store;
  auto scheduler = MakeScheduler(store);
  REQUIRE(scheduler->CreateJob(Spec(1, 1)).ok());
  auto channel = std::make_shared<RecordingChannel>();
  REQUIRE(scheduler->OnWorkerConnected(Registration("w", 1), channel).ok());
  auto a = channel->Assignments().at(0);
  a.set_attempt(7);
  REQUIRE(scheduler->OnWorkerMessage("w", Ended(a, 0)).ok());
  CHECK(store.GetTrial("job-1")->state == TrialState::kInProgress);
}

TEST_CASE("a trial that exits 0 without its objective fails, the job fails when none completes") {
  storage::MemoryStore store;
  auto scheduler = MakeScheduler(store);
  REQUIRE(scheduler->CreateJob(Spec(1, 1)).ok());
  auto channel = std::make_shared<RecordingChannel>();
  REQUIRE(scheduler->OnWorkerConnected(Registration("w", 1), channel).ok());
  REQUIRE(scheduler->OnWorkerMessage("w", Ended(channel->Assignments()[0], 0)).ok());
  auto trial = store.GetTrial("job-1");
  CHECK(trial->state == TrialState::kFailed);
  CHECK(trial->reason == "objective metric acc was never reported");
  CHECK(store.GetJob("job")->state == storage::JobState::kFailed);
}

TEST_CASE("stop orders reach the worker and the job ends Stopped") {
  storage::MemoryStore store;
  auto scheduler = MakeScheduler(store);
  REQUIRE(scheduler->CreateJob(Spec(5, 2)).ok());
  auto channel = std::make_shared<RecordingChannel>();
  REQUIRE(scheduler->OnWorkerConnected(Registration("w", 2), channel).ok());
  REQUIRE(scheduler->StopJob("job").ok());
  auto stops = channel->Stops();
  REQUIRE(stops.size() == 2);
  CHECK(store.GetJob("job")->state == storage::JobState::kStopping);
  for (const auto& a : channel->Assignments()) {
    REQUIRE(scheduler->OnWorkerMessage("w", Ended(a, 143, true)).ok());
  }
  CHECK(store.GetJob("job")->state == storage::JobState::kStopped);
  CHECK(store.GetTrial("job-1")->state == TrialState::kStopped);
  CHECK(channel->Assignments().size() == 2);  // nothing new after the stop
}

TEST_CASE("ListTrialsPage: pages, and only the trials changed after a cursor") {
  storage::MemoryStore store;
  auto scheduler = MakeScheduler(store);
  REQUIRE(scheduler->CreateJob(Spec(6, 3)).ok());
  auto channel = std::make_shared<RecordingChannel>();
  REQUIRE(scheduler->OnWorkerConnected(Registration("w", 3), channel).ok());
  auto page = scheduler->ListTrialsPage("job", std::nullopt, false, 0, 2);
  REQUIRE(page.ok());
  CHECK(page->total == 3);
  CHECK(page->trials.size() == 2);
  CHECK(page->next_offset == 2);
  const uint64_t cursor = page->changes;
  auto nothing = scheduler->ListTrialsPage("job", std::nullopt, false, 0, 10,
                                           cursor);
  CHECK(nothing->trials.empty());
  const auto assigned = channel->Assignments();
  REQUIRE(scheduler->OnWorkerMessage("w", Metric(assigned[1], 1, 0.5)).ok());
  auto changed = scheduler->ListTrialsPage("job", std::nullopt, false, 0, 10,
                                           cursor);
  REQUIRE(changed->trials.size() == 1);
  CHECK(changed->trials[0].trial_id == assigned[1].trial_id());
  CHECK(changed->changes > cursor);
  // A trial that ends is a change, and so is the one that replaces it.
  REQUIRE(scheduler->OnWorkerMessage("w", Ended(assigned[0], 0)).ok());
  auto after_end = scheduler->ListTrialsPage("job", std::nullopt, false, 0, 10,
                                             changed->changes);
  REQUIRE(after_end->trials.size() == 2);
  CHECK(after_end->trials[0].trial_id == assigned[0].trial_id());
  CHECK(after_end->trials[1].trial_id == "job-4");
}

TEST_CASE("each trial records why the designer chose it") {
  storage::MemoryStore store;
  auto scheduler = MakeScheduler(store);
  std::string spec = Spec(1, 1);
  spec.replace(spec.find("strategy: Random"), 16, "strategy: Bayesian");
  REQUIRE(scheduler->CreateJob(spec).ok());
  auto channel = std::make_shared<RecordingChannel>();
  REQUIRE(scheduler->OnWorkerConnected(Registration("w", 1), channel).ok());
  // The GP fits on a thread of its own: the trial comes when it is done.
  REQUIRE(WaitForTrialEvent(*scheduler, "job", "job-1", "trial_started"));
  const auto trial = store.GetTrial("job-1");
  REQUIRE(trial.ok());
  // The GP starts with its quasi-random initial design and says so.
  CHECK(trial->suggestion_json.find("\"initial_design\"") != std::string::npos);
  auto detail = scheduler->DescribeTrial("job-1");
  REQUIRE(detail.ok());
  CHECK(detail->record.suggestion_json == trial->suggestion_json);
}

TEST_CASE("bad registrations and specs are refused") {
  storage::MemoryStore store;
  auto scheduler = MakeScheduler(store);
  auto channel = std::make_shared<RecordingChannel>();
  CHECK(scheduler->OnWorkerConnected(Registration("", 1), channel).code() ==
        absl::StatusCode::kInvalidArgument);
  CHECK(scheduler->OnWorkerConnected(Registration("w", 0), channel).code() ==
        absl::StatusCode::kInvalidArgument);
  CHECK(scheduler->CreateJob("name: [").status().code() ==
        absl::StatusCode::kInvalidArgument);
  REQUIRE(scheduler->CreateJob(Spec(1, 1)).ok());
  CHECK(scheduler->CreateJob(Spec(1, 1)).status().code() ==
        absl::StatusCode::kAlreadyExists);
  CHECK(store.ListJobs()->size() == 1);
}

TEST_CASE("Hyperband judges every rung a batch of points passed") {
  storage::MemoryStore store;
  auto scheduler = MakeScheduler(store);
  std::string spec = Spec(3, 1);
  spec.replace(spec.find("strategy: Random"), 16, "strategy: Hyperband");
  spec.replace(spec.find("epochs: 3"), 9, "epochs: 9");
  spec += "strategy_config:\n  hyperband: {eta: 3, designer: Random}\n";
  REQUIRE(scheduler->CreateJob(spec).ok());
  auto channel = std::make_shared<RecordingChannel>();
  REQUIRE(scheduler->OnWorkerConnected(Registration("w", 1), channel).ok());
  // Trials 1 and 3 share the most aggressive bracket (rungs 1 and 3); each
  // reports its whole curve in one message, as a block-buffered trainer does.
  for (int i = 0; i < 3; ++i) {
    const auto a = channel->Assignments().back();
    tune::v1::WorkerMessage batch;
    batch.mutable_metrics()->set_trial_id(a.trial_id());
    batch.mutable_metrics()->set_attempt(a.attempt());
    for (int step = 1; step <= 9; ++step) {
      auto* p = batch.mutable_metrics()->add_points();
      p->set_metric("acc");
      p->set_step(step);
      p->set_value((i == 2 ? 0.1 : 0.5) + 0.01 * step);
    }
    REQUIRE(scheduler->OnWorkerMessage("w", batch).ok());
    const bool stopped = !channel->Stops().empty() &&
                         channel->Stops().back().trial_id() == a.trial_id();
    REQUIRE(scheduler->OnWorkerMessage("w", Ended(a, stopped ? 143 : 0, stopped))
                .ok());
  }
  REQUIRE(channel->Stops().size() == 1);
  CHECK(channel->Stops()[0].trial_id() == "job-3");
  CHECK(channel->Stops()[0].reason().rfind("hyperband: ", 0) == 0);
  CHECK(channel->Stops()[0].reason().find("rung 1 ") != std::string::npos);
  auto trial = store.GetTrial("job-3");
  CHECK(trial->state == TrialState::kStopped);
  CHECK(trial->reason == channel->Stops()[0].reason());
}

}  // namespace
}  // namespace tune::scheduler
