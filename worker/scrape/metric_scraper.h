// Turns a trial's log bytes into metric points, with the job's metric
// definitions: a name and an RE2 regex whose first capture group is the
// value. Lines end at '\n' (a trailing '\r' is dropped, so CRLF works), and
// bytes may arrive in chunks of any size.
//
// One MetricScraper reads one byte stream: lines of two streams fed to one
// scraper would splice into each other. The caller decides which streams
// each scraper reads (say, stdout and stderr each to its own, or merged).
//
// Rules:
//  - Each regex is tried once per line (RE2::PartialMatch), so one line may
//    give a point for several metrics, but at most one per metric.
//  - Each metric counts its own steps: its first matching line is step 1,
//    the next step 2, and so on. A match whose value does not parse still
//    uses up its step, so steps stay in line with the log's own count.
//  - The value is the whole first capture, trimmed of spaces and tabs, read
//    as a decimal or scientific double ("0.5", "-3", "+1e-4"). A value that
//    does not parse or is not finite ("nan", "inf", "1.2.3", "") gives no
//    point and is counted in unparsable_values().
//  - Regexes run in RE2's Latin-1 mode, so any bytes are valid input: NUL
//    bytes and invalid UTF-8 in a line neither crash nor stop later lines.
//    What it means for users' regexes: '.' and [^x] match one byte, not one
//    character; literal non-ASCII text (UTF-8 "µs" or "损失") still matches
//    byte for byte, but do not put non-ASCII characters inside [...] classes
//    or use Unicode classes like \p{Greek}: they would match single bytes.
//  - A line longer than max_line_bytes (4 MiB by default) is cut into pieces
//    of that size, each scraped as a line, so memory stays bounded; a match
//    that straddles a cut is lost.
//
// Not thread-safe: one owner (workerd's io_context) feeds it.
//
// Usage:
//   absl::StatusOr<MetricScraper> scraper = MetricScraper::Create(
//       {{"loss", R"(loss=(\S+))"}, {"accuracy", R"(acc: ([0-9.]+))"}});
//   if (!scraper.ok()) return scraper.status();  // names the bad metric
//   for (const ScrapedPoint& p : scraper->Feed(chunk)) Report(p);
//   ...
//   for (const ScrapedPoint& p : scraper->Finish()) Report(p);
//   for (const std::string& name : scraper->UnmatchedMetrics()) Warn(name);
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace re2 {
class RE2;
}  // namespace re2

namespace tune::worker {

struct MetricRegex {
  std::string name;   // the metric's name, unique within a scraper
  std::string regex;  // RE2 syntax; the first capture group is the value
};

struct ScrapedPoint {
  std::string metric;
  int64_t step = 0;  // 1 for the metric's first matching line
  double value = 0;  // always finite
};

// Lines longer than this are cut into pieces of this size.
inline constexpr size_t kDefaultMaxLineBytes = size_t{4} << 20;

class MetricScraper {
 public:
  // InvalidArgument naming the metric when its name is empty or taken, or
  // its regex does not compile or has no capture group; InvalidArgument if
  // max_line_bytes is 0.
  static absl::StatusOr<MetricScraper> Create(
      const std::vector<MetricRegex>& metrics,
      size_t max_line_bytes = kDefaultMaxLineBytes);

  MetricScraper(MetricScraper&&) noexcept;
  MetricScraper& operator=(MetricScraper&&) noexcept;
  MetricScraper(const MetricScraper&) = delete;
  MetricScraper& operator=(const MetricScraper&) = delete;
  ~MetricScraper();

  // Appends bytes of the stream; returns the points of every line completed
  // by them (or cut at max_line_bytes), in order.
  std::vector<ScrapedPoint> Feed(std::string_view bytes);
  // Ends the stream: the last line, if it has no '\n', is scraped too. The
  // scraper may be fed again afterwards; step counts carry on.
  std::vector<ScrapedPoint> Finish();

  // Names of the metrics no line has matched so far, in definition order
  // (for a loud warning: the job may wait for them forever).
  std::vector<std::string> UnmatchedMetrics() const;
  // Matches whose capture was not a finite number.
  int64_t unparsable_values() const { return unparsable_values_; }
  // Bytes held for a line not yet ended; never more than max_line_bytes.
  size_t buffered_bytes() const { return partial_.size(); }

 private:
  struct Metric;
  MetricScraper(std::vector<Metric> metrics, size_t max_line_bytes);

  // Scrapes one line; `ended` lines lose a trailing '\r'.
  void ScrapeLine(std::string_view line, bool ended,
                  std::vector<ScrapedPoint>& out);

  std::vector<Metric> metrics_;
  size_t max_line_bytes_;
  std::string partial_;  // the current line's bytes so far
  int64_t unparsable_values_ = 0;
};

}  // namespace tune::worker
