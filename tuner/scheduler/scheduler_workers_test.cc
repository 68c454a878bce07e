// The Scheduler and its workers' lives: leases (on a fake clock too), a
// restarted tunerd, workers that come back with or without their trials.
#include <catch2/catch.hpp>

#include "storage/memory_store.h"
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

TEST_CASE("a restarted scheduler keeps the trials a returning worker still runs") {
  storage::MemoryStore store;
  std::vector<tune::v1::TrialAssignment> assigned;
  {
    auto first = MakeScheduler(store);
    REQUIRE(first->CreateJob(Spec(4, 2)).ok());
    auto channel = std::make_shared<RecordingChannel>();
    REQUIRE(first->OnWorkerConnected(Registration("w", 2), channel).ok());
    assigned = channel->Assignments();
    REQUIRE(assigned.size() == 2);
    REQUIRE(first->OnWorkerMessage("w", Metric(assigned[0], 1, 0.3)).ok());
  }
  auto second = MakeScheduler(store);
  // The worker comes back still running job-1 (with a point the tuner
  // missed) but not job-2.
  auto reg = Registration("w", 2);
  auto* running = reg.add_running();
  running->set_trial_id(assigned[0].trial_id());
  running->set_attempt(1);
  for (int step : {1, 2}) {
    auto* p = running->add_points();
    p->set_metric("acc");
    p->set_step(step);
    p->set_value(0.1 * step + 0.2);
  }
  auto channel = std::make_shared<RecordingChannel>();
  REQUIRE(second->OnWorkerConnected(reg, channel).ok());
  auto one = store.GetTrial("job-1");
  CHECK(one->state == TrialState::kInProgress);
  CHECK(*one->objective == Approx(0.4));
  CHECK(store.ListMetricPoints("job-1")->size() == 2);
  // job-2 never reported anything: its assignment was lost, so it is
  // dispatched again, as attempt 2, into the slot it had.
  auto two = store.GetTrial("job-2");
  CHECK(two->state == TrialState::kInProgress);
  CHECK(two->attempt == 2);
  auto now_assigned = channel->Assignments();
  REQUIRE(now_assigned.size() == 1);
  CHECK(now_assigned[0].trial_id() == "job-2");
  CHECK(now_assigned[0].attempt() == 2);
}

TEST_CASE("a trial that reported and then vanished from its worker fails as lost") {
  storage::MemoryStore store;
  auto scheduler = MakeScheduler(store);
  REQUIRE(scheduler->CreateJob(Spec(2, 1)).ok());
  auto channel = std::make_shared<RecordingChannel>();
  REQUIRE(scheduler->OnWorkerConnected(Registration("w", 1), channel).ok());
  const auto assigned = channel->Assignments().at(0);
  REQUIRE(scheduler->OnWorkerMessage("w", Metric(assigned, 1, 0.3)).ok());
  scheduler->OnWorkerDisconnected("w", channel.get());
  auto back = std::make_shared<RecordingChannel>();
  REQUIRE(scheduler->OnWorkerConnected(Registration("w", 1), back).ok());
  auto one = store.GetTrial("job-1");
  CHECK(one->state == TrialState::kFailed);
  CHECK(one->reason == "worker lost: w came back without the trial");
  // The job goes on with a new trial.
  REQUIRE(back->Assignments().size() == 1);
  CHECK(back->Assignments()[0].trial_id() == "job-2");
}

TEST_CASE("a worker whose lease expires loses its trials, a late message is refused") {
  storage::MemoryStore store;
  auto scheduler = MakeScheduler(store, std::chrono::milliseconds(0));
  REQUIRE(scheduler->CreateJob(Spec(2, 1)).ok());
  auto channel = std::make_shared<RecordingChannel>();
  REQUIRE(scheduler->OnWorkerConnected(Registration("w", 1), channel).ok());
  REQUIRE(channel->Assignments().size() == 1);
  scheduler->ExpireLeases();
  auto trial = store.GetTrial("job-1");
  CHECK(trial->state == TrialState::kFailed);
  CHECK(trial->reason == "worker lost: w (lease expired)");
  CHECK(scheduler->OnWorkerMessage("w", Metric(channel->Assignments()[0], 1, 1))
            .code() == absl::StatusCode::kFailedPrecondition);
}

