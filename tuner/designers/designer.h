// The interface every search strategy implements, after Vizier's designers.
//
// A designer is a pure algorithm: no I/O, no clocks, no global state. The
// scheduler rebuilds its view with Update() from the stored trials and asks
// Suggest(); Suggest() does not change the designer, so the same history
// and seed always give the same suggestions (which is what makes a
// restarted tunerd continue exactly where it stopped). Not thread-safe;
// each job owns its designer.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "tuner/space/parameter_value.h"

namespace tune::designers {

struct CompletedTrial {
  space::Parameters parameters;
  // Absent for trials that failed or ended without an objective; they still
  // count as tried.
  std::optional<double> objective;
};

// A suggested point and the designer's reasons for it: a JSON object (for
// the GP designer, the model's prediction and the acquisition value), "{}"
// when the designer gives none.
struct Suggestion {
  space::Parameters parameters;
  std::string reason_json;
};

class Designer {
 public:
  virtual ~Designer() = default;

  // Replaces the designer's view of the job: the trials that have ended and
  // the ones that are pending or running.
  virtual void Update(const std::vector<CompletedTrial>& completed,
                      const std::vector<space::Parameters>& active) = 0;

  // Proposes `count` new points. Errors: InvalidArgument for count < 1.
  virtual absl::StatusOr<std::vector<space::Parameters>> Suggest(
      int count) const = 0;

  // Suggest() with a reason for each point; the same points as Suggest()
  // and the same errors. The default gives "{}" as every reason.
  virtual absl::StatusOr<std::vector<Suggestion>> SuggestWithReasons(
      int count) const {
    absl::StatusOr<std::vector<space::Parameters>> points = Suggest(count);
    if (!points.ok()) return points.status();
    std::vector<Suggestion> suggestions;
    suggestions.reserve(points->size());
    for (space::Parameters& parameters : *points) {
      suggestions.push_back({std::move(parameters), "{}"});
    }
    return suggestions;
  }
};

}  // namespace tune::designers
