// Counters and fixed-bucket histograms that tunerd exposes to Prometheus.
//
// A Registry owns named instruments and writes them in the Prometheus text
// exposition format (version 0.0.4). Telemetry is the registry tunerd uses,
// with the instruments the Scheduler feeds; tunerd_main owns one instance
// and passes it by pointer (there are no globals).
//
// Usage:
//   telemetry::Telemetry telemetry;
//   telemetry.dispatch_latency_seconds.Observe(0.25);
//   telemetry.metric_points_ingested.Add(3);
//   std::string text = telemetry.registry.PrometheusText();
//
// Thread-safety: every method may be called from any thread. Instruments
// live as long as their Registry and never move.
#pragma once

#include <atomic>
#include <cstdint>
#include <deque>
#include <string>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

namespace tune::telemetry {

// A monotonically increasing count.
class Counter {
 public:
  void Add(uint64_t n = 1) { value_.fetch_add(n, std::memory_order_relaxed); }
  uint64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<uint64_t> value_{0};
};

// Observations counted into buckets with fixed upper bounds (plus +Inf).
class Histogram {
 public:
  struct Snapshot {
    std::vector<double> bounds;        // ascending upper bounds
    std::vector<uint64_t> cumulative;  // per bound, then +Inf (= count)
    double sum = 0;
    uint64_t count = 0;
  };

  // `bounds` must be ascending and finite (programmer error otherwise).
  explicit Histogram(std::vector<double> bounds);
  // NaN is ignored.
  void Observe(double value);
  Snapshot Take() const;

 private:
  const std::vector<double> bounds_;
  mutable absl::Mutex mu_;
  // Not cumulative; the last one is +Inf.
  std::vector<uint64_t> buckets_ ABSL_GUARDED_BY(mu_);
  double sum_ ABSL_GUARDED_BY(mu_) = 0;
  uint64_t count_ ABSL_GUARDED_BY(mu_) = 0;
};

class Registry {
 public:
  // Names must be valid Prometheus metric names, unique in the registry.
  Counter& AddCounter(std::string name, std::string help);
  Histogram& AddHistogram(std::string name, std::string help,
                          std::vector<double> bounds);
  // Every instrument, in the order added.
  std::string PrometheusText() const;

 private:
  struct Entry {
    std::string name;
    std::string help;
    Counter* counter = nullptr;
    Histogram* histogram = nullptr;
  };
  mutable absl::Mutex mu_;
  std::deque<Counter> counters_ ABSL_GUARDED_BY(mu_);
  std::deque<Histogram> histograms_ ABSL_GUARDED_BY(mu_);
  std::vector<Entry> entries_ ABSL_GUARDED_BY(mu_);
};

// One gauge family with a single label, e.g. tune_jobs{state="Completed"} 2,
// in the same text format.
std::string GaugeFamilyText(
    const std::string& name, const std::string& help,
    const std::string& label,
    const std::vector<std::pair<std::string, double>>& values);

// What tunerd measures.
struct Telemetry {
  Telemetry();
  Telemetry(const Telemetry&) = delete;
  Telemetry& operator=(const Telemetry&) = delete;

  Registry registry;
  // From a trial's creation to its dispatch to a worker.
  Histogram& dispatch_latency_seconds;
  // Metric points received from workers and clients and committed.
  Counter& metric_points_ingested;
  // One designer call (SuggestWithReasons), all suggestions of a batch.
  Histogram& suggestion_seconds;
};

}  // namespace tune::telemetry
