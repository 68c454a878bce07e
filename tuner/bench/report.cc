#include "tuner/bench/report.h"

#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace tune::bench {
namespace {

std::string Value(double value) {
  if (std::isnan(value)) return "n/a";
  return absl::StrFormat("%.5g", value);
}

std::string Heading(const RunSummary& summary) {
  std::string budget = absl::StrCat("budget ", summary.budget);
  if (summary.batch_size > 1) {
    absl::StrAppend(&budget, " as ", summary.budget / summary.batch_size,
                    " rounds of ", summary.batch_size);
  }
  const std::string optimum =
      summary.optimum.has_value()
          ? absl::StrCat("optimum ", Value(*summary.optimum))
          : std::string("optimum unknown");
  return absl::StrCat("### ", summary.task, " (", budget, ", ", optimum,
                      ")\n");
}

// NaN becomes null: JSON has no NaN.
nlohmann::json Number(double value) {
  if (std::isnan(value)) return nullptr;
  return value;
}

nlohmann::json Numbers(const std::vector<double>& values) {
  nlohmann::json array = nlohmann::json::array();
  for (double value : values) array.push_back(Number(value));
  return array;
}

}  // namespace

std::string MarkdownTable(const std::vector<RunSummary>& summaries) {
  if (summaries.empty()) return "";
  std::string table = Heading(summaries.front());
  // Tasks with a deceptive basin also count the seeds that left it.
  const bool basin = summaries.front().in_global_basin.has_value();
  absl::StrAppend(&table,
                  "\n| strategy | seeds | median best | q25 | q75 | median "
                  "log10 regret | seconds |",
                  basin ? " global basin |" : "", "\n",
                  "|---|---:|---:|---:|---:|---:|---:|",
                  basin ? "---:|" : "", "\n");
  for (const RunSummary& summary : summaries) {
    const std::string regret =
        summary.median_log10_regret.has_value() &&
                !std::isnan(*summary.median_log10_regret)
            ? absl::StrFormat("%.2f", *summary.median_log10_regret)
            : std::string("n/a");
    absl::StrAppend(&table, "| ", summary.strategy, " | ", summary.seeds,
                    " | ", Value(summary.median_best), " | ",
                    Value(summary.q25_best), " | ", Value(summary.q75_best),
                    " | ", regret, " | ",
                    absl::StrFormat("%.1f", summary.seconds), " |");
    if (basin) {
      absl::StrAppend(&table, " ",
                      summary.in_global_basin.has_value()
                          ? absl::StrCat(*summary.in_global_basin, "/",
                                         summary.seeds)
                          : std::string("n/a"),
                      " |");
    }
    absl::StrAppend(&table, "\n");
  }
  absl::StrAppend(&table, "\n");
  return table;
}

nlohmann::json ToJson(const RunSummary& summary) {
  nlohmann::json json;
  json["task"] = summary.task;
  json["strategy"] = summary.strategy;
  json["budget"] = summary.budget;
  json["batch_size"] = summary.batch_size;
  json["seeds"] = summary.seeds;
  json["optimum"] = summary.optimum.has_value()
                        ? Number(*summary.optimum)
                        : nlohmann::json(nullptr);
  json["median_best"] = Number(summary.median_best);
  json["q25_best"] = Number(summary.q25_best);
  json["q75_best"] = Number(summary.q75_best);
  json["median_log10_regret"] =
      summary.median_log10_regret.has_value()
          ? Number(*summary.median_log10_regret)
          : nlohmann::json(nullptr);
  json["final_best"] = Numbers(summary.final_best);
  json["global_basin"] = summary.in_global_basin.has_value()
                             ? nlohmann::json(*summary.in_global_basin)
                             : nlohmann::json(nullptr);
  json["median_curve"] = Numbers(summary.median_curve);
  json["q25_curve"] = Numbers(summary.q25_curve);
  json["q75_curve"] = Numbers(summary.q75_curve);
  json["seconds"] = summary.seconds;
  return json;
}

nlohmann::json ToJsonDocument(const std::string& generator,
                              const std::vector<RunSummary>& summaries) {
  nlohmann::json results = nlohmann::json::array();
  for (const RunSummary& summary : summaries) {
    results.push_back(ToJson(summary));
  }
  return {{"generator", generator}, {"results", std::move(results)}};
}

}  // namespace tune::bench
