#include "tuner/telemetry/telemetry.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <thread>

namespace tune::telemetry {
namespace {

TEST_CASE("a histogram counts each observation into its bucket, cumulatively") {
  struct Case {
    std::vector<double> observations;
    std::vector<uint64_t> cumulative;  // le=1, le=2, +Inf
    double sum;
  };
  const std::vector<Case> cases = {
      {{}, {0, 0, 0}, 0},
      {{0.5}, {1, 1, 1}, 0.5},
      {{1.0}, {1, 1, 1}, 1.0},  // a bound is inclusive ("le")
      {{1.5, 2.0, 7}, {0, 2, 3}, 10.5},
      {{NAN, 3}, {0, 0, 1}, 3},  // NaN is ignored
  };
  for (const Case& c : cases) {
    Histogram histogram({1, 2});
    for (double value : c.observations) histogram.Observe(value);
    const auto snapshot = histogram.Take();
    CHECK(snapshot.cumulative == c.cumulative);
    CHECK(snapshot.count == c.cumulative.back());
    CHECK(snapshot.sum == c.sum);
  }
}

TEST_CASE("the registry writes the Prometheus text format") {
  Registry registry;
  Counter& counter = registry.AddCounter("things_total", "Things.\nMore.");
  Histogram& histogram = registry.AddHistogram("wait_seconds", "Waits.", {0.5, 2});
  counter.Add(3);
  histogram.Observe(0.25);
  histogram.Observe(5);
  CHECK(registry.PrometheusText() ==
        "# HELP things_total Things.\\nMore.\n"
        "# TYPE things_total counter\n"
        "things_total 3\n"
        "# HELP wait_seconds Waits.\n"
        "# TYPE wait_seconds histogram\n"
        "wait_seconds_bucket{le=\"0.5\"} 1\n"
        "wait_seconds_bucket{le=\"2\"} 1\n"
        "wait_seconds_bucket{le=\"+Inf\"} 2\n"
        "wait_seconds_sum 5.25\n"
        "wait_seconds_count 2\n");
}

TEST_CASE("gauge families escape their label values") {
  CHECK(GaugeFamilyText("g", "G.", "state", {{"a\"b", 1}, {"c", 2.5}}) ==
        "# HELP g G.\n# TYPE g gauge\ng{state=\"a\\\"b\"} 1\ng{state=\"c\"} 2.5\n");
}

TEST_CASE("instruments may be fed from many threads at once") {
  Telemetry telemetry;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 1000; ++i) {
        telemetry.metric_points_ingested.Add();
        telemetry.suggestion_seconds.Observe(0.001);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  CHECK(telemetry.metric_points_ingested.value() == 4000);
  CHECK(telemetry.suggestion_seconds.Take().count == 4000);
  const std::string text = telemetry.registry.PrometheusText();
  CHECK(text.find("tune_metric_points_ingested_total 4000\n") != std::string::npos);
  CHECK(text.find("tune_suggestion_seconds_count 4000\n") != std::string::npos);
  CHECK(text.find("tune_dispatch_latency_seconds_bucket{le=\"+Inf\"} 0\n") !=
        std::string::npos);
}

}  // namespace
}  // namespace tune::telemetry
