// The quasi-random points that open a search epoch after a restart
// (search_epochs.h): RestartDesignSize(d) of them are proposed, in order,
// skipping any already used. They are drawn from a scrambled Sobol
// sequence seeded by the job's seed and the epoch's number, so a restarted
// tunerd proposes the same ones, and the optimizer can tell a running
// trial of the design (ContainsPoint) from one proposed before the restart.
//
// Example:
//   RestartDesign design(transform, seed, epoch.number);
//   if (auto x = design.FirstUnused(is_used)) propose(*x);
//
// Immutable once made: safe to share between threads.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "tuner/gp/input_transform.h"

namespace tune::gp {

// Whether `point` is one of `points` (canonical unit points). Points come
// back from the designer through parameter values, so equal within
// rounding.
bool ContainsPoint(const std::vector<std::vector<double>>& points,
                   const std::vector<double>& point);

class RestartDesign {
 public:
  // Candidates drawn before the model's search takes over (in a continuous
  // space they are practically never all used).
  static constexpr int kMaxDraws = 64;

  // No design: the first epoch has the job's own.
  RestartDesign() = default;
  RestartDesign(const InputTransform& transform, uint64_t seed,
                int epoch_number);

  bool Contains(const std::vector<double>& point) const {
    return ContainsPoint(points_, point);
  }

  // The first of the design's points (canonical) for which `used` is false;
  // nullopt when there is none.
  std::optional<std::vector<double>> FirstUnused(
      const std::function<bool(const std::vector<double>&)>& used) const;

 private:
  std::vector<std::vector<double>> points_;
};

}  // namespace tune::gp
