// Test helpers: every field of a record as one line of text, with doubles
// written exactly (hexadecimal, so -0.0 and 0.0 differ) and an absent
// objective distinct from a present one. Tests compare records with
//   CHECK(DebugString(got) == DebugString(want));
// and Catch prints both lines when they differ.
//
// Stateless; safe from any thread.
#pragma once

#include <string>
#include <vector>

#include "storage/store.h"

namespace tune::storage::testing {

std::string DebugString(const JobRecord& job);
std::string DebugString(const TrialRecord& trial);
std::string DebugString(const MetricPointRecord& point);
std::string DebugString(const EventRecord& event);

template <typename Record>
std::vector<std::string> DebugStrings(const std::vector<Record>& records) {
  std::vector<std::string> lines;
  lines.reserve(records.size());
  for (const Record& record : records) lines.push_back(DebugString(record));
  return lines;
}

}  // namespace tune::storage::testing
