// libFuzzer target: any bytes as a trial's log, fed in pieces of any size,
// to the scraper with the quickstart's and the tests' regexes. Every point
// it returns names a metric it was given and has a step of at least 1.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "worker/scrape/metric_scraper.h"

namespace {

void Check(const std::vector<tune::worker::ScrapedPoint>& points) {
  for (const auto& point : points) {
    if (point.step < 1) std::abort();
    if (point.metric != "loss" && point.metric != "score" &&
        point.metric != "acc") {
      std::abort();
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto scraper = tune::worker::MetricScraper::Create(
      {{"loss", R"(loss=([0-9\.]+))"},
       {"score", R"(score=(-?[0-9\.eE+-]+))"},
       {"acc", R"(Validation accuracy=([^,\s]+))"}});
  if (!scraper.ok()) std::abort();
  // The first byte chooses the chunk size, as pipes split writes anywhere.
  const size_t chunk = size > 0 ? 1 + data[0] % 64 : 1;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  while (!text.empty()) {
    const size_t n = std::min(chunk, text.size());
    Check(scraper->Feed(text.substr(0, n)));
    text.remove_prefix(n);
  }
  Check(scraper->Finish());
  return 0;
}
