// Where a pending trial runs: the seam between a Job, which decides which
// trials start, and the worker pool, which knows where there is room.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "storage/store.h"

namespace tune::scheduler {

struct Placement {
  std::string worker_id;
  std::vector<std::string> gpu_ids;  // empty for a CPU slot
};

class Placer {
 public:
  virtual ~Placer() = default;
  // Reserves slots for `trial` (`gpus` GPUs, or one slot when 0),
  // preferring a worker other than the trial's last; nullopt when none is
  // free. A Job that cannot start the trial after all frees them through
  // Effects::freed.
  virtual std::optional<Placement> Place(const storage::TrialRecord& trial,
                                         int gpus) = 0;
};

}  // namespace tune::scheduler
