// What identifies a process beyond its pid, which the kernel reuses: the
// boot it belongs to (/proc/sys/kernel/random/boot_id) and its start time
// in clock ticks since that boot (/proc/PID/stat, field 22). workerd writes
// a trial group's stamp next to its pgid, and a restarted workerd kills a
// leftover group only when the stamp says it is that group (SafeToKillGroup).
// Reads /proc only; thread-safe.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"

namespace tune::worker {

struct ProcessStamp {
  pid_t pid = 0;
  uint64_t start_ticks = 0;
  std::string boot_id;
};

// NotFound when no process has `pid`.
absl::StatusOr<ProcessStamp> StampOf(pid_t pid);

// "PID START_TICKS BOOT_ID", the marker file's one line; and back
// (nullopt for anything else, an old marker with a bare pid included).
std::string FormatStamp(const ProcessStamp& stamp);
std::optional<ProcessStamp> ParseStamp(const std::string& line);

// True when killing the process group `recorded.pid` reaches only what is
// left of the group whose leader had this stamp: same boot, and the pid is
// either free (the leader is gone; while any member lives the kernel does
// not hand its group id out again) or still the same leader (same start).
bool SafeToKillGroup(const ProcessStamp& recorded);

}  // namespace tune::worker
