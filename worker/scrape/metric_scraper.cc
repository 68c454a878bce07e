#include "worker/scrape/metric_scraper.h"

#include <re2/re2.h>

#include <charconv>
#include <cmath>
#include <optional>
#include <set>
#include <system_error>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace tune::worker {

struct MetricScraper::Metric {
  std::string name;
  std::unique_ptr<re2::RE2> regex;
  int64_t matches = 0;  // lines matched so far; the last step given
};

namespace {

constexpr std::string_view kBlanks = " \t\r\n\v\f";

// The whole of `text`, trimmed, as a finite double; nullopt otherwise.
// std::from_chars ignores the locale, unlike strtod.
std::optional<double> ParseValue(std::string_view text) {
  size_t first = text.find_first_not_of(kBlanks);
  if (first == std::string_view::npos) return std::nullopt;
  text = text.substr(first, text.find_last_not_of(kBlanks) - first + 1);
  if (text.front() == '+') {  // from_chars takes '-' but not '+'
    text.remove_prefix(1);
    if (text.empty() || text.front() == '-' || text.front() == '+') {
      return std::nullopt;
    }
  }
  double value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || ptr != end || !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

}  // namespace

MetricScraper::MetricScraper(std::vector<Metric> metrics, size_t max_line_bytes)
    : metrics_(std::move(metrics)), max_line_bytes_(max_line_bytes) {}

MetricScraper::MetricScraper(MetricScraper&&) noexcept = default;
MetricScraper& MetricScraper::operator=(MetricScraper&&) noexcept = default;
MetricScraper::~MetricScraper() = default;

absl::StatusOr<MetricScraper> MetricScraper::Create(
    const std::vector<MetricRegex>& metrics, size_t max_line_bytes) {
  if (max_line_bytes == 0) {
    return absl::InvalidArgumentError("max_line_bytes must be at least 1");
  }
  re2::RE2::Options options;
  options.set_encoding(re2::RE2::Options::EncodingLatin1);
  options.set_log_errors(false);  // the error comes back in the status

  std::vector<Metric> compiled;
  std::set<std::string_view> names;
  for (const MetricRegex& metric : metrics) {
    if (metric.name.empty()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "a metric with regex \"", metric.regex, "\" has no name"));
    }
    if (!names.insert(metric.name).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("metric \"", metric.name, "\" is defined twice"));
    }
    auto regex = std::make_unique<re2::RE2>(metric.regex, options);
    if (!regex->ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("metric \"", metric.name, "\": regex \"", metric.regex,
                       "\" does not compile: ", regex->error()));
    }
    if (regex->NumberOfCapturingGroups() < 1) {
      return absl::InvalidArgumentError(absl::StrCat(
          "metric \"", metric.name, "\": regex \"", metric.regex,
          "\" has no capture group; wrap the value in (...), as in "
          "\"loss=([0-9.eE+-]+)\""));
    }
    compiled.push_back(Metric{metric.name, std::move(regex), 0});
  }
  return MetricScraper(std::move(compiled), max_line_bytes);
}

std::vector<ScrapedPoint> MetricScraper::Feed(std::string_view bytes) {
  std::vector<ScrapedPoint> out;
  while (!bytes.empty()) {
    const size_t newline = bytes.find('\n');
    const bool ended = newline != std::string_view::npos;
    std::string_view piece = bytes.substr(0, newline);
    bytes.remove_prefix(ended ? newline + 1 : bytes.size());

    // Cut the line wherever it would grow past the cap.
    while (partial_.size() + piece.size() > max_line_bytes_) {
      const size_t take = max_line_bytes_ - partial_.size();
      if (partial_.empty()) {
        ScrapeLine(piece.substr(0, take), /*ended=*/false, out);
      } else {
        partial_.append(piece.substr(0, take));
        ScrapeLine(partial_, /*ended=*/false, out);
        partial_.clear();
      }
      piece.remove_prefix(take);
    }
    if (!ended) {
      partial_.append(piece);
    } else if (partial_.empty()) {
      ScrapeLine(piece, /*ended=*/true, out);  // no copy for whole lines
    } else {
      partial_.append(piece);
      ScrapeLine(partial_, /*ended=*/true, out);
      partial_.clear();
    }
  }
  return out;
}

std::vector<ScrapedPoint> MetricScraper::Finish() {
  std::vector<ScrapedPoint> out;
  if (!partial_.empty()) {
    ScrapeLine(partial_, /*ended=*/true, out);
    partial_.clear();
  }
  return out;
}

std::vector<std::string> MetricScraper::UnmatchedMetrics() const {
  std::vector<std::string> names;
  for (const Metric& metric : metrics_) {
    if (metric.matches == 0) names.push_back(metric.name);
  }
  return names;
}

void MetricScraper::ScrapeLine(std::string_view line, bool ended,
                               std::vector<ScrapedPoint>& out) {
  if (ended && !line.empty() && line.back() == '\r') line.remove_suffix(1);
  const re2::StringPiece text(line.data(), line.size());
  for (Metric& metric : metrics_) {
    re2::StringPiece capture;
    if (!re2::RE2::PartialMatch(text, *metric.regex, &capture)) continue;
    const int64_t step = ++metric.matches;
    std::optional<double> value =
        ParseValue(std::string_view(capture.data(), capture.size()));
    if (!value.has_value()) {
      ++unparsable_values_;
      continue;
    }
    out.push_back(ScrapedPoint{metric.name, step, *value});
  }
}

}  // namespace tune::worker
