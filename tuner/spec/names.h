// The rules for the names a spec gives to jobs, hyperparameters and metrics.
//
// Job names end up in URLs, file names and logs: 1-63 characters of ASCII
// letters, digits and '-', starting with a letter or digit. Hyperparameter
// names become command-line flags (--name=value): [A-Za-z_][A-Za-z0-9_.-]*,
// at most 128 characters. Metric names are free text that a log line can
// name: 1-255 bytes with no control characters (UTF-8 is fine).
//
// Each Is* function says whether a name follows its rule; each k*Rule is
// that rule in words, for error messages. Pure; safe from any thread.
#pragma once

#include <string_view>

namespace tune::spec {

inline constexpr char kJobNameRule[] =
    "must be 1-63 characters of letters, digits and '-', starting with a "
    "letter or digit";
inline constexpr char kParameterNameRule[] =
    "must be usable as a command-line flag: a letter or '_', then letters, "
    "digits, '_', '.' or '-', at most 128 characters";
inline constexpr char kMetricNameRule[] =
    "must be 1-255 characters of printable text (no control characters)";

bool IsValidJobName(std::string_view name);
bool IsValidParameterName(std::string_view name);
bool IsValidMetricName(std::string_view name);

}  // namespace tune::spec
