// Names and predicates for the record states declared in store.h.
#include "storage/store.h"

namespace tune::storage {

const char* ToString(JobState state) {
  switch (state) {
    case JobState::kInProgress:
      return "InProgress";
    case JobState::kCompleted:
      return "Completed";
    case JobState::kFailed:
      return "Failed";
    case JobState::kStopping:
      return "Stopping";
    case JobState::kStopped:
      return "Stopped";
  }
  return "Unknown";
}

const char* ToString(TrialState state) {
  switch (state) {
    case TrialState::kPending:
      return "Pending";
    case TrialState::kInProgress:
      return "InProgress";
    case TrialState::kCompleted:
      return "Completed";
    case TrialState::kFailed:
      return "Failed";
    case TrialState::kStopped:
      return "Stopped";
  }
  return "Unknown";
}

bool IsTerminal(JobState state) {
  return state == JobState::kCompleted || state == JobState::kFailed ||
         state == JobState::kStopped;
}

bool IsTerminal(TrialState state) {
  return state == TrialState::kCompleted || state == TrialState::kFailed ||
         state == TrialState::kStopped;
}

bool IsActive(TrialState state) {
  return state == TrialState::kPending || state == TrialState::kInProgress;
}

}  // namespace tune::storage
