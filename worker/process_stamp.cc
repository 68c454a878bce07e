#include "worker/process_stamp.h"

#include <fstream>
#include <sstream>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace tune::worker {
namespace {

std::string BootId() {
  std::ifstream file("/proc/sys/kernel/random/boot_id");
  std::string id;
  file >> id;
  return id;
}

}  // namespace

absl::StatusOr<ProcessStamp> StampOf(pid_t pid) {
  std::ifstream file(absl::StrCat("/proc/", pid, "/stat"));
  std::stringstream text;
  text << file.rdbuf();
  const std::string stat = text.str();
  // The command name (field 2) may hold spaces and ')': the fields after
  // it start at the last ')'.
  const size_t close = stat.rfind(')');
  if (!file || close == std::string::npos) {
    return absl::NotFoundError(absl::StrCat("no process ", pid));
  }
  const std::vector<absl::string_view> fields =
      absl::StrSplit(absl::string_view(stat).substr(close + 2), ' ',
                     absl::SkipEmpty());
  // fields[0] is field 3 (state), so field 22 (starttime) is fields[19].
  ProcessStamp stamp{pid, 0, BootId()};
  if (fields.size() < 20 || !absl::SimpleAtoi(fields[19], &stamp.start_ticks)) {
    return absl::NotFoundError(absl::StrCat("/proc/", pid, "/stat: unreadable"));
  }
  return stamp;
}

std::string FormatStamp(const ProcessStamp& stamp) {
  return absl::StrCat(stamp.pid, " ", stamp.start_ticks, " ", stamp.boot_id);
}

std::optional<ProcessStamp> ParseStamp(const std::string& line) {
  const std::vector<std::string> parts =
      absl::StrSplit(absl::StripAsciiWhitespace(line), ' ', absl::SkipEmpty());
  ProcessStamp stamp;
  if (parts.size() != 3 || !absl::SimpleAtoi(parts[0], &stamp.pid) ||
      stamp.pid <= 1 || !absl::SimpleAtoi(parts[1], &stamp.start_ticks) ||
      parts[2].empty()) {
    return std::nullopt;
  }
  stamp.boot_id = parts[2];
  return stamp;
}

bool SafeToKillGroup(const ProcessStamp& recorded) {
  if (recorded.pid <= 1 || recorded.boot_id != BootId()) return false;
  absl::StatusOr<ProcessStamp> now = StampOf(recorded.pid);
  if (!now.ok()) return true;  // the leader is gone: only members can be left
  return now->start_ticks == recorded.start_ticks;
}

}  // namespace tune::worker
