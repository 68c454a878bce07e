// Designer work off the lock: see "Designer work off the lock" in
// scheduler.h.
#include <chrono>
#include <utility>

#include "tuner/scheduler/scheduler.h"
#include "tuner/telemetry/telemetry.h"

namespace tune::scheduler {

void Scheduler::StartFit(Job& job, int count) {
  if (!job.BeginFit()) return;
  designers::Designer* designer = job.designer();
  telemetry::Telemetry* telemetry = options_.telemetry;
  designer_worker_.Post([this, name = job.record().name, designer, telemetry,
                         view = ViewForDesigner(job), count] {
    // Only this thread uses the designer until FinishFit.
    const auto start = std::chrono::steady_clock::now();
    designer->Update(view.completed, view.active);
    auto found = designer->SuggestWithReasons(count);
    if (telemetry != nullptr) {
      telemetry->suggestion_seconds.Observe(std::chrono::duration<double>(
          std::chrono::steady_clock::now() - start).count());
    }
    absl::MutexLock lock(&mu_);
    Job* job = FindJob(name);
    if (job == nullptr) return;
    Effects effects;
    job->FinishFit(std::move(found), effects);
    Apply(effects);
    PumpJob(*job);  // dispatches the new trials; fits again if there is room
  });
}

}  // namespace tune::scheduler
