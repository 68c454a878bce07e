#include "tuner/dashboard/page_request.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace tune::dashboard {

absl::StatusOr<PageRequest> ParsePageRequest(
    const std::map<std::string, std::string>& query, uint64_t run_id,
    bool paged) {
  PageRequest request;
  for (const auto& [name, value] : query) {
    if (paged && name == "page_size") {
      if (!absl::SimpleAtoi(value, &request.size) || request.size < 1 ||
          request.size > kMaxPageSize) {
        return absl::InvalidArgumentError(absl::StrCat(
            "page_size: must be 1 to ", kMaxPageSize, " (got \"", value, "\")"));
      }
    } else if (paged && name == "page_token") {
      if (!value.empty() &&
          (!absl::SimpleAtoi(value, &request.offset) || request.offset < 0)) {
        return absl::InvalidArgumentError(absl::StrCat(
            "page_token: \"", value, "\" is not one this dashboard gave"));
      }
    } else if (name == "since") {
      const size_t dot = value.find('.');
      uint64_t run = 0;
      uint64_t changes = 0;
      if (dot == std::string::npos ||
          !absl::SimpleAtoi(value.substr(0, dot), &run) ||
          !absl::SimpleAtoi(value.substr(dot + 1), &changes)) {
        return absl::InvalidArgumentError(absl::StrCat(
            "since: \"", value, "\" is not a cursor from a reply"));
      }
      // A cursor of an earlier run counts changes that were reset.
      if (run == run_id) {
        request.changed_after = changes;
        request.full = false;
      }
    } else {
      return absl::InvalidArgumentError(absl::StrCat(
          "unknown query parameter ", name, paged
              ? " (expected page_size, page_token or since)"
              : " (expected since)"));
    }
  }
  return request;
}

std::string Cursor(uint64_t run_id, uint64_t changes) {
  return absl::StrCat(run_id, ".", changes);
}

}  // namespace tune::dashboard
