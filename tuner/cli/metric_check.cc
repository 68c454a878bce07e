#include "tuner/cli/metric_check.h"

#include <memory>

#include "absl/strings/str_cat.h"
#include "tuner/cli/format.h"
#include "worker/scrape/metric_scraper.h"

namespace tune::cli {

int64_t MetricReport::values() const {
  int64_t count = 0;
  for (const MetricMatch& match : matches) count += match.value.has_value();
  return count;
}

absl::StatusOr<std::vector<MetricReport>> CheckMetrics(
    const tune::spec::JobSpec& spec, std::istream& log) {
  // One scraper per metric, so a match without a number is known to be
  // that metric's (the scraper only counts those).
  std::vector<MetricReport> reports;
  std::vector<tune::worker::MetricScraper> scrapers;
  for (const tune::spec::MetricDefinition& definition :
       spec.metric_definitions) {
    auto scraper = tune::worker::MetricScraper::Create(
        {{definition.name, definition.regex}});
    if (!scraper.ok()) return scraper.status();
    scrapers.push_back(*std::move(scraper));
    reports.push_back(
        MetricReport{definition.name,
                     definition.regex,
                     definition.name == spec.objective_metric_name,
                     {}});
  }
  std::string line;
  for (int64_t number = 1; std::getline(log, line); ++number) {
    // getline drops the '\n'; a last line without one ends the stream.
    const bool ended = !log.eof();
    if (ended) line += '\n';
    for (size_t i = 0; i < scrapers.size(); ++i) {
      const int64_t unparsable = scrapers[i].unparsable_values();
      std::vector<tune::worker::ScrapedPoint> points = scrapers[i].Feed(line);
      if (!ended) {
        auto last = scrapers[i].Finish();
        points.insert(points.end(), last.begin(), last.end());
      }
      const bool no_number = scrapers[i].unparsable_values() > unparsable;
      if (points.empty() && !no_number) continue;
      std::string shown =
          line.substr(0, std::min(line.size(), kMaxShownLineBytes));
      while (!shown.empty() && (shown.back() == '\n' || shown.back() == '\r')) {
        shown.pop_back();
      }
      if (line.size() > kMaxShownLineBytes + 1) shown += "...";
      MetricReport& report = reports[i];
      for (const tune::worker::ScrapedPoint& point : points) {
        report.matches.push_back({number, point.step, point.value, shown});
      }
      if (no_number) {
        const int64_t step = static_cast<int64_t>(report.matches.size()) + 1;
        report.matches.push_back({number, step, std::nullopt, shown});
      }
    }
  }
  return reports;
}

int PrintMetricReports(const std::vector<MetricReport>& reports,
                       std::string_view log_name, std::ostream& out,
                       std::ostream& err) {
  int missing = 0;
  for (const MetricReport& report : reports) {
    out << "metric " << report.name << (report.objective ? " (objective)" : "")
        << ": regex " << report.regex << "\n";
    for (const MetricMatch& match : report.matches) {
      out << "  line " << match.line << ": "
          << (match.value ? FormatNumber(*match.value)
                          : std::string("NOT A NUMBER (workerd drops it)"))
          << "  step " << match.step << "  | " << match.text << "\n";
    }
    const int64_t values = report.values();
    out << "  " << report.matches.size() << " matching line(s), " << values
        << " value(s)\n";
    if (values > 0) continue;
    ++missing;
    const std::string what =
        report.matches.empty()
            ? absl::StrCat("no line of ", std::string(log_name), " matched")
            : absl::StrCat(report.matches.size(), " line(s) of ",
                           std::string(log_name),
                           " matched but no capture was a number");
    if (report.objective) {
      err << "!!! WARNING: the OBJECTIVE metric " << report.name << ": " << what
          << " (regex " << report.regex << ").\n"
          << "!!! Every trial of this job would fail with \"objective metric "
          << report.name << " was never reported\".\n";
    } else {
      err << "WARNING: metric " << report.name << ": " << what << " (regex "
          << report.regex << ").\n";
    }
  }
  if (reports.empty()) {
    out << "the spec has no metric_definitions: nothing to check\n";
  } else if (missing == 0) {
    out << "all " << reports.size() << " metric(s) matched\n";
  } else {
    err << missing << " of " << reports.size() << " metric(s) got no value\n";
  }
  return missing == 0 ? 0 : 1;
}

}  // namespace tune::cli