TEST_CASE("on a fake clock, heartbeats keep a lease and silence past it loses the trial") {
  storage::MemoryStore store;
  FakeClock clock;
  auto created = Scheduler::Create(
      &store, SchedulerOptions{std::chrono::seconds(15), nullptr, &clock});
  REQUIRE(created.ok());
  Scheduler& scheduler = **created;
  REQUIRE(scheduler.CreateJob(Spec(2, 1)).ok());
  auto channel = std::make_shared<RecordingChannel>();
  REQUIRE(scheduler.OnWorkerConnected(Registration("w", 1), channel).ok());
  REQUIRE(channel->Assignments().size() == 1);
  tune::v1::WorkerMessage heartbeat;
  heartbeat.mutable_heartbeat();
  for (int i = 0; i < 4; ++i) {  // 40 s in all, never 15 s silent
    clock.Advance(std::chrono::seconds(10));
    REQUIRE(scheduler.OnWorkerMessage("w", heartbeat).ok());
    scheduler.ExpireLeases();
  }
  CHECK(store.GetTrial("job-1")->state == TrialState::kInProgress);
  clock.Advance(std::chrono::seconds(15));
  scheduler.ExpireLeases();
  CHECK(store.GetTrial("job-1")->state == TrialState::kInProgress);  // not past
  clock.Advance(std::chrono::milliseconds(1));
  scheduler.ExpireLeases();
  auto trial = store.GetTrial("job-1");
  CHECK(trial->state == TrialState::kFailed);
  CHECK(trial->reason == "worker lost: w (lease expired)");
  CHECK(trial->ended_at == clock.WallSeconds());
}

TEST_CASE("a returning worker is told to stop an attempt the tuner gave up") {
  storage::MemoryStore store;
  auto scheduler = MakeScheduler(store, std::chrono::milliseconds(0));
  REQUIRE(scheduler->CreateJob(Spec(2, 1)).ok());
  auto channel = std::make_shared<RecordingChannel>();
  REQUIRE(scheduler->OnWorkerConnected(Registration("w", 1), channel).ok());
  scheduler->ExpireLeases();
  auto reg = Registration("w", 1);
  reg.add_running()->set_trial_id("job-1");
  reg.mutable_running(0)->set_attempt(1);
  auto back = std::make_shared<RecordingChannel>();
  REQUIRE(scheduler->OnWorkerConnected(reg, back).ok());
  REQUIRE(back->Stops().size() == 1);
  CHECK(back->Stops()[0].trial_id() == "job-1");
}

TEST_CASE("a requeued lost assignment does not use up a retry") {
  storage::MemoryStore store;
  auto scheduler = MakeScheduler(store);
  REQUIRE(scheduler->CreateJob(Spec(1, 1) +
                               "retry_strategy: {maximum_retry_attempts: 1}\n")
              .ok());
  auto first = std::make_shared<RecordingChannel>();
  REQUIRE(scheduler->OnWorkerConnected(Registration("w", 1), first).ok());
  REQUIRE(first->Assignments().size() == 1);
  // The worker comes back without the trial, which never reported: its
  // assignment was lost, so it is dispatched again (attempt 2).
  auto second = std::make_shared<RecordingChannel>();
  REQUIRE(scheduler->OnWorkerConnected(Registration("w", 1), second).ok());
  REQUIRE(second->Assignments().size() == 1);
  CHECK(second->Assignments()[0].attempt() == 2);
  // Killed by SIGKILL that nobody ordered: the one retry is still there.
  REQUIRE(scheduler->OnWorkerMessage("w", Ended(second->Assignments()[0], 137))
              .ok());
  REQUIRE(second->Assignments().size() == 2);
  CHECK(second->Assignments()[1].attempt() == 3);
  auto trial = store.GetTrial("job-1");
  CHECK(trial->state == TrialState::kInProgress);
  // A second such failure has no retry left.
  REQUIRE(scheduler->OnWorkerMessage("w", Ended(second->Assignments()[1], 137))
              .ok());
  trial = store.GetTrial("job-1");
  CHECK(trial->state == TrialState::kFailed);
  CHECK(trial->reason.find("no retries left") != std::string::npos);
}

}  // namespace
}  // namespace tune::scheduler
