#include "tuner/telemetry/telemetry.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>

namespace tune::telemetry {
namespace {

// Prometheus floats; infinities are spelled +Inf/-Inf.
std::string FormatDouble(double value) {
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  if (std::isnan(value)) return "NaN";
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);  // shortest text that reads back exactly
}

// Label values escape backslash, double quote and newline.
std::string EscapeLabel(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '\\') out += "\\\\";
    else if (c == '"') out += "\\\"";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

// HELP text escapes backslash and newline.
std::string EscapeHelp(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '\\') out += "\\\\";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

void Header(std::string& out, const std::string& name, const std::string& help,
            const char* type) {
  out += "# HELP " + name + " " + EscapeHelp(help) + "\n";
  out += "# TYPE " + name + " " + type + "\n";
}

}  // namespace

Histogram::Histogram(std::vector<double> bounds)
    : bounds_(std::move(bounds)), buckets_(bounds_.size() + 1, 0) {
  for (size_t i = 0; i < bounds_.size(); ++i) {
    if (!std::isfinite(bounds_[i]) || (i > 0 && bounds_[i] <= bounds_[i - 1])) {
      std::abort();  // programmer error: bounds must ascend and be finite
    }
  }
}

void Histogram::Observe(double value) {
  if (std::isnan(value)) return;
  const size_t bucket =
      std::lower_bound(bounds_.begin(), bounds_.end(), value) - bounds_.begin();
  absl::MutexLock lock(&mu_);
  ++buckets_[bucket];
  sum_ += value;
  ++count_;
}

Histogram::Snapshot Histogram::Take() const {
  Snapshot snapshot;
  snapshot.bounds = bounds_;
  absl::MutexLock lock(&mu_);
  uint64_t running = 0;
  for (uint64_t n : buckets_) {
    running += n;
    snapshot.cumulative.push_back(running);
  }
  snapshot.sum = sum_;
  snapshot.count = count_;
  return snapshot;
}

Counter& Registry::AddCounter(std::string name, std::string help) {
  absl::MutexLock lock(&mu_);
  Counter& counter = counters_.emplace_back();
  entries_.push_back({std::move(name), std::move(help), &counter, nullptr});
  return counter;
}

Histogram& Registry::AddHistogram(std::string name, std::string help,
                                  std::vector<double> bounds) {
  absl::MutexLock lock(&mu_);
  Histogram& histogram = histograms_.emplace_back(std::move(bounds));
  entries_.push_back({std::move(name), std::move(help), nullptr, &histogram});
  return histogram;
}

std::string Registry::PrometheusText() const {
  absl::MutexLock lock(&mu_);
  std::string out;
  for (const Entry& entry : entries_) {
    if (entry.counter) {
      Header(out, entry.name, entry.help, "counter");
      out += entry.name + " " + std::to_string(entry.counter->value()) + "\n";
      continue;
    }
    Header(out, entry.name, entry.help, "histogram");
    const Histogram::Snapshot snapshot = entry.histogram->Take();
    for (size_t i = 0; i <= snapshot.bounds.size(); ++i) {
      const std::string le = i < snapshot.bounds.size()
                                 ? FormatDouble(snapshot.bounds[i])
                                 : "+Inf";
      out += entry.name + "_bucket{le=\"" + le + "\"} " +
             std::to_string(snapshot.cumulative[i]) + "\n";
    }
    out += entry.name + "_sum " + FormatDouble(snapshot.sum) + "\n";
    out += entry.name + "_count " + std::to_string(snapshot.count) + "\n";
  }
  return out;
}

std::string GaugeFamilyText(
    const std::string& name, const std::string& help, const std::string& label,
    const std::vector<std::pair<std::string, double>>& values) {
  std::string out;
  Header(out, name, help, "gauge");
  for (const auto& [label_value, value] : values) {
    out += name + "{" + label + "=\"" + EscapeLabel(label_value) + "\"} " +
           FormatDouble(value) + "\n";
  }
  return out;
}

Telemetry::Telemetry()
    : dispatch_latency_seconds(registry.AddHistogram(
          "tune_dispatch_latency_seconds",
          "Seconds from a trial's creation to its dispatch to a worker.",
          // Trials may wait long for a free slot.
          {0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 900, 3600})),
      metric_points_ingested(registry.AddCounter(
          "tune_metric_points_ingested_total",
          "Metric points received from workers and clients and committed.")),
      suggestion_seconds(registry.AddHistogram(
          "tune_suggestion_seconds",
          "Seconds one designer call took to suggest a batch of trials.",
          // The GP's fit dominates; random search takes microseconds.
          {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5,
           10, 30})) {}

}  // namespace tune::telemetry
