#include "tuner/bench/run_summary.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <limits>

#include "tuner/bench/report.h"

namespace tune::bench {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

TEST_CASE("Quantiles interpolate like numpy's default") {
  struct Case {
    std::vector<double> values;
    double q;
    double expected;
  };
  const Case cases[] = {
      {{1, 2, 3, 4}, 0.5, 2.5},   {{1, 2, 3, 4}, 0.25, 1.75},
      {{4, 1, 3, 2}, 0.75, 3.25}, {{5}, 0.25, 5},
      {{1, kNaN, 3}, 0.5, 2},     {{0, 10}, 1, 10},
  };
  for (const Case& c : cases) {
    CHECK(Quantile(c.values, c.q) == Approx(c.expected));
  }
  CHECK(std::isnan(Quantile({}, 0.5)));
  CHECK(std::isnan(Quantile({kNaN}, 0.5)));
}

TEST_CASE("Summaries give final quartiles, regret and curves") {
  BenchmarkTask task;
  task.name = "t";
  task.budget = 3;
  task.optimum = 1;
  const RunSummary summary =
      Summarize(task, "random", {{5, 3, 2}, {4, 4, 1}, {9, 9}}, 1.5);
  CHECK(summary.seeds == 3);
  CHECK(summary.final_best == std::vector<double>{2, 1, 9});
  CHECK(summary.median_best == 2);
  CHECK(summary.q25_best == 1.5);
  CHECK(summary.q75_best == 5.5);
  // Regrets 1, 0 (floored to 1e-12) and 8: the median log is log10(1).
  REQUIRE(summary.median_log10_regret.has_value());
  CHECK(*summary.median_log10_regret == Approx(0).margin(1e-12));
  // The short curve is extended with its last value.
  CHECK(summary.median_curve == std::vector<double>{5, 4, 2});

  task.optimum.reset();
  CHECK_FALSE(Summarize(task, "random", {{1}}, 0).median_log10_regret);
}

TEST_CASE("The markdown table has a row per strategy") {
  BenchmarkTask task;
  task.name = "hartmann6-q4";
  task.budget = 100;
  task.batch_size = 4;
  const std::string table =
      MarkdownTable({Summarize(task, "random", {{-1.23456789}}, 0.25),
                     Summarize(task, "sobol", {{-2}}, 0)});
  CHECK(table ==
        "### hartmann6-q4 (budget 100 as 25 rounds of 4, optimum unknown)\n"
        "\n"
        "| strategy | seeds | median best | q25 | q75 | median log10 regret "
        "| seconds |\n"
        "|---|---:|---:|---:|---:|---:|---:|\n"
        "| random | 1 | -1.2346 | -1.2346 | -1.2346 | n/a | 0.2 |\n"
        "| sobol | 1 | -2 | -2 | -2 | n/a | 0.0 |\n"
        "\n");
  const nlohmann::json json = ToJson(Summarize(task, "sobol", {{-2}}, 0));
  CHECK(json.at("median_best") == -2);
  CHECK(json.at("median_log10_regret").is_null());
  CHECK(json.at("global_basin").is_null());
}

TEST_CASE("Tasks with a deceptive basin count the seeds that left it") {
  BenchmarkTask task;
  task.name = "two-basins";
  task.budget = 60;
  task.global_below = -1.01;
  const RunSummary summary =
      Summarize(task, "gp", {{-1.0}, {-1.5}, {-0.9, -1.02}}, 1);
  REQUIRE(summary.in_global_basin.has_value());
  CHECK(*summary.in_global_basin == 2);
  CHECK(MarkdownTable({summary}) ==
        "### two-basins (budget 60, optimum unknown)\n"
        "\n"
        "| strategy | seeds | median best | q25 | q75 | median log10 regret "
        "| seconds | global basin |\n"
        "|---|---:|---:|---:|---:|---:|---:|---:|\n"
        "| gp | 3 | -1.02 | -1.26 | -1.01 | n/a | 1.0 | 2/3 |\n"
        "\n");
  CHECK(ToJson(summary).at("global_basin") == 2);
}

}  // namespace
}  // namespace tune::bench
