// What the dashboard's list routes take from their query string: a page
// (page_size, page_token) and a change cursor (since), so a page polling a
// big job every 2 s asks only for what is new.
//
//   GET /api/jobs/J/trials                       every trial, first page
//   GET /api/jobs/J/trials?page_token=1000       the next page
//   GET /api/jobs/J/trials?since=CURSOR          only trials changed since
//
// A cursor ("RUN.CHANGES") comes with every reply; one from another run of
// tunerd (it restarted) gives every trial again, with "full": true. Pure;
// thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "absl/status/statusor.h"

namespace tune::dashboard {

inline constexpr int64_t kDefaultPageSize = 1000;
inline constexpr int64_t kMaxPageSize = 10000;

struct PageRequest {
  int64_t offset = 0;
  int64_t size = kDefaultPageSize;
  uint64_t changed_after = 0;  // 0: every trial
  bool full = true;            // the reply is everything, not changes
};

// InvalidArgument naming the parameter for an unknown name, a page_size
// outside [1, kMaxPageSize], a page_token that is not a count, or a since
// that is not a cursor. `paged`: whether page_size and page_token are
// allowed.
absl::StatusOr<PageRequest> ParsePageRequest(
    const std::map<std::string, std::string>& query, uint64_t run_id,
    bool paged);

std::string Cursor(uint64_t run_id, uint64_t changes);

}  // namespace tune::dashboard
