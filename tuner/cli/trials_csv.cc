#include "tuner/cli/trials_csv.h"

#include <charconv>
#include <cmath>
#include <ctime>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "tuner/cli/format.h"

namespace tune::cli {

namespace {

constexpr char kRowEnd[] = "\r\n";

std::string ValueText(const tune::v1::ParameterValue& value) {
  switch (value.kind_case()) {
    case tune::v1::ParameterValue::kDoubleValue:
      return RoundTripNumber(value.double_value());
    case tune::v1::ParameterValue::kIntValue:
      return absl::StrCat(value.int_value());
    case tune::v1::ParameterValue::kStringValue:
      return value.string_value();
    default:
      return "";
  }
}

void AppendRow(const std::vector<std::string>& fields, std::string& out) {
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out += ',';
    out += CsvField(fields[i]);
  }
  out += kRowEnd;
}

}  // namespace

std::string CsvField(std::string_view value) {
  if (value.find_first_of(",\"\r\n") == std::string_view::npos) {
    return std::string(value);
  }
  std::string quoted = "\"";
  for (char c : value) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  quoted += '"';
  return quoted;
}

std::string IsoUtc(double seconds) {
  if (!(seconds > 0) || !std::isfinite(seconds)) return "";
  int64_t millis = std::llround(seconds * 1000);
  const std::time_t whole = static_cast<std::time_t>(millis / 1000);
  std::tm utc{};
  if (gmtime_r(&whole, &utc) == nullptr) return "";
  return absl::StrFormat("%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
                         utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday,
                         utc.tm_hour, utc.tm_min, utc.tm_sec,
                         static_cast<int>(millis % 1000));
}

std::string RoundTripNumber(double value) {
  char text[64];
  auto [end, ec] = std::to_chars(text, text + sizeof(text), value);
  if (ec != std::errc()) return absl::StrFormat("%.17g", value);
  return std::string(text, end);
}

std::string TrialsCsv(const std::vector<tune::v1::Trial>& trials,
                      const std::vector<std::string>& hyperparameters) {
  std::string out;
  std::vector<std::string> header = {"trial_id", "state", "objective"};
  header.insert(header.end(), hyperparameters.begin(), hyperparameters.end());
  for (const char* name : {"attempt", "worker", "created_at", "started_at",
                           "ended_at", "reason"}) {
    header.emplace_back(name);
  }
  AppendRow(header, out);
  for (const tune::v1::Trial& trial : trials) {
    std::vector<std::string> row = {
        trial.id(), FormatState(trial.state()),
        trial.has_objective() ? RoundTripNumber(trial.objective()) : ""};
    for (const std::string& name : hyperparameters) {
      auto it = trial.hyperparameters().find(name);
      row.push_back(
          it == trial.hyperparameters().end() ? "" : ValueText(it->second));
    }
    row.push_back(absl::StrCat(trial.attempt()));
    row.push_back(trial.worker_id());
    row.push_back(IsoUtc(trial.created_at()));
    row.push_back(IsoUtc(trial.started_at()));
    row.push_back(IsoUtc(trial.ended_at()));
    row.push_back(trial.reason());
    AppendRow(row, out);
  }
  return out;
}

}  // namespace tune::cli
