// What the Scheduler's unit tests share: a channel that records the
// orders a worker would receive, a job spec, worker messages and a
// Scheduler on a store. Test-only.
#pragma once

#include <catch2/catch.hpp>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "storage/store.h"
#include "tuner/scheduler/scheduler.h"

namespace tune::scheduler::testing {

class RecordingChannel : public WorkerChannel {
 public:
  void Send(const tune::v1::TunerMessage& message) override {
    messages.push_back(message);
  }
  std::vector<tune::v1::TrialAssignment> Assignments() const {
    std::vector<tune::v1::TrialAssignment> out;
    for (const auto& m : messages) {
      if (m.has_assign()) out.push_back(m.assign());
    }
    return out;
  }
  std::vector<tune::v1::StopTrial> Stops() const {
    std::vector<tune::v1::StopTrial> out;
    for (const auto& m : messages) {
      if (m.has_stop()) out.push_back(m.stop());
    }
    return out;
  }
  std::vector<tune::v1::TunerMessage> messages;
};

inline std::string Spec(int max_jobs, int parallel) {
  return "name: job\nstrategy: Random\nobjective_metric_name: acc\n"
         "metric_definitions:\n  - {Name: acc, Regex: 'acc=([0-9.]+)'}\n"
         "max_jobs: " + std::to_string(max_jobs) +
         "\nmax_parallel_jobs: " + std::to_string(parallel) +
         "\nhyperparameter_ranges:\n  lr: {type: Continuous, min: 0.1, max: 1}\n"
         "static_hyperparameters:\n  epochs: 3\n"
         "training:\n  command: [train, --fast]\nrandom_seed: 5\n";
}

inline tune::v1::Register Registration(const std::string& id, int slots) {
  tune::v1::Register reg;
  reg.set_worker_id(id);
  reg.set_cpu_slots(slots);
  return reg;
}

inline tune::v1::WorkerMessage Metric(const tune::v1::TrialAssignment& a, int64_t step,
                               double value) {
  tune::v1::WorkerMessage m;
  m.mutable_metrics()->set_trial_id(a.trial_id());
  m.mutable_metrics()->set_attempt(a.attempt());
  auto* p = m.mutable_metrics()->add_points();
  p->set_metric("acc");
  p->set_step(step);
  p->set_value(value);
  return m;
}

inline tune::v1::WorkerMessage Ended(const tune::v1::TrialAssignment& a, int code,
                              bool by_order = false) {
  tune::v1::WorkerMessage m;
  m.mutable_ended()->set_trial_id(a.trial_id());
  m.mutable_ended()->set_attempt(a.attempt());
  m.mutable_ended()->set_exit_code(code);
  m.mutable_ended()->set_stopped_by_order(by_order);
  return m;
}

inline std::unique_ptr<Scheduler> MakeScheduler(storage::Store& store,
                                         std::chrono::milliseconds lease =
                                             std::chrono::seconds(60)) {
  auto scheduler = Scheduler::Create(&store, SchedulerOptions{lease});
  REQUIRE(scheduler.ok());
  return std::move(*scheduler);
}

// Waits (on the scheduler's own events, never a sleep) until `trial_id` has
// an event of `kind`; false after 30 s.
inline bool WaitForTrialEvent(Scheduler& scheduler, const std::string& job,
                       const std::string& trial_id, const std::string& kind) {
  const auto deadline =
      std::chrono::system_clock::now() + std::chrono::seconds(30);
  int64_t after = 0;
  while (std::chrono::system_clock::now() < deadline) {
    auto events = scheduler.WaitForEvents(job, after, deadline);
    if (!events.ok()) return false;
    for (const auto& event : *events) {
      if (event.trial_id == trial_id && event.kind == kind) return true;
      after = event.id;
    }
  }
  return false;
}

}  // namespace tune::scheduler::testing
