// Checks a spec's metric_definitions against a sample training log, for
// tunectl validate-metrics: runs each regex over the log with workerd's own
// scraper (worker/scrape/metric_scraper.h) and reports, per metric, every
// line that matched, with its number and the value captured.
// A match whose capture is not a finite number is reported too, as
// workerd drops it. Not thread-safe per call's stream; no shared state.
//
//   absl::StatusOr<std::vector<MetricReport>> reports = CheckMetrics(spec,
//   log); if (!reports.ok()) ...;  // a regex the scraper refuses int code =
//   PrintMetricReports(*reports, "train.log", std::cout, std::cerr);
#pragma once

#include <cstdint>
#include <istream>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "tuner/spec/job_spec.h"

namespace tune::cli {

struct MetricMatch {
  int64_t line = 0;             // 1-based line number in the log
  int64_t step = 0;             // the step workerd would give the point
  std::optional<double> value;  // nullopt: the capture was not a number
  std::string text;             // the line, cut to kMaxShownLineBytes
};

struct MetricReport {
  std::string name;
  std::string regex;
  bool objective = false;  // the spec's objective metric
  std::vector<MetricMatch> matches;

  // Matches that gave a value, as workerd would report.
  int64_t values() const;
};

inline constexpr size_t kMaxShownLineBytes = 160;

// One report per metric definition, in the spec's order. InvalidArgument
// (naming the metric) when the scraper refuses a regex.
absl::StatusOr<std::vector<MetricReport>> CheckMetrics(
    const tune::spec::JobSpec& spec, std::istream& log);

// Prints the matches to `out` and a loud warning to `err` for each metric
// without a value (louder for the objective metric). Returns the exit code:
// 0 when every metric got a value, 1 otherwise.
int PrintMetricReports(const std::vector<MetricReport>& reports,
                       std::string_view log_name, std::ostream& out,
                       std::ostream& err);

}  // namespace tune::cli
