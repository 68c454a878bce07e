// libFuzzer target: any bytes as a worker's messages on its stream, decoded
// as tunerd decodes them and handed to a Scheduler on an in-memory store
// with one running job. Whatever a worker sends, the Scheduler answers with
// a status and stays consistent: never a crash, and the job's counts always
// add up to its trials.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>

#include "storage/memory_store.h"
#include "tune/v1/worker.pb.h"
#include "tuner/scheduler/scheduler.h"

namespace {

class DropChannel final : public tune::scheduler::WorkerChannel {
 public:
  void Send(const tune::v1::TunerMessage& message) override {
    if (message.has_assign()) last_assignment = message.assign();
  }
  tune::v1::TrialAssignment last_assignment;
};

constexpr char kSpec[] =
    "name: job\nstrategy: Random\nobjective_metric_name: acc\n"
    "metric_definitions:\n  - {Name: acc, Regex: 'acc=([0-9.]+)'}\n"
    "max_jobs: 20\nmax_parallel_jobs: 2\n"
    "hyperparameter_ranges:\n  lr: {type: Continuous, min: 0.1, max: 1}\n"
    "training:\n  command: [train]\nrandom_seed: 5\n";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  tune::storage::MemoryStore store;
  auto scheduler = tune::scheduler::Scheduler::Create(&store, {});
  if (!scheduler.ok() || !(*scheduler)->CreateJob(kSpec).ok()) std::abort();
  auto channel = std::make_shared<DropChannel>();
  tune::v1::Register hello;
  hello.set_worker_id("w");
  hello.set_cpu_slots(2);
  if (!(*scheduler)->OnWorkerConnected(hello, channel).ok()) std::abort();
  // The input is a sequence of messages: a length byte, then that many
  // bytes of a serialized WorkerMessage. Messages that name "the last
  // assignment" reach a real trial more often than random ids would.
  size_t at = 0;
  while (at < size) {
    const size_t length = std::min<size_t>(data[at], size - at - 1);
    tune::v1::WorkerMessage message;
    if (message.ParseFromArray(data + at + 1, static_cast<int>(length))) {
      const auto& assigned = channel->last_assignment;
      if (message.has_metrics() && message.metrics().trial_id() == "*") {
        message.mutable_metrics()->set_trial_id(assigned.trial_id());
        message.mutable_metrics()->set_attempt(assigned.attempt());
      }
      if (message.has_ended() && message.ended().trial_id() == "*") {
        message.mutable_ended()->set_trial_id(assigned.trial_id());
        message.mutable_ended()->set_attempt(assigned.attempt());
      }
      (void)(*scheduler)->OnWorkerMessage("w", message);
    }
    at += 1 + length;
  }
  auto job = (*scheduler)->DescribeJob("job");
  if (!job.ok()) std::abort();
  const auto& c = job->counts;
  auto trials = (*scheduler)->ListTrials("job", std::nullopt, false);
  if (!trials.ok() || c.pending + c.in_progress + c.completed + c.failed +
                              c.stopped != static_cast<int>(trials->size())) {
    std::abort();
  }
  (*scheduler)->Shutdown();
  return 0;
}
