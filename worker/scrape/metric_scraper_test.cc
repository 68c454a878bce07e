#include "worker/scrape/metric_scraper.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_format.h"

namespace tune::worker {
namespace {

// "metric#step=value", with the value exact, so a failure shows both lists.
std::vector<std::string> Lines(const std::vector<ScrapedPoint>& points) {
  std::vector<std::string> lines;
  for (const ScrapedPoint& p : points) {
    lines.push_back(absl::StrFormat("%s#%d=%.17g", p.metric, p.step, p.value));
  }
  return lines;
}

MetricScraper CreateOk(const std::vector<MetricRegex>& metrics,
                       size_t max_line_bytes = kDefaultMaxLineBytes) {
  absl::StatusOr<MetricScraper> scraper =
      MetricScraper::Create(metrics, max_line_bytes);
  INFO(scraper.status().ToString());
  REQUIRE(scraper.ok());
  return *std::move(scraper);
}

void Append(std::vector<ScrapedPoint>& to, std::vector<ScrapedPoint> from) {
  to.insert(to.end(), from.begin(), from.end());
}

std::vector<std::string> ByteByByte(const std::string& text) {
  std::vector<std::string> chunks;
  for (char c : text) chunks.push_back(std::string(1, c));
  return chunks;
}

const MetricRegex kLoss = {"loss", R"(loss=(\S+))"};
const MetricRegex kAcc = {"acc", R"(acc=(\S+))"};

TEST_CASE("MetricScraper turns lines into points", "[scrape]") {
  struct Case {
    const char* name;
    std::vector<MetricRegex> metrics;
    std::vector<std::string> chunks;
    std::vector<std::string> want_fed;       // from Feed
    std::vector<std::string> want_finished;  // from Finish
    int64_t want_unparsable = 0;
    std::vector<std::string> want_unmatched = {};
  };
  const std::vector<Case> cases = {
      {"several metrics on one line",
       {kLoss, kAcc},
       {"epoch 1 loss=0.5 acc=0.75\n"},
       {"loss#1=0.5", "acc#1=0.75"},
       {}},
      {"one point per metric per line",
       {kLoss},
       {"loss=1 loss=2\n"},
       {"loss#1=1"},
       {}},
      {"CRLF line ends",
       {{"loss", R"(loss=([0-9.]+)$)"}},
       {"loss=0.5\r\nloss=0.25\r\n"},
       {"loss#1=0.5", "loss#2=0.25"},
       {}},
      {"no newline at the end: only Finish yields it",
       {kLoss},
       {"loss=1\nloss=2"},
       {"loss#1=1"},
       {"loss#2=2"}},
      {"a trailing CR before the end of the stream",
       {{"loss", R"(loss=([0-9.]+)$)"}},
       {"loss=3\r"},
       {},
       {"loss#1=3"}},
      {"lines split into single bytes",
       {kLoss, kAcc},
       ByteByByte("a loss=0.125 b\nacc=1e-3\r\nloss=3E2\n"),
       {"loss#1=0.125", "acc#1=0.001", "loss#2=300"},
       {}},
      {"chunks that end right at line ends, and empty chunks",
       {kLoss},
       {"loss=1\n", "", "\n", "loss=2\n", "\n\n"},
       {"loss#1=1", "loss#2=2"},
       {}},
      {"steps counted per metric",
       {kLoss, kAcc},
       {"loss=1\nacc=0.1\nloss=2\nloss=3\nacc=0.2\n"},
       {"loss#1=1", "acc#1=0.10000000000000001", "loss#2=2", "loss#3=3",
        "acc#2=0.20000000000000001"},
       {}},
      {"unparsable values are counted, not emitted, and use their step",
       {kLoss},
       {"loss=nan\nloss=1.2.3\nloss=inf\nloss=-inf\nloss=1e999\n"
        "loss=0x10\nloss=abc\nloss=0.5\n"},
       {"loss#8=0.5"},
       {},
       7},
      {"spaces and a plus sign around the value",
       {{"loss", R"(loss:(.*)$)"}},
       {"loss:  +2.5 \t\nloss: +-1\nloss:-7\nloss:\n"},
       {"loss#1=2.5", "loss#3=-7"},
       {},
       2},
      {"an optional group that did not match is unparsable",
       {{"loss", R"(loss=(\d+)?)"}},
       {"loss=\nloss=4\n"},
       {"loss#2=4"},
       {},
       1},
      {"NUL bytes and invalid UTF-8 on the line",
       {kLoss},
       {std::string("\0\xff\xfe loss=0.5 \x80\xc3\n", 16),
        std::string("\xc3\x28\0\0\n", 5), "loss=0.25\n"},
       {"loss#1=0.5", "loss#2=0.25"},
       {}},
      {"UTF-8 text in the regex matches byte for byte",
       {{"latency", "latency \xc2\xb5s=([0-9.]+)"}},
       {"latency \xc2\xb5s=12.5\n"},
       {"latency#1=12.5"},
       {}},
      {"unmatched metrics are named; an unparsable match counts as matched",
       {kLoss, kAcc, {"f1", R"(f1=(\S+))"}},
       {"loss=1\nacc=oops\n"},
       {"loss#1=1"},
       {},
       1,
       {"f1"}},
      {"no lines at all", {kLoss, kAcc}, {}, {}, {}, 0, {"loss", "acc"}},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    MetricScraper scraper = CreateOk(c.metrics);
    std::vector<ScrapedPoint> fed;
    for (const std::string& chunk : c.chunks) Append(fed, scraper.Feed(chunk));
    CHECK(Lines(fed) == c.want_fed);
    CHECK(Lines(scraper.Finish()) == c.want_finished);
    CHECK(scraper.Finish().empty());
    CHECK(scraper.unparsable_values() == c.want_unparsable);
    CHECK(scraper.UnmatchedMetrics() == c.want_unmatched);
  }
}

TEST_CASE("MetricScraper finds a metric at the end of a 1 MB line",
          "[scrape]") {
  const std::string line = std::string(1 << 20, 'x') + " loss=0.75\n";
  for (size_t chunk : {line.size(), size_t{65536}, size_t{4093}}) {
    INFO("chunk size " << chunk);
    MetricScraper scraper = CreateOk({kLoss});
    std::vector<ScrapedPoint> points;
    for (size_t at = 0; at < line.size(); at += chunk) {
      Append(points, scraper.Feed(std::string_view(line).substr(at, chunk)));
    }
    CHECK(Lines(points) == std::vector<std::string>{"loss#1=0.75"});
    CHECK(scraper.buffered_bytes() == 0);
  }
}

TEST_CASE("MetricScraper cuts lines at the cap to bound memory", "[scrape]") {
  SECTION("a small cap, fed byte by byte") {
    constexpr size_t kCap = 32;
    MetricScraper scraper = CreateOk({kLoss}, kCap);
    // Pieces: 32 x's, 32 x's, 32 x's, then "xxxx loss=1.5" ends the line.
    const std::string text = std::string(100, 'x') + " loss=1.5\nloss=2\n";
    std::vector<ScrapedPoint> points;
    for (char c : text) {
      Append(points, scraper.Feed(std::string_view(&c, 1)));
      CHECK(scraper.buffered_bytes() <= kCap);
    }
    CHECK(Lines(points) == std::vector<std::string>{"loss#1=1.5", "loss#2=2"});
  }
  SECTION("a match in a cut piece of an unended line") {
    MetricScraper scraper = CreateOk({kLoss}, 8);
    CHECK(Lines(scraper.Feed("loss=1 xxxxxxxxxxxx")) ==
          std::vector<std::string>{"loss#1=1"});
    CHECK(scraper.buffered_bytes() == 3);  // 19 bytes: pieces of 8, 8, 3
  }
  SECTION("the default cap with 9 MiB and no newline") {
    MetricScraper scraper = CreateOk({kLoss});
    const std::string chunk(1 << 20, 'y');
    for (int i = 0; i < 9; ++i) {
      CHECK(scraper.Feed(chunk).empty());
      CHECK(scraper.buffered_bytes() <= kDefaultMaxLineBytes);
    }
    CHECK(scraper.buffered_bytes() == (size_t{9} << 20) % kDefaultMaxLineBytes);
    CHECK(Lines(scraper.Feed(" loss=4\n")) ==
          std::vector<std::string>{"loss#1=4"});
  }
}

TEST_CASE("MetricScraper survives random binary junk between good lines",
          "[scrape]") {
  std::mt19937 rng(20240611);
  std::uniform_int_distribution<int> byte(0, 255);
  std::uniform_int_distribution<int> length(0, 400);
  std::string log;
  std::vector<std::string> want;
  for (int i = 1; i <= 200; ++i) {
    std::string junk(static_cast<size_t>(length(rng)), '\0');
    for (char& c : junk) c = static_cast<char>(byte(rng));
    junk += std::string("\0\xff", 2);  // always a NUL and a bad UTF-8 byte
    std::replace(junk.begin(), junk.end(), '=', '.');  // never "loss=..."
    log += junk + "\n";
    log += absl::StrFormat("step %d loss=%d\n", i, i);
    want.push_back(absl::StrFormat("loss#%d=%d", i, i));
  }
  std::uniform_int_distribution<size_t> chunk(1, 700);
  MetricScraper scraper = CreateOk({kLoss});
  std::vector<ScrapedPoint> points;
  for (size_t at = 0; at < log.size();) {
    size_t n = std::min(chunk(rng), log.size() - at);
    Append(points, scraper.Feed(std::string_view(log).substr(at, n)));
    at += n;
  }
  Append(points, scraper.Finish());
  CHECK(Lines(points) == want);
  CHECK(scraper.unparsable_values() == 0);
}

TEST_CASE("MetricScraper keeps counting steps after Finish", "[scrape]") {
  MetricScraper scraper = CreateOk({kLoss});
  CHECK(Lines(scraper.Feed("loss=1")) == std::vector<std::string>{});
  CHECK(Lines(scraper.Finish()) == std::vector<std::string>{"loss#1=1"});
  CHECK(Lines(scraper.Feed("loss=2\n")) ==
        std::vector<std::string>{"loss#2=2"});
}

TEST_CASE("MetricScraper::Create refuses bad definitions by name", "[scrape]") {
  struct Case {
    const char* name;
    std::vector<MetricRegex> metrics;
    size_t max_line_bytes;
    std::vector<std::string> want_in_message;
  };
  const std::vector<Case> cases = {
      {"no capture group",
       {kLoss, {"accuracy", R"(acc=\d+)"}},
       kDefaultMaxLineBytes,
       {"\"accuracy\"", "capture group"}},
      {"a regex that does not compile",
       {{"val_loss", "loss=([0-9"}},
       kDefaultMaxLineBytes,
       {"\"val_loss\"", "does not compile"}},
      {"a name used twice",
       {kLoss, kLoss},
       kDefaultMaxLineBytes,
       {"\"loss\"", "twice"}},
      {"an empty name", {{"", "x=(1)"}}, kDefaultMaxLineBytes, {"no name"}},
      {"a zero cap", {kLoss}, 0, {"max_line_bytes"}},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    absl::StatusOr<MetricScraper> scraper =
        MetricScraper::Create(c.metrics, c.max_line_bytes);
    REQUIRE_FALSE(scraper.ok());
    CHECK(scraper.status().code() == absl::StatusCode::kInvalidArgument);
    for (const std::string& part : c.want_in_message) {
      CHECK_THAT(std::string(scraper.status().message()),
                 Catch::Matchers::Contains(part));
    }
  }
  // No metrics at all is fine: nothing to scrape.
  MetricScraper none = CreateOk({});
  CHECK(none.Feed("loss=1\n").empty());
}

}  // namespace
}  // namespace tune::worker
